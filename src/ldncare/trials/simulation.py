"""Simulated trials, for the operating characteristics of the analysis: a
daily score with first-order autoregressive noise, a true effect on the active
arm that starts after the run-in, and days missing at random."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from ldncare.trials.analysis import analyse_trial
from ldncare.trials.design import ACTIVE, Period


@dataclass(frozen=True)
class Scenario:
    """``effect`` is active minus comparator in points (negative = lower);
    ``sd`` the day-to-day standard deviation of the score, ``phi`` its
    day-to-day autocorrelation, ``missing`` the share of days not recorded."""

    effect: float
    phi: float = 0.6
    sd: float = 1.5
    missing: float = 0.2
    baseline: float = 6.0


def simulate_outcomes(periods: Sequence[Period], scenario: Scenario,
                      rng: np.random.Generator) -> dict[date, float]:
    """One simulated journal over the whole trial (run-ins included)."""
    first, last = periods[0].start, periods[-1].end
    days = (last - first).days + 1
    noise = np.empty(days)
    noise[0] = rng.normal(0.0, scenario.sd)
    fresh = scenario.sd * np.sqrt(1.0 - scenario.phi ** 2)
    for t in range(1, days):
        noise[t] = scenario.phi * noise[t - 1] + rng.normal(0.0, fresh)
    outcomes: dict[date, float] = {}
    for t in range(days):
        if rng.random() < scenario.missing:
            continue
        day = first + timedelta(days=t)
        period = next(p for p in periods if p.start <= day <= p.end)
        on_drug = period.arm == ACTIVE and day >= period.analysed_from
        outcomes[day] = scenario.baseline + noise[t] + (scenario.effect if on_drug else 0.0)
    return outcomes


def operating_characteristics(periods: Sequence[Period], scenario: Scenario, *, trials: int,
                              seed: int) -> dict[str, float]:
    """The share of ``trials`` simulated trials whose verdict is each outcome
    (lower is better; a negative effect is a benefit)."""
    rng = np.random.default_rng(seed)
    verdicts = [analyse_trial(periods, simulate_outcomes(periods, scenario, rng),
                              primary="pain", direction="lower", meaningful=1.0).verdict
                for _ in range(trials)]
    return {verdict: verdicts.count(verdict) / trials
            for verdict in ("active better", "comparator better", "no clear difference")}


#: The scenarios ``docs/trials.md`` reports (day-to-day SD, autocorrelation).
REPORTED = ((1.5, 0.3), (1.2, 0.6), (1.5, 0.5), (1.2, 0.85))


def main() -> None:
    """Print the operating characteristics table of ``docs/trials.md``
    (``python -m ldncare.trials.simulation``; seeded, 400 trials a row)."""
    from ldncare.trials.design import design_trial

    design = design_trial(Decimal("4.5"), Decimal("0"), pairs=3, period_days=14, run_in_days=3,
                          start=date(2027, 1, 4), seed=7)
    print("| SD | φ | no effect: says active better | no effect: says either arm better "
          "| 2-point benefit: found |")
    print("|---|---|---|---|---|")
    for sd, phi in REPORTED:
        null = operating_characteristics(design.periods, Scenario(0.0, phi=phi, sd=sd),
                                         trials=400, seed=1)
        found = operating_characteristics(design.periods, Scenario(-2.0, phi=phi, sd=sd),
                                          trials=400, seed=2)
        print(f"| {sd} | {phi} | {null['active better']:.1%} | "
              f"{null['active better'] + null['comparator better']:.1%} | "
              f"{found['active better']:.1%} |")


if __name__ == "__main__":
    main()
