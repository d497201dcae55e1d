"""The screening panel tells the clinic team the first day LDN may start after a depot."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from ldncare.screening import ScreeningInput
from ldncare.web.care.screening_services import run_screening
from ldncare.web.care.treatment import patient_today


def test_the_panel_shows_the_date_ldn_may_start(world, login):
    last = patient_today(world.patient) - timedelta(days=30)
    screening = run_screening(world.patient, trigger="prescription", actor=None,
                              inputs=ScreeningInput(depot_product="sublocade",
                                                    last_depot_date=last))
    expected = screening.result["ldn_may_start_on"]
    assert expected == (last + timedelta(days=328)).isoformat()
    page = login(world.users["clinic_staff"]).get(
        reverse("care:patient_screenings", args=[world.patient.pk])).content.decode()
    assert 'data-testid="ldn-may-start-on"' in page
    assert f"LDN may start on {expected}" in page


def test_without_a_washout_the_panel_names_no_date(world, login):
    run_screening(world.patient, trigger="prescription", actor=None,
                  inputs=ScreeningInput(medications=("vitamin d",)))
    page = login(world.users["clinic_staff"]).get(
        reverse("care:patient_screenings", args=[world.patient.pk])).content.decode()
    assert 'data-testid="ldn-may-start-on"' not in page
