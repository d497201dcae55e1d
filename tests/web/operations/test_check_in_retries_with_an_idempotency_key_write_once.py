"""A client that retries a check-in with the same Idempotency-Key gets the
stored check-in back and nothing is written twice (no second revision)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import CheckIn
from ldncare.web.operations.models import IdempotentWrite


@pytest.fixture
def active(world):  # type: ignore[no-untyped-def]
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=60))
    return patient


def post(client, body, key=None):  # type: ignore[no-untyped-def]
    headers = {"Idempotency-Key": key} if key is not None else {}
    return client.post("/api/journal/check-ins", json.dumps(body),
                       content_type="application/json", headers=headers)


def test_a_retry_with_the_same_key_is_answered_without_a_second_write(active, client, login):
    login(active.user)
    body = {"day": patient_today(active).isoformat(), "ratings": {"pain": 4}}
    first = post(client, body, key="c0ffee-1")
    again = post(client, {**body, "ratings": {"pain": 9}}, key="c0ffee-1")

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    row = CheckIn.objects.get(patient=active)
    assert row.revision == 1 and row.pain == 4
    assert IdempotentWrite.objects.count() == 1


def test_a_new_key_is_a_new_write(active, client, login):
    login(active.user)
    body = {"day": patient_today(active).isoformat(), "ratings": {"pain": 4}}
    post(client, body, key="k-1")
    response = post(client, {**body, "ratings": {"pain": 5}}, key="k-2")
    assert response.status_code == 201 and response.json()["revision"] == 2


def test_a_key_is_scoped_to_its_user(active, world, client, login):
    login(active.user)
    post(client, {"day": patient_today(active).isoformat()}, key="shared")
    assert IdempotentWrite.objects.get().user_id == active.user_id


@pytest.mark.parametrize("key", ["", "x" * 101, "has space", "ünïcode"])
def test_a_malformed_key_is_answered_400(active, client, login, key):
    login(active.user)
    response = post(client, {"day": patient_today(active).isoformat()}, key=key)
    assert response.status_code == 400
    assert "Idempotency-Key" in json.dumps(response.json())
    assert not CheckIn.objects.exists()
