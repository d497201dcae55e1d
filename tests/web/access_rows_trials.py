"""Access-matrix rows for blinded n-of-1 trials (see access_rows_foundation.py).

The patient and the clinic see the blinded trial page; the pharmacy sees the
kit page (the allocation); only the patient's prescriber designs, stops,
unblinds and analyses."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, ROLES, Row, everyone

PHARMACY = ("pharmacist", "pharmacy_technician", "pharmacy_admin")
BENCH = ("pharmacist", "pharmacy_technician")
CLINIC = ("prescriber", "clinic_staff", "clinic_admin")


def only(status: int, roles, others: int = 403, anonymous: int = ANON_PAGE) -> dict[str, int]:  # type: ignore[no-untyped-def]
    return {**{r: (status if r in roles else others) for r in ROLES}, "anonymous": anonymous}


def _trials_world():  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parent / "trials" / "trials_world.py"
    spec = importlib.util.spec_from_file_location("trials_world", path)
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    return helpers


def trial(w, own):  # type: ignore[no-untyped-def]
    """A designed trial of the world's patient (own) or the other clinic's (the
    one already made, when a test walks the URLs more than once)."""
    chosen = w.patient if own else w.other_patient
    existing = chosen.trials.first()
    return {"trial_id": (existing or _trials_world().make_trial(w, chosen)).pk}


def kit(w, own):  # type: ignore[no-untyped-def]
    return {**trial(w, own), "number": 1}


def patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


def _with(roles: dict[str, int], **changes: int) -> dict[str, int]:
    return {**roles, **changes}


TRIAL_PAGE = _with(only(200, ("patient", *CLINIC)))
PRESCRIBER_POST = only(400, ("prescriber",))

ROWS: dict[str, Row] = {
    "trials:index": Row(expect=everyone(200, anonymous=ANON_PAGE)),
    "trials:cohort": Row(expect=only(200, CLINIC)),
    "trials:design": Row(kwargs=patient, expect=only(200, ("prescriber",)),
                         expect_other=only(404, ("prescriber",))),
    "trials:detail": Row(kwargs=trial, expect=TRIAL_PAGE,
                         expect_other=only(404, ("patient", *CLINIC))),
    "trials:unblind": Row(kwargs=trial, method="post", expect=PRESCRIBER_POST,
                          expect_other=only(404, ("prescriber",))),
    "trials:stop": Row(kwargs=trial, method="post", expect=PRESCRIBER_POST,
                       expect_other=only(404, ("prescriber",))),
    "trials:analyse": Row(kwargs=trial, method="post", expect=PRESCRIBER_POST,
                          expect_other=only(404, ("prescriber",))),
    "trials:kits": Row(kwargs=trial, expect=only(200, PHARMACY),
                       expect_other=only(404, PHARMACY)),
    "trials:compound_kit": Row(kwargs=kit, method="post", expect=only(302, BENCH),
                               expect_other=only(404, PHARMACY)),
    "trials:start_kit_batch": Row(kwargs=kit, method="post", expect=only(302, BENCH),
                                  expect_other=only(404, PHARMACY)),
    # No verified batch yet: the label cannot be made (409), for the pharmacy only.
    "trials:kit_label_pdf": Row(kwargs=kit, expect=only(409, PHARMACY),
                                expect_other=only(404, PHARMACY)),
}
