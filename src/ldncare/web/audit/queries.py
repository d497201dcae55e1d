"""Reads of the audit trail, scoped by who asks (the rule lives here, beside
the trail, and starts from ``ldncare.web.access`` for the patient)."""

from __future__ import annotations

from datetime import datetime

from auditlog.models import LogEntry
from django.db.models import Q, QuerySet

from ldncare.web.access import may_read_audit_trail
from ldncare.web.accounts.models import User

#: The apps whose records a pharmacy works with; their entries (values
#: included) are the pharmacy's to see.
PHARMACY_APPS = ("pharmacy",)


def trail_entries(user: User, patient_id: int) -> QuerySet[LogEntry]:
    """One patient's audit entries as ``user`` (an organisation admin whose
    scope includes the patient) may see them, newest first.

    A clinic admin sees everything. A pharmacy admin sees the entries on
    pharmacy records (orders, batches, shipments) and the reads by their own
    staff, never the values of the patient's journal, screening or plan: the
    pharmacy needs those no more than it may read them directly.
    """
    entries = (LogEntry.objects.filter(additional_data__patient_id=patient_id)
               .select_related("actor", "content_type").order_by("-timestamp", "-id"))
    if not may_read_audit_trail(user) or user.organisation is None:
        return entries.none()
    if user.is_clinic_member:
        return entries
    own_staff_reads = Q(action=LogEntry.Action.ACCESS, actor__organisation=user.organisation)
    return entries.filter(Q(content_type__app_label__in=PHARMACY_APPS) | own_staff_reads)


def people_in(entries: QuerySet[LogEntry]) -> list[User]:
    """Everyone who appears as the actor of ``entries``, by name (the person filter)."""
    ids = entries.exclude(actor__isnull=True).values_list("actor_id", flat=True).distinct()
    return list(User.objects.filter(pk__in=list(ids)).order_by("full_name", "email"))


def filtered(entries: QuerySet[LogEntry], *, person: User | None = None, action: str = "",
             since: datetime | None = None, before: datetime | None = None) -> QuerySet[LogEntry]:
    """``entries`` narrowed to one person, one kind of action ("opened",
    "created", "changed", "deleted") and a time range (``before`` excluded)."""
    from ldncare.web.audit.describe import ACTION_CODES

    if person is not None:
        entries = entries.filter(actor=person)
    if action in ACTION_CODES:
        entries = entries.filter(action=ACTION_CODES[action])
    if since is not None:
        entries = entries.filter(timestamp__gte=since)
    if before is not None:
        entries = entries.filter(timestamp__lt=before)
    return entries
