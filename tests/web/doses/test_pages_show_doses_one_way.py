"""Every page shows a dose the same way ("1.5 mg", "1 mg/mL"), whatever text
an older row stored it in ("1.500"), and a bad value never breaks a page."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from ldncare.units import Dose
from ldncare.web.doses import dose_filter

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parent.parent / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (Dose("4.500"), "mg", "4.5 mg"), (Decimal("1.000"), "mg/mL", "1 mg/mL"), ("3.000", "mg", "3 mg"),
    (["3.000", "1.500"], "mg", "3 mg, 1.5 mg"), (Decimal("50"), "", "50"), (None, "mg", ""),
    ("n/a", "mg", "n/a")])
def test_the_dose_filter_shows_one_text_per_amount(value, unit, shown):
    assert dose_filter(value, unit) == shown


def test_a_template_uses_the_filter_without_loading_it():
    from django.template import engines

    rendered = engines["django"].from_string("{{ d|dose }} · {{ c|dose:'mg/mL' }}").render(
        {"d": Decimal("1.500"), "c": Decimal("0.500")})
    assert rendered == "1.5 mg · 0.5 mg/mL"


def test_the_order_page_shows_legacy_strengths_plainly(world, client, login):
    from django.urls import reverse

    order = pharmacy_world.make_order(world, strengths=("4.500", "3.000", "1.500"))
    login(world.users["pharmacist"])
    body = client.get(reverse("pharmacy:order", args=[order.pk])).content.decode()
    assert "4.5 mg, 3 mg, 1.5 mg" in body and "1.500" not in body


def test_the_monograph_shows_the_dose_bands_without_an_exponent(client):
    from django.urls import reverse

    body = client.get(reverse("library:monograph")).content.decode()
    assert "E+" not in body
    assert "5 to 50" in body or "50 and above" in body
