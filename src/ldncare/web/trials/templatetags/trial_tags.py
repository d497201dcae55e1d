"""Small trial panels for other apps' pages: the patient's schedule shows the
current kit code; the chart links to the trial (or to designing one)."""

from __future__ import annotations

from typing import Any

from django import template

from ldncare.web.access import may_prescribe
from ldncare.web.care.treatment import patient_today
from ldncare.web.trials import queries

register = template.Library()


@register.inclusion_tag("trials/_banner.html")
def trial_banner(patient: Any) -> dict[str, Any]:
    trial = queries.open_trial(patient)
    if trial is None:
        return {"trial": None}
    today = patient_today(patient)
    return {"trial": trial, "current": queries.current_period(trial, today),
            "phase": queries.phase(trial, today)}


@register.inclusion_tag("trials/_chart_link.html", takes_context=True)
def trial_link(context: Any, patient: Any) -> dict[str, Any]:
    user = context["user"]
    return {"latest": patient.trials.first(), "patient": patient,
            "may_design": may_prescribe(user, patient)}
