"""Patient pages speak plainly: no rule codes, raw keys or internal research
notes, even right after a red flag."""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from ldncare.journal.instruments import get_instrument
from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.services import schedule_questionnaire

RAW = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+-[a-z]+-rule\b|\.md\b|§")


class VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._skip += tag in ("script", "style", "title")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._skip -= tag in ("script", "style", "title") and self._skip > 0

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture
def reported(world, client, login):
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    today = patient_today(patient)
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        today - timedelta(days=30))
    schedule_questionnaire(patient, instrument="phq-9", start=today, every_days=28, until=None,
                           actor=world.users["prescriber"])
    login(world.users["patient"])
    client.post(reverse("journal:home"), {
        "day": today.isoformat(), "dose_taken": "yes", "events": ["new_opioid", "pregnant"],
        **{f"side_effect_{code}": "severe" for code in (
            "low_mood_or_self_harm_thoughts", "rash_or_swelling", "liver_warning_signs",
            "opioid_withdrawal_signs", "thyroid_overactive_signs", "headache")}})
    answers = {item.code: "2" for item in get_instrument("phq-9").items}
    response = client.post(reverse("journal:questionnaire", args=["phq-9"]), answers)
    return response["Location"]


def test_no_patient_page_shows_a_code_a_raw_key_or_a_research_note(reported, client):
    for url in (reverse("journal:home"), reported, reverse("journal:preferences"),
                reverse("journal:questionnaire", args=["phq-9"])):
        text = visible(client.get(url).content.decode())
        assert not RAW.findall(text), (url, RAW.findall(text))
