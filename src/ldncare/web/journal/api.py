"""The journal's JSON API: a patient's check-ins (read and record) and the
prescriber's open suggestions. Doses are decimal strings, never floats."""

from __future__ import annotations

from datetime import date

from auditlog.signals import accessed
from django.db import IntegrityError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Header, Router, Schema, Status

from ldncare.journal.checkin import NOTE_MAX_CHARS
from ldncare.journal.errors import JournalError
from ldncare.web.access import (
    is_clinic_team,
    journals_visible_to,
    may_read_journals,
    patients_visible_to,
)
from ldncare.web.apierrors import ApiError, CheckInDay, ClockTime, In, Version, require, responses
from ldncare.web.care.models import Patient
from ldncare.web.doses import DoseText, api_dose
from ldncare.web.journal import queries, services, urgent_queries
from ldncare.web.journal.models import CheckIn
from ldncare.web.operations import idempotency
from ldncare.web.typing import user_of

router = Router(tags=["journal"])


class CheckInOut(Schema):
    day: date
    revision: int
    late: bool
    dose_taken: bool | None
    dose_mg: DoseText | None = None
    kit_code: str = Field("", description="on a blinded trial day: the code of the kit "
                                          "taken (dose_mg is then null)")
    ratings: dict[str, int]
    vivid_dreams: bool | None
    side_effects: list[dict[str, str]]
    events: list[str]
    note: str


class CrisisContactOut(Schema):
    name: str
    phone: str
    how: str
    source: str
    unverified: bool


class GuidanceOut(Schema):
    """What the patient is told at once for a red flag (as the page shows it)."""

    code: str
    level: str = Field(description="emergency | today | contact (most urgent first)")
    level_words: str
    title: str
    text: str
    source: str
    clinic_text: bool = Field(description="True when the clinic replaced the sourced default")
    unverified: bool
    clinic_told: bool = Field(description="True when the clinic was alerted about it")
    crisis: list[CrisisContactOut]


class CheckInSaved(CheckInOut):
    guidance: list[GuidanceOut] = Field(
        description="Guidance for any red flag in this check-in, most urgent first; empty if none")


class QuestionnaireIn(In):
    answers: dict[str, int | None] = Field(max_length=100,
                                           description="item -> option value; null: unanswered")


class QuestionnaireSaved(Schema):
    id: int
    instrument: str
    score: str | None = Field(None, description="total as a decimal string")
    band: str
    day: date
    guidance: list[GuidanceOut]


class CheckInIn(In):
    day: CheckInDay = Field(..., description="your local day: from just before you joined "
                                             "(registration or first plan) to today")
    dose_taken: bool | None = True
    dose_time: ClockTime | None = Field(None, description="local clock time, no zone offset")
    ratings: dict[str, int] = Field({}, max_length=20)
    vivid_dreams: bool | None = None
    side_effects: dict[str, str] = Field({}, max_length=50,
                                         description="code -> mild | moderate | severe")
    events: list[str] = Field([], max_length=20)
    note: str = Field("", max_length=NOTE_MAX_CHARS)
    expected_revision: Version | None = None


class SuggestionOut(Schema):
    id: int
    code: str
    urgency: str
    action: str
    message: str
    rationale: str
    source: str
    day: date


def _out(row: CheckIn) -> CheckInOut:
    data = row.data
    dose = data.get("dose") or {}
    return CheckInOut(day=row.day, revision=row.revision, late=row.late, dose_taken=row.dose_taken,
                      dose_mg=api_dose(dose.get("mg")), kit_code=row.kit_code,
                      ratings=data.get("ratings", {}),
                      vivid_dreams=row.vivid_dreams, side_effects=data.get("side_effects", []),
                      events=data.get("events", []), note=row.note)


@router.get("/check-ins", response=responses(list[CheckInOut]))
def list_check_ins(request: HttpRequest, patient_id: int | None = None) -> list[CheckInOut]:
    """A patient's check-ins, oldest first: your own, or (clinic team)
    ``patient_id``'s. A pharmacy never reads journals (403), as on the web. Audited."""
    user = user_of(request)
    require(may_read_journals(user), "The journal is for the patient and their clinic team.")
    patients = journals_visible_to(user)
    if patient_id is None:
        patient = get_object_or_404(patients, user=user)
    else:
        patient = get_object_or_404(patients, pk=patient_id)
    accessed.send(sender=Patient, instance=patient)
    return [_out(row) for row in CheckIn.objects.filter(patient=patient).order_by("day")]


@router.post("/check-ins", response=responses(CheckInSaved, 201))
def record_check_in(request: HttpRequest, payload: CheckInIn,
                    idempotency_key: str | None = Header(
                        None, alias="Idempotency-Key",
                        description="Send the same key when you retry a write: it is "
                                    "stored once, and a retry answers with the stored "
                                    "check-in")) -> Status:
    """Record (or revise) your own check-in for ``day``; 400 with the reason for bad
    input, 409 when ``expected_revision`` is stale. ``guidance`` holds what to do
    now for any red flag reported (the same text the page shows)."""
    patient = queries.own_patient(user_of(request))  # with its user: the time zone is read next
    if idempotency_key is not None:
        if not idempotency.valid_key(idempotency_key):
            raise ApiError(400, idempotency.KEY_RULE, "Idempotency-Key")
        if (stored := _replay(patient, idempotency_key)) is not None:
            return Status(201, stored)
    answers = services.CheckInAnswers(
        dose_taken=payload.dose_taken, dose_time=payload.dose_time, ratings=payload.ratings,
        vivid_dreams=payload.vivid_dreams, side_effects=payload.side_effects,
        events=frozenset(payload.events), note=payload.note)
    try:
        row = services.save_check_in(patient, payload.day, answers,
                                     expected_revision=payload.expected_revision,
                                     idempotency_key=idempotency_key)
    except IntegrityError:
        # A concurrent try of the same key committed first: answer as it did.
        if idempotency_key is None or (stored := _replay(patient, idempotency_key)) is None:
            raise
        return Status(201, stored)
    except services.StaleEntry as error:
        raise ApiError(409, str(error), "expected_revision") from None
    except JournalError as error:
        raise ApiError(400, str(error), _field_named(str(error))) from None
    return Status(201, _saved(patient, row))


def _field_named(message: str) -> str:
    """The check-in field a core message starts with ("day: ..."), else none."""
    head = message.split(":", 1)[0]
    return head if head in CheckInIn.model_fields else ""


def _saved(patient: Patient, row: CheckIn) -> CheckInSaved:
    """The stored check-in with the guidance the patient is shown for it."""
    guidance = [GuidanceOut(**g.as_dict()) for g in urgent_queries.check_in_guidance(patient, row)]
    return CheckInSaved(**_out(row).dict(), guidance=guidance)


@router.post("/questionnaires/{instrument}", response=responses(QuestionnaireSaved, 201))
def submit_questionnaire(request: HttpRequest, instrument: str,
                         payload: QuestionnaireIn) -> Status:
    """Answer a questionnaire your prescriber scheduled (404 when none is);
    400 with the reason for bad answers. ``guidance`` holds what to do now when
    an answer raises a red flag (e.g. PHQ-9 item 9 above 'not at all')."""
    patient = queries.own_patient(user_of(request))
    if not patient.questionnaire_plans.filter(instrument=instrument, active=True).exists():
        raise ApiError(404, "No such questionnaire is scheduled for you.")
    try:
        row = services.submit_questionnaire(patient, instrument, payload.answers)
    except JournalError as error:
        raise ApiError(400, str(error), "answers") from None
    return Status(201, QuestionnaireSaved(
        id=row.pk, instrument=row.instrument, band=row.band, day=row.day,
        score=None if row.score is None else str(row.score.normalize()),
        guidance=[GuidanceOut(**g.as_dict()) for g in urgent_queries.response_guidance(patient, row)]))


def _replay(patient: Patient, key: str) -> CheckInSaved | None:
    """The check-in an earlier write with ``key`` stored, as it is now (with its guidance)."""
    check_in_id = idempotency.replayed(patient.user_id, services.CHECK_IN_SCOPE, key)
    row = CheckIn.objects.filter(pk=check_in_id).first() if check_in_id is not None else None
    return None if row is None else _saved(patient, row)


@router.get("/patients/{patient_id}/suggestions", response=responses(list[SuggestionOut]))
def list_suggestions(request: HttpRequest, patient_id: int) -> list[SuggestionOut]:
    """Open decision-support suggestions (clinic team only: 403 for other roles)."""
    require(is_clinic_team(user_of(request)), "Suggestions are for the clinic team.")
    patient = get_object_or_404(patients_visible_to(user_of(request)), pk=patient_id)
    return [SuggestionOut(id=s.pk, code=s.code, urgency=s.urgency, action=s.action,
                          message=s.message, rationale=s.rationale, source=s.source, day=s.day)
            for s in queries.open_suggestions(patient)]
