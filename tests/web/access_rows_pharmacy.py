"""Access-matrix rows for the pharmacy's pages and API (see access_rows_foundation.py)."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, ROLES, Row, everyone

PHARMACY = ("pharmacist", "pharmacy_technician", "pharmacy_admin")
BENCH = ("pharmacist", "pharmacy_technician")
CLINIC = ("prescriber", "clinic_staff", "clinic_admin")


def only(status: int, roles, others: int = 403, anonymous: int = ANON_PAGE) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {**{r: (status if r in roles else others) for r in ROLES}, "anonymous": anonymous}


def order(w, own):  # type: ignore[no-untyped-def]
    return {"order_id": (w.order if own else w.other_order).pk}


def patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


def batch(w, own):  # type: ignore[no-untyped-def]
    """A batch on a fresh order for the world's patient (own) or the other one."""
    import importlib.util
    from pathlib import Path

    from ldncare.web.pharmacy.services import start_batch

    path = Path(__file__).parent / "pharmacy" / "pharmacy_world.py"
    spec = importlib.util.spec_from_file_location("pharmacy_world", path)
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    made = helpers.make_order(w, w.patient if own else w.other_patient)
    tech = w.users["pharmacy_technician"]
    return {"batch_id": start_batch(made, by=tech, line="4.5", formula_key="ldn-capsules-mcc",
                                    source="api").pk}


def lot(w, own):  # type: ignore[no-untyped-def]
    """An ingredient lot in quarantine at the world's pharmacy (own) or the other one."""
    from ldncare.web.pharmacy.models import IngredientLot

    made = IngredientLot.objects.create(
        pharmacy=w.pharmacy if own else w.other_pharmacy, material="lactose",
        lot_number=f"Q-{IngredientLot.objects.count() + 1}", supplier="S", certificate="C",
        expires_on="2099-01-01", unit="g", quantity_received=1, on_hand=1,
        received_by=w.users["pharmacist"])
    return {"lot_id": made.pk}


ROWS: dict[str, Row] = {
    "pharmacy:queue": Row(expect=only(200, PHARMACY)),
    "pharmacy:formulas": Row(expect=only(200, PHARMACY)),
    "pharmacy:order": Row(kwargs=order, expect=only(200, PHARMACY),
                          expect_other=only(404, PHARMACY)),
    "pharmacy:start_batch": Row(kwargs=order, expect=only(302, BENCH),
                                expect_other=only(404, BENCH)),
    "pharmacy:ship_order": Row(kwargs=order, expect=only(405, BENCH),
                               expect_other=only(405, BENCH)),
    "pharmacy:batch": Row(kwargs=batch, expect=only(200, PHARMACY),
                          expect_other=only(404, PHARMACY)),
    "pharmacy:record_weights": Row(kwargs=batch, expect=only(405, BENCH),
                                   expect_other=only(405, BENCH)),
    "pharmacy:verify_batch": Row(kwargs=batch, expect=only(405, ("pharmacist",)),
                                 expect_other=only(405, ("pharmacist",))),
    "pharmacy:label_pdf": Row(kwargs=batch, expect=only(200, PHARMACY),
                              expect_other=only(404, PHARMACY)),
    "pharmacy:label_sheet_pdf": Row(kwargs=batch, expect=only(200, PHARMACY),
                                    expect_other=only(404, PHARMACY)),
    "pharmacy:details": Row(expect=only(200, PHARMACY)),
    "pharmacy:batch_record_pdf": Row(kwargs=batch, expect=only(200, PHARMACY),
                                     expect_other=only(404, PHARMACY)),
    "pharmacy:patient_orders": Row(kwargs=patient, expect=everyone(200, anonymous=ANON_PAGE),
                                   expect_other=everyone(404, anonymous=ANON_PAGE)),
    "pharmacy:lots": Row(expect=only(200, PHARMACY)),
    "pharmacy:decide_lot": Row(kwargs=lot, expect=only(405, ("pharmacist",)),
                               expect_other=only(405, ("pharmacist",))),
    "pharmacy:recall": Row(expect=only(200, PHARMACY)),
    "pharmacy:cancel_order": Row(kwargs=order, expect=only(405, ("pharmacist",)),
                                 expect_other=only(405, ("pharmacist",))),
    "pharmacy:confirm_delivery": Row(kwargs=order, expect=everyone(405, anonymous=ANON_PAGE),
                                     expect_other=everyone(405, anonymous=ANON_PAGE)),
    "api:pharmacy_confirm_delivery": Row(kwargs=order, expect=everyone(405, anonymous=405)),
    "pharmacy:return_order": Row(kwargs=order, expect=only(405, ("pharmacist",)),
                                 expect_other=only(405, ("pharmacist",))),
    "api:pharmacy_lots": Row(expect=only(200, PHARMACY, anonymous=401)),
    "api:pharmacy_receive_lot": Row(expect=only(200, PHARMACY, anonymous=401)),
    "api:pharmacy_decide_lot": Row(kwargs=lot, expect=everyone(405, anonymous=405)),
    "api:pharmacy_recall": Row(expect=everyone(422, anonymous=401)),
    "api:pharmacy_cancel_order": Row(kwargs=order, expect=everyone(405, anonymous=405)),
    "api:pharmacy_return_order": Row(kwargs=order, expect=everyone(405, anonymous=405)),
    "api:pharmacy_queue": Row(expect=only(200, PHARMACY, anonymous=401)),
    "api:pharmacy_order": Row(kwargs=order, expect=everyone(200, anonymous=401),
                              expect_other=everyone(404, anonymous=401)),
    "api:pharmacy_batch": Row(kwargs=batch, expect=only(200, PHARMACY, anonymous=401),
                              expect_other=only(404, PHARMACY, anonymous=401)),
    "api:pharmacy_start_batch": Row(kwargs=order, expect=everyone(405, anonymous=405)),
    "api:pharmacy_record_weights": Row(kwargs=batch, expect=everyone(405, anonymous=405)),
    "api:pharmacy_verify_batch": Row(kwargs=batch, expect=everyone(405, anonymous=405)),
    "api:pharmacy_ship_order": Row(kwargs=order, expect=everyone(405, anonymous=405)),
}
