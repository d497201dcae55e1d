"""The audit trail of one patient, for their organisation's admin (what each
admin sees: ``audit.queries.trail_entries``), in words, filtered by person,
action and dates, and exportable as CSV with the same filters."""

from __future__ import annotations

import csv
from datetime import UTC

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ldncare.web.access import patients_visible_to
from ldncare.web.accounts.zones import zone_of
from ldncare.web.audit import queries
from ldncare.web.audit.describe import ACTIONS, describe
from ldncare.web.audit.forms import TrailFilter
from ldncare.web.audit.reads import record_read
from ldncare.web.decorators import admin_only
from ldncare.web.typing import AuthenticatedRequest

#: The most rows one CSV export holds (a patient's whole trail, in practice).
CSV_MAX_ROWS = 50_000


def _trail(request: AuthenticatedRequest, patient_id: int):  # type: ignore[no-untyped-def]
    patient = patients_visible_to(request.user).filter(pk=patient_id).select_related("user").first()
    if patient is None:
        raise Http404
    record_read(patient)  # reading the trail is itself a read of the patient's record
    entries = queries.trail_entries(request.user, patient.pk)
    form = TrailFilter(request.GET or None, people=queries.people_in(entries),
                       zone=zone_of(request.user))
    if form.is_valid():
        entries = queries.filtered(entries, **form.query())
    elif form.is_bound:
        entries = entries.none()
    return patient, entries, form


@admin_only
def patient_trail(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient, entries, form = _trail(request, patient_id)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    rows = [(entry, describe(entry)) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/patient_trail.html", {
        "patient": patient, "page": page, "rows": rows, "form": form,
        "query": query.urlencode(), "actions": ACTIONS,
    }, status=400 if form.errors else 200)


@admin_only
def patient_trail_csv(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    patient, entries, form = _trail(request, patient_id)
    if form.errors:
        return patient_trail(request, patient_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (f'attachment; filename="audit-trail-patient-'
                                       f'{patient.pk}-{stamp}.csv"')
    writer = csv.writer(response)
    writer.writerow(["when (UTC)", "who", "action", "record", "what happened", "fields changed"])
    for entry in entries[:CSV_MAX_ROWS].iterator(chunk_size=500):
        d = describe(entry)
        writer.writerow([d.when.astimezone(UTC).isoformat(timespec="seconds"), _safe(d.who),
                         d.action, d.record, _safe(d.words), " ".join(d.fields)])
    return response


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
