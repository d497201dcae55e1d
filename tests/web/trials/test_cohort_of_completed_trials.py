"""The clinic's completed trials side by side per condition: each person's
benefit turned so that positive is better on the active arm, only analysed
trials, and only the clinic's own."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db


def test_an_analysed_pain_trial_shows_as_a_positive_benefit_under_its_condition(world, client):
    from ldncare.web.trials.queries import cohort
    from ldncare.web.trials.services import analyse
    from ldntest.world import log_in

    world.patient.condition = "fibromyalgia"
    world.patient.save(update_fields=["condition"])
    trial = trials_world.move_into_past(trials_world.make_trial(world), 90)
    trials_world.seed_check_ins(trial, effect=-2.0)
    analyse(trial, by=world.users["prescriber"])
    trials_world.make_trial(world, world.other_patient)  # another clinic's, not analysed

    groups = cohort(world.users["prescriber"])
    assert [g.condition for g in groups] == ["fibromyalgia"]
    row = groups[0].rows[0]
    assert row.benefit > 1 and row.low < row.benefit < row.high
    assert groups[0].better == 1
    page = log_in(client, world.users["clinic_staff"]).get("/trials/cohort/").content.decode()
    assert "Read with care" in page and "Fibromyalgia" in page


def test_the_design_page_keeps_the_input_and_says_what_is_wrong_beside_the_field(world, client):
    from ldntest.world import log_in

    trials_world.pharmacy_world.make_prescription(world)
    log_in(client, world.users["prescriber"])
    response = client.post(f"/trials/patients/{world.patient.pk}/new/", {
        "active_mg": "4.5", "comparator_mg": "4.5", "pairs": "3", "period_days": "14",
        "run_in_days": "3", "start": "2099-01-01", "primary": "pain", "meaningful": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "must differ" in page or "outside the range" in page
    assert 'value="4.5"' in page
