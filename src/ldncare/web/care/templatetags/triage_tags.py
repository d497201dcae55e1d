"""Filters that put the review queue's keys into words."""

from __future__ import annotations

from django import template

from ldncare.web.care.triage import VERDICT_WORDS
from ldncare.web.care.triage import condition_words as _condition_words

register = template.Library()


@register.filter
def verdict_words(verdict: str | None) -> str:
    return VERDICT_WORDS.get(verdict or "", "Not screened yet")


@register.filter
def condition_words(condition_id: str | None) -> str:
    return _condition_words(condition_id or "")
