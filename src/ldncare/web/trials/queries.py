"""Reads of blinded n-of-1 trials: scoped lists, the current period, the
journal's primary measure, adherence per period and the clinic's cohort."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from ldncare.journal.checkin import load_catalogue
from ldncare.trials import Period
from ldncare.web.access import trials_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient
from ldncare.web.journal import queries as journal
from ldncare.web.journal.models import CheckIn
from ldncare.web.trials.models import Trial, TrialPeriod, TrialStatus, Unblinding

OPEN = (TrialStatus.DESIGNED, TrialStatus.KITS_READY)


def open_trial_for(user: User, trial_id: int) -> Trial:
    """The trial ``user`` may see, or 404 (another clinic's looks like no trial)."""
    found = trials_visible_to(user).select_related("patient__user", "prescription").filter(
        pk=trial_id).first()
    if found is None:
        raise Http404("No such trial")
    return found


def open_trial(patient: Patient) -> Trial | None:
    """The patient's trial that is designed or running (at most one)."""
    return patient.trials.filter(status__in=OPEN).first()


def measure_choices(patient: Patient) -> list[tuple[str, str]]:
    """The 0-10 ratings the patient's check-in asks: the trial's possible primary measures."""
    asked = set(journal.asked_ratings(patient))
    return [(r.code, r.label) for r in load_catalogue().ratings if r.code in asked]


def measure_label(code: str) -> str:
    return next((r.label for r in load_catalogue().ratings if r.code == code), code)


def better_direction(code: str) -> str:
    """"lower" when a high rating is worse (pain), "higher" otherwise (sleep quality)."""
    spec = next(r for r in load_catalogue().ratings if r.code == code)
    return "lower" if spec.worse_when == "high" else "higher"


def current_period(trial: Trial, today: date) -> TrialPeriod | None:
    """The period ``today`` falls in; the last one after the end; None before the start."""
    periods = list(trial.periods.all())
    if not periods or today < periods[0].start:
        return None
    return next((p for p in periods if p.start <= today <= p.end), periods[-1])


def core_periods(trial: Trial) -> list[Period]:
    return [Period(p.pair, p.number, p.arm, p.dose_mg, p.start, p.end, p.run_in_days)
            for p in trial.periods.all()]


def outcomes(trial: Trial) -> dict[date, float]:
    """The primary measure's value on each recorded day of the trial."""
    rows = CheckIn.objects.filter(patient_id=trial.patient_id, day__gte=trial.start,
                                  day__lte=trial.end).values_list("day", trial.primary)
    return {day: float(value) for day, value in rows if value is not None}


@dataclass(frozen=True)
class PeriodProgress:
    """What the clinic sees of one period while blinded: its code and dates,
    how many days have passed, how many doses were recorded as taken and how
    many days have no value of the primary measure."""

    period: TrialPeriod
    days_passed: int
    doses_taken: int
    missing_days: int

    @property
    def adherence_percent(self) -> int | None:
        if not self.days_passed:
            return None
        return round(100 * self.doses_taken / self.days_passed)


def progress(trial: Trial, today: date) -> list[PeriodProgress]:
    rows = {row.day: row for row in CheckIn.objects.filter(
        patient_id=trial.patient_id, day__gte=trial.start, day__lte=trial.end)}
    out = []
    for period in trial.periods.all():
        last = min(period.end, today)
        days = [period.start + timedelta(days=i) for i in range((last - period.start).days + 1)]
        taken = sum(1 for d in days if d in rows and rows[d].dose_taken)
        missing = sum(1 for d in days if d not in rows or getattr(rows[d], trial.primary) is None)
        out.append(PeriodProgress(period, len(days), taken, missing))
    return out


def phase(trial: Trial, today: date) -> str:
    """Where the trial stands in words the page can switch on."""
    if trial.status in (TrialStatus.STOPPED, TrialStatus.ANALYSED):
        return str(trial.status)
    if today < trial.start:
        return "not_started"
    if today > trial.end:
        return "complete"
    return "running"


def arm_label(trial: Trial, arm: str) -> str:
    dose = trial.active_mg if arm == "active" else trial.comparator_mg
    if dose == 0:
        return "placebo"
    return f"LDN {format(dose.normalize(), 'f')} mg"


def plain_result(trial: Trial) -> str:
    """The stored result in words for the patient, naming the two arms."""
    result = trial.result or {}
    estimate = float(result["estimate"])
    size, side = abs(estimate), ("lower" if estimate < 0 else "higher")
    measure = measure_label(trial.primary).lower()
    active, comparator = arm_label(trial, "active"), arm_label(trial, "comparator")
    meaningful = float(trial.meaningful)
    point = "point" if meaningful == 1 else "points"
    chance = (f"the chance that {active} is better for you than {comparator} by at least "
              f"{meaningful:g} {point} is {float(result['probability_meaningful']):.0%}")
    base = (f"On {active} your {measure} was on average {size:.1f} points {side} than on "
            f"{comparator}")
    if result["verdict"] == "no clear difference":
        return (f"{base}. That difference is within what ordinary day-to-day ups and downs "
                f"could produce, so this trial did not show a clear difference; {chance}.")
    better = side == trial.direction
    return f"{base} ({'better' if better else 'worse'}); {chance}."


def unblindings(trial: Trial) -> QuerySet[Unblinding]:
    return trial.unblindings.select_related("period", "by")


def may_see_allocation(trial: Trial) -> bool:
    """The whole allocation is shown once the analysis is stored."""
    return trial.status == TrialStatus.ANALYSED and trial.result is not None


# --- cohort ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortRow:
    trial: Trial
    measure: str
    benefit: float  # points better on the active arm (positive = better)
    low: float
    high: float
    verdict: str


@dataclass(frozen=True)
class ConditionGroup:
    condition: str
    rows: list[CohortRow]

    @property
    def median_benefit(self) -> float:
        return statistics.median(r.benefit for r in self.rows)

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.rows if r.verdict == verdict)

    @property
    def better(self) -> int:
        return self.count("active better")

    @property
    def unclear(self) -> int:
        return self.count("no clear difference")

    @property
    def worse(self) -> int:
        return self.count("comparator better")


def cohort(user: User) -> list[ConditionGroup]:
    """The clinic's analysed trials, grouped by the patient's condition: each
    individual effect as points of benefit on the active arm (the sign turned
    so that positive is better whatever the measure's direction)."""
    groups: dict[str, list[CohortRow]] = defaultdict(list)
    trials = (trials_visible_to(user).filter(status=TrialStatus.ANALYSED)
              .select_related("patient").order_by("patient__condition", "id"))
    for trial in trials:
        result: dict[str, Any] = trial.result or {}
        sign = -1.0 if trial.direction == "lower" else 1.0
        low, high = sorted((sign * float(result["low"]), sign * float(result["high"])))
        groups[trial.patient.condition or "not recorded"].append(CohortRow(
            trial, measure_label(trial.primary), sign * float(result["estimate"]), low, high,
            str(result["verdict"])))
    return [ConditionGroup(condition, rows) for condition, rows in sorted(groups.items())]


def dose_text(dose: Decimal) -> str:
    return "placebo (filler only)" if dose == 0 else f"{format(dose.normalize(), 'f')} mg"
