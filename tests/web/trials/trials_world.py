"""Builders for trial tests: a patient on LDN with a designed trial, the trial
moved into the past, and journal check-ins seeded for its days."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from decimal import Decimal
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parents[1] / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def choices(start=None, **overrides):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from ldncare.web.trials.services import DesignChoices

    values = {"active_mg": Decimal("4.5"), "comparator_mg": Decimal("0"), "pairs": 3,
              "period_days": 14, "run_in_days": 3, "start": start or timezone.localdate(),
              "primary": "pain", "meaningful": Decimal("1")}
    values.update(overrides)
    return DesignChoices(**values)


def make_trial(world, patient=None, *, seed=7, **overrides):  # type: ignore[no-untyped-def]
    """A designed trial on a fresh prescription of ``patient`` (the world's)."""
    from ldncare.web.trials.services import design_trial_for

    patient = patient or world.patient
    pharmacy_world.make_prescription(world, patient)
    prescriber = world.users["prescriber"] if patient == world.patient else _other_prescriber(world)
    return design_trial_for(patient, by=prescriber, choices=choices(**overrides), seed=seed)


def _other_prescriber(world):  # type: ignore[no-untyped-def]
    from ldncare.web.accounts.models import User
    from ldntest.world import make_user

    found = User.objects.filter(email="doc@b.example").first()
    return found or make_user("doc@b.example", "prescriber", world.other_clinic)


def move_into_past(trial, days: int):  # type: ignore[no-untyped-def]
    """Shift the whole trial ``days`` earlier (as if it had started then)."""
    shift = dt.timedelta(days=days)
    trial.start -= shift
    schedule = dict(trial.schedule)
    for key in ("start", "end"):
        schedule[key] = (dt.date.fromisoformat(schedule[key]) - shift).isoformat()
    schedule["periods"] = [{**p, "start": (dt.date.fromisoformat(p["start"]) - shift).isoformat(),
                            "end": (dt.date.fromisoformat(p["end"]) - shift).isoformat()}
                           for p in schedule["periods"]]
    trial.schedule = schedule
    trial.save(update_fields=["start", "schedule"])
    for period in trial.periods.all():
        period.start -= shift
        period.end -= shift
        period.save(update_fields=["start", "end"])
    from ldncare.web.journal.models import CheckIn

    # The check-ins already recorded move with their periods (earliest first: no clash).
    for row in CheckIn.objects.filter(patient_id=trial.patient_id).order_by("day"):
        row.day -= shift
        row.save(update_fields=["day"])
    return trial


def seed_check_ins(trial, *, effect: float = -2.0, seed: int = 1, until=None,  # type: ignore[no-untyped-def]
                   skip_every: int = 0, since=None):
    """A pain rating for each day of the trial (to ``until``): 6 ± noise, plus
    ``effect`` on the active arm's days; every ``skip_every``-th day missing."""
    from ldncare.web.journal.models import CheckIn

    draw = random.Random(seed)
    for period in trial.periods.all():
        day = period.start
        while day <= period.end and (until is None or day <= until):
            index = (day - trial.start).days
            if not (skip_every and index % skip_every == 0) and (since is None or day >= since):
                value = 6 + draw.gauss(0, 0.7) + (effect if period.arm == "active" else 0)
                CheckIn.objects.create(patient_id=trial.patient_id, day=day, dose_taken=True,
                                       pain=max(0, min(10, round(value))))
            day += dt.timedelta(days=1)


def make_kits(world, trial, *, label=True):  # type: ignore[no-untyped-def]
    """Every kit of ``trial`` through the pharmacy like any batch: the
    technician starts and weighs each kit's batch, the pharmacist verifies it,
    and (``label``) the kit is recorded as labelled."""
    from ldncare.web.pharmacy.services import record_weights, verify_batch
    from ldncare.web.trials.services import record_kit, start_kit_batch

    pharmacy_world.dispensing_details(trial.pharmacy)
    tech, rph = world.users["pharmacy_technician"], world.users["pharmacist"]
    for period in trial.periods.all():
        batch = start_kit_batch(period, by=tech)
        batch = record_weights(batch, by=tech, weights=[batch.calculation["fill_weight_mg"]] * 10)
        verify_batch(batch, pharmacist=rph)
        if label:
            record_kit(period, by=tech)
    trial.refresh_from_db()
    return trial
