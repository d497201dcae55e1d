"""Outcome pages name conditions and stop reasons in words (never
``chronic_pain`` or ``lost_to_follow_up``), and the prescriber's n-of-1 page
speaks about the patient, not to them ("The patient's pain", not "Your pain")."""

from __future__ import annotations

import html as html_lib
import re

from django.urls import reverse

from ldncare.web.synthetic import load_synthetic_clinic


def _raw_keys(html: str) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", html)
    return set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text))


def test_the_dashboard_names_conditions_and_stop_reasons_in_words(world, login):
    load_synthetic_clinic(world.clinic, world.pharmacy, patients=60, months=9, seed=5)
    html = login(world.users["prescriber"]).get(reverse("insights:dashboard")).content.decode()
    assert not _raw_keys(html)
    assert "Chronic pain" in html or "chronic pain" in html


def test_the_prescribers_n_of_1_page_speaks_about_the_patient(world, login):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=12, months=6, seed=5)
    client = login(world.users["prescriber"])
    seen = 0
    for pk in list(loaded.patient_ids.values())[:6]:
        html = client.get(reverse("insights:patient_summary", args=[pk])).content.decode()
        assert not re.search(r"\bYour\b", re.sub(r"<[^>]+>", " ", html)), pk
        assert not _raw_keys(html), pk
        seen += "The patient's" in html_lib.unescape(html)
    assert seen
