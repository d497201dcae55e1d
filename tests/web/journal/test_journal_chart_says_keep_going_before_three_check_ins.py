"""With fewer than three check-ins the journal shows a friendly "keep going"
note (how many so far, how many more) instead of an empty or broken chart."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from ldncare.web.care.treatment import patient_today
from ldncare.web.journal import charts
from ldncare.web.journal.services import CheckInAnswers, save_check_in


@pytest.mark.parametrize(("count", "words"), [(0, "No check-ins yet"), (1, "1 check-in so far"),
                                              (2, "2 check-ins so far")])
def test_the_note_counts_the_check_ins_and_says_how_many_more(count, words):
    note = charts.keep_going(count)
    assert note.startswith(words) and "keep going" in note
    assert f"({charts.KEEP_GOING_MIN - count} more)" in note


def test_three_check_ins_need_no_note():
    assert charts.keep_going(3) == ""


def test_the_journal_page_shows_the_note_then_the_chart(world, client, login):
    login(world.users["patient"])
    today = patient_today(world.patient)
    save_check_in(world.patient, today, CheckInAnswers(ratings={"pain": 4}), evaluate_after=False)
    page = client.get(reverse("journal:home")).content.decode()
    assert "1 check-in so far: keep going" in page and "<svg" not in page
    for n in (1, 2):
        save_check_in(world.patient, today - timedelta(days=n), CheckInAnswers(ratings={"pain": 5}),
                      evaluate_after=False)
    page = client.get(reverse("journal:home")).content.decode()
    assert "keep going" not in page and page.count("<svg") == 2  # wide and phone-sized
