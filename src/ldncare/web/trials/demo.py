"""Demo blinded n-of-1 trials for `make run`: two patients of the demo clinic
on LDN, each with a randomised, blinded trial run the whole way through the
house — kits compounded as pharmacy batches (lots, weights, verification by a
second person), shipped, the journal's check-ins on trial days recording the
kit code — one trial finished, analysed and unblinded, one running.

Idempotent: a trial patient who already exists is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import PathwayEvent, Patient
from ldncare.web.care.treatment import time_zone_of
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.services import CheckInAnswers, save_check_in
from ldncare.web.pharmacy import services as pharmacy
from ldncare.web.trials import services
from ldncare.web.trials.models import Trial

ON_LDN = [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED,
          State.SENT_TO_PHARMACY, State.COMPOUNDED, State.VERIFIED, State.SHIPPED, State.ACTIVE]


@dataclass(frozen=True)
class DemoTrial:
    """One demo trial patient: when their LDN and their trial began (days ago),
    the arms, and how much better (pain points) the active arm really is."""

    email: str
    name: str
    condition: str
    on_ldn_days: int
    trial_days_ago: int
    active_mg: str
    comparator_mg: str
    effect: float
    seed: int
    stage: str  # how `make run` describes the login


DEMO_TRIALS = (
    # Finished 17 days ago: 4.5 mg against placebo, a real benefit; analysed and unblinded.
    DemoTrial("trial-done@patients.example", "Tess Tremaine", "fibromyalgia", 220, 101,
              "4.5", "0", -1.8, 11, "finished and unblinded"),
    # Running, in its second period: does 1.5 mg do as well as 4.5 mg?
    DemoTrial("trial-running@patients.example", "Theo Marsh", "fibromyalgia", 160, 24,
              "4.5", "1.5", -0.4, 12, "running"),
)


def load_demo(clinic: Organisation, pharmacy_org: Organisation) -> None:
    staff = {role: User.objects.filter(organisation=org, role=role).order_by("id").first()
             for org, role in ((clinic, Role.PRESCRIBER), (pharmacy_org, Role.PHARMACIST),
                               (pharmacy_org, Role.PHARMACY_TECHNICIAN))}
    if None in staff.values():
        return
    for demo in DEMO_TRIALS:
        if not User.objects.filter(email=demo.email).exists():
            _load_trial(demo, clinic, pharmacy_org, staff)
    # The trial patients are made after the other demo patients were given
    # identity details and consents: give theirs too (it skips anyone who has them).
    from ldncare.web.care import identity_demo

    identity_demo.load_demo(clinic, pharmacy_org)


@transaction.atomic
def _load_trial(demo: DemoTrial, clinic: Organisation, pharmacy_org: Organisation,
                staff: dict[Role, User | None]) -> None:
    prescriber, pharmacist, technician = (staff[Role.PRESCRIBER], staff[Role.PHARMACIST],
                                          staff[Role.PHARMACY_TECHNICIAN])
    assert prescriber and pharmacist and technician
    today = timezone.localdate()
    patient = _patient(demo, clinic, prescriber, today)
    first_dose = today - timedelta(days=demo.on_ldn_days)
    prescription = ensure_prescription(patient, prescriber, pharmacy_org, first_dose)
    draw = random.Random(demo.seed)
    trial_start = today - timedelta(days=demo.trial_days_ago)
    _check_ins(patient, first_dose - timedelta(days=7), trial_start - timedelta(days=1), draw)
    trial = services.design_trial_for(patient, by=prescriber, seed=demo.seed, choices=(
        services.DesignChoices(Decimal(demo.active_mg), Decimal(demo.comparator_mg), 3, 14, 3,
                               today, "pain", Decimal(1))))
    trial = _move_into_past(trial, demo.trial_days_ago)
    _make_kits(trial, technician, pharmacist, trial_start - timedelta(days=7))
    _check_ins(patient, trial_start, min(trial.end, today), draw, trial=trial, effect=demo.effect)
    if trial.end < today:
        _check_ins(patient, trial.end + timedelta(days=1), today, draw)
        services.analyse(trial, by=prescriber, today=today)
    assert prescription.pk


def _patient(demo: DemoTrial, clinic: Organisation, prescriber: User, today: date) -> Patient:
    """A demo patient on LDN, with their pathway in dated steps."""
    from ldncare.web.demo import DEMO_PASSWORD

    user = User.objects.create_user(email=demo.email, password=DEMO_PASSWORD,
                                    full_name=demo.name, role=Role.PATIENT, is_demo=True,
                                    email_verified_at=timezone.now())
    joined = timezone.now() - timedelta(days=demo.on_ldn_days + 30)
    patient = Patient.objects.create(user=user, clinic=clinic, created_at=joined,
                                     condition=demo.condition)
    for i, state in enumerate(ON_LDN):
        at = joined + timedelta(days=3 * i) if state != State.ACTIVE else (
            timezone.now() - timedelta(days=demo.on_ldn_days))
        actor = user if state in (State.REGISTERED, State.INTAKE_SUBMITTED) else prescriber
        PathwayEvent.objects.create(patient=patient, state=state, actor=actor, at=at,
                                    summary=state.label)
        patient.state, patient.state_changed_at = state, at
    patient.save(update_fields=["state", "state_changed_at"])
    return patient


def _move_into_past(trial: Trial, days: int) -> Trial:
    """The demo's trial as if it had been designed ``days`` earlier (a design
    never starts in the past, so it is drawn today and moved back)."""
    shift = timedelta(days=days)
    schedule = dict(trial.schedule)
    for key in ("start", "end"):
        schedule[key] = (date.fromisoformat(schedule[key]) - shift).isoformat()
    schedule["periods"] = [{**p, "start": (date.fromisoformat(p["start"]) - shift).isoformat(),
                            "end": (date.fromisoformat(p["end"]) - shift).isoformat()}
                           for p in schedule["periods"]]
    trial.start, trial.schedule = trial.start - shift, schedule
    trial.created_at -= shift + timedelta(days=10)
    trial.save(update_fields=["start", "schedule", "created_at"])
    for period in trial.periods.all():
        period.start, period.end = period.start - shift, period.end - shift
        period.save(update_fields=["start", "end"])
    return trial


def _make_kits(trial: Trial, technician: User, pharmacist: User, made_on: date) -> None:
    """Every kit as a pharmacy batch: started and weighed by the technician,
    verified by the pharmacist, labelled; then the kit order ships."""
    for period in trial.periods.all():
        batch = services.start_kit_batch(period, by=technician, prepared_on=made_on)
        batch = pharmacy.record_weights(batch, by=technician,
                                        weights=[str(pharmacy.weight_target(batch))] * 10)
        pharmacy.verify_batch(batch, pharmacist=pharmacist)
        services.record_kit(period, by=technician)
    trial.refresh_from_db()
    assert trial.kit_order is not None
    pharmacy.ship_order(trial.kit_order, by=technician, carrier="Royal Mail",
                        tracking_number=f"RM{trial.kit_order.pk:09d}GB")


def _check_ins(patient: Patient, first: date, last: date, draw: random.Random, *,
               trial: Trial | None = None, effect: float = 0.0) -> None:
    """A pain (and sleep) rating each evening from ``first`` to ``last``: about 6
    out of 10 before LDN, a little lower on it, and ``effect`` points more on a
    trial's active periods; a missed evening now and then."""
    zone = time_zone_of(patient)
    arms = {}
    if trial is not None:
        arms = {period.start + timedelta(days=i): period.arm for period in trial.periods.all()
                for i in range((period.end - period.start).days + 1)}
    started = patient.prescriptions.order_by("id").first()
    first_dose = started.started_on if started and started.started_on else first
    day = first
    while day <= last:
        if draw.random() > 0.08:
            on_ldn = day >= first_dose
            pain = 6.3 - (0.8 if on_ldn else 0) + draw.gauss(0, 0.8)
            pain += effect if arms.get(day) == "active" else 0
            ratings = {"pain": max(0, min(10, round(pain))),
                       "sleep_quality": max(0, min(10, round(5 + draw.gauss(0, 1))))}
            answers = CheckInAnswers(dose_taken=(draw.random() > 0.05) if on_ldn else None,
                                     ratings=ratings)
            at = datetime.combine(day, time(21, 15), tzinfo=zone)
            save_check_in(patient, day, answers, now=at, evaluate_after=False)
        day += timedelta(days=1)
