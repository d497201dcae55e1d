"""Access-matrix rows for review, prescribing, dose changes and the schedule."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, ROLES, Row, everyone, staff
from web.prescribing.prescribing_setup import prescribed_patient

CLINIC = ("prescriber", "clinic_staff", "clinic_admin")
PHARMACY = ("pharmacist", "pharmacy_technician", "pharmacy_admin")


def _only(status: int, roles, otherwise: int, anonymous: int = ANON_PAGE) -> dict[str, int]:
    return {**{r: (status if r in roles else otherwise) for r in ROLES}, "anonymous": anonymous}


def _patient(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": (w.patient if own else w.other_patient).pk}


def _prescribed(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": prescribed_patient(w, own).pk}


#: Clinic-team pages about one patient: 200 own, 404 other clinic; 403 for everyone else.
CLINIC_PAGE = dict(expect=_only(200, CLINIC, 403), expect_other=_only(404, CLINIC, 403))
#: Prescriber-only POSTs: a bad (empty) form answers 400 in scope, 404 out of scope.
PRESCRIBER_POST = dict(method="post", expect=_only(400, ("prescriber",), 403),
                       expect_other=_only(404, ("prescriber",), 403))
#: Pages for anyone who may open the patient's chart (pharmacy: patients with an order there).
SCOPED = dict(expect={**staff(200), "patient": 200, "anonymous": ANON_PAGE},
              expect_other={**staff(404), "patient": 404, "anonymous": ANON_PAGE})
SCOPED_API = dict(expect=everyone(200, anonymous=401), expect_other=everyone(404, anonymous=401))

ROWS: dict[str, Row] = {
    "care:review_queue": Row(expect=_only(200, CLINIC, 403)),
    "care:review": Row(kwargs=_patient, **CLINIC_PAGE),
    "care:approve": Row(kwargs=_patient, **PRESCRIBER_POST),
    "care:decline": Row(kwargs=_patient, **PRESCRIBER_POST),
    "care:prescription": Row(kwargs=_prescribed, **CLINIC_PAGE),
    "care:dose_change": Row(kwargs=_prescribed, **PRESCRIBER_POST),
    # A new prescription's first fill is still at the pharmacy, so the refill is
    # refused (400) for the prescriber in scope; test_prescribing_refills sends real ones.
    "care:request_refill": Row(kwargs=_prescribed, **PRESCRIBER_POST),
    # Only the patient agrees to their own plan's cost: another patient's is not
    # found (404), staff are refused (403). The matrix posts an empty form, which
    # sends nothing and returns the patient to their page with the reason (302).
    "care:agree_to_cost": Row(kwargs=_prescribed, method="post",
                              expect=_only(302, ("patient",), 403),
                              expect_other=_only(404, ("patient",), 403)),
    "care:prescription_pdf": Row(kwargs=_prescribed, **SCOPED),
    "care:schedule": Row(expect=_only(200, ("patient",), 403)),
    "care:calendar_link_create": Row(method="post", expect=_only(200, ("patient",), 403)),
    "care:calendar_link_revoke": Row(method="post", expect=_only(302, ("patient",), 403)),
    "care:patient_schedule": Row(kwargs=_patient, **SCOPED),
    "care:schedule_ics": Row(kwargs=_prescribed, **SCOPED),
    "care:schedule_pdf": Row(kwargs=_prescribed, **SCOPED),
    # The feed has no session: a wrong secret is 404 for everyone, logged in or not.
    "care:calendar_feed": Row(kwargs=lambda w, own: {**_prescribed(w, own), "token": "wrong"},
                              expect=everyone(404, anonymous=404),
                              expect_other=everyone(404, anonymous=404)),
    "api:get_prescription": Row(kwargs=_prescribed, **SCOPED_API),
    "api:get_medication_request": Row(kwargs=_prescribed, **SCOPED_API),
    "api:list_plan_versions": Row(kwargs=_prescribed, **SCOPED_API),
    "api:post_refill": Row(kwargs=_prescribed, method="post",
                           expect={**everyone(403, anonymous=401), "prescriber": 400},
                           # Refusal policy: a role that never prescribes is refused (403)
                           # whatever the patient; a prescriber of another clinic gets 404.
                           expect_other={**everyone(403, anonymous=401), "prescriber": 404}),
    "api:get_schedule": Row(kwargs=_prescribed, **SCOPED_API),
    # The matrix posts no body, which the API refuses (400) before it looks at
    # the patient; test_prescribing_api checks 403/404 with a real body.
    "api:post_dose_change": Row(kwargs=_prescribed, method="post",
                                expect=everyone(400, anonymous=401),
                                expect_other=everyone(400, anonymous=401)),
}
