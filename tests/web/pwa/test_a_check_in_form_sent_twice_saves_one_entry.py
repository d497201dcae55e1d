"""The check-in form carries a key made for that one filling: sent twice (a
double tap, or a check-in queued offline and sent again when back online), it
is saved once, and the second send answers as the first did."""

from __future__ import annotations

import re

from django.urls import reverse

from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.models import CheckIn
from ldncare.web.operations.models import IdempotentWrite


def _fill_key(client) -> str:
    page = client.get(reverse("journal:home")).content.decode()
    found = re.search(r'name="idempotency_key" value="([^"]+)"', page)
    assert found, "the check-in form carries a hidden idempotency key"
    return found.group(1)


def test_the_same_filled_form_sent_twice_makes_one_entry_with_one_revision(world, client, login):
    login(world.users["patient"])
    key = _fill_key(client)
    form = {"day": patient_today(world.patient).isoformat(), "dose_taken": "yes",
            "rating_pain": "3", "idempotency_key": key}
    first = client.post(reverse("journal:home"), form)
    second = client.post(reverse("journal:home"), form)
    assert first.status_code == second.status_code == 302
    row = CheckIn.objects.get(patient=world.patient)
    assert row.revision == 1 and row.pain == 3
    assert IdempotentWrite.objects.filter(key=key).count() == 1


def test_each_page_load_gets_a_new_key_so_a_later_edit_is_saved(world, client, login):
    login(world.users["patient"])
    day = patient_today(world.patient).isoformat()
    client.post(reverse("journal:home"), {"day": day, "dose_taken": "yes", "rating_pain": "3",
                                          "idempotency_key": _fill_key(client)})
    client.post(reverse("journal:home"), {"day": day, "dose_taken": "yes", "rating_pain": "5",
                                          "idempotency_key": _fill_key(client)})
    row = CheckIn.objects.get(patient=world.patient)
    assert row.revision == 2 and row.pain == 5


def test_the_form_still_works_without_a_key(world, client, login):
    login(world.users["patient"])
    response = client.post(reverse("journal:home"), {
        "day": patient_today(world.patient).isoformat(), "dose_taken": "yes"})
    assert response.status_code == 302
    assert CheckIn.objects.filter(patient=world.patient).count() == 1


def test_a_damaged_key_is_refused_and_nothing_is_saved(world, client, login):
    login(world.users["patient"])
    response = client.post(reverse("journal:home"), {
        "day": patient_today(world.patient).isoformat(), "dose_taken": "yes",
        "idempotency_key": "two words"})
    assert response.status_code == 400
    assert b"reload the page" in response.content
    assert not CheckIn.objects.exists()
