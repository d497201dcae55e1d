"""POST /api/care/screen takes a depot and its last injection date, like the CLI."""

from __future__ import annotations

import json

import pytest


def send(client, body):  # type: ignore[no-untyped-def]
    return client.post("/api/care/screen", json.dumps(body), content_type="application/json")


def test_a_depot_gives_the_date_ldn_may_start(world, login):
    response = send(login(world.users["prescriber"]), {
        "depot_product": "sublocade", "last_depot_date": "2025-05-01", "today": "2025-06-01"})
    assert response.status_code == 200
    body = response.json()
    assert body["verdict"] == "contraindicated"
    assert body["ldn_may_start_on"] == "2026-03-25"


@pytest.mark.parametrize(("body", "field"), [
    ({"depot_product": "monthly-shot", "last_depot_date": "2025-05-01"}, "depot_product"),
    ({"depot_product": "sublocade"}, "last_depot_date"),
    ({"depot_product": "sublocade", "last_depot_date": "2025-07-01", "today": "2025-06-01"},
     "last_depot_date"),
])
def test_bad_depot_input_answers_422_naming_the_field(world, login, body, field):
    response = send(login(world.users["prescriber"]), body)
    assert response.status_code == 422
    assert field in json.dumps(response.json()["detail"])
