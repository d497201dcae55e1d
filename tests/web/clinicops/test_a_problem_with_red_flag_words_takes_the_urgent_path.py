"""A problem report whose words may describe an emergency raises an urgent alert
for the care team and shows the patient what to do now; other reports do not."""

from __future__ import annotations

from django.urls import reverse

from ldncare.web.journal.models import Suggestion
from ldntest.world import log_in


def _report(client, world, body: str, kind: str = "problem"):  # type: ignore[no-untyped-def]
    log_in(client, world.users["patient"])
    return client.post(reverse("care:requests"), {"kind": kind, "subject": "Since last night",
                                                  "body": body}, follow=True)


def test_swelling_of_the_throat_raises_an_urgent_alert_and_shows_guidance(client, world):
    response = _report(client, world, "My throat is swelling and I feel faint.")
    alert = Suggestion.objects.get(patient=world.patient)
    assert alert.urgency == "urgent" and alert.status == "open"
    page = response.content.decode()
    assert "What to do now" in page and "Swelling of the face or throat" in page


def test_the_urgent_alert_leads_the_attention_list(client, world):
    _report(client, world, "I have been thinking about suicide.")
    client.logout()
    log_in(client, world.users["prescriber"])
    page = client.get(reverse("journal:attention")).content.decode()
    assert "may describe an emergency" in page and "may be urgent" in page


def test_an_ordinary_problem_raises_no_alert_but_shows_the_emergency_line(client, world):
    response = _report(client, world, "The capsules are hard to swallow.")
    assert not Suggestion.objects.filter(patient=world.patient).exists()
    assert "If this is an emergency" in response.content.decode()


def test_a_question_with_the_same_words_is_not_treated_as_a_report(client, world):
    _report(client, world, "Does LDN interact with opioids?", kind="question")
    assert not Suggestion.objects.filter(patient=world.patient).exists()
