"""The analysis of an n-of-1 trial: how much better (or worse) the active arm
was than the comparator on the primary measure, and how sure we can be.

The model (written out in ``docs/trials.md``): each analysed day's value is

    y_t = pair level + effect × [active on day t] + e_t,

where the pair levels absorb slow drift across the trial and the day-to-day
noise ``e`` is first-order autoregressive in calendar time (today resembles
yesterday): e_t = φ^gap · e_previous + fresh noise, so missing days and the
discarded run-ins are handled exactly. With a flat prior on the pair levels and
the effect, the reference prior 1/σ on the noise scale and the reference prior
1/√(1 − φ²) on φ over [0, 0.95], the posterior of the effect given φ is a Student t; the
posterior of φ is computed on a grid, and the effect's posterior is the mixture
over φ. Summaries are drawn from that mixture with a fixed seed, so the same
data always give the same answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from ldncare.trials.design import ACTIVE, Period
from ldncare.trials.errors import TrialError

PHI_GRID = np.linspace(0.0, 0.95, 20)
DRAWS = 20_000
#: The interval is a 95% credible interval; the verdict needs it to exclude 0.
LEVEL = 0.95


@dataclass(frozen=True)
class TrialResult:
    """The answer, in the measure's own units: ``estimate`` is active minus
    comparator; ``probability_better`` the posterior probability that the active
    arm is better (in ``direction``), ``probability_meaningful`` that it is
    better by at least ``meaningful``."""

    estimate: float
    low: float
    high: float
    probability_better: float
    probability_meaningful: float
    verdict: str
    sentence: str
    days_used: int
    days_discarded: int
    primary: str
    direction: str
    meaningful: float
    phi: float

    def as_dict(self) -> dict[str, Any]:
        return {"estimate": round(self.estimate, 3), "low": round(self.low, 3),
                "high": round(self.high, 3),
                "probability_better": round(self.probability_better, 3),
                "probability_meaningful": round(self.probability_meaningful, 3),
                "verdict": self.verdict, "sentence": self.sentence,
                "days_used": self.days_used, "days_discarded": self.days_discarded,
                "primary": self.primary, "direction": self.direction,
                "meaningful": self.meaningful, "autocorrelation": round(self.phi, 2)}


@dataclass(frozen=True)
class _Observations:
    day: np.ndarray  # days since the trial's first day
    value: np.ndarray
    pair: np.ndarray  # 0-based pair index
    active: np.ndarray  # 1.0 on the active arm
    discarded: int


def analyse_trial(periods: Sequence[Period], outcomes: Mapping[date, float], *,
                  primary: str, direction: str, meaningful: float) -> TrialResult:
    """Analyse the primary measure's daily ``outcomes`` over ``periods``.

    Values on run-in days or outside every period are counted as discarded.
    Raises :class:`TrialError` when the data cannot answer the question (both
    arms need analysed days, and there must be more days than parameters).
    """
    if direction not in ("lower", "higher"):
        raise TrialError("direction is 'lower' (lower is better, e.g. pain) or 'higher'")
    if not math.isfinite(meaningful) or meaningful < 0:
        raise TrialError("the meaningful difference is a number of at least 0")
    seen = _observations(periods, outcomes)
    design = _design_matrix(seen, len({p.pair for p in periods}))
    draws, phi = _posterior_draws(seen, design)
    sign = -1.0 if direction == "lower" else 1.0  # better = sign × effect > 0
    better = float(np.mean(sign * draws > 0))
    meaningful_better = float(np.mean(sign * draws >= meaningful))
    low, high = (float(q) for q in np.quantile(draws, [(1 - LEVEL) / 2, (1 + LEVEL) / 2]))
    estimate = float(np.median(draws))
    verdict = _verdict(low, high, sign)
    return TrialResult(estimate, low, high, better, meaningful_better, verdict,
                       _sentence(verdict, estimate, direction, primary, meaningful,
                                 meaningful_better),
                       int(seen.value.size), seen.discarded, primary, direction, meaningful, phi)


def _observations(periods: Sequence[Period], outcomes: Mapping[date, float]) -> _Observations:
    if not periods:
        raise TrialError("the trial has no periods")
    first = min(p.start for p in periods)
    rows, discarded = [], 0
    for day, value in sorted(outcomes.items()):
        if not math.isfinite(value):
            raise TrialError(f"the value on {day.isoformat()} is not a number")
        period = next((p for p in periods if p.start <= day <= p.end), None)
        if period is None or day < period.analysed_from:
            discarded += 1
            continue
        rows.append(((day - first).days, value, period.pair - 1, float(period.arm == ACTIVE)))
    if not rows:
        raise TrialError("no analysed days: every value falls in a run-in or outside the trial")
    day_, value_, pair_, active_ = (np.array(column, dtype=float) for column in zip(*rows,
                                                                                  strict=True))
    if active_.min() == active_.max():
        raise TrialError("both arms need analysed days to be compared")
    return _Observations(day_, value_, pair_.astype(int), active_, discarded)


def _design_matrix(seen: _Observations, pairs: int) -> np.ndarray:
    levels = np.zeros((seen.value.size, pairs))
    levels[np.arange(seen.value.size), seen.pair] = 1.0
    levels = levels[:, levels.any(axis=0)]  # a pair with no analysed day has no level
    design = np.column_stack([levels, seen.active])
    if seen.value.size - design.shape[1] < 2:
        raise TrialError(f"only {seen.value.size} analysed days: too few to compare the arms")
    if np.linalg.matrix_rank(design) < design.shape[1]:
        raise TrialError("no pair has analysed days on both arms; the arms cannot be compared")
    return design


def _whiten(phi: float, gaps: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, float]:
    """Rows that are independent with equal variance under AR(1) with ``phi``,
    and the log-determinant of the correlation matrix (for the likelihood)."""
    if phi == 0.0:
        return columns, 0.0
    carry = phi ** gaps
    scale = np.sqrt(1.0 - carry ** 2)
    out = columns.copy()
    out[1:] = (columns[1:] - carry[:, None] * columns[:-1]) / scale[:, None]
    return out, float(2.0 * np.sum(np.log(scale)))


def _posterior_draws(seen: _Observations, design: np.ndarray) -> tuple[np.ndarray, float]:
    gaps = np.diff(seen.day)
    n, p = design.shape
    fits = []
    for phi in PHI_GRID:
        white, logdet = _whiten(float(phi), gaps, np.column_stack([design, seen.value]))
        x, y = white[:, :p], white[:, p]
        xtx = x.T @ x
        coef = np.linalg.solve(xtx, x.T @ y)
        rss = float(np.sum((y - x @ coef) ** 2))
        inverse = np.linalg.inv(xtx)
        _, logdet_xtx = np.linalg.slogdet(xtx)
        log_post = -0.5 * logdet - 0.5 * logdet_xtx - 0.5 * (n - p) * math.log(max(rss, 1e-300))
        scale = math.sqrt(rss / (n - p) * inverse[-1, -1])
        fits.append((log_post, float(coef[-1]), scale))
    log_posts = np.array([fit[0] for fit in fits]) + _log_prior(PHI_GRID)
    weights = np.exp(log_posts - log_posts.max())
    weights /= weights.sum()
    rng = np.random.default_rng(20_261_203)
    chosen = rng.choice(len(fits), size=DRAWS, p=weights)
    centres = np.array([fit[1] for fit in fits])[chosen]
    scales = np.array([fit[2] for fit in fits])[chosen]
    return centres + scales * rng.standard_t(n - p, size=DRAWS), float(weights @ PHI_GRID)


def _log_prior(phi: np.ndarray) -> np.ndarray:
    """The reference (Jeffreys) prior of an AR(1) coefficient, ∝ 1/√(1 − φ²): it
    leans towards strong autocorrelation, which a short journal tends to
    underestimate, so the interval stays honest when days are alike."""
    return -0.5 * np.log1p(-phi ** 2)


def _verdict(low: float, high: float, sign: float) -> str:
    if (sign > 0 and low > 0) or (sign < 0 and high < 0):
        return "active better"
    if (sign > 0 and high < 0) or (sign < 0 and low > 0):
        return "comparator better"
    return "no clear difference"


def _sentence(verdict: str, estimate: float, direction: str, primary: str,
              meaningful: float, probability: float) -> str:
    """The result in plain words for the patient, without overclaiming."""
    size = abs(estimate)
    side = "lower" if estimate < 0 else "higher"
    good = (side == direction)
    base = (f"On the active treatment your {primary} was on average {size:.1f} points {side} "
            f"than on the comparison")
    chance = (f"the chance that the active treatment is better by at least {meaningful:g} "
              f"point{'s' if meaningful != 1 else ''} is {probability:.0%}")
    if verdict == "no clear difference":
        return (f"{base}, but the difference is within what day-to-day ups and downs could "
                f"produce: this trial does not show a clear difference; {chance}.")
    return f"{base}{' (better)' if good else ' (worse)'}; {chance}."


def parse_outcomes(raw: Any, primary: str) -> dict[date, float]:
    """``{"YYYY-MM-DD": value}`` of the primary measure from the analysis file."""
    if not isinstance(raw, dict) or primary not in raw:
        raise TrialError(f"outcomes must hold the primary measure {primary!r}")
    series = raw[primary]
    if not isinstance(series, dict) or not series:
        raise TrialError(f"outcomes[{primary!r}] must map dates (YYYY-MM-DD) to numbers")
    parsed: dict[date, float] = {}
    for day, value in series.items():
        try:
            when = date.fromisoformat(day)
        except (TypeError, ValueError):
            raise TrialError(f"{day!r} is not a date like 2026-12-01") from None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TrialError(f"the value on {day} must be a number (got {value!r})")
        parsed[when] = float(value)
    return parsed
