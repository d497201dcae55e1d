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
