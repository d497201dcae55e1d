"""A dose has one text wherever it is stored, sent or exported: the exact mg in
plain decimal notation, no exponent, no trailing zeros ("1.5", "3", "0.75")."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.dosing import Capsules, build_plan, custom_protocol, dose_events, supply_for
from ldncare.units import Dose, DoseError, canonical_dose, format_dose, parse_dose_mg

CANONICAL = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$")
micrograms = st.integers(min_value=0, max_value=999_999_999)
#: The same amount written with any number of trailing zeros ("1.5", "1.500", "1.50000").
padded = st.tuples(micrograms, st.integers(0, 6)).map(
    lambda pair: format(Decimal(pair[0]) / 1000, "f") + ("0" * pair[1] if pair[0] % 1000 else
                                                         ("." + "0" * pair[1] if pair[1] else "")))


@given(micrograms)
def test_the_canonical_text_round_trips_to_the_same_amount(ug):
    dose = Dose.from_micrograms(ug)
    text = canonical_dose(dose)
    assert parse_dose_mg(text) == dose.mg and canonical_dose(parse_dose_mg(text)) == text


@given(micrograms)
def test_the_canonical_text_never_has_an_exponent_or_trailing_zeros(ug):
    text = canonical_dose(Dose.from_micrograms(ug))
    assert CANONICAL.match(text), text
    assert "E" not in text.upper() and not text.endswith(".")


@given(padded)
def test_every_way_of_writing_an_amount_has_the_same_canonical_text(text):
    assert canonical_dose(text) == canonical_dose(Decimal(text).normalize())
    assert canonical_dose(parse_dose_mg(text)) == canonical_dose(text)


@given(micrograms)
def test_a_dose_s_own_number_already_prints_canonically(ug):
    dose = Dose.from_micrograms(ug)
    assert str(dose.mg) == canonical_dose(dose)


@pytest.mark.parametrize(("written", "canonical"), [
    ("1.500", "1.5"), ("3.000", "3"), ("0.750", "0.75"), ("100", "100"), ("1E+2", "100"),
    ("0.000", "0"), ("0", "0"), ("0.001", "0.001"), ("45.0", "45")])
def test_the_rule_on_familiar_amounts(written, canonical):
    assert canonical_dose(written) == canonical == canonical_dose(Decimal(written))


@pytest.mark.parametrize("value", [1.5, "-1", "1.0005", "abc", "NaN", "Infinity"])
def test_a_float_a_negative_or_a_non_number_has_no_canonical_text(value):
    with pytest.raises(DoseError):
        canonical_dose(value)


@pytest.mark.parametrize("text", ["1E+1", "1.5 mg", " 1.5", "-1", "1,5", ".5", "1.", "", "+1"])
def test_a_stored_dose_is_read_only_as_a_plain_decimal(text):
    with pytest.raises(DoseError):
        parse_dose_mg(text)


def test_parse_dose_mg_never_takes_a_float():
    with pytest.raises(DoseError):
        parse_dose_mg(1.5)  # type: ignore[arg-type]


def test_the_display_text_names_the_unit():
    assert format_dose(Dose("4.500")) == "4.5 mg" == format_dose("4.5") == format_dose(Decimal("4.50"))
    assert format_dose("1.000", "mg/mL") == "1 mg/mL"


def test_a_plan_its_schedule_and_its_supply_store_canonical_texts():
    protocol = custom_protocol(Dose("0.500"), Dose("0.5"), 7, Dose("3.000"))
    plan = build_plan(protocol, date(2026, 1, 1))
    stored = plan.as_dict()
    doses = [s["dose_mg"] for s in stored["steps"]] + [stored["target_mg"], stored["step_size_mg"]]
    doses += [v for k, v in stored["limits"].items() if k.endswith("_mg")]
    assert [s["dose_mg"] for s in stored["steps"]] == ["0.5", "1", "1.5", "2", "2.5", "3"]
    assert all(CANONICAL.match(t) for t in doses), doses
    event = next(dose_events(plan, date(2026, 1, 1), date(2026, 1, 1)))
    assert event.as_dict()["dose_mg"] == "0.5"
    supply = supply_for(plan, Capsules((Dose("0.500"),)), days_per_fill=28, refills=0).as_dict()
    assert supply["fills"][0]["capsules"][0]["strength_mg"] == "0.5"
    assert CANONICAL.match(supply["fills"][0]["total_mg"])
