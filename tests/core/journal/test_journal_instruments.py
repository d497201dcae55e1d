from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.journal.errors import InstrumentError, JournalDataError
from ldncare.journal.instruments import (
    Instrument,
    InstrumentScore,
    get_instrument,
    load_instruments,
    score,
)


def all_items(code: str, value: int) -> dict[str, int]:
    return {i.code: value for i in get_instrument(code).items}


def test_the_library_holds_phq9_gad7_pgic_and_free_condition_instruments():
    codes = {i.code for i in load_instruments().instruments}
    assert {"phq-9", "gad-7", "pgic", "nrs-pain", "mfis-5"} <= codes


def test_every_instrument_records_its_licence_and_sources():
    for i in load_instruments().instruments:
        assert i.licence and i.licence_source and i.scoring_source


def test_phq9_has_nine_items_scored_zero_to_three():
    phq = get_instrument("phq-9")
    assert len(phq.items) == 9 and phq.values == {0, 1, 2, 3} and phq.score_range == (0, 27)


@pytest.mark.parametrize(("total", "band"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe"),
])
def test_phq9_totals_fall_in_the_published_severity_bands(total, band):
    answers = {str(i): 0 for i in range(1, 10)}
    left = total
    for i in range(1, 10):  # fill items 1..8 first so item 9 stays 0 unless needed
        answers[str(i)] = min(3, left)
        left -= answers[str(i)]
    result = score("phq-9", answers)
    assert result.total == total and result.band == band


@pytest.mark.parametrize(("total", "band"), [
    (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
    (15, "severe"), (21, "severe"),
])
def test_gad7_totals_fall_in_the_published_severity_bands(total, band):
    answers, left = {}, total
    for i in range(1, 8):
        answers[str(i)] = min(3, left)
        left -= answers[str(i)]
    result = score("gad-7", answers)
    assert result.total == total and result.band == band


def test_phq9_item_nine_above_not_at_all_raises_the_self_harm_flag():
    answers = all_items("phq-9", 0) | {"9": 1}
    assert score("phq-9", answers).flags == ("self_harm_thoughts",)


def test_the_self_harm_flag_fires_even_on_an_incomplete_form():
    result = score("phq-9", {"9": 2})
    assert result.total is None and "self_harm_thoughts" in result.flags


def test_phq9_with_a_missing_item_has_no_total_by_default():
    answers = all_items("phq-9", 2)
    del answers["4"]
    result = score("phq-9", answers)
    assert result.total is None and result.band is None and result.missing == ("4",)
    assert not result.complete


def test_an_unanswered_item_given_as_none_counts_as_missing():
    answers = all_items("gad-7", 1) | {"3": None}
    assert score("gad-7", answers).missing == ("3",)


def test_prorating_when_the_rule_allows_it_uses_the_mean_of_answered_items():
    phq = get_instrument("phq-9")
    lenient = Instrument.model_validate(
        phq.model_dump(by_alias=True) | {"scoring": phq.scoring.model_dump(by_alias=True) | {"prorate_up_to": 2}})
    answers = all_items("phq-9", 2) | {"1": 3}
    del answers["2"]
    result = score(lenient, answers)  # 17 over 8 items -> 2.125 x 9 = 19.125 -> 19
    assert result.total == 19 and result.prorated and result.band == "moderately severe"


def test_prorating_is_refused_beyond_the_allowed_number_of_missing_items():
    phq = get_instrument("phq-9")
    lenient = Instrument.model_validate(
        phq.model_dump(by_alias=True) | {"scoring": phq.scoring.model_dump(by_alias=True) | {"prorate_up_to": 2}})
    answers = {str(i): 1 for i in range(1, 7)}
    assert score(lenient, answers).total is None


def test_pgic_is_a_single_seven_point_item():
    assert score("pgic", {"1": 2}).band == "improved"
    assert score("pgic", {"1": 4}).band == "no change"
    assert score("pgic", {"1": 7}).band == "worse"


def test_it_rejects_an_answer_outside_the_options():
    with pytest.raises(InstrumentError, match="use one of 1, 2, 3, 4, 5, 6, 7"):
        score("pgic", {"1": 0})


def test_it_rejects_an_item_the_instrument_does_not_have():
    with pytest.raises(InstrumentError, match="has no item '10'"):
        score("phq-9", {"10": 1})


def test_it_rejects_an_unknown_instrument():
    with pytest.raises(InstrumentError, match="unknown questionnaire"):
        score("bpi", {})


def test_mfis5_sums_its_five_items_to_at_most_twenty():
    mfis = get_instrument("mfis-5")
    assert [i.code for i in mfis.items] == ["1", "9", "10", "17", "19"]
    assert score("mfis-5", all_items("mfis-5", 4)).total == 20


def test_nrs_pain_records_the_meaningful_change():
    assert get_instrument("nrs-pain").meaningful_change == 2
    assert score("nrs-pain", {"1": 7}).total == 7


def test_a_definition_with_a_gap_between_bands_is_refused():
    from ldncare.journal._data import parse_yaml
    from ldncare.journal.instruments import InstrumentLibrary
    text = """
version: x
instruments:
  - code: broken
    name: broken
    measures: x
    recall: x
    licence: x
    licence_source: x
    scoring_source: x
    options: [{value: 0, label: a}, {value: 1, label: b}]
    items: [{code: "1", text: a}, {code: "2", text: b}]
    scoring: {method: sum, missing_rule_source: x, bands: [{from: 0, to: 0, label: a}, {from: 2, to: 2, label: b}]}
"""
    with pytest.raises(JournalDataError, match="gap or overlap"):
        parse_yaml(text, InstrumentLibrary)


def test_a_score_round_trips_through_its_dict():
    result = score("gad-7", all_items("gad-7", 2), completed_at=datetime(2026, 3, 1, 9, tzinfo=UTC))
    assert InstrumentScore.from_dict(result.as_dict()) == result
    assert result.data_version == load_instruments().version


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["phq-9", "gad-7", "mfis-5"]), st.data())
def test_a_complete_form_always_totals_its_items_within_range_and_in_a_band(code, data):
    inst = get_instrument(code)
    answers = {i.code: data.draw(st.sampled_from(sorted(inst.values))) for i in inst.items}
    result = score(code, answers)
    lo, hi = inst.score_range
    assert result.total == sum(answers.values()) and lo <= result.total <= hi
    assert (result.band is not None) == bool(inst.scoring.bands)
