"""``{% urgent_settings_summary clinic %}``: the clinic's urgent-care choices in
brief, for the clinic settings page (the full page is ``journal:urgent_settings``)."""

from __future__ import annotations

from typing import Any

from django import template

from ldncare.journal.guidance import crisis_contacts, escalation_hours, load_guidance
from ldncare.web.accounts.models import Organisation
from ldncare.web.journal import urgent_queries

register = template.Library()


@register.inclusion_tag("journal/_urgent_settings_summary.html")
def urgent_settings_summary(clinic: Organisation) -> dict[str, Any]:
    choices = urgent_queries.clinic_guidance(clinic)
    book = load_guidance()
    return {"contacts": crisis_contacts(choices, book), "hours": escalation_hours(choices, book),
            "default_hours": book.escalation.after_hours, "own_texts": len(choices.texts or {}),
            "texts": len(book.guidance)}
