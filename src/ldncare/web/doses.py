"""Doses at the edges of the web layer: the API's JSON type and the one
display filter for templates.

The core decides the text (:func:`ldncare.units.canonical_dose`); this module
only says how the API documents it and how a page shows it.

- **API**: a dose (or strength, or concentration) is a JSON *string* holding
  the canonical decimal number of mg — ``"1.5"``, ``"3"``, ``"0.75"`` — never
  a JSON number (a float would carry binary noise) and never an exponent.
  :data:`DoseText` is that type, with its pattern, for the OpenAPI schema.
- **Pages**: ``{{ value|dose }}`` shows ``1.5 mg``; ``{{ value|dose:"mg/mL" }}``
  a concentration; a list of strengths shows ``1.5 mg, 3 mg``. It is a builtin
  filter (settings ``TEMPLATES.OPTIONS.builtins``), so no ``{% load %}``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Any

from django import template
from pydantic import Field

from ldncare.units import Dose, DoseError, canonical_dose, format_dose

#: The canonical text: digits, and a fraction only when it is not all zeros.
DOSE_PATTERN = r"^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$"

DoseText = Annotated[str, Field(
    pattern=DOSE_PATTERN, examples=["1.5"],
    description="mg of naltrexone hydrochloride as a decimal string in canonical form "
                "(no exponent, no trailing zeros: \"1.5\", \"3\", \"0.75\"); never a JSON number")]



def api_dose(value: Dose | Decimal | int | str | None) -> str | None:
    """``value`` as :data:`DoseText` for an API answer; None for no value or a
    stored value that is not a dose (a bad row answers null, never a 500)."""
    if value is None or value == "":
        return None
    try:
        return canonical_dose(value)
    except DoseError:
        return None


# ---------------------------------------------------------------- stored values


def canonical_text(value: Any) -> Any:
    """A stored dose text in canonical form (``"1.500"`` → ``"1.5"``); any value
    that is not a plain dose string is returned unchanged (never lost)."""
    if not isinstance(value, str):
        return value
    try:
        return canonical_dose(value.strip())
    except DoseError:
        return value


def canonical_mg_fields(data: Any, keys: frozenset[str] | None = None) -> Any:
    """Stored JSON ``data`` with every dose text in canonical form: the strings
    (or lists of strings) under keys ending in ``_mg`` anywhere inside it, or,
    with ``keys``, under those keys only. Everything else is kept as it is."""
    if isinstance(data, list):
        return [canonical_mg_fields(item, keys) for item in data]
    if not isinstance(data, dict):
        return data
    out = {}
    for key, value in data.items():
        named = key in keys if keys is not None else str(key).endswith("_mg")
        if named and isinstance(value, str):
            out[key] = canonical_text(value)
        elif named and isinstance(value, list):
            out[key] = [canonical_text(item) for item in value]
        else:
            out[key] = canonical_mg_fields(value, keys)
    return out


register = template.Library()


@register.filter(name="dose")
def dose_filter(value: Any, unit: str = "mg") -> str:
    """``1.5 mg`` for a dose, a Decimal, a number string or a list of them; any
    other value is shown as it is (a page never fails on a bad row)."""
    if value is None or value == "":
        return ""
    if isinstance(value, list | tuple) or (isinstance(value, Iterable)
                                           and not isinstance(value, str | Dose | Decimal)):
        return ", ".join(dose_filter(item, unit) for item in value)
    if isinstance(value, float):
        value = str(value)
    try:
        return format_dose(value, unit)
    except DoseError:
        return str(value)
