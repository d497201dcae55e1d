"""A short public glossary explains the medical words patients meet (titration,
compounding, opioid, ...) in everyday language; each entry that states a fact
names a source a reader can follow; patient pages link to it."""

from __future__ import annotations

import re

from django.urls import reverse

from ldncare.web.library.views import _glossary


def test_anyone_can_read_the_words_a_patient_meets(db, client):
    page = client.get(reverse("library:glossary")).content.decode()
    for word in ("Titration", "Compounding", "Opioid", "Naltrexone", "Dose step", "Flare"):
        assert f">{word}" in page, word


def test_every_fact_in_the_glossary_names_a_source_a_reader_can_follow():
    for entry in _glossary():
        assert entry["plain"] and len(entry["plain"]) < 400
        if "source" in entry:
            assert re.search(r"https?://|doi:10\.", entry["source"]), entry["id"]
            assert "clinical-facts" not in entry["source"] and "§" not in entry["source"]


def test_the_opioid_entry_says_to_tell_the_clinic():
    opioid = next(e for e in _glossary() if e["id"] == "opioid")
    assert "Tell your clinic" in opioid["plain"] and "withdrawal" in opioid["plain"]


def test_the_patients_journal_and_every_page_footer_link_to_the_glossary(world, client, login):
    login(world.users["patient"])
    page = client.get(reverse("journal:home")).content.decode()
    assert page.count(reverse("library:glossary")) >= 2  # the journal's links and the footer
