"""Reads for urgent signals: the guidance a patient sees for what they
reported, who on the care team is alerted, and the clinic's urgent alerts
with their acknowledgement and whether they are overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ldncare.journal.guidance import (
    ClinicGuidance,
    Guidance,
    escalation_hours,
    guidance_for,
    triggered,
)
from ldncare.journal.rules import Treatment
from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import Patient
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal import queries
from ldncare.web.journal.models import (
    CheckIn,
    QuestionnaireResponse,
    Suggestion,
    UrgentCareSettings,
)

#: Idempotency-key prefixes of the e-mails (rows of ``SentReminder``).
ALERT, ESCALATION, GUIDANCE = "urgent-alert", "urgent-escalation", "guidance"


def urgent_settings(clinic: Organisation) -> UrgentCareSettings | None:
    return UrgentCareSettings.objects.filter(clinic=clinic).first()


def clinic_guidance(clinic: Organisation) -> ClinicGuidance:
    """The clinic's choices as the core reads them (defaults when none are stored)."""
    row = urgent_settings(clinic)
    if row is None:
        return ClinicGuidance()
    return ClinicGuidance(country=row.country, crisis_line=row.crisis_line, texts=dict(row.texts),
                          escalate_after_hours=row.escalate_after_hours)


def check_in_guidance(patient: Patient, row: CheckIn | None) -> tuple[Guidance, ...]:
    """What the patient is told for the check-in ``row`` (empty when nothing is urgent)."""
    if row is None:
        return ()
    codes = triggered(queries.stored_check_in(row))
    return guidance_for(codes, clinic_guidance(patient.clinic),
                        treatment=treatment_state(patient)) if codes else ()


def response_guidance(patient: Patient, response: QuestionnaireResponse) -> tuple[Guidance, ...]:
    """What the patient is told for a questionnaire answer (e.g. PHQ-9 item 9 above 0)."""
    codes = triggered(flags=response.result.get("flags", []))
    return guidance_for(codes, clinic_guidance(patient.clinic),
                        treatment=treatment_state(patient)) if codes else ()


def treatment_state(patient: Patient) -> Treatment:
    """Where the patient's treatment stands, on their today (``care.treatment``)."""
    return treatment_of(patient, queries.titration_plan(patient), patient_today(patient))


def treatment_of(patient: Patient, plan, today) -> Treatment:  # type: ignore[no-untyped-def]
    """Where the patient's treatment stands, from the pathway and the plan."""
    if patient.state == State.STOPPED:
        return Treatment.STOPPED
    if patient.state == State.DECLINED:
        return Treatment.DECLINED
    if patient.state != State.ACTIVE or plan is None:
        return Treatment.NOT_STARTED
    started = [s for s in plan.steps if s.start <= today]
    if not started:
        return Treatment.NOT_STARTED
    current = started[-1]
    if getattr(current, "end", None) is not None and current.end < today:
        return Treatment.STOPPED
    return Treatment.PAUSED if current.dose.mg == 0 else Treatment.ACTIVE


def care_team(patient: Patient) -> list[User]:
    """Who an urgent alert goes to: the prescribers of the patient's
    prescriptions, else every active prescriber of the clinic."""
    prescribers = list(User.objects.filter(
        is_active=True, role=Role.PRESCRIBER, organisation=patient.clinic,
        pk__in=patient.prescriptions.values("prescriber")).order_by("pk"))
    return prescribers or list(User.objects.filter(
        is_active=True, role=Role.PRESCRIBER, organisation=patient.clinic).order_by("pk"))


def escalation_contacts(clinic: Organisation) -> list[str]:
    """The clinic's on-call address, else its admins' addresses."""
    row = urgent_settings(clinic)
    if row is not None and row.on_call_email:
        return [row.on_call_email]
    return list(User.objects.filter(is_active=True, role=Role.ORG_ADMIN, organisation=clinic)
                .order_by("pk").values_list("email", flat=True))


def escalate_after(clinic: Organisation) -> timedelta:
    return timedelta(hours=escalation_hours(clinic_guidance(clinic)))


@dataclass(frozen=True)
class UrgentAlert:
    """An open urgent suggestion as the attention list shows it."""

    suggestion: Suggestion
    due_by: datetime
    #: Not acknowledged and past the clinic's escalation time.
    is_overdue: bool

    @property
    def acknowledged(self) -> bool:
        return self.suggestion.acknowledged_at is not None


def urgent_alerts(user: User, now: datetime | None = None) -> list[UrgentAlert]:
    """The clinic's open urgent suggestions: overdue unacknowledged first, then
    unacknowledged, then acknowledged; oldest first within each."""
    now = now or timezone.now()
    rows = (queries.suggestions_visible_to(user)
            .filter(status=Suggestion.Status.OPEN, urgency="urgent")
            .select_related("patient__user", "patient__clinic", "acknowledged_by")
            .order_by("created_at")[:200])
    windows: dict[int, timedelta] = {}
    alerts = []
    for row in rows:
        clinic = row.patient.clinic
        if clinic.pk not in windows:
            windows[clinic.pk] = escalate_after(clinic)
        due_by = row.created_at + windows[clinic.pk]
        alerts.append(UrgentAlert(row, due_by, row.acknowledged_at is None and now >= due_by))
    return sorted(alerts, key=lambda a: (0 if a.is_overdue else 1 if not a.acknowledged else 2,
                                         a.suggestion.created_at))
