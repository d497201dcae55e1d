"""Clinic cohort statistics from plain per-patient summaries.

The web layer aggregates in the database and hands this module one
:class:`PatientSummary` per patient (or calls :func:`summarise_synthetic_patient`
for generated data). Everything here is observational: no control group, people
who stop early are often different from those who stay, and response is judged
by the clinic's own definitions. :data:`OBSERVATIONAL_CAVEATS` says so on every
report.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ldncare.outcomes.errors import OutcomesError
from ldncare.outcomes.measures import measure_catalogue, questionnaire_codes
from ldncare.outcomes.responders import (
    ResponderDefinitions,
    Response,
    classify_response,
    load_definitions,
)
from ldncare.outcomes.stats import (
    Proportion,
    SurvivalStep,
    kaplan_meier,
    median_survival,
    wilson_interval,
)

OBSERVATIONAL_CAVEATS = (
    "These are a clinic's own records, not a trial: there is no placebo group, so "
    "improvement can also come from expectation, natural ups and downs or other treatment.",
    "Patients who stop early often differ from those who stay; rates among those still "
    "on treatment look better than the truth.",
    "Response is judged by this clinic's definitions, which may differ from the outcome "
    "measures of published trials.",
    "Small groups give wide intervals; read the interval, not just the percentage.",
)


@dataclass(frozen=True)
class SideEffectSummary:
    name: str
    days: int | None  # None: not (yet) resolved


@dataclass(frozen=True)
class QuestionnaireChange:
    """One patient's questionnaire total before the first dose and at the latest."""

    instrument: str
    before: float
    after: float


@dataclass(frozen=True)
class PatientSummary:
    """What the cohort statistics need to know about one patient."""

    patient_id: str
    condition: str
    started_on: date
    highest_dose: Decimal
    reached_target_on: date | None
    stopped_on: date | None
    stop_reason: str | None
    last_seen: date
    response: Response
    side_effects: tuple[SideEffectSummary, ...] = ()
    questionnaires: tuple[QuestionnaireChange, ...] = ()
    #: Recorded days on a blinded n-of-1 trial kit, left out of the response
    #: (a coded kit was taken, not the plan's dose).
    trial_days_left_out: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.highest_dose, Decimal):
            raise OutcomesError(f"{self.patient_id}: highest_dose must be a Decimal")
        end = self.stopped_on or self.last_seen
        if end < self.started_on:
            raise OutcomesError(f"{self.patient_id}: last seen/stopped before the first dose")

    @property
    def days_on_treatment(self) -> int:
        return ((self.stopped_on or self.last_seen) - self.started_on).days


@dataclass(frozen=True)
class RateRow:
    group: str
    proportion: Proportion
    #: Patients of the group left out because no rule could judge them (too short
    #: on LDN, nothing tracked, or a baseline below a rule's floor).
    not_evaluable: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"group": self.group, **self.proportion.as_dict(),
                "not_evaluable": self.not_evaluable}


@dataclass(frozen=True)
class SideEffectRow:
    name: str
    incidence: Proportion
    median_days: float | None
    unresolved: int

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, **self.incidence.as_dict(), "median_days": self.median_days,
                "unresolved": self.unresolved}


@dataclass(frozen=True)
class QuestionnaireRow:
    """A questionnaire across the clinic: patients with a score before and after, and
    the mean totals (``worse_when`` says which end is worse)."""

    instrument: str
    label: str
    patients: int
    mean_before: float
    mean_after: float
    worse_when: str

    @property
    def mean_change(self) -> float:
        return self.mean_after - self.mean_before

    def as_dict(self) -> dict[str, object]:
        return {"instrument": self.instrument, "label": self.label, "patients": self.patients,
                "mean_before": round(self.mean_before, 2), "mean_after": round(self.mean_after, 2),
                "mean_change": round(self.mean_change, 2), "worse_when": self.worse_when}


@dataclass(frozen=True)
class TimeToTarget:
    target: Decimal
    reached: int
    total: int
    median_days: float | None
    quartiles: tuple[float, float] | None

    def as_dict(self) -> dict[str, object]:
        return {"target": str(self.target), "reached": self.reached, "total": self.total,
                "median_days": self.median_days,
                "quartiles": list(self.quartiles) if self.quartiles else None}


@dataclass(frozen=True)
class Retention:
    steps: tuple[SurvivalStep, ...]
    median_days: int | None
    stop_reasons: Mapping[str, int]

    def as_dict(self) -> dict[str, object]:
        return {"curve": [{"day": s.day, "at_risk": s.at_risk, "events": s.events,
                           "censored": s.censored, "survival": round(s.survival, 4)}
                          for s in self.steps],
                "median_days": self.median_days, "stop_reasons": dict(self.stop_reasons)}


@dataclass(frozen=True)
class TrialComparison:
    condition: str
    clinic: str
    published: tuple[str, ...]
    caveats: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        return {"condition": self.condition, "clinic": self.clinic,
                "published": list(self.published), "caveats": list(self.caveats)}


@dataclass(frozen=True)
class CohortReport:
    """The clinic dashboard's numbers; store with :meth:`as_dict` (JSON-ready)."""

    as_of: date
    patients: int
    by_condition: tuple[RateRow, ...]
    by_dose: tuple[RateRow, ...]
    side_effects: tuple[SideEffectRow, ...]
    time_to_target: TimeToTarget
    retention: Retention
    comparisons: tuple[TrialComparison, ...]
    caveats: tuple[str, ...]
    definitions_version: str
    questionnaires: tuple[QuestionnaireRow, ...] = ()
    #: Recorded days of blinded n-of-1 trials left out of every response
    #: number, and how many patients they belong to.
    trial_days_left_out: int = 0
    trial_patients: int = 0

    def as_dict(self) -> dict[str, object]:
        return {"as_of": self.as_of.isoformat(), "patients": self.patients,
                "by_condition": [r.as_dict() for r in self.by_condition],
                "by_dose": [r.as_dict() for r in self.by_dose],
                "side_effects": [r.as_dict() for r in self.side_effects],
                "time_to_target": self.time_to_target.as_dict(),
                "retention": self.retention.as_dict(),
                "comparisons": [c.as_dict() for c in self.comparisons],
                "caveats": list(self.caveats), "definitions_version": self.definitions_version,
                "questionnaires": [q.as_dict() for q in self.questionnaires],
                "trial_days_left_out": self.trial_days_left_out,
                "trial_patients": self.trial_patients}


def _rates(summaries: Iterable[PatientSummary], key) -> tuple[RateRow, ...]:  # noqa: ANN001
    """Responders / evaluable patients per group; not-evaluable patients are left out."""
    counts: dict[str, list[int]] = {}
    for summary in summaries:
        row = counts.setdefault(key(summary), [0, 0, 0])
        if summary.response is Response.NOT_EVALUABLE:
            row[2] += 1
            continue
        row[0] += summary.response is Response.RESPONDER
        row[1] += 1
    return tuple(RateRow(group, wilson_interval(events, total), left_out)
                 for group, (events, total, left_out) in sorted(counts.items()) if total)


def response_by_condition(summaries: Sequence[PatientSummary]) -> tuple[RateRow, ...]:
    """Response rate per condition with Wilson 95% intervals."""
    return _rates(summaries, lambda s: s.condition)


def response_by_dose(summaries: Sequence[PatientSummary]) -> tuple[RateRow, ...]:
    """Response rate by the highest dose reached (mg HCl)."""
    return _rates(summaries, lambda s: f"{s.highest_dose.normalize():f} mg")


def side_effect_table(summaries: Sequence[PatientSummary]) -> tuple[SideEffectRow, ...]:
    """Share of patients with each side effect, and how many days it lasted."""
    patients: Counter[str] = Counter()
    durations: dict[str, list[int]] = {}
    unresolved: Counter[str] = Counter()
    for summary in summaries:
        for name in {e.name for e in summary.side_effects}:
            patients[name] += 1
        for episode in summary.side_effects:
            if episode.days is None:
                unresolved[episode.name] += 1
            else:
                durations.setdefault(episode.name, []).append(episode.days)
    total = len(summaries)
    return tuple(
        SideEffectRow(name, wilson_interval(count, total),
                      statistics.median(durations[name]) if durations.get(name) else None,
                      unresolved[name])
        for name, count in sorted(patients.items(), key=lambda item: (-item[1], item[0])))


def questionnaire_table(summaries: Sequence[PatientSummary]) -> tuple[QuestionnaireRow, ...]:
    """Mean questionnaire totals before the first dose and at the latest score, per
    instrument, over patients with both (PHQ-9, GAD-7, MFIS-5 …)."""
    pairs: dict[str, list[tuple[float, float]]] = {}
    for summary in summaries:
        for change in summary.questionnaires:
            pairs.setdefault(change.instrument, []).append((change.before, change.after))
    catalogue = measure_catalogue()
    rows = []
    for instrument, values in sorted(pairs.items()):
        known = catalogue.get(instrument)
        rows.append(QuestionnaireRow(
            instrument, known.label if known else instrument, len(values),
            statistics.fmean(b for b, _ in values), statistics.fmean(a for _, a in values),
            known.worse_when if known else "high"))
    return tuple(rows)


def time_to_target(summaries: Sequence[PatientSummary], target: Decimal = Decimal("4.5")
                   ) -> TimeToTarget:
    """Days from first dose to first reaching ``target`` among those who reached it."""
    days = sorted((s.reached_target_on - s.started_on).days for s in summaries
                  if s.reached_target_on is not None)
    if not days:
        return TimeToTarget(target, 0, len(summaries), None, None)
    quartiles = ((float(days[0]), float(days[0])) if len(days) == 1 else
                 tuple(statistics.quantiles(days, n=4)[i] for i in (0, 2)))
    return TimeToTarget(target, len(days), len(summaries), float(statistics.median(days)),
                        quartiles)  # type: ignore[arg-type]


def retention(summaries: Sequence[PatientSummary]) -> Retention:
    """Kaplan–Meier share still on LDN by days since first dose, and why people stopped."""
    steps = kaplan_meier([s.days_on_treatment for s in summaries],
                         [s.stopped_on is not None for s in summaries])
    reasons = Counter(s.stop_reason or "not_recorded" for s in summaries if s.stopped_on)
    return Retention(steps, median_survival(steps), dict(sorted(reasons.items())))


def compare_with_trials(rows: Sequence[RateRow], published: Sequence[tuple[str, str]]
                        ) -> tuple[TrialComparison, ...]:
    """Put the clinic's rate per condition beside published trial summaries.

    ``published`` is a list of (condition, summary text) from the knowledge
    base; conditions the clinic has no patients for are left out.
    """
    texts: dict[str, list[str]] = {}
    for condition, text in published:
        texts.setdefault(condition, []).append(text)
    out = []
    for row in rows:
        if row.group not in texts:
            continue
        p = row.proportion
        clinic = (f"{p.events} of {p.total} evaluable patients met this clinic's responder "
                  f"definition ({p.rate:.0%}, 95% interval {p.low:.0%} to {p.high:.0%}).")
        out.append(TrialComparison(row.group, clinic, tuple(texts[row.group]),
                                   OBSERVATIONAL_CAVEATS[:3]))
    return tuple(out)


def cohort_report(summaries: Sequence[PatientSummary], *, as_of: date,
                  published: Sequence[tuple[str, str]] = (), target: Decimal = Decimal("4.5"),
                  definitions_version: str | None = None) -> CohortReport:
    """Every cohort statistic for the clinic dashboard in one value."""
    by_condition = response_by_condition(summaries)
    return CohortReport(
        as_of, len(summaries), by_condition, response_by_dose(summaries),
        side_effect_table(summaries), time_to_target(summaries, target), retention(summaries),
        compare_with_trials(by_condition, published), OBSERVATIONAL_CAVEATS,
        definitions_version or load_definitions().version, questionnaire_table(summaries),
        sum(s.trial_days_left_out for s in summaries),
        sum(1 for s in summaries if s.trial_days_left_out))


def summarise_synthetic_patient(patient, definitions: ResponderDefinitions | None = None,  # noqa: ANN001
                                ) -> PatientSummary:
    """A :class:`PatientSummary` for a generated patient, judging response from its data.

    Baseline = mean of each rating before the first dose; "latest" = mean of the
    last 28 days on treatment, and the last questionnaire score.
    """
    series = patient.series()
    baseline: dict[str, float] = {}
    latest: dict[str, float] = {}
    for measure, values in series.items():
        before = [v for d, v in values.items() if d < patient.start_date]
        after = sorted((d, v) for d, v in values.items() if d >= patient.start_date)
        if before:
            baseline[measure] = statistics.fmean(before)
        if measure in questionnaire_codes():
            if after:
                latest[measure] = after[-1][1]
        else:
            recent = [v for d, v in after if (patient.last_seen - d).days < 28]
            if len(recent) >= 7 and (patient.last_seen - patient.start_date).days >= 56:
                latest[measure] = statistics.fmean(recent)
    result = classify_response(patient.condition, baseline, latest, definitions)
    return PatientSummary(
        patient.patient_id, patient.condition, patient.start_date, patient.highest_dose(),
        patient.reached_target_on(), patient.stopped_on, patient.stop_reason, patient.last_seen,
        result.response, tuple(SideEffectSummary(e.name, e.days) for e in patient.side_effects))
