"""``{{ sentence|reader:staff_view }}``: the report's patient-facing sentence,
in the third person when the care team reads it."""

from __future__ import annotations

from django import template

from ldncare.outcomes.wording import for_clinician

register = template.Library()


@register.filter
def reader(text: object, staff_view: object) -> str:
    return for_clinician(str(text)) if staff_view else str(text)


@register.filter
def condition_name(key: object) -> str:
    """``chronic_pain`` → "Chronic pain (pooled, all causes)"; text stays text."""
    from functools import cache

    from ldncare.knowledge import load_knowledge
    from ldncare.outcomes.wording import condition_words

    @cache
    def names() -> dict[str, str]:
        return {c.id: c.name for c in load_knowledge().conditions}

    return condition_words(str(key), names())


@register.filter
def stop_reason(reason: object) -> str:
    from ldncare.outcomes.wording import stop_reason_words

    return stop_reason_words(str(reason))


@register.filter
def side_effect_name(code: object) -> str:
    """``vivid_dreams`` → "Vivid dreams or nightmares" (the check-in's own label)."""
    from ldncare.journal.checkin import load_catalogue

    labels = {s.code: s.label for s in load_catalogue().side_effects}
    text = str(code)
    return labels.get(text, text.replace("_", " ").capitalize() if "_" in text else text)
