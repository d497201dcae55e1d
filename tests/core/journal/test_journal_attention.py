from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.journal.attention import rank_patients
from ldncare.journal.rules import Action, Suggestion, Urgency


def suggestion(urgency: Urgency, day: date = date(2026, 3, 1), code: str = "x") -> Suggestion:
    return Suggestion(code=code, urgency=urgency, action=Action.REVIEW, message="m", rationale="r",
                      source="s", key=f"{code}:{day}", day=day, rules_version="v")


def test_the_patient_with_an_urgent_suggestion_comes_first():
    ranked = rank_patients({
        "ann": [suggestion(Urgency.ROUTINE)],
        "bob": [suggestion(Urgency.URGENT)],
        "cat": [suggestion(Urgency.SOON)],
    })
    assert [e.patient_ref for e in ranked] == ["bob", "cat", "ann"]


def test_patients_with_nothing_open_are_left_out():
    assert rank_patients({"ann": [], "bob": [suggestion(Urgency.SOON)]})[0].patient_ref == "bob"
    assert len(rank_patients({"ann": []})) == 0


def test_more_urgent_items_outrank_fewer():
    ranked = rank_patients({"ann": [suggestion(Urgency.URGENT)],
                            "bob": [suggestion(Urgency.URGENT), suggestion(Urgency.URGENT, code="y")]})
    assert ranked[0].patient_ref == "bob" and ranked[0].urgent == 2


def test_at_equal_urgency_the_oldest_finding_waits_least():
    ranked = rank_patients({"ann": [suggestion(Urgency.SOON, date(2026, 3, 5))],
                            "bob": [suggestion(Urgency.SOON, date(2026, 3, 1))]})
    assert [e.patient_ref for e in ranked] == ["bob", "ann"]


def test_the_entry_shows_the_most_urgent_suggestion_and_counts():
    (entry,) = rank_patients({"ann": [suggestion(Urgency.ROUTINE), suggestion(Urgency.URGENT, code="o")]})
    assert entry.top.code == "o" and (entry.urgent, entry.soon, entry.routine) == (1, 0, 1)
    assert entry.as_dict()["top"]["code"] == "o"


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text("abcdef", min_size=1, max_size=4),
                       st.lists(st.sampled_from(list(Urgency)), max_size=4), max_size=20))
def test_the_list_is_ordered_by_the_top_urgency(data):
    ranked = rank_patients({ref: [suggestion(u) for u in us] for ref, us in data.items()})
    ranks = [e.top.urgency.rank for e in ranked]
    assert ranks == sorted(ranks)
    assert {e.patient_ref for e in ranked} == {ref for ref, us in data.items() if us}
