"""The patient's treatment as the core reads it: the one place where
prescription rows become core values.

Two rules live here and nowhere else:

- **The current prescription** is the patient's *active* prescription (the
  newest, should there ever be two), else their newest one: a stopped patient's
  charts, schedule and history still read the plan they were on. A newer
  prescription that was stopped never hides one that is still being taken.
- **The patient's today** is the calendar day in the patient's own time zone
  (doses are taken, and journals kept, by the patient's calendar). An empty or
  unknown zone name (sign-up and profile refuse unknown names, so only an old
  row could have one) counts as UTC, never as the server's zone.

Day 1 is the prescription's ``started_on``: the day after the medicine arrived
(see :func:`ldncare.web.care.plan_writes.start_treatment`). Until then the treatment has not started: no
dose is due, no dose reminder is sent, and the schedule says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, Value, When
from django.utils import timezone

from ldncare import dosing
from ldncare.dosing import Capsules, OralLiquid, TitrationPlan
from ldncare.units import Dose, format_mg
from ldncare.web.accounts.zones import zone_of
from ldncare.web.care.models import Patient, PlanVersion, Prescription

#: What a patient reads while the medicine is on its way.
WAITING_WORDS = "Starts when your medicine arrives"


# ---------------------------------------------------------------- the patient's today


def time_zone_of(patient: Patient) -> ZoneInfo:
    """The patient's own time zone (UTC for an empty or unknown name)."""
    return zone_of(patient.user)


def local_now(patient: Patient, now: datetime | None = None) -> datetime:
    """``now`` (default: this moment) on the patient's clock."""
    return (now or timezone.now()).astimezone(time_zone_of(patient))


def patient_today(patient: Patient, now: datetime | None = None) -> date:
    """Today on the patient's calendar (at ``now``, default this moment)."""
    return local_now(patient, now).date()


# ---------------------------------------------------------------- the prescription


def current_prescription(patient: Patient) -> Prescription | None:
    """The active prescription, else the newest one (see the module docstring)."""
    return (patient.prescriptions
            .annotate(is_active=Case(When(status=Prescription.Status.ACTIVE, then=Value(1)),
                                     default=Value(0), output_field=IntegerField()))
            .select_related("patient__user")
            .order_by("-is_active", "-created_at", "-id").first())


def dosage_form(prescription: Prescription) -> Capsules | OralLiquid:
    """The prescription's capsules (strengths) or oral liquid (concentration)."""
    if prescription.form == Prescription.Form.ORAL_LIQUID:
        concentration = prescription.concentration_mg_per_ml
        assert concentration is not None, "an oral liquid prescription records its concentration"
        return OralLiquid(Decimal(concentration))
    return Capsules(tuple(Dose(s) for s in prescription.strengths_mg))


# ---------------------------------------------------------------- the treatment


@dataclass(frozen=True)
class Treatment:
    """A prescription with its current plan version, parsed once, read on ``today``."""

    prescription: Prescription
    version: PlanVersion
    plan: TitrationPlan
    today: date

    @property
    def form(self) -> Capsules | OralLiquid:
        return dosage_form(self.prescription)

    @property
    def started_on(self) -> date | None:
        """Day 1; None while the medicine is on its way."""
        return self.prescription.started_on

    day1 = started_on

    @property
    def is_waiting_for_medicine(self) -> bool:
        """Prescribed, not stopped, and the medicine has not arrived yet."""
        return self.started_on is None and self.prescription.status == Prescription.Status.ACTIVE

    @property
    def has_started(self) -> bool:
        """Day 1 has come (the patient takes doses from today on)."""
        return self.started_on is not None and self.today >= self.started_on

    @property
    def plan_in_force(self) -> TitrationPlan | None:
        """The plan, once day 1 is known; None while the medicine is on its way
        (its dates are only provisional then: no dose is due, none is reminded)."""
        return None if self.started_on is None else self.plan

    @property
    def dose_today(self) -> Dose | None:
        """Today's dose (0 mg while paused); None before day 1 or after a stop."""
        return dosing.dose_on(self.plan, self.today) if self.has_started else None

    @property
    def status_words(self) -> str:
        """Where the treatment stands, in the patient's words."""
        if self.is_waiting_for_medicine:
            return WAITING_WORDS
        if self.prescription.status == Prescription.Status.STOPPED:
            return "Your treatment is stopped"
        assert self.started_on is not None
        if not self.has_started:
            return f"Your first dose is on {self.started_on:%-d %b %Y}"
        dose = self.dose_today
        if dose is None:
            return "No dose is planned today"
        return "Paused: no dose today" if dose.mg == 0 else f"Today's dose: {dose}"


def treatment_of(prescription: Prescription, now: datetime | None = None, *,
                 version: PlanVersion | None = None) -> Treatment:
    """``prescription`` as a :class:`Treatment` (approval stores plan version 1
    with the prescription, so there is always a plan). ``version``: its current
    plan version, when the caller has already read it."""
    version = version or prescription.current_plan()
    return Treatment(prescription, version, version.titration_plan(),
                     patient_today(prescription.patient, now))


def current_treatment(patient: Patient, now: datetime | None = None) -> Treatment | None:
    """The patient's current treatment (see the module docstring), or None."""
    version = _current_version(patient)
    return None if version is None else treatment_of(version.prescription, now, version=version)


def _current_version(patient: Patient) -> PlanVersion | None:
    """The current prescription's newest plan version, with its prescription, in
    one query: the versions in :func:`current_prescription`'s order, newest version
    first within a prescription (every prescription is stored with version 1).
    The prescription's patient is ``patient`` itself (its user is joined only when
    ``patient`` was read without it): no second read of rows the caller has."""
    has_user = Patient.user.is_cached(patient)
    active_first = ExpressionWrapper(Q(prescription__status=Prescription.Status.ACTIVE),
                                     output_field=BooleanField()).desc()
    newest = (PlanVersion.objects.filter(prescription__patient_id=patient.pk)
              .select_related("prescription" if has_user else "prescription__patient__user")
              .order_by(active_first, "-prescription__created_at", "-prescription_id",
                        "-version"))
    version = next(iter(newest[:1]), None)  # [:1], not first(): the order is given
    if version is not None and has_user:
        version.prescription.patient = patient
    return version


def supply(treatment: Treatment) -> dosing.SupplySchedule | str:
    """The first fill and refills from the plan; the core's message if they cannot be made."""
    prescription = treatment.prescription
    try:
        return dosing.supply_for(treatment.plan, treatment.form,
                                 days_per_fill=prescription.days_per_fill,
                                 refills=prescription.refills)
    except dosing.DosingError as error:
        return str(error)


# ---------------------------------------------------------------- the plan in plain words

_WHEN = {"bedtime": "at bedtime", "morning": "in the morning"}


def plan_in_words(prescription: Prescription) -> list[str]:
    """The prescription as its patient reads it before agreeing to the cost:
    the medicine, how the dose goes, the supply and the pharmacy, a sentence each."""
    treatment = treatment_of(prescription)
    plan, form = treatment.plan, treatment.form
    doses = [step for step in plan.steps if not step.is_pause]
    first, target = (doses[0], plan.target) if doses else (None, None)
    words = [_form_words(form)]
    if first is not None:
        when = _WHEN.get(str(first.time_of_day), str(first.time_of_day))
        words.append(f"Start with {first.dose} {when}, the day after your medicine arrives"
                     + (f", and go up step by step to {target}; every date is on your schedule."
                        if target is not None and target.mg > first.dose.mg else "."))
    refills = prescription.refills
    words.append(f"{prescription.days_per_fill} days of medicine at a time, with {refills} "
                 f"refill{'' if refills == 1 else 's'}, from {prescription.pharmacy.name}.")
    return words


def _form_words(form: Capsules | OralLiquid) -> str:
    if isinstance(form, OralLiquid):
        return f"Low-dose naltrexone (LDN) as an oral liquid of {format_mg(form.mg_per_ml)} mg/mL."
    strengths = [str(s) for s in sorted(form.strengths, key=lambda dose: dose.mg)]
    listed = strengths[0] if len(strengths) == 1 else ", ".join(strengths[:-1]) + " and " + strengths[-1]
    return f"Low-dose naltrexone (LDN) capsules of {listed}."


def first_day_after_arrival(plan: TitrationPlan, arrived_on: date) -> date:
    """Day 1 for medicine that arrived on ``arrived_on``: the next day, but never
    before the start the prescriber planned (which may wait for an opioid-free
    interval to end)."""
    return max(arrived_on + timedelta(days=1), plan.start)
