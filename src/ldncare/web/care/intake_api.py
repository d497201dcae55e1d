"""The intake and screening API, mounted at /api/care/.

- ``POST /screen``: screen a medication list and answers, like ``ldncare screen``;
- ``GET /patients/{id}/screenings``: a patient's stored screenings (clinic team);
- ``GET``/``PUT /intake``: the patient's own draft answers, keyed by linkId;
- ``POST /intake/submit``: send the intake (screened at once);
- ``GET /intake/questionnaire``: the questionnaire definition (FHIR R4B-shaped).

Field problems answer 422 with the API's one error body:
``{"detail": "...", "errors": [{"field": "answers.<linkId>", "message": "..."}]}``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from ldncare.screening import (
    LIVER_STATES,
    IntakeAnswersError,
    ScreeningInput,
    ScreeningInputError,
    load_questionnaire,
    screen,
)
from ldncare.web.access import is_clinic_team, is_patient
from ldncare.web.apierrors import (
    In,
    PlanDate,
    RecordDate,
    error_body,
    require,
    responses,
    validation_body,
)
from ldncare.web.care import queries
from ldncare.web.care import screening_services as services
from ldncare.web.care.intake_forms import DraftAnswersError
from ldncare.web.care.models import Intake, Screening
from ldncare.web.typing import user_of

router = Router(tags=["screening"])


class ScreenIn(In):
    """What ``ldncare screen`` takes, plus the other intake flags (all optional)."""

    medications: list[Annotated[str, Field(max_length=200)]] = Field(default_factory=list,
                                                                     max_length=100)
    pregnant: bool = False
    breastfeeding: bool = False
    liver: str = Field("none", max_length=40, description=" | ".join(LIVER_STATES))
    last_opioid_dose: RecordDate | None = None
    last_opioid_long_acting: bool = False
    surgery: PlanDate | None = Field(None, description="planned surgery date")
    currently_taking_opioids: bool = False
    opioid_use_disorder_treatment: bool = False
    thyroid_treatment: bool = False
    immunosuppressant_or_transplant: bool = False
    naltrexone_allergy: bool = False
    naloxone_or_nalmefene_allergy: bool = False
    drinks_alcohol: bool = False
    taking_full_dose_naltrexone: bool = False
    depot_product: str | None = Field(None, max_length=60, description="buprenorphine depot or implant key, "
                                      "e.g. sublocade, buvidal-monthly, probuphine")
    last_depot_date: RecordDate | None = Field(None, description="last depot injection or implant "
                                         "removal")
    today: PlanDate | None = Field(None, description="the day to screen on (default: today)")


class ScreeningOut(Schema):
    id: int
    trigger: str
    verdict: str
    rule_set_version: str
    screened_on: date
    created_at: datetime
    decision: str
    decision_reason: str
    decided_at: datetime | None
    result: dict[str, Any]


class IntakeOut(Schema):
    id: int | None
    status: str
    questionnaire_version: str
    answers: dict[str, Any]
    updated_at: datetime | None
    submitted_at: datetime | None
    may_submit: bool


class IntakeAnswersIn(In):
    answers: dict[str, Any] = Field(..., max_length=200)


class SubmittedOut(Schema):
    intake_id: int
    state: str
    state_label: str


class FieldProblems(ValueError):
    """Problems with named fields; answered as a 422 in the API's one error body
    (fields of answer sets are ``answers.<linkId>``)."""

    def __init__(self, errors: dict[str, str], where: str) -> None:
        super().__init__("; ".join(errors.values()))
        prefix = "" if where == "payload" else f"{where}."
        self.body = validation_body(
            {"loc": ("body", f"{prefix}{name}"), "msg": msg} for name, msg in errors.items())


def _field_problem(problem: ScreeningInputError) -> FieldProblems:
    return FieldProblems({problem.field: str(problem).split(": ", 1)[-1]}, "payload")


def _inputs(payload: ScreenIn) -> ScreeningInput:
    values = payload.dict(exclude={"today", "surgery"})
    values["medications"] = tuple(m.strip() for m in payload.medications)
    try:
        return ScreeningInput(planned_surgery=payload.surgery, **values)
    except ScreeningInputError as problem:
        raise _field_problem(problem) from None


def _patient_of(request: HttpRequest):  # type: ignore[no-untyped-def]
    require(is_patient(user_of(request)), "The intake is for patients.")
    return user_of(request).patient


@router.post("/screen", response=responses(dict[str, Any]))
def screen_now(request: HttpRequest, payload: ScreenIn):  # type: ignore[no-untyped-def]
    """Screen a medication list and answers; nothing is stored."""
    try:
        inputs = _inputs(payload)
        return screen(inputs, None, payload.today or _users_today(request)).as_dict()
    except ScreeningInputError as problem:
        return Status(422, _field_problem(problem).body)
    except FieldProblems as problem:
        return Status(422, problem.body)


@router.get("/patients/{patient_id}/screenings", response=responses(list[ScreeningOut]))
def list_screenings(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    """The patient's screenings, newest first: for the clinic team only."""
    require(is_clinic_team(user_of(request)), "Screenings are for the clinic team.")
    patient = queries.open_chart(user_of(request), patient_id)
    rows: list[Screening] = list(patient.screenings.all())
    return [ScreeningOut(id=s.pk, trigger=s.trigger, verdict=s.verdict,
                         rule_set_version=s.rule_set_version, screened_on=s.screened_on,
                         created_at=s.created_at, decision=s.decision,
                         decision_reason=s.decision_reason, decided_at=s.decided_at,
                         result=s.result) for s in rows]


def _intake_out(patient, intake: Intake | None) -> IntakeOut:  # type: ignore[no-untyped-def]
    return IntakeOut(
        id=intake.pk if intake else None,
        status=intake.status if intake else Intake.Status.DRAFT,
        questionnaire_version=(intake.questionnaire_version if intake
                               else load_questionnaire()["version"]),
        answers=intake.answers if intake else {},
        updated_at=intake.updated_at if intake else None,
        submitted_at=intake.submitted_at if intake else None,
        may_submit=services.may_start_intake(patient) and patient.user.email_verified,
    )


def _users_today(request: HttpRequest) -> date:
    """Today where the user is (their time zone), as the screening counts days."""
    from ldncare.web.accounts.zones import zone_of

    return timezone.now().astimezone(zone_of(user_of(request))).date()


@router.get("/intake/questionnaire", response=responses(dict[str, Any]))
def get_intake_questionnaire(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The intake questionnaire definition (FHIR R4B Questionnaire-shaped)."""
    return load_questionnaire()


@router.get("/intake", response=responses(IntakeOut))
def get_intake(request: HttpRequest):  # type: ignore[no-untyped-def]
    """The patient's current intake (an empty draft when there is none yet)."""
    patient = _patient_of(request)
    return _intake_out(patient, services.current_intake(patient))


@router.put("/intake", response=responses(IntakeOut))
def save_intake(request: HttpRequest, payload: IntakeAnswersIn):  # type: ignore[no-untyped-def]
    """Save draft answers (keyed by linkId); half-done is fine."""
    patient = _patient_of(request)
    try:
        draft = services.save_intake_draft(patient, payload.answers, actor=user_of(request))
    except DraftAnswersError as problem:
        return Status(422, FieldProblems(problem.errors, "answers").body)
    except services.IntakeNotOpen as problem:
        return Status(409, error_body(str(problem)))
    return _intake_out(patient, draft)


@router.post("/intake/submit", response=responses(SubmittedOut))
def submit_intake(request: HttpRequest, payload: IntakeAnswersIn):  # type: ignore[no-untyped-def]
    """Send the intake with these answers; it is screened at once."""
    patient = _patient_of(request)
    if not user_of(request).email_verified:
        return Status(403, error_body("Confirm your e-mail address first: we sent you a link."))
    try:
        screening = services.submit_intake(patient, payload.answers, actor=user_of(request))
    except (DraftAnswersError, IntakeAnswersError) as problem:
        return Status(422, FieldProblems(problem.errors, "answers").body)
    except services.IntakeNotOpen as problem:
        return Status(409, error_body(str(problem)))
    patient.refresh_from_db()
    assert screening.intake_id is not None, "a submitted intake's screening points to it"
    return SubmittedOut(intake_id=screening.intake_id, state=patient.state,
                        state_label=patient.pathway_state.label)
