"""Writes about safety screenings: running one, re-running one when a patient
reports a new medicine, and the prescriber's decision on a result that needs one.

Each function is one transaction. Inputs and results are stored as the core
gives them (``ScreeningInput.as_dict()``, ``ScreeningResult.as_dict()``) with
the rule-set version, so any stored screening can be reproduced with
:func:`reproduce`.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ldncare.pathway import PathwayError, State, check_transition
from ldncare.screening import (
    IntakeAnswersError,
    ScreeningInput,
    ScreeningInputError,
    ScreeningResult,
    ScreeningSettings,
    answers_to_input,
    load_questionnaire,
    screen,
)
from ldncare.web.access import may_prescribe
from ldncare.web.accounts.clinic_settings import screening_settings_for
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.accounts.tasks import send_email
from ldncare.web.care.intake_forms import check_draft
from ldncare.web.care.models import Intake, Patient, Screening
from ldncare.web.care.services import ConcurrentChange, add_note, lock_patient, record_step
from ldncare.web.care.treatment import patient_today

#: Verdicts that wait for a prescriber's decision, and so alert one.
NEEDS_PRESCRIBER = frozenset({"contraindicated", "needs_review"})
DECISIONS = {c.value for c in Screening.Decision}
MAX_REASON_LENGTH = 2000


class ScreeningDecisionError(ValueError):
    """A decision that cannot be recorded; ``field`` names the form field to show it beside."""

    def __init__(self, field_name: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field_name


def clinic_screening_settings(clinic: Organisation) -> ScreeningSettings:
    """The clinic's screening choices: the sourced defaults (see
    ``describe_defaults``) with the clinic's own settings applied."""
    return screening_settings_for(clinic)


def reproduce(screening: Screening) -> ScreeningResult:
    """Run the stored inputs again under the stored settings and date.

    The verdict equals the stored one as long as the rule set and vocabulary
    are still at ``screening.rule_set_version``."""
    stored = ScreeningResult.from_dict(screening.result)
    return screen(ScreeningInput.from_dict(screening.inputs), stored.settings,
                  screening.screened_on)


@transaction.atomic
def run_screening(patient: Patient, *, trigger: str, inputs: ScreeningInput, actor: User | None,
                  intake: Intake | None = None, today: date | None = None) -> Screening:
    """Screen ``patient`` with ``inputs`` under their clinic's settings, store the
    result, and alert the clinic's prescribers when the verdict needs one.

    Records the SCREENED pathway step after an intake, or after a new medicine
    that needs a prescriber (see :func:`_moves_to_screened`); otherwise adds a
    note, so every screening leaves an event.
    Raises :class:`ScreeningInputError` for dates that cannot be true; nothing
    is stored then.
    """
    on = today or patient_today(patient)
    result = screen(inputs, clinic_screening_settings(patient.clinic), on)
    screening = Screening.objects.create(
        patient=patient, intake=intake, trigger=trigger, verdict=result.verdict,
        rule_set_version=result.rule_set_version, inputs=inputs.as_dict(),
        result=result.as_dict(), screened_on=on,
    )
    _record_screened(patient, screening, actor)
    if screening.verdict in NEEDS_PRESCRIBER:
        _alert_prescribers(patient, screening)
    return screening


def _moves_to_screened(patient: Patient, screening: Screening) -> bool:
    """An intake's screening always moves the patient on; a new medicine moves
    them back to the prescriber's queue only when the verdict needs a
    prescriber. Prescription and refill screenings belong to those steps and
    never change the state themselves."""
    if screening.trigger == Screening.Trigger.INTAKE:
        wanted = True
    else:
        wanted = (screening.trigger == Screening.Trigger.NEW_MEDICATION
                  and screening.verdict in NEEDS_PRESCRIBER)
    try:
        check_transition(patient.pathway_state, State.SCREENED)
    except PathwayError:
        return False
    return wanted


def _record_screened(patient: Patient, screening: Screening, actor: User | None) -> None:
    summary = (f"Safety screening ({screening.get_trigger_display().lower()}): "
               f"{screening.verdict.replace('_', ' ')}")
    data = {"screening_id": screening.pk, "verdict": screening.verdict}
    if _moves_to_screened(patient, screening):
        record_step(patient, State.SCREENED, actor=actor, summary=summary, data=data)
    else:
        add_note(patient, actor=actor, summary=summary, data=data)  # type: ignore[arg-type]


def _alert_prescribers(patient: Patient, screening: Screening) -> None:
    """E-mail each prescriber of the clinic, after the transaction commits.

    The e-mail names no clinical detail: only that a result waits, and where."""
    link = settings.SITE_URL + reverse("care:patient_chart", args=[patient.pk])
    verdict = screening.verdict.replace("_", " ")
    subject = f"LDN screening needs your review ({verdict})"
    body = (f"A safety screening for a patient of {patient.clinic.name} is {verdict} and "
            f"waits for a prescriber's decision before LDN can be approved.\n\n"
            f"Open the patient's chart: {link}\n")
    prescribers = list(User.objects.filter(organisation=patient.clinic, role=Role.PRESCRIBER,
                                           is_active=True).values_list("email", flat=True))
    for email in prescribers:
        transaction.on_commit(partial(send_email.enqueue, email, subject, body))


def last_screening(patient: Patient) -> Screening | None:
    return patient.screenings.order_by("-created_at", "-id").first()


@transaction.atomic
def report_new_medication(patient: Patient, text: str, actor: User | None) -> Screening:
    """Re-screen ``patient`` with their last screening's inputs plus ``text``
    (a medicine as the patient wrote it), store it with trigger new_medication,
    alert the prescriber when the verdict needs it, and return the Screening.

    Without an earlier screening, the new medicine is screened on its own.
    Raises :class:`ScreeningInputError` (field "medications") for an empty or
    over-long text.
    """
    text = (text or "").strip()
    if not text:
        raise ScreeningInputError("medications", "write the name of the medicine")
    lock_patient(patient.pk, None)  # one re-screening at a time: none is lost
    previous = last_screening(patient)
    base = ScreeningInput.from_dict(previous.inputs) if previous else ScreeningInput()
    medications = base.medications + (() if text in base.medications else (text,))
    inputs = ScreeningInput.from_dict({**base.as_dict(), "medications": list(medications)})
    return run_screening(patient, trigger=Screening.Trigger.NEW_MEDICATION, inputs=inputs,
                         actor=actor)


@transaction.atomic
def record_screening_decision(screening: Screening, *, prescriber: User, decision: str,
                              reason: str) -> Screening:
    """Record a prescriber's decision (proceed or decline, with a reason) on a
    screening that needs one.

    Only a prescriber of the patient's clinic may decide; the reason is required.
    A decision is final: a second one (two prescribers at once included) raises
    :class:`ConcurrentChange` and changes nothing. Other problems raise
    :class:`ScreeningDecisionError` naming the field.
    """
    reason = (reason or "").strip()
    if not may_prescribe(prescriber, screening.patient):
        raise ScreeningDecisionError(None, "Only a prescriber of this patient's clinic can "
                                           "decide on a screening.")
    if decision not in DECISIONS:
        raise ScreeningDecisionError("decision", "Choose proceed or decline.")
    if not reason:
        raise ScreeningDecisionError("reason", "Give the reason for your decision.")
    if len(reason) > MAX_REASON_LENGTH:
        raise ScreeningDecisionError("reason", f"Keep the reason under {MAX_REASON_LENGTH} "
                                               "characters.")
    locked = Screening.objects.select_for_update().get(pk=screening.pk)
    if locked.verdict not in NEEDS_PRESCRIBER:
        raise ScreeningDecisionError(None, "This screening needs no decision.")
    if locked.decision:
        raise ConcurrentChange()
    locked.decision, locked.decision_reason = decision, reason
    locked.decided_by, locked.decided_at = prescriber, timezone.now()
    locked.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    add_note(locked.patient, actor=prescriber,
             summary=f"Screening decision: {locked.get_decision_display().lower()}",
             reason=reason, data={"screening_id": locked.pk, "decision": decision})
    return locked


# --- Intake ---------------------------------------------------------------------------


class IntakeNotOpen(ValueError):
    """The patient cannot send an intake now; the message says why and what to do."""


def current_intake(patient: Patient) -> Intake | None:
    """The patient's newest intake (a draft they are working on, or the last one sent)."""
    return patient.intakes.order_by("-updated_at", "-id").first()


def may_start_intake(patient: Patient) -> bool:
    """Whether the pathway lets ``patient`` send an intake now (new, declined or stopped)."""
    return patient.may_start_intake


def _open_draft(patient: Patient) -> Intake:
    draft = (patient.intakes.select_for_update().filter(status=Intake.Status.DRAFT)
             .order_by("-updated_at", "-id").first())
    return draft or Intake(patient=patient, status=Intake.Status.DRAFT)


@transaction.atomic
def save_intake_draft(patient: Patient, answers: dict, *, actor: User) -> Intake:
    """Keep the patient's answers as their draft (created on first save).

    Raises :class:`DraftAnswersError` for answers of the wrong shape and
    :class:`IntakeNotOpen` when the patient has already sent their intake.
    """
    answers = check_draft(answers)
    lock_patient(patient.pk, None)
    if not may_start_intake(patient):
        raise IntakeNotOpen("Your intake has already been sent; your clinic has it.")
    draft = _open_draft(patient)
    draft.answers, draft.updated_at = answers, timezone.now()
    draft.questionnaire_version = load_questionnaire()["version"]
    draft.save()
    return draft


@transaction.atomic
def submit_intake(patient: Patient, answers: dict, *, actor: User) -> Screening:
    """Send the patient's intake: check the answers, store the intake as
    submitted, screen it, and record INTAKE_SUBMITTED then SCREENED.

    Only the patient, with a verified e-mail address, may submit. Raises
    :class:`IntakeAnswersError` (per linkId) for answers that cannot be used,
    :class:`DraftAnswersError` for answers of the wrong shape, and
    :class:`IntakeNotOpen` when the patient may not send an intake now.
    Nothing is written when any of them is raised.
    """
    if actor.pk != patient.user_id:
        raise IntakeNotOpen("Only the patient can send their intake.")
    if not actor.email_verified:
        raise IntakeNotOpen("Please confirm your e-mail address first: we sent you a link.")
    answers = check_draft(answers)
    today = patient_today(patient)
    inputs = answers_to_input(answers, today=today)
    draft = save_intake_draft(patient, answers, actor=actor)
    draft.status, draft.submitted_at = Intake.Status.SUBMITTED, timezone.now()
    draft.save(update_fields=["status", "submitted_at"])
    record_step(patient, State.INTAKE_SUBMITTED, actor=actor, summary="Sent the intake questionnaire",
                data={"intake_id": draft.pk})
    try:
        return run_screening(patient, trigger=Screening.Trigger.INTAKE, inputs=inputs,
                             actor=actor, intake=draft, today=today)
    except ScreeningInputError as problem:
        raise IntakeAnswersError({problem.field: str(problem).split(": ", 1)[-1]}) from None
