"""Writes of the journal. Each function is one transaction and the one place
where journal rows become core values and back; audit entries come from the
audited models, pathway notes from ``care.services.add_note``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from ldncare.dateranges import planning_window
from ldncare.journal.checkin import CheckIn as CoreCheckIn
from ldncare.journal.checkin import load_catalogue, record_check_in, revise_check_in
from ldncare.journal.errors import JournalError
from ldncare.journal.instruments import score
from ldncare.journal.rules import Action, closing_reasons, evaluate
from ldncare.journal.schedules import QuestionnaireSchedule
from ldncare.web.accounts.clinic_settings import rule_settings_for
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient
from ldncare.web.care.prescribing_services import apply_dose_change
from ldncare.web.care.screening_services import report_new_medication
from ldncare.web.care.services import add_note
from ldncare.web.care.treatment import current_prescription, local_now, patient_today
from ldncare.web.journal import queries
from ldncare.web.journal.models import (
    CheckIn,
    FollowUp,
    JournalPreferences,
    QuestionnairePlan,
    QuestionnaireResponse,
    SideEffectEntry,
    Suggestion,
)
from ldncare.web.trials.models import Trial
from ldncare.web.trials.periods import kit_on


class StaleEntry(JournalError):
    """Someone (another tab, another person) saved this record since it was loaded."""


class DecisionError(JournalError):
    """A suggestion cannot be accepted or dismissed as asked; the message says why."""


#: Suggestion actions that change the dose plan through prescribing's service.
DOSE_CHANGES = {Action.STEP_BACK.value: "step_back", Action.HOLD.value: "hold",
                Action.SWITCH_TO_MORNING.value: "switch_to_morning"}


@dataclass(frozen=True)
class CheckInAnswers:
    """What the patient answered; None means "not answered"."""

    dose_taken: bool | None = True
    dose_time: time | None = None
    ratings: dict[str, int] = field(default_factory=dict)
    vivid_dreams: bool | None = None
    side_effects: dict[str, str] = field(default_factory=dict)
    events: frozenset[str] = frozenset()
    note: str = ""


# --- check-ins ---------------------------------------------------------------------

def save_check_in(patient: Patient, day: date, answers: CheckInAnswers, *,
                  expected_revision: int | None = None, now: datetime | None = None,
                  evaluate_after: bool = True, idempotency_key: str | None = None) -> CheckIn:
    """Record the patient's check-in for ``day`` (their local day), or revise it.

    A first entry after ``day`` ended is marked late. Saving over an existing
    day adds a revision (the audit log keeps the earlier values); when
    ``expected_revision`` is given and differs, :class:`StaleEntry` is raised
    and nothing is written. Raises the core's ``CheckInError`` for bad input.
    Decision support is queued in the same transaction as the check-in (see
    :func:`_evaluate_later`): both are stored, or neither. An ``idempotency_key``
    is stored in that transaction too (IntegrityError if it was used before).
    """
    now = now or timezone.now()
    # The plan and preferences are read, and the answers checked, before the
    # write transaction opens: SQLite's IMMEDIATE transactions hold the single
    # writer lock from BEGIN, so only the writes should happen under it.
    plan = queries.titration_plan(patient)
    prefs = queries.preferences(patient)  # read once: the dose time and the ratings asked
    kit_code = _trial_kit_code(patient, day)
    core = record_check_in(
        day=day, recorded_at=now, time_zone=queries.zone_of(patient),
        dose_taken=answers.dose_taken,
        planned_dose_mg=None if kit_code else queries.planned_dose(plan, day),
        planned_time=_planned_time(prefs), dose_time=answers.dose_time,
        ratings=answers.ratings, tracked=queries.asked_ratings(patient, prefs),
        vivid_dreams=answers.vivid_dreams, side_effects=answers.side_effects,
        events=answers.events, note=answers.note, joined_on=queries.joined_on(patient, day))
    return _write_check_in(patient, day, core, expected_revision, now, evaluate_after,
                           idempotency_key, kit_code=kit_code)


def _trial_kit_code(patient: Patient, day: date) -> str:
    """The kit code of a blinded trial day ("" on any other day): on those days
    the check-in records the kit taken, never a dose the patient could read."""
    # Few patients ever run a trial: a bare existence check spares the others the
    # read of periods with their trials (several times its cost on every check-in).
    if not Trial.objects.filter(patient_id=patient.pk).exists():
        return ""
    period = kit_on(patient, day)
    return period.code if period is not None else ""


#: The scope of check-in writes' idempotency keys.
CHECK_IN_SCOPE = "journal.check_in"


@transaction.atomic
def _write_check_in(patient: Patient, day: date, core: CoreCheckIn,
                    expected_revision: int | None, now: datetime, evaluate_after: bool,
                    idempotency_key: str | None = None, *, kit_code: str = "") -> CheckIn:
    """The one write transaction of a check-in: the row (new, or revised under a
    row lock), its side-effect rows, their audit entries and the queued task."""
    # (patient, day) is unique: no ORDER BY to build or run.
    row = next(iter(CheckIn.objects.select_for_update()
                    .filter(patient_id=patient.pk, day=day).order_by()[:1]), None)
    if row is None:
        row = CheckIn(patient=patient, day=day, recorded_at=now)
    else:
        if expected_revision is not None and row.revision != expected_revision:
            raise StaleEntry("This day's check-in was changed (in another window?) since you "
                             "opened it. Nothing was saved; your answers are kept below.")
        core = revise_check_in(
            queries.stored_check_in(row), revised_at=now, dose=core.dose, ratings=core.ratings,
            vivid_dreams=core.vivid_dreams, side_effects=core.side_effects, events=core.events,
            note=core.note)
    row.kit_code = kit_code
    _store_check_in(row, core)
    _email_guidance(patient, row, core)
    if idempotency_key is not None:
        from ldncare.web.operations.idempotency import remember_write

        remember_write(patient.user_id, CHECK_IN_SCOPE, idempotency_key, row.pk)
    if evaluate_after:
        _evaluate_later(patient.pk)
    return row


def _email_guidance(patient: Patient, row: CheckIn, core: CoreCheckIn) -> None:
    """Queue the patient's confirmation e-mail with the guidance for what they
    reported, once per check-in and set of guidance (a revision that adds a
    new red flag sends again; one that repeats it does not)."""
    from ldncare.journal.guidance import guidance_for, triggered
    from ldncare.web.journal.urgent_queries import clinic_guidance, treatment_state
    from ldncare.web.journal.urgent_services import email_patient_guidance

    codes = triggered(core)
    if codes:
        email_patient_guidance(patient, f"check-in:{row.pk}:{'+'.join(codes)}",
                               guidance_for(codes, clinic_guidance(patient.clinic),
                                            treatment=treatment_state(patient)))


def _planned_time(prefs: JournalPreferences) -> time | None:
    """The patient's own dose time, else the product's default bedtime (a product
    choice inside the sourced window; see ``ReminderPreferences``)."""
    from ldncare.journal.reminders import ReminderPreferences

    return prefs.dose_at or ReminderPreferences().bedtime_dose_at


def _store_check_in(row: CheckIn, core: CoreCheckIn) -> None:
    is_new = row.pk is None
    row.revision, row.revised_at, row.late = core.revision, core.revised_at, core.late
    row.dose_taken = None if core.dose is None else core.dose.taken
    row.dose_mg = None if core.dose is None else core.dose.mg
    row.dose_time = None if core.dose is None else core.dose.at
    for code in ("pain", "fatigue", "mood", "brain_fog", "sleep_quality"):
        setattr(row, code, core.ratings.get(code))
    row.vivid_dreams, row.note, row.data = core.vivid_dreams, core.note, core.as_dict()
    row.save()
    # Side-effect rows mirror the latest revision (the audit log keeps what they were).
    # A row inserted just now has none yet, so there is nothing to read back.
    if not is_new:
        for entry in SideEffectEntry.objects.filter(check_in=row):
            entry.delete()
    for report in core.side_effects:
        SideEffectEntry.objects.create(check_in=row, patient_id=row.patient_id, day=row.day,
                                       code=report.code, severity=str(report.severity))


def _evaluate_later(patient_id: int) -> None:
    """Queue decision support for the patient. Call inside the write transaction:
    with the database queue the task row commits with the check-in (one write
    transaction, not a second one after commit, which under load doubled the
    waits on SQLite's single writer lock), and the worker cannot see it before
    the check-in it reads. A backend that runs tasks at once (the tests') runs
    it here, inside a savepoint (``evaluate_suggestions`` is atomic), so a
    failing evaluation is recorded as a failed task and never undoes the check-in."""
    from ldncare.web.journal.tasks import evaluate_patient_suggestions

    evaluate_patient_suggestions.enqueue(patient_id)


@transaction.atomic
def report_new_medicine(patient: Patient, text: str, actor: User,
                        now: datetime | None = None) -> Any:
    """Re-screen ``text`` (prescribing's screening service). When the result is
    contraindicated because of an opioid, today's check-in gets the
    ``new_opioid`` event so the prescriber is told at once. Returns the screening."""
    text = text.strip()
    if not text:
        raise JournalError("Write the name of the medicine you started.")
    if len(text) > 300:
        raise JournalError("Keep the medicine name under 300 characters.")
    try:
        screening = report_new_medication(patient, text, actor)
    except ValueError as error:  # ScreeningInputError names the problem
        raise JournalError(str(error)) from None
    events = {"new_medicine"} | ({"new_opioid"} if is_new_opioid(screening, text) else set())
    _add_events_today(patient, events, now or timezone.now())
    return screening


def is_new_opioid(screening: Any, text: str | None = None) -> bool:
    """Whether the re-screening found an opioid in the reported medicine: a
    finding of one of the screening's opioid rules (``OPIOID_RULE_IDS``, asked
    by rule id, never by the word "opioid", which also matches a finished
    washout) that applies to ``text`` (the medicine as the patient wrote it;
    any finding when None)."""
    from ldncare.screening import OPIOID_RULE_IDS

    result = getattr(screening, "result", None) or {}
    return any(f.get("code") in OPIOID_RULE_IDS
               and (text is None or f.get("applies_to") == text)
               for f in result.get("findings", []))


def _add_events_today(patient: Patient, events: set[str], now: datetime) -> None:
    day = patient_today(patient, now)
    row = CheckIn.objects.select_for_update().filter(patient=patient, day=day).first()
    if row is None:
        save_check_in(patient, day, CheckInAnswers(dose_taken=None, events=frozenset(events)),
                      now=now)
        return
    previous = queries.stored_check_in(row)
    core = revise_check_in(previous, revised_at=now, events=previous.events | events)
    _store_check_in(row, core)
    _email_guidance(patient, row, core)
    _evaluate_later(patient.pk)


# --- preferences ---------------------------------------------------------------------

REMINDER_KINDS = ("dose", "check_in", "questionnaire", "refill", "follow_up")


@transaction.atomic
def save_preferences(patient: Patient, *, tracked: list[str], reminders: dict[str, bool],
                     dose_at: time | None = None, check_in_at: time | None = None
                     ) -> JournalPreferences:
    """Store what the patient tracks and which reminders they want."""
    known = load_catalogue().rating_codes
    unknown = set(tracked) - known
    if unknown:
        raise JournalError(f"Unknown rating(s): {', '.join(sorted(unknown))}")
    if not tracked:
        raise JournalError("Track at least one rating.")
    prefs, _ = JournalPreferences.objects.select_for_update().get_or_create(patient=patient)
    prefs.tracked_ratings = [r.code for r in load_catalogue().ratings if r.code in tracked]
    for kind in REMINDER_KINDS:
        setattr(prefs, f"remind_{kind}", bool(reminders.get(kind, False)))
    prefs.dose_at, prefs.check_in_at, prefs.updated_at = dose_at, check_in_at, timezone.now()
    prefs.save()
    return prefs


# --- questionnaires --------------------------------------------------------------------

@transaction.atomic
def schedule_questionnaire(patient: Patient, *, instrument: str, start: date, every_days: int,
                           until: date | None, actor: User) -> QuestionnairePlan:
    """Set (or replace) when ``instrument`` is due. The core checks the values;
    ``start`` and ``until`` lie within the planning horizon (``ldncare.dateranges``)."""
    window = planning_window(patient_today(patient))
    for name, day in (("start", start), ("until", until)):
        if day is not None:
            window.check(day, name, JournalError)
    QuestionnaireSchedule(instrument, start, every_days, until)  # raises a JournalError
    plan, _ = QuestionnairePlan.objects.select_for_update().get_or_create(
        patient=patient, instrument=instrument,
        defaults={"start": start, "every_days": every_days, "set_by": actor})
    plan.start, plan.every_days, plan.until = start, every_days, until
    plan.active, plan.set_by, plan.set_at = True, actor, timezone.now()
    plan.save()
    add_note(patient, actor=actor, summary=f"{instrument.upper()} scheduled every {every_days} days",
             visible_to_patient=True)
    return plan


@transaction.atomic
def stop_questionnaire(plan: QuestionnairePlan, actor: User) -> None:
    plan.active, plan.set_by, plan.set_at = False, actor, timezone.now()
    plan.save(update_fields=["active", "set_by", "set_at"])


@transaction.atomic
def submit_questionnaire(patient: Patient, instrument: str, answers: dict[str, int | None],
                         now: datetime | None = None) -> QuestionnaireResponse:
    """Score ``answers`` with the core and store the response and its score."""
    now = now or timezone.now()
    result = score(instrument, answers, completed_at=now)
    if not result.complete:
        raise JournalError(f"Too many questions are unanswered to score this questionnaire "
                           f"({len(result.missing)} missing); answer them all, please.")
    row = QuestionnaireResponse.objects.create(
        patient=patient, instrument=result.instrument, instrument_version=result.data_version,
        answers=result.answers, score=None if result.total is None else Decimal(result.total),
        band=result.band or "", result=result.as_dict(), day=patient_today(patient, now),
        completed_at=now)
    _email_questionnaire_guidance(patient, row)
    _evaluate_later(patient.pk)
    return row


def _email_questionnaire_guidance(patient: Patient, row: QuestionnaireResponse) -> None:
    from ldncare.web.journal.urgent_queries import response_guidance
    from ldncare.web.journal.urgent_services import email_patient_guidance

    email_patient_guidance(patient, f"questionnaire:{row.pk}", response_guidance(patient, row))


# --- decision support ------------------------------------------------------------------

@transaction.atomic
def evaluate_suggestions(patient: Patient, today: date | None = None) -> list[Suggestion]:
    """Run the rules over the journal; store each new finding once (unique key).
    Returns the suggestions created now."""
    from ldncare.web.journal.urgent_queries import treatment_of
    from ldncare.web.journal.urgent_services import alert_care_team

    today = today or patient_today(patient)
    plan = queries.titration_plan(patient)
    treatment = treatment_of(patient, plan, today)
    found = evaluate(queries.core_check_ins(patient), queries.plan_steps(plan), today,
                     scores=queries.core_scores(patient),
                     settings=rule_settings_for(patient.clinic), treatment=treatment)
    _close_what_is_over(patient, found, treatment)
    known = set(Suggestion.objects.filter(patient=patient).values_list("key", flat=True))
    created = []
    for s in found:
        if s.key in known:
            continue
        row = Suggestion.objects.create(
            patient=patient, key=s.key, code=s.code, urgency=str(s.urgency), action=str(s.action),
            message=s.message, rationale=s.rationale, source=s.source, day=s.day,
            rules_version=s.rules_version, data=s.as_dict())
        if s.urgency == "urgent":
            alert_care_team(row)  # the e-mail row commits with the suggestion, or neither does
        created.append(row)
    return created


def _close_what_is_over(patient: Patient, found: Any, treatment: Any) -> None:
    """Close open suggestions the rules no longer stand behind, with the reason."""
    open_rows = {row.key: row for row in Suggestion.objects.select_for_update()
                 .filter(patient=patient, status=Suggestion.Status.OPEN)}
    reasons = closing_reasons([(k, r.code) for k, r in open_rows.items()], found, treatment)
    for key, reason in reasons.items():
        row = open_rows[key]
        row.status, row.decided_at, row.decision_reason = (Suggestion.Status.CLOSED,
                                                           timezone.now(), reason)
        row.save(update_fields=["status", "decided_at", "decision_reason"])


def _lock_open(suggestion_id: int) -> Suggestion:
    row = Suggestion.objects.select_for_update(of=("self",)).select_related("patient").get(pk=suggestion_id)
    if row.status != Suggestion.Status.OPEN:
        raise DecisionError(f"This suggestion was already {row.get_status_display().lower()} "
                            f"by {row.decided_by}; nothing was changed.")
    return row


@transaction.atomic
def accept_suggestion(suggestion: Suggestion, actor: User, reason: str = "",
                      today: date | None = None) -> Suggestion:
    """Accept: a dose action is applied through prescribing's ``apply_dose_change``
    (a new plan version); other actions (review, contact the patient) are
    recorded as acknowledged. Audited and noted on the patient's timeline."""
    row = _lock_open(suggestion.pk)
    patient = row.patient
    kind = DOSE_CHANGES.get(row.action)
    reason = reason.strip() or f"Accepted decision support: {row.message}"
    if kind is not None:
        _apply_dose_change(patient, kind, actor, reason, today or patient_today(patient))
    row.status, row.decided_by, row.decided_at = Suggestion.Status.ACCEPTED, actor, timezone.now()
    row.decision_reason = reason
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    add_note(patient, actor=actor, summary=f"Suggestion accepted: {row.code}", reason=reason,
             data={"suggestion": row.key, "action": row.action})
    return row


def _apply_dose_change(patient: Patient, kind: str, actor: User, reason: str, on: date) -> None:
    prescription = current_prescription(patient)
    if prescription is None or prescription.status != "active":
        raise DecisionError("This patient has no active prescription to change.")
    try:
        apply_dose_change(prescription, kind=kind, actor=actor, reason=reason, on_date=on)
    except (ValueError, RuntimeError) as error:  # dosing errors, ConcurrentChange: both say why
        raise DecisionError(str(error)) from None


@transaction.atomic
def dismiss_suggestion(suggestion: Suggestion, actor: User, reason: str) -> Suggestion:
    """Dismiss with a reason (required: the record must say why)."""
    reason = reason.strip()
    if not reason:
        raise DecisionError("Say why you dismiss this suggestion.")
    row = _lock_open(suggestion.pk)
    row.status, row.decided_by, row.decided_at = Suggestion.Status.DISMISSED, actor, timezone.now()
    row.decision_reason = reason
    row.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    add_note(row.patient, actor=actor, summary=f"Suggestion dismissed: {row.code}", reason=reason,
             data={"suggestion": row.key})
    return row


# --- follow-ups ----------------------------------------------------------------------------

@transaction.atomic
def schedule_follow_up(patient: Patient, *, at: datetime, mode: str, note: str,
                       actor: User, now: datetime | None = None) -> FollowUp:
    """Book a follow-up (recorded only) with the data summary prepared now."""
    now = now or timezone.now()
    if at.tzinfo is None:
        raise JournalError("The follow-up time needs a time zone.")
    if at <= now:
        raise JournalError("Choose a time in the future.")
    planning_window(patient_today(patient, now)).check(
        local_now(patient, at).date(), "day", JournalError)
    if mode not in FollowUp.Mode.values:
        raise JournalError("Choose video or in person.")
    visit = FollowUp.objects.create(
        patient=patient, at=at, mode=mode, note=note.strip(), scheduled_by=actor,
        summary=queries.data_summary(patient, patient_today(patient, now)), created_at=now)
    add_note(patient, actor=actor, visible_to_patient=True,
             summary=f"Follow-up ({visit.get_mode_display().lower()}) booked for "
                     f"{local_now(patient, at):%Y-%m-%d %H:%M}")
    return visit


def record_reminder_once(patient: Patient, key: str, **fields: Any) -> bool:
    """Insert the SentReminder row for ``key``; False if it was already sent.
    Call inside the transaction that queues the e-mail."""
    from ldncare.web.journal.models import SentReminder

    try:
        with transaction.atomic():
            SentReminder.objects.create(patient=patient, key=key, **fields)
    except IntegrityError:
        return False
    return True
