"""Template helpers of the library: a cited-references list with unverified marks."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("library/_references.html")
def cited(refs, label: str = "Sources"):  # type: ignore[no-untyped-def]
    """Render ``refs`` (queries.Reference values) as a short list linking to the references page."""
    return {"refs": refs, "label": label}


@register.filter
def percent(fraction: float) -> str:
    """0.4321 → '43.2 %'."""
    return f"{fraction * 100:.1f} %"
