"""During a trial the evening dose reminder names the period's kit code and
never a dose, so it cannot unblind the patient."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db


def test_a_trial_days_dose_reminder_names_the_kit_code_and_no_dose(world):
    from django.utils import timezone

    from ldncare.web.journal.reminders import reminders_for

    trial = trials_world.move_into_past(trials_world.make_trial(world), 16)
    period = trial.periods.get(number=2)
    now = timezone.now()
    found = reminders_for(world.patient, now - dt.timedelta(days=1), now + dt.timedelta(days=1))
    doses = [o for o in found if o.kind == "dose"]
    assert doses, "the trial's evenings get a dose reminder"
    assert all(period.code in o.subject and " mg" not in o.subject for o in doses)
