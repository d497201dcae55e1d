"""Patients and their timeline, scoped to the requesting user."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from ldncare.web.apierrors import responses
from ldncare.web.audit.reads import record_reads
from ldncare.web.care import intake_api, prescribing_api, queries
from ldncare.web.typing import user_of

router = Router(tags=["care"])

#: The most rows one page of a list holds.
MAX_PAGE = 500
#: The furthest a page may start: far beyond any clinic, far inside 64 bits.
MAX_OFFSET = 10**9
router.add_router("", intake_api.router)
router.add_router("", prescribing_api.router)


class PatientOut(Schema):
    id: int
    name: str
    state: str
    state_label: str
    state_changed_at: datetime
    version: int


class EventOut(Schema):
    at: datetime
    state: str
    summary: str
    reason: str
    actor: str | None


def _patient_out(patient) -> PatientOut:  # type: ignore[no-untyped-def]
    return PatientOut(id=patient.pk, name=patient.user.full_name, state=patient.state,
                      state_label=patient.pathway_state.label,
                      state_changed_at=patient.state_changed_at, version=patient.version)


class PageIn(Schema):
    """A page of a list: at most ``MAX_PAGE`` rows, starting at ``offset``."""

    limit: int = Field(50, ge=1, le=MAX_PAGE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


@router.get("/patients", response=responses(list[PatientOut]))
def list_patients(request: HttpRequest, page: Query[PageIn]):  # type: ignore[no-untyped-def]
    """The patients you may see, a page at a time (422 for a page out of bounds)."""
    rows = queries.patient_list(user_of(request))[page.offset: page.offset + page.limit]
    return [_patient_out(p) for p in record_reads(rows)]


@router.get("/patients/{patient_id}", response=responses(PatientOut))
def get_patient(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    return _patient_out(queries.open_chart(user_of(request), patient_id))


@router.get("/patients/{patient_id}/timeline", response=responses(list[EventOut]))
def get_timeline(request: HttpRequest, patient_id: int):  # type: ignore[no-untyped-def]
    patient = queries.open_chart(user_of(request), patient_id)
    return [EventOut(at=e.at, state=e.state, summary=e.summary, reason=e.reason,
                     actor=str(e.actor) if e.actor else None)
            for e in queries.timeline(user_of(request), patient)]
