"""Approving a custom ladder off the clinic's smallest dose increment is refused
beside the form with the nearest valid plan, and nothing is prescribed."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse

from ldncare.web.care.models import Prescription
from web.prescribing.prescribing_setup import screen

#: Inside the planning horizon (two years either side of today).
SOON = (date.today() + timedelta(days=30)).isoformat()  # noqa: DTZ011


def test_an_off_increment_custom_ladder_is_refused_with_the_nearest_plan(world, client, login):
    screen(world.patient)
    world.patient.refresh_from_db()
    login(world.users["prescriber"])
    response = client.post(reverse("care:approve", kwargs={"patient_id": world.patient.pk}), {
        "protocol": "custom", "custom_start": "0.001", "custom_step": "0.501",
        "custom_every": "7", "custom_target": "4.5", "start_date": SOON,
        "time_of_day": "bedtime", "form": "capsules", "strengths": "1.5, 3, 4.5",
        "days_per_fill": "30", "refills": "1", "pharmacy": world.pharmacy.pk,
        "version": world.patient.version})
    page = response.content.decode()
    assert response.status_code == 400
    assert "smallest dose increment of 0.25 mg" in page
    assert "start 0.25 mg, step 0.5 mg, target 4.5 mg" in page
    assert not Prescription.objects.exists()
