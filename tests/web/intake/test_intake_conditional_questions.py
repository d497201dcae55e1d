"""Questions that depend on an earlier answer: htmx asks for them when that
answer changes, and the server hides those whose enableWhen is not met.
Without script the whole form still shows every question with its hint."""

from __future__ import annotations

import re

from django.urls import reverse

from ldncare.web.care.models import Intake


def ask(client, question: str, data: dict):  # type: ignore[no-untyped-def]
    return client.post(reverse("care:intake_questions", args=[question]), data,
                       HTTP_HX_REQUEST="true")


def wrapper(page: str, link_id: str) -> str:
    found = re.search(rf'<div id="question-{link_id}"[^>]*>', page)
    assert found, f"no wrapper for {link_id}"
    return found.group(0)


def test_the_partial_hides_a_question_whose_condition_is_not_met(world, client, login):
    login(world.users["patient"])
    page = ask(client, "opioid_recent", {"opioid_recent": "no"}).content.decode()
    for link_id in ("last_opioid_dose", "last_opioid_long_acting"):
        assert " hidden" in wrapper(page, link_id) and 'hx-swap-oob="true"' in wrapper(page, link_id)
    assert "currently_taking_opioids" not in page  # only the dependent questions come back


def test_the_partial_shows_the_question_when_its_condition_is_met(world, client, login):
    login(world.users["patient"])
    page = ask(client, "opioid_recent", {"opioid_recent": "yes",
                                         "last_opioid_dose": "2026-01-02"}).content.decode()
    assert " hidden" not in wrapper(page, "last_opioid_dose")
    assert 'value="2026-01-02"' in page  # what the patient typed is kept


def test_a_not_equal_condition_shows_medicines_until_no_medicines_is_ticked(world, client, login):
    login(world.users["patient"])
    shown = ask(client, "no_medications", {"medications": ["aspirin"]}).content.decode()
    assert " hidden" not in wrapper(shown, "medications") and 'value="aspirin"' in shown
    hidden = ask(client, "no_medications", {"no_medications": "on"}).content.decode()
    assert " hidden" in wrapper(hidden, "medications")


def test_the_partial_saves_nothing_and_refuses_unknown_questions(world, client, login):
    login(world.users["patient"])
    ask(client, "planned_procedure", {"planned_procedure": "yes"})
    assert not Intake.objects.filter(patient=world.patient).exists()
    assert ask(client, "nope", {}).status_code == 404
    assert ask(client, "pregnant", {}).status_code == 404  # nothing depends on it


def test_the_whole_form_keeps_every_question_with_its_hint_and_hides_by_stored_answers(
        world, client, login):
    from ldncare.web.care.screening_services import save_intake_draft

    login(world.users["patient"])
    save_intake_draft(world.patient, {"opioid_recent": False, "planned_procedure": True},
                      actor=world.users["patient"])
    page = client.get(reverse("care:intake")).content.decode()
    assert "intake-noscript.css" in page  # without script every question stays in view
    assert "Answer this if you said yes to" in page
    assert " hidden" in wrapper(page, "last_opioid_dose")
    assert " hidden" not in wrapper(page, "planned_surgery")
    assert 'hx-post="/patients/intake/questions/opioid_recent/"' in page


def test_the_answers_a_draft_saves_are_unchanged(world, client, login):
    login(world.users["patient"])
    client.post(reverse("care:intake"), {"action": "save", "opioid_recent": "no",
                                         "last_opioid_dose": "2026-01-02"})
    draft = Intake.objects.get(patient=world.patient)
    assert draft.answers == {"opioid_recent": False, "last_opioid_dose": "2026-01-02"}
