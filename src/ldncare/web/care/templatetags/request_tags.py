"""``{% waiting_requests %}``: the patients' requests waiting for the care
team, for the attention lists (clinic home and "needs attention")."""

from __future__ import annotations

from typing import Any

from django import template

from ldncare.web.audit.reads import record_reads
from ldncare.web.care.request_queries import waiting_for_clinic

register = template.Library()


@register.inclusion_tag("care/requests/_waiting.html", takes_context=True)
def waiting_requests(context: Any, limit: int = 20) -> dict[str, Any]:
    user = context["request"].user
    return {"waiting": record_reads(waiting_for_clinic(user)[:limit])}


@register.inclusion_tag("care/requests/_chart_threads.html", takes_context=True)
def patient_threads(context: Any, patient: Any, limit: int = 10) -> dict[str, Any]:
    """The patient's threads as the viewer may see them (none for a pharmacy)."""
    from ldncare.web.care.request_queries import requests_of

    user = context["request"].user
    return {"threads": record_reads(requests_of(user).filter(patient=patient)[:limit]),
            "show_patient": False}
