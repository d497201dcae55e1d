"""The patient's audit trail says who saw or changed what in words, filters by
person, action and date, and downloads as CSV with the same filters."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from ldntest.world import log_in


def _doctor_opens_the_chart(client, world) -> None:  # type: ignore[no-untyped-def]
    log_in(client, world.users["prescriber"])
    client.get(reverse("care:patient_chart", args=[world.patient.pk]))
    client.logout()


def test_a_read_of_the_chart_is_told_in_words(client, world):
    _doctor_opens_the_chart(client, world)
    log_in(client, world.users["clinic_admin"])
    page = client.get(reverse("audit:patient_trail", args=[world.patient.pk])).content.decode()
    assert f"{world.users['prescriber'].full_name} opened the chart" in page


def test_filtering_by_person_and_action(client, world):
    _doctor_opens_the_chart(client, world)
    log_in(client, world.users["clinic_admin"])
    url = reverse("audit:patient_trail", args=[world.patient.pk])
    doc = world.users["prescriber"]
    page = client.get(url, {"person": doc.pk, "action": "opened"}).content.decode()
    assert f"{doc.full_name} opened the chart" in page and "added the chart" not in page
    page = client.get(url, {"action": "created"}).content.decode()
    assert "opened the chart" not in page


def test_filtering_by_dates(client, world):
    _doctor_opens_the_chart(client, world)
    log_in(client, world.users["clinic_admin"])
    url = reverse("audit:patient_trail", args=[world.patient.pk])
    tomorrow = (timezone.now() + timedelta(days=2)).date().isoformat()
    page = client.get(url, {"since": tomorrow}).content.decode()
    assert "opened the chart" not in page and "No entries match these filters" in page


def test_the_end_date_before_the_start_is_refused_beside_the_field(client, world):
    log_in(client, world.users["clinic_admin"])
    response = client.get(reverse("audit:patient_trail", args=[world.patient.pk]),
                          {"since": "2026-05-02", "until": "2026-05-01"})
    assert response.status_code == 400
    assert "Choose a day on or after the first day." in response.content.decode()


def test_the_csv_export_has_the_same_words_and_filters(client, world):
    _doctor_opens_the_chart(client, world)
    log_in(client, world.users["clinic_admin"])
    response = client.get(reverse("audit:patient_trail_csv", args=[world.patient.pk]),
                          {"action": "opened", "person": world.users["prescriber"].pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["when (UTC)", "who", "action"]
    assert rows[1:] and all(r[2] == "opened" for r in rows[1:])
    assert any(r[4] == f"{world.users['prescriber'].full_name} opened the chart" for r in rows)
