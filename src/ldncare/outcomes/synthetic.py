"""A synthetic clinic: realistic-looking LDN courses with known, planted effects.

Used by the demo data (the web layer loads it), the tests (the analysis must
recover what was planted) and the benchmarks. **Nothing here is a clinical
fact**: response rates, effect sizes and dropout rates are parameters chosen
to look plausible, not estimates from the literature. What *is* taken from
the research files:

- titration 1.5 mg, +1.5 mg every 14 days, to 4.5 mg (a protocol of
  ``dosing.yaml``, with its source);
- side effects that start early after a start or a step and settle within
  about 10–14 days: vivid dreams, insomnia, headache, nausea (§5.2; LDN Norge,
  tier C; Younger 2009/2013, tier A);
- holding a step, or going back to a lower dose, when side effects appear
  (§2.4; Kresser KB, LDN RT UK Info Pack).

Each patient has their own random stream (``seed`` and patient number), so a
patient's course does not depend on how many patients are generated.
Daily ratings are whole numbers 0–10: a baseline level plus AR(1) day-to-day
noise (φ = 0.5, marginal SD 1), plus, for planted responders, an effect that
scales with dose/4.5 mg and builds up with a time constant of ``onset_days``.
For non-responders the planted effect is exactly zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.nof1 import DosePeriod

GENERATOR_VERSION = "synthetic-clinic-2"
RATINGS = ("pain", "fatigue", "mood", "brain_fog", "sleep")
TARGET_DOSE = Decimal("4.5")
STEP_DOSES = (Decimal("1.5"), Decimal("3.0"), Decimal("4.5"))
STEP_DAYS = 14
BASELINE_DAYS = 14
AR_PHI = 0.5
SIDE_EFFECTS = ("vivid_dreams", "insomnia", "headache", "nausea")
#: (condition, share of patients, share planted as responders). Synthetic, not evidence.
CONDITIONS = (
    ("fibromyalgia", 0.30, 0.45), ("long_covid", 0.20, 0.50), ("me_cfs", 0.15, 0.45),
    ("multiple_sclerosis", 0.15, 0.40), ("crohns_disease", 0.10, 0.55),
    ("chronic_pain", 0.10, 0.35),
)
STOP_REASONS = ("side_effects", "no_benefit", "lost_to_follow_up", "cost")


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One day's journal entry: 0–10 ratings (None = not rated) and whether the dose was taken."""

    day: date
    pain: int | None
    fatigue: int | None
    mood: int | None
    brain_fog: int | None
    sleep: int | None
    dose_taken: bool


@dataclass(frozen=True, slots=True)
class DoseStep:
    """From ``start`` the nightly dose is ``dose`` mg naltrexone HCl."""

    start: date
    dose: Decimal


@dataclass(frozen=True, slots=True)
class SideEffectEpisode:
    name: str
    onset: date
    resolved: date | None

    @property
    def days(self) -> int | None:
        return None if self.resolved is None else (self.resolved - self.onset).days


@dataclass(frozen=True, slots=True)
class QuestionnaireScore:
    """A questionnaire result; PGIC is scored as published and as the journal stores it:
    1 (very much improved) … 7 (very much worse)."""

    day: date
    instrument: str
    score: int


@dataclass(frozen=True, slots=True)
class PlantedEffect:
    """What the generator built in: the change at 4.5 mg once fully built up."""

    responder: bool
    full_dose_change: Mapping[str, float]
    onset_days: float


@dataclass(frozen=True, slots=True)
class SyntheticPatient:
    patient_id: str
    condition: str
    first_check_in: date
    start_date: date
    dose_steps: tuple[DoseStep, ...]
    check_ins: tuple[CheckIn, ...]
    side_effects: tuple[SideEffectEpisode, ...]
    questionnaires: tuple[QuestionnaireScore, ...]
    medication_changes: tuple[date, ...]
    stopped_on: date | None
    stop_reason: str | None
    last_seen: date
    planted: PlantedEffect

    def series(self) -> dict[str, dict[date, float]]:
        """Ratings and questionnaire scores as ``{measure: {day: value}}`` for :func:`analyse_patient`."""
        out: dict[str, dict[date, float]] = {name: {} for name in RATINGS}
        for entry in self.check_ins:
            for name in RATINGS:
                value = getattr(entry, name)
                if value is not None:
                    out[name][entry.day] = float(value)
        for score in self.questionnaires:
            out.setdefault(score.instrument, {})[score.day] = float(score.score)
        return out

    def dose_periods(self) -> tuple[DosePeriod, ...]:
        """The dose steps as consecutive periods, the last ending at the stop (or open)."""
        periods = []
        for step, after in zip(self.dose_steps, (*self.dose_steps[1:], None), strict=True):
            end = after.start - timedelta(days=1) if after else self.stopped_on
            kind = "maintenance" if after is None and step.dose == TARGET_DOSE else "titration"
            periods.append(DosePeriod(step.start, end, step.dose,
                                      f"{kind} {step.dose.normalize():f} mg from {step.start}"))
        return tuple(periods)

    def highest_dose(self) -> Decimal:
        return max(step.dose for step in self.dose_steps)

    def reached_target_on(self, target: Decimal = TARGET_DOSE) -> date | None:
        for step in self.dose_steps:
            if step.dose >= target:
                return step.start
        return None


@dataclass(frozen=True)
class SyntheticClinic:
    patients: tuple[SyntheticPatient, ...]
    seed: int
    months: int
    start: date
    end: date
    version: str = GENERATOR_VERSION


# ------------------------------------------------------------------ generation


def _ar1_noise(rng: np.random.Generator, days: int, count: int) -> np.ndarray:
    """``count`` independent AR(1) series (φ = 0.5, marginal SD 1) of ``days`` days."""
    innovations = rng.standard_normal((count, days + 30)) * np.sqrt(1 - AR_PHI**2)
    kernel = AR_PHI ** np.arange(30)
    return np.stack([np.convolve(row, kernel)[30:days + 30] for row in innovations])


def _build_up(dose_fraction: np.ndarray, onset_days: float) -> np.ndarray:
    """Exponential approach to the current dose fraction, time constant ``onset_days``."""
    decay = np.exp(-1 / onset_days)
    kernel = (1 - decay) * decay ** np.arange(int(onset_days * 8))
    return np.convolve(dose_fraction, kernel)[: len(dose_fraction)]


def _dose_fraction(steps: Sequence[DoseStep], start: date, days: int) -> np.ndarray:
    fraction = np.zeros(days)
    for step in steps:
        index = (step.start - start).days
        if index < days:
            fraction[max(0, index):] = float(step.dose / TARGET_DOSE)
    return fraction


def planted_change(patient: SyntheticPatient, measure: str, start: date, end: date) -> float:
    """The mean planted change of ``measure`` over ``start``..``end`` (what the analysis should find)."""
    full = patient.planted.full_dose_change.get(measure, 0.0)
    if full == 0.0:
        return 0.0
    days = (end - patient.first_check_in).days + 1
    profile = _build_up(_dose_fraction(patient.dose_steps, patient.first_check_in, days),
                        patient.planted.onset_days)
    return float(full * profile[(start - patient.first_check_in).days:].mean())


def _titrate(rng: np.random.Generator, start: date, episodes_at: list[date]
             ) -> tuple[list[DoseStep], bool]:
    """The standard plan, with a held step or a step back for some side effects."""
    steps = [DoseStep(start, STEP_DOSES[0])]
    day = start
    for dose in STEP_DOSES[1:]:
        day += timedelta(days=STEP_DAYS)
        if episodes_at and rng.random() < 0.25:
            day += timedelta(days=STEP_DAYS)  # held: wait for side effects to settle
        steps.append(DoseStep(day, dose))
        episodes_at.append(day)
    if episodes_at and rng.random() < 0.08:
        back = steps[-1].start + timedelta(days=int(rng.integers(5, 20)))
        steps.append(DoseStep(back, STEP_DOSES[0]))  # intolerant: back to the lowest dose
        return steps, True
    return steps, False


def _side_effects(rng: np.random.Generator, start: date) -> list[SideEffectEpisode]:
    if rng.random() >= 0.35:
        return []
    episodes = []
    for name in rng.choice(SIDE_EFFECTS, size=int(rng.integers(1, 3)), replace=False):
        onset = start + timedelta(days=int(rng.integers(0, 6)))
        resolved = onset + timedelta(days=int(rng.integers(3, 15))) if rng.random() < 0.9 else None
        episodes.append(SideEffectEpisode(str(name), onset, resolved))
    return episodes


def _stop(rng: np.random.Generator, start: date, responder: bool, had_effects: bool,
          end: date) -> tuple[date | None, str | None]:
    """When and why a patient stops, or (None, None) if they are still on LDN at ``end``."""
    candidates: list[tuple[date, str]] = []
    if had_effects and rng.random() < 0.3:
        candidates.append((start + timedelta(days=int(rng.integers(7, 42))), "side_effects"))
    if not responder and rng.random() < 0.45:
        candidates.append((start + timedelta(days=int(rng.integers(84, 130))), "no_benefit"))
    candidates.append((start + timedelta(days=int(rng.exponential(900))), "lost_to_follow_up"))
    if rng.random() < 0.05:
        candidates.append((start + timedelta(days=int(rng.integers(30, 300))), "cost"))
    day, reason = min(candidates)
    return (day, reason) if day < end else (None, None)


def _ratings(rng: np.random.Generator, planted: PlantedEffect, steps: Sequence[DoseStep],
             first: date, days: int) -> np.ndarray:
    """Integer 0–10 ratings, shape (5, days), NaN where not rated."""
    levels = np.array([rng.uniform(4, 7), rng.uniform(4, 7.5), rng.uniform(3.5, 6),
                       rng.uniform(3, 6), rng.uniform(3.5, 6)])
    profile = _build_up(_dose_fraction(steps, first, days), planted.onset_days)
    effects = np.array([planted.full_dose_change.get(name, 0.0) for name in RATINGS])
    values = levels[:, None] + _ar1_noise(rng, days, len(RATINGS)) + effects[:, None] * profile
    values = np.clip(np.rint(values), 0, 10)
    missing = rng.random(days) < 0.12
    if rng.random() < 0.2:  # a longer gap: holiday, flare, lost phone
        gap_start = int(rng.integers(0, days))
        missing[gap_start:gap_start + int(rng.integers(7, 15))] = True
    values[:, missing] = np.nan
    return values


def _planted(rng: np.random.Generator, responder_share: float) -> PlantedEffect:
    if rng.random() >= responder_share:
        return PlantedEffect(False, {name: 0.0 for name in RATINGS}, 7.0)
    return PlantedEffect(True, {
        "pain": -round(float(rng.uniform(1.5, 3.5)), 2),
        "fatigue": -round(float(rng.uniform(1.0, 3.0)), 2),
        "mood": round(float(rng.uniform(0.5, 1.5)), 2),
        "brain_fog": -round(float(rng.uniform(0.5, 2.0)), 2),
        "sleep": round(float(rng.uniform(0.0, 1.0)), 2),
    }, float(rng.uniform(5, 12)))


def _pgic(rng: np.random.Generator, responder: bool, start: date, last: date
          ) -> list[QuestionnaireScore]:
    scores = []
    for week in (12, 24):
        day = start + timedelta(weeks=week)
        if day <= last:
            score = int(rng.choice([2, 1, 3], p=[0.6, 0.25, 0.15]) if responder
                        else rng.choice([5, 4, 3], p=[0.15, 0.6, 0.25]))
            scores.append(QuestionnaireScore(day, "pgic", score))
    return scores


def _check_in(day: date, ratings: np.ndarray, *, dose_taken: bool) -> CheckIn:
    """The day's entry from its column of five ratings (NaN = not rated), in ``RATINGS`` order."""
    pain, fatigue, mood, brain_fog, sleep = (None if np.isnan(v) else int(v) for v in ratings)
    return CheckIn(day, pain, fatigue, mood, brain_fog, sleep, dose_taken=dose_taken)


def generate_patient(number: int, *, seed: int, start: date, end: date) -> SyntheticPatient:
    """Patient ``number`` of the clinic (deterministic for ``seed`` and ``number``)."""
    rng = np.random.default_rng([seed, number])
    names, shares, responder_shares = zip(*CONDITIONS, strict=True)
    which = int(rng.choice(len(names), p=np.array(shares) / sum(shares)))
    enrol_window = max(1, ((end - start).days - BASELINE_DAYS) // 4)
    first = start + timedelta(days=int(rng.integers(0, enrol_window)))
    dose_start = first + timedelta(days=BASELINE_DAYS)
    planted = _planted(rng, responder_shares[which])
    effects = _side_effects(rng, dose_start)
    steps, stepped_back = _titrate(rng, dose_start, [e.onset for e in effects])
    stopped_on, reason = _stop(rng, dose_start, planted.responder, bool(effects), end)
    last = min(stopped_on or end, end)
    steps = [s for s in steps if s.start <= last]
    days = (last - first).days + 1
    ratings = _ratings(rng, planted, steps, first, days)
    taken = rng.random(days) >= 0.05
    check_ins = tuple(
        _check_in(first + timedelta(days=i), ratings[:, i],
                  dose_taken=bool(taken[i]) and first + timedelta(days=i) >= dose_start)
        for i in range(days) if not np.isnan(ratings[0, i]))
    changes: tuple[date, ...] = ()
    if rng.random() < 0.1 and last > dose_start:
        changes = (dose_start + timedelta(days=int(rng.integers(0, (last - dose_start).days + 1))),)
    del stepped_back
    return SyntheticPatient(
        f"P{number:05d}", names[which], first, dose_start, tuple(steps), check_ins,
        tuple(e for e in effects if e.onset <= last), tuple(_pgic(rng, planted.responder,
                                                                  dose_start, last)),
        changes, stopped_on, reason, last, planted)


def generate_clinic(patients: int, months: int, seed: int, start: date) -> SyntheticClinic:
    """A clinic of ``patients`` patients enrolled over the first quarter of ``months`` months.

    Deterministic for a given ``seed``. ``months`` counts 30-day months.
    """
    if patients < 0:
        raise OutcomesError(f"the number of patients cannot be negative ({patients})")
    if months < 1:
        raise OutcomesError(f"a synthetic clinic needs at least one month (got {months})")
    end = start + timedelta(days=30 * months - 1)
    return SyntheticClinic(
        tuple(generate_patient(i + 1, seed=seed, start=start, end=end) for i in range(patients)),
        seed, months, start, end)
