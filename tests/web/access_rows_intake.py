"""Access-matrix rows for intake and safety screening (pages and API)."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone, staff

CLINIC_TEAM = ("prescriber", "clinic_staff", "clinic_admin")


def _patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


def _screening(w, own):  # type: ignore[no-untyped-def]
    """A needs-review screening of the world's patient (or the other clinic's)."""
    from ldncare.screening import ScreeningInput
    from ldncare.web.care.screening_services import run_screening

    patient = w.patient if own else w.other_patient
    screening = run_screening(patient, trigger="prescription", actor=None,
                              inputs=ScreeningInput(medications=("zorblax herbal drops",)))
    return {"screening_id": screening.pk}


def _clinic_team(status: int, others: int) -> dict[str, int]:
    return {**staff(others), **{r: status for r in CLINIC_TEAM}}


ROWS: dict[str, Row] = {
    "care:intake": Row(expect={**everyone(403, anonymous=ANON_PAGE), "patient": 200}),
    "care:patient_screenings": Row(
        kwargs=_patient,
        expect={**_clinic_team(200, 403), "patient": 403, "anonymous": ANON_PAGE},
        expect_other={**_clinic_team(404, 403), "patient": 403, "anonymous": ANON_PAGE}),
    # An empty decision is refused (400) beside its fields; only prescribers get that far.
    "care:screening_decision": Row(
        kwargs=_screening, method="post",
        expect={**everyone(403, anonymous=ANON_PAGE), "prescriber": 400},
        expect_other={**everyone(403, anonymous=ANON_PAGE), "prescriber": 404}),
    # Without a JSON body every logged-in user gets a declared 400 (a POST form body
    # cannot be parsed) or 422 (an empty PUT misses the answers).
    "api:screen_now": Row(method="post", expect=everyone(400, anonymous=401)),
    "api:list_screenings": Row(
        kwargs=_patient,
        expect={**_clinic_team(200, 403), "patient": 403, "anonymous": 401},
        # Refusal policy: a role that never reads screenings is refused (403) for
        # every id; only the clinic team's out-of-scope patients are not found.
        expect_other={**_clinic_team(404, 403), "patient": 403, "anonymous": 401}),
    "api:get_intake_questionnaire": Row(expect=everyone(200, anonymous=401)),
    "api:get_intake": Row(expect={**everyone(403, anonymous=401), "patient": 200}),
    "api:save_intake": Row(method="put", expect=everyone(422, anonymous=401)),
    "api:submit_intake": Row(method="post", expect=everyone(400, anonymous=401)),
}
