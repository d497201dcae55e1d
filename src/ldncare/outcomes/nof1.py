"""n-of-1 analysis: "is LDN working for me?" for one patient.

Input: a daily series per measure (``{date: value}``, days may be missing), the
dose periods (start, end, dose), the baseline length and the dates another
medicine changed. Output, per measure and per dose period: the change against
the baseline, a 95% interval, a verdict, the time to a sustained change, a
dose–response view, the caveats that limit what can be concluded, and plain
sentences for the patient page.

**Why an AR(1)-adjusted interval (and not a plain t-test or a block bootstrap).**
Symptom diaries are autocorrelated: a bad day is usually followed by another.
Treating days as independent gives intervals that are too narrow and "finds"
effects that are only runs of bad or good days. We model each measure's
day-to-day noise as a first-order autoregressive process: φ and the residual
SD are pooled over the whole record (each segment centred on its own mean, so
a real change is not read as autocorrelation), and the variance of each
segment's mean is the exact AR(1) value σ²/m² · Σ φ^|tᵢ−tⱼ| over the days
actually observed, so gaps are handled by their true length. The change is
period mean − baseline mean, with a 95% interval from Student's t on the
effective number of days. A moving-block bootstrap (``stats.block_bootstrap_means``)
was tried first and rejected: with a 14-day baseline there are too few distinct
blocks, and it called 40% of null comparisons "changed". The AR(1) interval is
deterministic (no seed) and needs no scipy.

Calibration (``tests/core/outcomes/test_outcomes_nof1_calibration.py``): on
synthetic patients with no planted effect and AR(1) noise (φ = 0.5), at most
10% of latest-period comparisons are called "improved" or "worsened" (the
nominal rate is 5%; rounding ratings to whole numbers and estimating φ from
short records cost a little); planted pain changes are recovered within ±0.75
points in at least 80% of planted responders.

**One honest answer across many measures.** The headline is about one primary
measure (``AnalysisSettings.primary_measure``: the prescriber's pick or the
condition's default); the other measures are one family under Holm's
correction, so tracking five measures does not multiply the false alarms
(``ldncare.outcomes.operating`` measures it; docs/outcomes.md has the table).
Each measure's baseline is tested for a trend and for being worse than the
patient's usual level (regression to the mean); either one qualifies the
sentence in words.

This is a before-and-after comparison in one person without a placebo; every
report says so, and no sentence credits LDN with a change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

import numpy as np

from ldncare.outcomes import measures as measure_library
from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.stats import (
    ar1_parameters,
    ar1_trend,
    ar1_variance_of_mean,
    holm_adjusted,
    t_quantile_975,
    t_two_sided_p,
)
from ldncare.units import format_mg

METHOD = ("AR(1)-adjusted difference of means, 95% Student-t interval on effective days; "
          "one primary measure, the others Holm-corrected; baseline tested for trend and "
          "for being worse than usual")
ANALYSIS_VERSION = "nof1-2"

#: Which way is better, from the journal's catalogues (check-in ratings say
#: ``worse_when``; so does each questionnaire of the instrument library).
DEFAULT_DIRECTIONS: Mapping[str, str] = measure_library.default_directions()

#: Change (in the measure's own points) treated as meaningful. Pain: about 2
#: points on a 0–10 scale (Farrar et al., Pain 2001;94:149-158, PMID 11690728);
#: questionnaires: the instrument library's ``meaningful_change``. Other
#: measures fall back to ``fallback_meaningful_change`` (1 point), a convention
#: of this product, not a published threshold.
DEFAULT_MEANINGFUL_CHANGE: Mapping[str, float] = {
    **measure_library.default_meaningful_changes(), "pain": 2.0}


class Verdict(StrEnum):
    IMPROVED = "improved"
    WORSENED = "worsened"
    NO_CLEAR_CHANGE = "no_clear_change"
    NOT_ENOUGH_DATA = "not_enough_data"

    @property
    def label(self) -> str:
        """The verdict in words; never says LDN caused anything."""
        return {"improved": "better since starting", "worsened": "worse since starting",
                "no_clear_change": "no clear change",
                "not_enough_data": "not enough data"}[self.value]


class Role(StrEnum):
    """The primary measure carries the headline; the others are secondary."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class DosePeriod:
    """Days ``start``..``end`` (inclusive; ``end`` None = still going) on ``dose`` mg HCl."""

    start: date
    end: date | None
    dose: Decimal
    label: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.dose, Decimal):
            raise OutcomesError(f"a period's dose must be a Decimal (got {type(self.dose).__name__})")
        if self.dose < 0:
            raise OutcomesError(f"a period's dose cannot be negative ({self.dose} mg)")
        if self.end is not None and self.end < self.start:
            raise OutcomesError(f"the period starting {self.start} ends before it starts ({self.end})")
        if not self.label:
            object.__setattr__(self, "label", f"{self.dose.normalize():f} mg from {self.start}")

    def as_dict(self) -> dict[str, object]:
        return {"start": self.start.isoformat(), "end": self.end.isoformat() if self.end else None,
                "dose": format_mg(self.dose), "label": self.label}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DosePeriod:
        end = data.get("end")
        return cls(date.fromisoformat(str(data["start"])),
                   date.fromisoformat(str(end)) if end else None,
                   Decimal(str(data["dose"])), str(data.get("label", "")))


@dataclass(frozen=True)
class AnalysisSettings:
    """The prescriber's and clinic's choices; stored with every report."""

    baseline_days: int = 14
    min_observed_days: int = 7
    gap_days: int = 7
    rolling_days: int = 7
    sustain_days: int = 14
    fallback_meaningful_change: float = 1.0
    #: The measure the headline verdict is about: the prescriber's pick, or the
    #: condition's default (``data/responders.yaml``). Empty: the first of
    #: ``pain``, ``fatigue`` … that was tracked, and the report says so.
    primary_measure: str = ""
    #: Two-sided level of the primary test and of the Holm-corrected family of
    #: the other measures.
    alpha: float = 0.05
    #: Level of the baseline trend test. Deliberately lenient (0.10): a missed
    #: trend credits LDN with a drift, a false alarm only adds a caveat.
    trend_alpha: float = 0.10
    directions: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_DIRECTIONS))
    meaningful_change: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_MEANINGFUL_CHANGE))

    def __post_init__(self) -> None:
        for name in ("baseline_days", "min_observed_days", "gap_days",
                     "rolling_days", "sustain_days"):
            if getattr(self, name) < 1:
                raise OutcomesError(f"{name} must be at least 1 (got {getattr(self, name)})")
        for measure, way in self.directions.items():
            if way not in ("lower", "higher"):
                raise OutcomesError(f"direction for {measure!r} must be 'lower' or 'higher', not {way!r}")
        for name in ("alpha", "trend_alpha"):
            if not 0 < getattr(self, name) < 1:
                raise OutcomesError(f"{name} must be between 0 and 1 (got {getattr(self, name)})")
        if self.primary_measure:
            try:
                measure_library.require_known([self.primary_measure], "the primary measure")
            except OutcomesError as error:
                raise OutcomesError(str(error)) from None

    def direction(self, measure: str) -> str:
        return self.directions.get(measure, "lower")

    def threshold(self, measure: str) -> float:
        return float(self.meaningful_change.get(measure, self.fallback_meaningful_change))

    def as_dict(self) -> dict[str, object]:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["directions"] = dict(self.directions)
        data["meaningful_change"] = dict(self.meaningful_change)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> AnalysisSettings:
        return cls(**dict(data))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Caveat:
    """Something that limits what this analysis can conclude, said plainly."""

    code: str
    message: str
    measure: str | None = None
    period: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message, "measure": self.measure,
                "period": self.period}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Caveat:
        # Stored JSON: each value is converted back to its field's type below.
        values: Mapping[str, Any] = data
        return cls(str(values["code"]), str(values["message"]), values.get("measure"),
                   values.get("period"))


def _r(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


@dataclass(frozen=True)
class PeriodChange:
    """One measure in one dose period compared with the baseline."""

    measure: str
    period: str
    dose: Decimal
    days_observed: int
    period_mean: float | None
    change: float | None
    low: float | None
    high: float | None
    verdict: Verdict
    meaningful: bool | None
    #: Two-sided p-value of this comparison on its own (no multiplicity correction).
    p_value: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {"measure": self.measure, "period": self.period, "dose": format_mg(self.dose),
                "days_observed": self.days_observed, "period_mean": _r(self.period_mean),
                "change": _r(self.change), "low": _r(self.low), "high": _r(self.high),
                "verdict": self.verdict.value, "meaningful": self.meaningful,
                "p_value": None if self.p_value is None else round(self.p_value, 5)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> PeriodChange:
        # Stored JSON: each value is converted back to its field's type below.
        values: Mapping[str, Any] = data
        return cls(str(values["measure"]), str(values["period"]), Decimal(str(values["dose"])),
                   int(values["days_observed"]), values["period_mean"], values["change"],
                   values["low"], values["high"], Verdict(values["verdict"]),
                   values["meaningful"], values.get("p_value"))


@dataclass(frozen=True)
class DoseResponse:
    """Mean change at each dose, and the change per extra mg (least squares)."""

    points: tuple[tuple[Decimal, float, int], ...]
    change_per_mg: float | None
    pattern: str

    def as_dict(self) -> dict[str, object]:
        return {"points": [{"dose": str(d), "change": _r(c), "days_observed": n}
                           for d, c, n in self.points],
                "change_per_mg": _r(self.change_per_mg), "pattern": self.pattern}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> DoseResponse:
        # Stored JSON: each value is converted back to its field's type below.
        values: Mapping[str, Any] = data
        points = tuple((Decimal(str(p["dose"])), float(p["change"]), int(p["days_observed"]))
                       for p in values["points"])
        return cls(points, values["change_per_mg"], str(values["pattern"]))


@dataclass(frozen=True)
class Qualifier:
    """Why a before/after change may not be LDN's doing, found in the baseline itself.

    ``code``: ``baseline_trend`` (the measure was already moving before the first
    dose, in the direction it later changed) or ``unusual_baseline`` (the
    baseline was worse than the patient's usual level, so some return towards
    usual is expected whatever the treatment: regression to the mean).
    """

    code: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "message": self.message}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Qualifier:
        return cls(str(data["code"]), str(data["message"]))


@dataclass(frozen=True)
class MeasureAnalysis:
    """Everything the analysis says about one measure.

    ``verdict`` is the one to report: for the primary measure the latest
    evaluable period's own verdict; for a secondary measure that verdict only
    when it survives Holm's correction over all secondary measures
    (``adjusted_p``), otherwise "no clear change".
    """

    measure: str
    direction: str
    baseline_mean: float | None
    baseline_sd: float | None
    baseline_days_observed: int
    changes: tuple[PeriodChange, ...]
    days_to_sustained_change: int | None
    sustained_threshold: float
    dose_response: DoseResponse
    role: Role = Role.SECONDARY
    verdict: Verdict = Verdict.NOT_ENOUGH_DATA
    adjusted_p: float | None = None
    #: Baseline slope in points per week and its p-value (None: too few days).
    baseline_trend_per_week: float | None = None
    baseline_trend_p: float | None = None
    #: The patient's usual level (intake or an earlier diary) when known.
    typical_level: float | None = None
    qualifiers: tuple[Qualifier, ...] = ()

    @property
    def label(self) -> str:
        return measure_library.label(self.measure)

    @property
    def qualified(self) -> bool:
        return bool(self.qualifiers)

    def as_dict(self) -> dict[str, object]:
        return {"measure": self.measure, "direction": self.direction,
                "baseline_mean": _r(self.baseline_mean), "baseline_sd": _r(self.baseline_sd),
                "baseline_days_observed": self.baseline_days_observed,
                "changes": [c.as_dict() for c in self.changes],
                "days_to_sustained_change": self.days_to_sustained_change,
                "sustained_threshold": self.sustained_threshold,
                "dose_response": self.dose_response.as_dict(),
                "role": self.role.value, "verdict": self.verdict.value,
                "adjusted_p": None if self.adjusted_p is None else round(self.adjusted_p, 5),
                "baseline_trend_per_week": _r(self.baseline_trend_per_week),
                "baseline_trend_p": (None if self.baseline_trend_p is None
                                     else round(self.baseline_trend_p, 5)),
                "typical_level": _r(self.typical_level),
                "qualifiers": [q.as_dict() for q in self.qualifiers]}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> MeasureAnalysis:
        # Stored JSON: each value is converted back to its field's type below.
        # Reports stored before nof1-2 lack the role/verdict keys.
        values: Mapping[str, Any] = data
        changes = tuple(PeriodChange.from_dict(c) for c in values["changes"])
        latest = next((c.verdict for c in reversed(changes)
                       if c.verdict is not Verdict.NOT_ENOUGH_DATA), Verdict.NOT_ENOUGH_DATA)
        return cls(str(values["measure"]), str(values["direction"]), values["baseline_mean"],
                   values["baseline_sd"], int(values["baseline_days_observed"]), changes,
                   values["days_to_sustained_change"], float(values["sustained_threshold"]),
                   DoseResponse.from_dict(values["dose_response"]),
                   Role(values.get("role", Role.SECONDARY)),
                   Verdict(values.get("verdict", latest)), values.get("adjusted_p"),
                   values.get("baseline_trend_per_week"), values.get("baseline_trend_p"),
                   values.get("typical_level"),
                   tuple(Qualifier.from_dict(q) for q in values.get("qualifiers", ())))

    def latest_evaluable(self) -> PeriodChange | None:
        """The last period with enough data (usually the maintenance dose)."""
        for change in reversed(self.changes):
            if change.verdict is not Verdict.NOT_ENOUGH_DATA:
                return change
        return None


@dataclass(frozen=True)
class NOf1Report:
    """The whole n-of-1 result for one patient; store it with :meth:`as_dict`."""

    baseline_start: date
    baseline_end: date
    analysed_to: date
    periods: tuple[DosePeriod, ...]
    measures: tuple[MeasureAnalysis, ...]
    caveats: tuple[Caveat, ...]
    sentences: tuple[str, ...]
    settings: AnalysisSettings
    method: str = METHOD
    version: str = ANALYSIS_VERSION
    #: The measure the headline is about ("" when nothing was tracked).
    primary: str = ""
    #: Why this measure is the primary one, in plain words.
    primary_reason: str = ""
    #: The headline sentence (about the primary measure) and the other
    #: measures' sentences, labelled as secondary; ``sentences`` holds them all.
    headline: str = ""
    secondary_sentences: tuple[str, ...] = ()
    #: Answers to questionnaires that themselves ask about change (PGIC).
    global_change: tuple[str, ...] = ()

    def measure(self, name: str) -> MeasureAnalysis:
        for analysis in self.measures:
            if analysis.measure == name:
                return analysis
        raise OutcomesError(f"no analysis for measure {name!r}")

    @property
    def primary_analysis(self) -> MeasureAnalysis | None:
        return next((m for m in self.measures if m.role is Role.PRIMARY), None)

    @property
    def secondary_analyses(self) -> tuple[MeasureAnalysis, ...]:
        return tuple(m for m in self.measures if m.role is Role.SECONDARY)

    @property
    def headline_verdict(self) -> Verdict:
        primary = self.primary_analysis
        return primary.verdict if primary else Verdict.NOT_ENOUGH_DATA

    def as_dict(self) -> dict[str, object]:
        return {"baseline_start": self.baseline_start.isoformat(),
                "baseline_end": self.baseline_end.isoformat(),
                "analysed_to": self.analysed_to.isoformat(),
                "periods": [p.as_dict() for p in self.periods],
                "measures": [m.as_dict() for m in self.measures],
                "caveats": [c.as_dict() for c in self.caveats],
                "sentences": list(self.sentences), "settings": self.settings.as_dict(),
                "method": self.method, "version": self.version, "primary": self.primary,
                "primary_reason": self.primary_reason, "headline": self.headline,
                "secondary_sentences": list(self.secondary_sentences),
                "global_change": list(self.global_change)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> NOf1Report:
        # Stored JSON: each value is converted back to its field's type below.
        values: Mapping[str, Any] = data
        return cls(date.fromisoformat(str(values["baseline_start"])),
                   date.fromisoformat(str(values["baseline_end"])),
                   date.fromisoformat(str(values["analysed_to"])),
                   tuple(DosePeriod.from_dict(p) for p in values["periods"]),
                   tuple(MeasureAnalysis.from_dict(m) for m in values["measures"]),
                   tuple(Caveat.from_dict(c) for c in values["caveats"]),
                   tuple(values["sentences"]),
                   AnalysisSettings.from_dict(values["settings"]),
                   str(values["method"]), str(values["version"]),
                   str(values.get("primary", "")), str(values.get("primary_reason", "")),
                   str(values.get("headline", "")),
                   tuple(values.get("secondary_sentences", ())),
                   tuple(values.get("global_change", ())))


# ---------------------------------------------------------------- the analysis


def _check_periods(periods: Sequence[DosePeriod]) -> tuple[DosePeriod, ...]:
    if not periods:
        raise OutcomesError("at least one dose period is needed to compare with the baseline")
    ordered = tuple(sorted(periods, key=lambda p: p.start))
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.end is None or before.end >= after.start:
            raise OutcomesError(
                f"dose periods overlap: {before.label!r} runs into {after.label!r}; "
                "end each period the day before the next one starts")
    return ordered


def _last_day(series: Mapping[str, Mapping[date, float]], periods: Sequence[DosePeriod],
              as_of: date | None) -> date:
    if as_of is not None:
        return as_of
    if periods[-1].end is not None:
        return periods[-1].end
    seen = [max(days) for days in series.values() if days]
    return max(seen) if seen else periods[-1].start


def _dense(values: Mapping[date, float], origin: date, length: int) -> np.ndarray:
    """The series as an array indexed by day since ``origin``, NaN where missing."""
    out = np.full(length, np.nan)
    for day, value in values.items():
        index = (day - origin).days
        if 0 <= index < length and value is not None:
            out[index] = float(value)
    return out


def _longest_gap(segment: np.ndarray) -> int:
    missing = np.isnan(segment)
    if not missing.any():
        return 0
    padded = np.concatenate(([0], missing.astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return int((edges[1::2] - edges[::2]).max())


def _improvement(change: float, direction: str) -> float:
    """A change expressed so that positive always means better."""
    return -change if direction == "lower" else change


def _verdict(low: float, high: float, direction: str) -> Verdict:
    if low > 0 or high < 0:
        better = _improvement((low + high) / 2, direction) > 0
        return Verdict.IMPROVED if better else Verdict.WORSENED
    return Verdict.NO_CLEAR_CHANGE


def _sustained_change(days: np.ndarray, baseline_mean: float, direction: str,
                      settings: AnalysisSettings, threshold: float) -> int | None:
    """Days from the first dose to the start of a sustained meaningful improvement.

    A day counts when the mean of the ``rolling_days`` ending that day (with at
    least half of them observed) is better than the baseline mean by at least
    ``threshold``; the change is sustained when every evaluable day of the next
    ``sustain_days`` counts too, and at least half of them are evaluable.
    """
    window = settings.rolling_days
    if len(days) < window:
        return None
    observed = ~np.isnan(days)
    filled = np.where(observed, days, 0.0)
    sums = np.convolve(filled, np.ones(window), "valid")
    counts = np.convolve(observed.astype(float), np.ones(window), "valid")
    evaluable = counts >= window / 2
    means = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    better = evaluable & (_improvement_array(means - baseline_mean, direction) >= threshold)
    bad = evaluable & ~better
    span = settings.sustain_days
    bad_ahead = np.concatenate(([0], np.cumsum(bad)))
    evaluable_ahead = np.concatenate(([0], np.cumsum(evaluable)))
    for i in np.flatnonzero(better):
        stop = min(int(i) + span, len(better))
        if stop - i < span:
            return None  # not enough days left to call it sustained
        if bad_ahead[stop] - bad_ahead[i] == 0 and evaluable_ahead[stop] - evaluable_ahead[i] >= span / 2:
            return int(i + window - 1)
    return None


def _improvement_array(change: np.ndarray, direction: str) -> np.ndarray:
    return -change if direction == "lower" else change


def _dose_response(changes: Sequence[PeriodChange], direction: str,
                   threshold: float) -> DoseResponse:
    """Days-weighted mean change per dose and the slope of change against dose."""
    by_dose: dict[Decimal, list[tuple[float, int]]] = {}
    for change in changes:
        if change.change is not None and change.verdict is not Verdict.NOT_ENOUGH_DATA:
            by_dose.setdefault(change.dose, []).append((change.change, change.days_observed))
    points = tuple(
        (dose, sum(c * n for c, n in rows) / sum(n for _, n in rows), sum(n for _, n in rows))
        for dose, rows in sorted(by_dose.items()))
    if len(points) < 2:
        return DoseResponse(points, None, "single_dose" if points else "not_enough_data")
    doses = np.array([float(d) for d, _, _ in points])  # a regression input, not a stored dose
    effects = np.array([c for _, c, _ in points])
    weights = np.array([n for _, _, n in points], dtype=float)
    slope = float(np.polyfit(doses, effects, 1, w=np.sqrt(weights))[0])
    gain = _improvement(slope * (doses.max() - doses.min()), direction)
    if gain >= threshold / 2:
        pattern = "more_improvement_at_higher_doses"
    elif gain <= -threshold / 2:
        pattern = "less_improvement_at_higher_doses"
    else:
        pattern = "no_clear_pattern"
    return DoseResponse(points, slope, pattern)


@dataclass(frozen=True)
class _Segment:
    """A segment's observed values and the variance of their mean under AR(1)."""

    values: np.ndarray
    variance: float
    effective_days: float

    @property
    def mean(self) -> float:
        return float(self.values.mean())


def _segment(raw: np.ndarray, phi: float, sigma: float) -> _Segment:
    observed = ~np.isnan(raw)
    values = raw[observed]
    if len(values) == 0:
        return _Segment(values, float("nan"), 0.0)
    variance = ar1_variance_of_mean(np.flatnonzero(observed), phi, sigma)
    effective = sigma * sigma / variance if variance > 0 else float(len(values))
    return _Segment(values, variance, effective)


def _analyse_measure(name: str, days: np.ndarray, base_len: int,
                     spans: Sequence[tuple[DosePeriod, int, int]],
                     settings: AnalysisSettings, caveats: list[Caveat],
                     typical: float | None = None) -> MeasureAnalysis:
    direction = settings.direction(name)
    threshold = settings.threshold(name)
    raw_segments = [days[:base_len]] + [days[a:b] for _, a, b in spans]
    phi, sigma = ar1_parameters(raw_segments)
    baseline = _segment(raw_segments[0], phi, sigma)
    enough_baseline = len(baseline.values) >= settings.min_observed_days
    if not enough_baseline:
        caveats.append(Caveat("too_little_data", (
            f"Only {len(baseline.values)} day(s) of {measure_library.label(name)} were recorded before "
            f"LDN started; at least {settings.min_observed_days} are needed for a fair comparison."),
            name))
    elif _longest_gap(raw_segments[0]) >= settings.gap_days:
        caveats.append(Caveat("gap", (
            f"There is a gap of {_longest_gap(raw_segments[0])} days in the "
            f"{measure_library.label(name)} record before LDN; the baseline may not show your usual "
            "level."), name))
    base_mean = baseline.mean if len(baseline.values) else None
    base_sd = float(baseline.values.std(ddof=1)) if len(baseline.values) > 1 else None
    changes = [_period_change(name, raw, period, baseline if enough_baseline else None,
                              direction, threshold, settings, phi, sigma, caveats)
               for raw, (period, _, _) in zip(raw_segments[1:], spans, strict=True)]
    treated = days[spans[0][1]:] if spans else days[:0]
    to_sustained = (_sustained_change(treated, base_mean, direction, settings, threshold)
                    if base_mean is not None and enough_baseline else None)
    observed = np.flatnonzero(~np.isnan(raw_segments[0]))
    # The trend test's noise model comes from detrended segments: a steady
    # drift left in the residuals would pass for autocorrelation and hide itself.
    phi_t, sigma_t = ar1_parameters([_detrended(segment) for segment in raw_segments])
    trend = ar1_trend(observed.astype(float), raw_segments[0][observed], phi_t, sigma_t)
    analysis = MeasureAnalysis(name, direction, base_mean, base_sd, len(baseline.values),
                               tuple(changes), to_sustained, threshold,
                               _dose_response(changes, direction, threshold),
                               baseline_trend_per_week=None if trend is None else trend.slope * 7,
                               baseline_trend_p=None if trend is None else trend.p_value,
                               typical_level=typical)
    unusual = (enough_baseline and typical is not None
               and _baseline_worse_than_usual(baseline, typical, direction, threshold))
    return replace(analysis, qualifiers=_qualifiers(analysis, settings, unusual))


def _detrended(segment: np.ndarray) -> np.ndarray:
    """``segment`` less its least-squares line (NaN kept); unchanged when too short."""
    days = np.flatnonzero(~np.isnan(segment))
    if len(days) < 3:
        return segment
    centred = days - days.mean()
    values = segment[days]
    slope = float((centred * values).sum() / (centred * centred).sum())
    return segment - (values.mean() + slope * (np.arange(len(segment)) - days.mean()))


def _baseline_worse_than_usual(baseline: _Segment, typical: float, direction: str,
                               threshold: float) -> bool:
    """Whether the baseline was clearly worse than the patient's usual level.

    "Clearly": worse by at least half the meaningful change *and* by more than
    chance allows (one-sided z ≥ 1.645 on the baseline mean's AR(1) error).
    Patients tend to start a treatment in a bad spell; what follows a bad spell
    is usually better whatever is done (regression to the mean).
    """
    worse_by = -_improvement(baseline.mean - typical, direction)
    error = float(np.sqrt(baseline.variance)) if baseline.variance > 0 else 0.0
    return worse_by >= threshold / 2 and (error == 0 or worse_by / error >= 1.645)


def _qualifiers(analysis: MeasureAnalysis, settings: AnalysisSettings,
                unusual: bool) -> tuple[Qualifier, ...]:
    """The words that must travel with this measure's verdict (see :class:`Qualifier`)."""
    found = []
    latest = analysis.latest_evaluable()
    slope, p = analysis.baseline_trend_per_week, analysis.baseline_trend_p
    if (latest is not None and latest.change and slope and p is not None
            and p < settings.trend_alpha and (slope > 0) == (latest.change > 0)):
        moving = "rising" if slope > 0 else "falling"
        found.append(Qualifier("baseline_trend", (
            f"Your {analysis.label} was already {moving} before LDN started (about "
            f"{abs(slope):.1f} points a week), so part or all of this change may have "
            "happened without LDN.")))
    if unusual and analysis.baseline_mean is not None and analysis.typical_level is not None:
        found.append(Qualifier("unusual_baseline", (
            f"When you started, your {analysis.label} was worse than your usual level "
            f"({_fmt(analysis.baseline_mean)} against a usual {_fmt(analysis.typical_level)}). "
            "After a bad spell symptoms often drift back towards their usual level whatever "
            "is done, so part of any improvement may be that return, not LDN.")))
    return tuple(found)


def _period_change(name: str, raw: np.ndarray, period: DosePeriod, baseline: _Segment | None,
                   direction: str, threshold: float, settings: AnalysisSettings, phi: float,
                   sigma: float, caveats: list[Caveat]) -> PeriodChange:
    here = _segment(raw, phi, sigma)
    mean = here.mean if len(here.values) else None
    if baseline is None or len(here.values) < settings.min_observed_days:
        if baseline is not None:
            caveats.append(Caveat("too_little_data", (
                f"Only {len(here.values)} day(s) of {measure_library.label(name)} were recorded on "
                f"{period.label}; too few to judge that dose."), name, period.label))
        return PeriodChange(name, period.label, period.dose, len(here.values), mean, None,
                            None, None, Verdict.NOT_ENOUGH_DATA, None)
    if _longest_gap(raw) >= settings.gap_days:
        caveats.append(Caveat("gap", (
            f"There is a gap of {_longest_gap(raw)} days in the {measure_library.label(name)} "
            f"record on {period.label}; the days recorded may not be typical."), name, period.label))
    change = here.mean - baseline.mean
    dof = max(baseline.effective_days + here.effective_days - 2, 3.0)
    error = float(np.sqrt(baseline.variance + here.variance))
    half = t_quantile_975(dof) * error
    low, high = change - half, change + half
    p_value = t_two_sided_p(change / error, dof) if error > 0 else (0.0 if change else 1.0)
    return PeriodChange(name, period.label, period.dose, len(here.values), mean, change, low, high,
                        _verdict(low, high, direction),
                        _improvement(change, direction) >= threshold, p_value)


def _medication_caveats(changes: Sequence[date], baseline_start: date,
                        spans: Sequence[tuple[DosePeriod, int, int]], last: date) -> list[Caveat]:
    caveats = []
    for changed in sorted(changes):
        if not baseline_start <= changed <= last:
            continue
        affected = [p.label for p, _, _ in spans if p.end is None or p.end >= changed]
        caveats.append(Caveat("medication_change", (
            f"Another medicine changed on {changed.isoformat()}. Differences from then on "
            "may come from that change, not from LDN."), None, ", ".join(affected) or None))
    return caveats


def _fluctuation_caveats(measures: Sequence[MeasureAnalysis]) -> list[Caveat]:
    caveats = []
    for analysis in measures:
        latest = analysis.latest_evaluable()
        if latest is not None and analysis.verdict is Verdict.NO_CLEAR_CHANGE:
            caveats.append(Caveat("natural_fluctuation", (
                f"The change in {analysis.label} on {latest.period} is within "
                "the ups and downs seen from day to day; it could be chance."),
                analysis.measure, latest.period))
    return caveats


UNCONTROLLED = Caveat("uncontrolled", (
    "This compares your own days before and after starting LDN, without a placebo. "
    "Expectations, the natural course of the illness, the season and other changes in "
    "life can move these numbers too."))

def _multiplicity_caveat(measures: Sequence[MeasureAnalysis]) -> list[Caveat]:
    judged = [m for m in measures if m.role is Role.SECONDARY and m.adjusted_p is not None]
    if not judged:
        return []
    return [Caveat("several_measures", (
        f"Besides your main measure you track {len(judged)} other "
        f"{'measure' if len(judged) == 1 else 'measures'}. The more measures are "
        "watched, the likelier one of them moves by chance, so the others are checked with a "
        "stricter test (Holm's correction) and only the main measure gives the headline."))]


#: The order in which a tracked measure is taken as primary when nobody chose one.
FALLBACK_PRIMARY_ORDER = ("pain", "fatigue", "brain_fog", "mood", "sleep")


def choose_primary(series: Mapping[str, Mapping[date, float]],
                   settings: AnalysisSettings) -> tuple[str, str]:
    """(primary measure, why) — the chosen one, else the first tracked in a fixed order."""
    if settings.primary_measure:
        return settings.primary_measure, (
            f"{measure_library.label(settings.primary_measure).capitalize()} is the main "
            "measure chosen for this plan.")
    tracked = [m for m in series if series[m]]
    for name in (*FALLBACK_PRIMARY_ORDER, *sorted(tracked)):
        if name in tracked:
            return name, (f"No main measure was chosen for this plan, so "
                          f"{measure_library.label(name)} was taken as the main measure.")
    return "", "Nothing has been tracked yet."


def _assign_roles(measures: list[MeasureAnalysis], primary: str,
                  settings: AnalysisSettings) -> list[MeasureAnalysis]:
    """The primary keeps its own verdict; the others are judged after Holm's correction."""
    p_values: dict[int, float] = {}
    for i, analysis in enumerate(measures):
        latest = analysis.latest_evaluable()
        if analysis.measure != primary and latest is not None and latest.p_value is not None:
            p_values[i] = latest.p_value
    adjusted = dict(zip(p_values, holm_adjusted(list(p_values.values())), strict=True))
    out = []
    for i, analysis in enumerate(measures):
        latest = analysis.latest_evaluable()
        if analysis.measure == primary:
            verdict = latest.verdict if latest else Verdict.NOT_ENOUGH_DATA
            out.append(replace(analysis, role=Role.PRIMARY, verdict=verdict,
                               adjusted_p=latest.p_value if latest else None))
            continue
        if latest is None or i not in adjusted:
            verdict, p = Verdict.NOT_ENOUGH_DATA, None
        else:
            p = adjusted[i]
            verdict = latest.verdict if p < settings.alpha else Verdict.NO_CLEAR_CHANGE
        out.append(replace(analysis, role=Role.SECONDARY, verdict=verdict, adjusted_p=p))
    return out


def _typical_levels(series: Mapping[str, Mapping[date, float]], before: date,
                    given: Mapping[str, float], settings: AnalysisSettings) -> dict[str, float]:
    """Each measure's usual level: as reported (``given``), else the mean of diary days
    kept before the baseline window when there are at least ``min_observed_days``."""
    out = {name: float(value) for name, value in given.items()}
    for name, values in series.items():
        if name in out:
            continue
        earlier = [v for day, v in values.items() if day < before and v is not None]
        if len(earlier) >= settings.min_observed_days:
            out[name] = float(np.mean(earlier))
    return out


TITRATION = Caveat("dose_and_time", (
    "Doses went up over time, so a bigger effect at a higher dose cannot be told apart "
    "from an effect that simply builds up over weeks."))


def analyse_patient(series: Mapping[str, Mapping[date, float]], periods: Sequence[DosePeriod], *,
                    settings: AnalysisSettings | None = None,
                    medication_changes: Sequence[date] = (), as_of: date | None = None,
                    typical_levels: Mapping[str, float] | None = None) -> NOf1Report:
    """Compare each measure's baseline with every dose period.

    ``series`` maps a measure name (``pain``, ``fatigue``, ``phq-9`` …) to its
    values by day; ``periods`` are the dose periods, not overlapping. The
    baseline is the ``settings.baseline_days`` days before the first period.
    ``as_of`` closes an open last period (default: the last recorded day).
    ``typical_levels`` is the patient's usual level per measure (from the
    intake), used to spot a baseline taken in a bad spell; without it, diary
    days before the baseline window serve when there are enough.

    The headline is about ``settings.primary_measure`` (see
    :func:`choose_primary`); the other measures are Holm-corrected. Each
    measure's baseline is tested for a trend and for being worse than usual,
    and the sentences say so. Questionnaires that themselves ask about change
    (PGIC) are not compared with a baseline; their answers are reported as
    given. The result is deterministic: the same input gives the same report.
    """
    settings = settings or AnalysisSettings()
    catalogue = measure_library.measure_catalogue()
    change_answers = {name: values for name, values in series.items()
                      if name in catalogue and catalogue[name].asks_about_change}
    series = {name: values for name, values in series.items() if name not in change_answers}
    ordered = _check_periods(periods)
    if not series:
        raise OutcomesError("no measures to analyse: the journal has no ratings yet")
    first_dose = ordered[0].start
    baseline_start = first_dose - timedelta(days=settings.baseline_days)
    last = _last_day(series, ordered, as_of)
    if last < first_dose:
        raise OutcomesError(f"the analysis date {last} is before the first dose ({first_dose})")
    length = (last - baseline_start).days + 1
    spans = _spans(ordered, baseline_start, last)
    caveats: list[Caveat] = [UNCONTROLLED]
    caveats += _medication_caveats(medication_changes, baseline_start, spans, last)
    typical = _typical_levels(series, baseline_start, typical_levels or {}, settings)
    measures = []
    for name in sorted(series):
        days = _dense(series[name], baseline_start, length)
        measures.append(_analyse_measure(name, days, settings.baseline_days, spans, settings,
                                         caveats, typical.get(name)))
    primary, reason = choose_primary(series, settings)
    measures = _assign_roles(measures, primary, settings)
    measures.sort(key=lambda m: (m.role is not Role.PRIMARY, m.measure))
    caveats += _fluctuation_caveats(measures)
    caveats += _multiplicity_caveat(measures)
    if len({p.dose for p, _, _ in spans}) > 1:
        caveats.append(TITRATION)
    report = NOf1Report(baseline_start, first_dose - timedelta(days=1), last, ordered,
                        tuple(measures), tuple(caveats), (), settings, primary=primary,
                        primary_reason=reason,
                        global_change=tuple(_global_change_sentences(change_answers, last)))
    return _with_sentences(report)


def _spans(periods: Sequence[DosePeriod], origin: date, last: date
           ) -> list[tuple[DosePeriod, int, int]]:
    """Each period with its [start, stop) indexes into the dense series, cut at ``last``."""
    spans = []
    for period in periods:
        if period.start > last:
            continue
        end = min(period.end or last, last)
        spans.append((period, (period.start - origin).days, (end - origin).days + 1))
    return spans


# ------------------------------------------------------------ plain language


def _fmt(value: float) -> str:
    return f"{value:.1f}"


def _change_words(analysis: MeasureAnalysis, latest: PeriodChange) -> str:
    """What the verdict means, without crediting LDN: a before/after comparison
    can only say what changed since starting, not why."""
    if analysis.verdict is Verdict.IMPROVED:
        tail = (" That is a change for the better since you started LDN, larger than your "
                "usual day-to-day ups and downs; on its own it cannot show that LDN caused it.")
        if not latest.meaningful:
            tail += " It is smaller than the change most people notice."
    elif analysis.verdict is Verdict.WORSENED:
        tail = (" That is a change for the worse since you started LDN, larger than your "
                "usual ups and downs; tell your prescriber.")
    elif latest.verdict is not Verdict.NO_CLEAR_CHANGE:
        tail = (" With several measures tracked, one of them can move this much by chance, "
                "so this is not counted as a clear change.")
    else:
        tail = " That could be chance: it is within your usual ups and downs."
    return tail


def measure_sentence(analysis: MeasureAnalysis) -> str:
    """One plain sentence about the latest dose period with enough data, with its qualifiers."""
    label = analysis.label
    latest = analysis.latest_evaluable()
    if latest is None or analysis.baseline_mean is None or latest.change is None:
        return f"There is not enough {label} data yet to compare before and after starting LDN."
    assert latest.low is not None and latest.high is not None and latest.period_mean is not None
    moved = "rose" if latest.change > 0 else "fell"
    # Say the range in the same direction as the sentence ("fell by 1.2, range 0.4 to 2.0").
    low, high = (latest.low, latest.high) if latest.change > 0 else (-latest.high, -latest.low)
    head = (f"Your {label} averaged {_fmt(analysis.baseline_mean)} before LDN and "
            f"{_fmt(latest.period_mean)} on {latest.period}: it {moved} by "
            f"{_fmt(abs(latest.change))} points (likely range {_fmt(low)} to {_fmt(high)}).")
    tail = _change_words(analysis, latest)
    if analysis.days_to_sustained_change is not None and not analysis.qualified:
        tail += (f" A steady improvement began about {analysis.days_to_sustained_change} days "
                 "after your first dose.")
    for qualifier in analysis.qualifiers:
        tail += " " + qualifier.message
    return head + tail


def _global_change_sentences(answers: Mapping[str, Mapping[date, float]], last: date
                             ) -> list[str]:
    out = []
    for code, values in sorted(answers.items()):
        given = sorted((day, value) for day, value in values.items() if day <= last)
        if not given:
            continue
        day, value = given[-1]
        words = measure_library.answer_label(code, int(value))
        out.append(f"Your latest answer to the {measure_library.label(code)} question "
                   f"({day.strftime('%d %b %Y').lstrip('0')}): {words}.")
    return out


def _with_sentences(report: NOf1Report) -> NOf1Report:
    primary = report.primary_analysis
    if primary is not None:
        headline = f"Main measure — {measure_sentence(primary)}"
    else:
        headline = f"There is no {measure_library.label(report.primary)} data yet to judge." \
            if report.primary else "Nothing has been tracked yet."
    secondary = tuple(f"Also tracked — {measure_sentence(m)}" for m in report.secondary_analyses)
    report = replace(report, headline=headline, secondary_sentences=secondary)
    return replace(report, sentences=tuple(patient_sentences(report)))


def patient_sentences(report: NOf1Report) -> list[str]:
    """Sentences for the patient page: the headline (primary measure) first, then the
    other measures, the answers about overall change, then the main caveats."""
    sentences = [report.headline, *report.secondary_sentences, *report.global_change]
    shown = {"uncontrolled", "medication_change", "dose_and_time"}
    sentences += [c.message for c in report.caveats if c.code in shown]
    return sentences
