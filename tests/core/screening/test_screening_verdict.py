"""The verdict: most severe finding wins; unrecognised text is never ok; adding never lowers."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.screening import ScreeningInput, screen
from ldncare.screening.engine import VERDICTS

TODAY = date(2025, 6, 1)
SAMPLES = ["Percocet 10/325", "metformin 500mg", "levothyroxine 50mcg", "Imodium", "xyzzy",
           "kratom", "Tylenol", "LDN 4.5mg", "Narcan", "oxycodne", "vitamin D", "Vivitrol",
           "tacrolimus", "Robitussin DM", "zinc", "blah blah 10mg"]
medicine_text = st.one_of(st.sampled_from(SAMPLES),
                          st.text(min_size=1, max_size=30).filter(lambda s: s.strip()))


def _rank(verdict: str) -> int:
    return VERDICTS.index(verdict)


def _verdict(meds) -> str:
    return screen(ScreeningInput(medications=tuple(meds)), None, TODAY).verdict


def test_contraindicated_outranks_needs_review_which_outranks_caution():
    assert _verdict(["xyzzy", "Percocet"]) == "contraindicated"
    assert _verdict(["xyzzy", "levothyroxine"]) == "needs_review"
    assert _verdict(["metformin", "levothyroxine"]) == "caution"
    assert _verdict(["metformin"]) == "ok"


def test_an_unrecognised_medicine_makes_the_verdict_needs_review_naming_its_text():
    result = screen(ScreeningInput(medications=("xyzzy 20mg",)), None, TODAY)
    assert result.verdict == "needs_review"
    assert "xyzzy" in result.findings[0].message
    assert result.findings[0].applies_to == "xyzzy 20mg"


@settings(max_examples=60, deadline=None)
@given(st.lists(medicine_text, max_size=4), medicine_text)
def test_adding_any_medicine_never_lowers_the_verdict(meds, extra):
    before = _verdict(meds)
    after = _verdict([*meds, extra])
    assert _rank(after) >= _rank(before)


@settings(max_examples=60, deadline=None)
@given(st.lists(medicine_text, min_size=1, max_size=4))
def test_the_verdict_is_never_ok_when_any_medicine_is_unrecognised(meds):
    result = screen(ScreeningInput(medications=tuple(meds)), None, TODAY)
    if any(not m.recognised for m in result.medications):
        assert result.verdict in ("needs_review", "contraindicated")


@settings(max_examples=40, deadline=None)
@given(st.lists(medicine_text, max_size=3))
def test_any_opioid_in_the_list_makes_it_contraindicated(meds):
    assert _verdict([*meds, "Tylenol #3"]) == "contraindicated"
