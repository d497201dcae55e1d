"""Depot and implant buprenorphine: the washout runs from the last injection (or the
implant's removal) through the product's release period and its half-lives."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.screening import ScreeningInput, ScreeningInputError, ScreeningSettings, screen
from ldncare.screening.depots import load_depot_products

TODAY = date(2025, 6, 1)


def _result(product: str, last: date, today: date = TODAY, settings=None):
    return screen(ScreeningInput(depot_product=product, last_depot_date=last), settings, today)


def test_a_monthly_depot_last_month_is_contraindicated_until_its_washout_ends():
    result = _result("sublocade", date(2025, 5, 1))
    assert result.verdict == "contraindicated"
    finding = result.findings[0]
    assert finding.code == "depot-opioid-washout"
    # 28 days release + 5 x 60-day half-lives.
    assert finding.until == date(2025, 5, 1) + timedelta(days=328)
    assert result.opioid_free_from == finding.until
    assert result.has_opioid_finding
    assert result.as_dict()["ldn_may_start_on"] == finding.until.isoformat()
    assert finding.references and "sublocade" in finding.references[-1].lower()


def test_after_the_washout_the_depot_is_an_info_finding():
    result = _result("buvidal-weekly", date(2025, 1, 1))
    assert result.verdict == "ok"
    assert [f.code for f in result.findings] == ["depot-opioid-washout-complete"]
    assert not result.has_opioid_finding


def test_an_implant_counts_from_removal_and_never_less_than_the_long_acting_interval():
    result = _result("probuphine", TODAY - timedelta(days=3))
    assert result.findings[0].until == TODAY - timedelta(days=3) + timedelta(days=14)


@given(st.sampled_from(sorted(load_depot_products())), st.integers(1, 10),
       st.integers(0, 800))
def test_the_washout_never_ends_before_the_release_period_or_the_long_acting_interval(
        key, half_lives, days_ago):
    depot = load_depot_products()[key]
    settings = ScreeningSettings(depot_half_lives=half_lives)
    last = TODAY - timedelta(days=days_ago)
    until = _result(key, last, settings=settings).findings[0].until
    assert until - last >= timedelta(days=max(depot.release_days, 14))
    more = ScreeningSettings(depot_half_lives=min(half_lives + 1, 10))
    assert _result(key, last, settings=more).findings[0].until >= until


def test_every_depot_cites_its_label():
    for depot in load_depot_products().values():
        assert depot.references and all("http" in r for r in depot.references)


@pytest.mark.parametrize(("values", "field"), [
    ({"depot_product": "sublocade"}, "last_depot_date"),
    ({"last_depot_date": TODAY}, "depot_product"),
    ({"depot_product": "nope", "last_depot_date": TODAY}, "depot_product"),
])
def test_half_or_wrong_depot_answers_are_refused_with_the_field_named(values, field):
    with pytest.raises(ScreeningInputError) as problem:
        ScreeningInput(**values)
    assert problem.value.field == field


def test_a_future_injection_date_is_refused():
    with pytest.raises(ScreeningInputError, match="after today"):
        _result("sublocade", TODAY + timedelta(days=1))


def test_a_depot_on_the_medicine_list_asks_for_its_last_injection_date():
    result = screen(ScreeningInput(medications=("Sublocade 100mg monthly",)), None, TODAY)
    assert result.verdict == "contraindicated"
    finding = next(f for f in result.findings if f.code == "opioid-use")
    assert "record the last injection" in finding.message
