"""Which red flags raise which guidance is data; crisis numbers come first;
a clinic's own texts replace the defaults; every default has a source."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldncare.journal.checkin import load_catalogue, record_check_in
from ldncare.journal.errors import JournalError
from ldncare.journal.guidance import (
    ClinicGuidance,
    Level,
    check_clinic_guidance,
    crisis_contacts,
    escalation_hours,
    guidance_for,
    load_guidance,
    triggered,
)
from ldncare.journal.rules import Treatment

DAY = date(2026, 3, 1)


def check_in(side_effects=None, events=()):
    return record_check_in(day=DAY, recorded_at=datetime(2026, 3, 1, 21, tzinfo=UTC),
                           time_zone="UTC", side_effects=side_effects or {},
                           events=frozenset(events))


@pytest.mark.parametrize(("side_effect", "guidance"), [
    ("low_mood_or_self_harm_thoughts", "self_harm"),
    ("rash_or_swelling", "allergic_reaction"),
    ("liver_warning_signs", "liver_warning"),
    ("opioid_withdrawal_signs", "opioid_withdrawal"),
    ("thyroid_overactive_signs", "thyroid_overactive"),
])
def test_each_red_flag_side_effect_raises_its_guidance(side_effect, guidance):
    assert triggered(check_in({side_effect: "mild"})) == (guidance,)


@pytest.mark.parametrize(("event", "guidance"), [("new_opioid", "new_opioid"),
                                                 ("pregnant", "pregnancy")])
def test_a_reported_event_raises_its_guidance(event, guidance):
    assert triggered(check_in(events=[event])) == (guidance,)


def test_phq9_item_9_raises_the_self_harm_guidance():
    assert triggered(flags=["self_harm_thoughts"]) == ("self_harm",)


def test_any_severe_side_effect_raises_the_severe_side_effect_guidance():
    assert triggered(check_in({"headache": "severe"})) == ("severe_side_effect",)
    assert triggered(check_in({"headache": "moderate"})) == ()


def test_every_red_flag_in_the_check_in_has_guidance():
    flags = [s.code for s in load_catalogue().side_effects if s.red_flag]
    assert all(triggered(check_in({code: "mild"})) for code in flags)


@given(st.sets(st.sampled_from([s.code for s in load_catalogue().side_effects]), max_size=6),
       st.sampled_from(["mild", "moderate", "severe"]))
def test_guidance_is_always_most_urgent_first(codes, severity):
    found = guidance_for(triggered(check_in(dict.fromkeys(codes, severity))))
    ranks = [g.level.rank for g in found]
    assert ranks == sorted(ranks)


def test_every_default_text_has_a_source_and_no_research_note_reference():
    book = load_guidance()
    for entry in [*book.guidance, *book.crisis_lines, *book.emergency_numbers]:
        assert entry.source and ".md" not in entry.source and "§" not in entry.source


def test_self_harm_guidance_lists_the_clinics_line_then_the_countrys_crisis_line_and_emergency():
    found = guidance_for(["self_harm"], ClinicGuidance(country="US", crisis_line="555 0100"))
    phones = [c.phone for c in found[0].crisis]
    assert phones == ["555 0100", "988", "911"]
    assert found[0].level is Level.EMERGENCY


def test_without_a_country_the_patient_is_told_to_call_the_local_emergency_number():
    contacts = crisis_contacts(ClinicGuidance())
    assert [c.phone for c in contacts] == ["your local emergency number"]


def test_a_clinics_text_replaces_the_default_and_says_so():
    own = guidance_for(["liver_warning"], ClinicGuidance(texts={"liver_warning": "Call us."}))[0]
    assert own.text == "Call us." and own.clinic_text and own.source == "your clinic"
    default = guidance_for(["liver_warning"])[0]
    assert not default.clinic_text and "label" in default.source


def test_escalation_defaults_to_the_data_and_follows_the_clinic():
    assert escalation_hours(ClinicGuidance()) == load_guidance().escalation.after_hours.value
    assert escalation_hours(ClinicGuidance(escalate_after_hours=1)) == 1


@pytest.mark.parametrize(("choices", "field"), [
    (ClinicGuidance(country="XX"), "country"),
    (ClinicGuidance(crisis_line="1" * 201), "crisis_line"),
    (ClinicGuidance(texts={"made_up": "x"}), "texts"),
    (ClinicGuidance(texts={"self_harm": "x" * 1501}), "self_harm"),
    (ClinicGuidance(escalate_after_hours=0), "escalate_after_hours"),
    (ClinicGuidance(escalate_after_hours=73), "escalate_after_hours"),
])
def test_a_clinics_bad_choice_is_refused_naming_the_field(choices, field):
    with pytest.raises(JournalError, match=field):
        check_clinic_guidance(choices)


def test_the_patient_is_told_the_clinic_knows_only_when_its_rule_alerts_in_their_state():
    active = guidance_for(["severe_side_effect"], treatment=Treatment.ACTIVE)[0]
    stopped = guidance_for(["severe_side_effect", "self_harm"], treatment=Treatment.STOPPED)
    assert active.clinic_told
    assert [g.clinic_told for g in stopped] == [False, True]  # red flags alert in every state
