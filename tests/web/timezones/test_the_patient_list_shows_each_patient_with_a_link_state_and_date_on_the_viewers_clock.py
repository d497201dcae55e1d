"""The prescriber's patient list: each row links to the chart and shows the
name, the state in words and the day the state changed, on the viewer's clock
(23:30 UTC on 14 January is 15 January in Auckland)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.urls import reverse
from django.utils.html import escape

from ldncare.web.care.models import Patient
from ldntest.world import log_in

CHANGED = datetime(2026, 1, 14, 23, 30, tzinfo=UTC)


def _row(client, world, zone: str) -> str:  # type: ignore[no-untyped-def]
    Patient._base_manager.filter(pk=world.patient.pk).update(state_changed_at=CHANGED)
    prescriber = world.users["prescriber"]
    prescriber.time_zone = zone
    prescriber.save(update_fields=["time_zone"])
    log_in(client, prescriber)
    page = client.get(reverse("care:patient_list")).content.decode()
    chart = reverse("care:patient_chart", args=[world.patient.pk])
    start = page.index(f'<tr><td><a href="{chart}">')
    return page[start:page.index("</tr>", start)]


def test_a_row_links_to_the_chart_and_names_the_patient_and_state_in_words(client, world):
    row = _row(client, world, "Europe/London")
    patient = world.patient
    assert f">{escape(patient.user.full_name)}</a>" in row
    assert (f'<span class="state state-{patient.state}">{patient.get_state_display()}</span>'
            in row)
    assert "<td>14 Jan 2026</td>" in row


def test_the_day_is_the_viewers_own(client, world):
    assert "<td>15 Jan 2026</td>" in _row(client, world, "Pacific/Auckland")
