"""Operating characteristics of the n-of-1 analysis on simulated journals.

How often does the analysis tell a patient that something improved or
worsened when nothing did (false-positive rate), and how often does it find a
change that is there (power)? Each :class:`Scenario` describes a kind of
journal; :func:`simulate` runs the real :func:`analyse_patient` on many seeded
patients of that kind and counts. ``docs/outcomes.md`` shows the table that
:func:`operating_table` prints (``ldncare outcomes operating-characteristics``)
and the core tests check the same numbers.

The simulated patient tracks five daily 0–10 ratings (pain, fatigue, mood,
brain fog, sleep quality), with pain as the primary measure; 14 baseline days,
then 1.5 mg and 3 mg for 14 days each and 4.5 mg for 56 days. Each rating is a
level plus AR(1) noise of marginal SD 1 (correlation ``phi`` from one day to
the next), rounded to whole numbers and clipped to 0–10, with 12% of days not
rated. **These are modelling assumptions, not clinical facts.**
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from ldncare.outcomes.nof1 import AnalysisSettings, DosePeriod, NOf1Report, Verdict, analyse_patient

MEASURES = ("pain", "fatigue", "mood", "brain_fog", "sleep")
#: Which way is worse for each simulated rating (+1: higher is worse).
WORSE = {"pain": 1.0, "fatigue": 1.0, "mood": -1.0, "brain_fog": 1.0, "sleep": -1.0}
FIRST_DOSE = date(2025, 3, 1)
PERIODS = (
    DosePeriod(FIRST_DOSE, FIRST_DOSE + timedelta(days=13), Decimal("1.5"), "1.5 mg"),
    DosePeriod(FIRST_DOSE + timedelta(days=14), FIRST_DOSE + timedelta(days=27), Decimal("3.0"),
               "3 mg"),
    DosePeriod(FIRST_DOSE + timedelta(days=28), FIRST_DOSE + timedelta(days=83), Decimal("4.5"),
               "maintenance 4.5 mg"),
)
DOSE_FRACTION = ((0, 1 / 3), (14, 2 / 3), (28, 1.0))  # (days after first dose, share of 4.5 mg)


@dataclass(frozen=True)
class Scenario:
    """A kind of journal.

    ``effect``: the primary measure's improvement at 4.5 mg (points, built up
    with a 7-day time constant). ``drift_per_30_days``: every measure improves
    by this much per 30 days from the first diary day, LDN or not (a slow
    natural improvement). ``bad_spell``: the baseline days are this much worse
    than the patient's usual level, which the intake reports
    (regression to the mean).
    """

    name: str
    phi: float = 0.5
    effect: float = 0.0
    drift_per_30_days: float = 0.0
    bad_spell: float = 0.0
    baseline_days: int = 14
    tell_usual_level: bool = True


@dataclass(frozen=True)
class OperatingCharacteristics:
    """Shares of simulated patients (0–1) told each thing."""

    scenario: Scenario
    patients: int
    headline_improved: float
    headline_worsened: float
    headline_improved_unqualified: float
    any_verdict: float
    any_verdict_uncorrected: float
    headline_qualified: float

    @property
    def headline_any(self) -> float:
        return self.headline_improved + self.headline_worsened


@dataclass(frozen=True)
class SimulatedJournal:
    series: dict[str, dict[date, float]]
    usual: dict[str, float] = field(default_factory=dict)


def _ar1(rng: np.random.Generator, phi: float, days: int) -> np.ndarray:
    out = np.empty(days)
    out[0] = rng.standard_normal()
    shocks = rng.standard_normal(days) * np.sqrt(1 - phi * phi)
    for i in range(1, days):
        out[i] = phi * out[i - 1] + shocks[i]
    return out


def _effect_profile(days: int, baseline_days: int) -> np.ndarray:
    """Share of the full effect on each day: dose steps, built up with a 7-day time constant."""
    target = np.zeros(days)
    for offset, share in DOSE_FRACTION:
        target[baseline_days + offset:] = share
    profile = np.zeros(days)
    decay = np.exp(-1 / 7)
    for i in range(1, days):
        profile[i] = profile[i - 1] * decay + target[i] * (1 - decay)
    return profile


def simulate_journal(scenario: Scenario, rng: np.random.Generator) -> SimulatedJournal:
    """One patient's five ratings under ``scenario``."""
    total = scenario.baseline_days + 84
    first = FIRST_DOSE - timedelta(days=scenario.baseline_days)
    profile = _effect_profile(total, scenario.baseline_days)
    rated = rng.random(total) >= 0.12
    series: dict[str, dict[date, float]] = {}
    usual: dict[str, float] = {}
    for name in MEASURES:
        worse = WORSE[name]
        level = rng.uniform(4, 6.5) if worse > 0 else rng.uniform(3.5, 6)
        values = level + _ar1(rng, scenario.phi, total)
        values -= worse * scenario.drift_per_30_days * np.arange(total) / 30
        values[:scenario.baseline_days] += worse * scenario.bad_spell
        if name == "pain":
            values -= worse * scenario.effect * profile
        values = np.clip(np.rint(values), 0, 10)
        series[name] = {first + timedelta(days=i): float(values[i])
                        for i in range(total) if rated[i]}
        usual[name] = float(level)
    return SimulatedJournal(series, usual if scenario.tell_usual_level else {})


def _called(report: NOf1Report) -> tuple[bool, bool]:
    changed = (Verdict.IMPROVED, Verdict.WORSENED)
    corrected = any(m.verdict in changed for m in report.measures)
    uncorrected = any(c.verdict in changed for m in report.measures
                      if (c := m.latest_evaluable()) is not None)
    return corrected, uncorrected


def simulate(scenario: Scenario, patients: int = 400, seed: int = 2026) -> OperatingCharacteristics:
    """Run the analysis on ``patients`` seeded journals of ``scenario`` and count."""
    rng = np.random.default_rng([seed, int(scenario.phi * 1000), patients])
    settings = AnalysisSettings(baseline_days=scenario.baseline_days, primary_measure="pain")
    counts = np.zeros(6)
    for _ in range(patients):
        journal = simulate_journal(scenario, rng)
        report = analyse_patient(journal.series, PERIODS, settings=settings,
                                 typical_levels=journal.usual)
        primary = report.primary_analysis
        assert primary is not None
        corrected, uncorrected = _called(report)
        counts += (primary.verdict is Verdict.IMPROVED, primary.verdict is Verdict.WORSENED,
                   primary.verdict is Verdict.IMPROVED and not primary.qualified,
                   corrected, uncorrected, primary.qualified)
    shares = counts / patients
    return OperatingCharacteristics(scenario, patients, *map(float, shares))


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("No effect, day-to-day correlation 0.5"),
    Scenario("No effect, correlation 0.8", phi=0.8),
    Scenario("No effect, correlation 0.9", phi=0.9),
    Scenario("No effect, slow improvement of 0.25 points a month", drift_per_30_days=0.25),
    Scenario("No effect, slow improvement, 28-day baseline", drift_per_30_days=0.25,
             baseline_days=28),
    Scenario("No effect, started in a bad spell (1 point worse than usual)", bad_spell=1.0),
    Scenario("No effect, bad spell, usual level not reported", bad_spell=1.0,
             tell_usual_level=False),
    Scenario("Pain improves by 2 points, correlation 0.5", effect=2.0),
    Scenario("Pain improves by 2 points, correlation 0.8", phi=0.8, effect=2.0),
    Scenario("Pain improves by 2 points, correlation 0.9", phi=0.9, effect=2.0),
    Scenario("Pain improves by 1 point, correlation 0.5", effect=1.0),
)


def operating_table(scenarios: Sequence[Scenario] = SCENARIOS, patients: int = 400,
                    seed: int = 2026) -> list[OperatingCharacteristics]:
    """Every scenario's operating characteristics (deterministic for ``seed``)."""
    return [simulate(s, patients, seed) for s in scenarios]


def as_markdown(rows: Sequence[OperatingCharacteristics]) -> str:
    """The table for ``docs/outcomes.md``."""
    lines = ["| scenario | headline \"improved\" | headline \"worsened\" | \"improved\" with no "
             "caveat | any measure called changed (Holm) | any measure, uncorrected | headline "
             "qualified |", "|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(
            f"| {row.scenario.name} | {row.headline_improved:.1%} | {row.headline_worsened:.1%}"
            f" | {row.headline_improved_unqualified:.1%} | {row.any_verdict:.1%} | "
            f"{row.any_verdict_uncorrected:.1%} | {row.headline_qualified:.1%} |")
    return "\n".join(lines)
