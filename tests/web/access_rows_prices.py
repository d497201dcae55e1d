"""Access-matrix rows for the price list and an order's charge (see access_rows_foundation.py)."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, ROLES, Row

PHARMACY = ("pharmacist", "pharmacy_technician", "pharmacy_admin")


def only(status: int, roles, others: int = 403) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {**{r: (status if r in roles else others) for r in ROLES}, "anonymous": ANON_PAGE}


def order(w, own):  # type: ignore[no-untyped-def]
    return {"order_id": (w.order if own else w.other_order).pk}


def patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


ROWS: dict[str, Row] = {
    # The cost panel of the approval form (htmx): an empty form still answers 200
    # with "complete the plan"; another clinic's patient is not found.
    "care:approval_cost": Row(kwargs=patient, method="post", expect=only(200, ("prescriber",)),
                              expect_other=only(404, ("prescriber",))),
    "pharmacy:prices": Row(expect=only(200, PHARMACY)),
    "pharmacy:record_charge": Row(kwargs=order, expect=only(405, PHARMACY),
                                  expect_other=only(405, PHARMACY)),
}
