"""The review queue shows each patient's screening verdict and most serious
finding in words, puts contraindicated and needs-review first (then the longest
waiting), and filters by verdict, condition and waiting time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ldntest.world import log_in, make_patient
from web.prescribing.prescribing_setup import screen


def _waiting(patient, days: int, condition: str = "") -> None:  # type: ignore[no-untyped-def]
    patient.refresh_from_db()
    patient.state_changed_at = timezone.now() - timedelta(days=days)
    patient.condition = condition
    patient.save(update_fields=["state_changed_at", "condition"])


@pytest.fixture
def queue(world):  # type: ignore[no-untyped-def]
    calm = world.patient
    screen(calm)
    _waiting(calm, 10, "fibromyalgia")
    risky = make_patient("risky@a.example", world.clinic)
    screen(risky, currently_taking_opioids=True)
    _waiting(risky, 0, "crohns_disease")
    return calm, risky


def _rows(client, **query):  # type: ignore[no-untyped-def]
    response = client.get(reverse("care:review_queue"), query)
    page = response.content.decode()
    return response, page


def test_a_contraindicated_patient_comes_before_one_who_waited_longer(client, world, queue):
    calm, risky = queue
    log_in(client, world.users["prescriber"])
    _, page = _rows(client)
    assert page.index(f"Review {risky.user.full_name}") < page.index(f"Review {calm.user.full_name}")
    assert "Contraindicated" in page and "Current opioid use" in page
    assert "No concern found" in page


def test_the_condition_is_shown_in_words_not_as_a_key(client, world, queue):
    log_in(client, world.users["prescriber"])
    _, page = _rows(client)
    assert "Fibromyalgia" in page and "fibromyalgia<" not in page


def test_filtering_by_verdict_shows_only_that_verdict(client, world, queue):
    calm, risky = queue
    log_in(client, world.users["prescriber"])
    _, page = _rows(client, verdict="contraindicated")
    assert f"Review {risky.user.full_name}" in page and f"Review {calm.user.full_name}" not in page


def test_filtering_by_waiting_time_shows_only_those_who_waited_that_long(client, world, queue):
    calm, risky = queue
    log_in(client, world.users["prescriber"])
    _, page = _rows(client, waited="7")
    assert f"Review {calm.user.full_name}" in page and f"Review {risky.user.full_name}" not in page


def test_filtering_by_condition(client, world, queue):
    calm, risky = queue
    log_in(client, world.users["prescriber"])
    _, page = _rows(client, condition="crohns_disease")
    assert f"Review {risky.user.full_name}" in page and f"Review {calm.user.full_name}" not in page


def test_an_unknown_filter_value_is_refused_beside_the_field(client, world, queue):
    log_in(client, world.users["prescriber"])
    response, page = _rows(client, verdict="lethal")
    assert response.status_code == 400
    assert "Select a valid choice" in page
