"""Reads for outcomes: one patient's n-of-1 analysis and the clinic's cohort numbers.

Every function starts from :mod:`ldncare.web.access`. The per-patient inputs of
the clinic dashboard (:class:`PatientSummary`) are aggregated in the database
(correlated sub-queries per patient, GROUP BY per patient and side effect),
never by looping over check-ins in Python; the same SQL runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from auditlog.signals import accessed
from django.db.models import (
    Avg,
    Count,
    DateField,
    Func,
    Max,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ldncare.knowledge import load_knowledge
from ldncare.outcomes import (
    AnalysisSettings,
    CohortReport,
    DosePeriod,
    NOf1Report,
    OutcomesError,
    PatientSummary,
    SideEffectSummary,
    analyse_patient,
    classify_response,
    cohort_report,
    load_definitions,
)
from ldncare.pathway import State
from ldncare.web.access import patients_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.care.models import PathwayEvent, Patient, PlanVersion, Screening
from ldncare.web.journal.models import CheckIn, QuestionnaireResponse, SideEffectEntry

#: Journal column → the measure name the outcomes core uses.
RATING_MEASURES = {"pain": "pain", "fatigue": "fatigue", "mood": "mood",
                   "brain_fog": "brain_fog", "sleep_quality": "sleep"}
QUESTIONNAIRES = ("pgic", "hbi", "phq9", "gad7")
TARGET_DOSE = Decimal("4.5")
#: "Latest" for response: the last 28 days of the course, with at least 7 rated
#: days and 56 days on LDN (the same rule as ``summarise_synthetic_patient``).
LATEST_DAYS, LATEST_MIN_RATED, LATEST_MIN_ON_TREATMENT = 28, 7, 56


# ------------------------------------------------------------------ n-of-1


@dataclass(frozen=True)
class PatientAnalysis:
    """One patient's analysis, or why there is none (``report`` None, ``why_not`` set)."""

    patient: Patient
    report: NOf1Report | None
    why_not: str
    series: dict[str, dict[date, float]]
    periods: tuple[DosePeriod, ...]


def check_in_series(patient: Patient) -> dict[str, dict[date, float]]:
    """The patient's ratings and questionnaire scores as ``{measure: {day: value}}``."""
    series: dict[str, dict[date, float]] = {m: {} for m in RATING_MEASURES.values()}
    columns = list(RATING_MEASURES)
    for day, *values in CheckIn.objects.filter(patient=patient).values_list("day", *columns):
        for column, value in zip(columns, values, strict=True):
            if value is not None:
                series[RATING_MEASURES[column]][day] = float(value)
    scores = (QuestionnaireResponse.objects.filter(patient=patient, instrument__in=QUESTIONNAIRES,
                                                   score__isnull=False)
              .order_by("day", "completed_at").values_list("instrument", "day", "score"))
    for instrument, day, score in scores:
        series.setdefault(instrument, {})[day] = float(score)
    return series


def dose_periods(patient: Patient) -> tuple[DosePeriod, ...]:
    """The dose steps of the newest plan version of the patient's newest prescription."""
    version = (PlanVersion.objects.filter(prescription__patient=patient)
               .order_by("-prescription__created_at", "-prescription_id", "-version").first())
    if version is None:
        return ()
    return tuple(DosePeriod(step.start, step.end, step.dose.mg)
                 for step in version.titration_plan().steps)


def medication_changes(patient: Patient) -> tuple[date, ...]:
    """Days another medicine was reported (each one re-screened)."""
    return tuple(Screening.objects.filter(patient=patient,
                                          trigger=Screening.Trigger.NEW_MEDICATION)
                 .order_by("screened_on").values_list("screened_on", flat=True))


def analyse(patient: Patient, settings: AnalysisSettings | None = None) -> PatientAnalysis:
    """Run the n-of-1 analysis on ``patient``'s stored journal and plan."""
    series, periods = check_in_series(patient), dose_periods(patient)
    if not periods:
        return PatientAnalysis(patient, None, "There is no dose plan yet, so there is nothing "
                               "to compare with the time before LDN.", series, periods)
    try:
        report = analyse_patient(series, periods, settings=settings,
                                 medication_changes=medication_changes(patient))
    except OutcomesError as error:
        return PatientAnalysis(patient, None, str(error), series, periods)
    return PatientAnalysis(patient, report, "", series, periods)


def open_patient_analysis(user: User, patient_id: int,
                          settings: AnalysisSettings | None = None) -> PatientAnalysis:
    """The analysis of a patient in ``user``'s scope (404 otherwise); the read is audited."""
    patient = get_object_or_404(patients_visible_to(user).select_related("user"), pk=patient_id)
    accessed.send(sender=Patient, instance=patient)
    return analyse(patient, settings)


def own_analysis(user: User, settings: AnalysisSettings | None = None) -> PatientAnalysis:
    """The logged-in patient's own analysis (404 if they have no patient record)."""
    patient = get_object_or_404(patients_visible_to(user).select_related("user"), user=user)
    accessed.send(sender=Patient, instance=patient)
    return analyse(patient, settings)


# ------------------------------------------------------------- the cohort


class DaysBefore(Func):
    """``expression`` minus ``days`` days, as a date, on SQLite and PostgreSQL."""

    output_field = DateField()

    def __init__(self, expression: Any, days: int) -> None:
        super().__init__(expression)
        self.days = int(days)

    def as_sql(self, compiler, connection, **extra):  # type: ignore[no-untyped-def,override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) - CAST(%s AS integer))", [*params, self.days]

    def as_sqlite(self, compiler, connection, **extra):  # type: ignore[no-untyped-def,override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, %s)", [*params, f"-{self.days} days"]


def _one(queryset: QuerySet[Any], aggregate: Any) -> Subquery:
    """One aggregate of a per-patient sub-query, as a correlated scalar."""
    return Subquery(queryset.values("patient").annotate(value=aggregate).values("value")[:1])


def _rated_measures() -> tuple[set[str], set[str]]:
    """(rating columns, questionnaires) that some responder rule looks at."""
    measures = {rule.measure for rules in load_definitions().conditions.values() for rule in rules}
    columns = {c for c, m in RATING_MEASURES.items() if m in measures}
    return columns, measures & set(QUESTIONNAIRES)


def cohort_rows(user: User, as_of: date) -> QuerySet[Patient]:
    """One row per patient in scope who has started LDN, with every per-patient
    number the cohort needs annotated by the database."""
    started = (PathwayEvent.objects.filter(patient=OuterRef("pk"), state=State.ACTIVE)
               .order_by("at").values("at")[:1])
    stop = (PathwayEvent.objects.filter(patient=OuterRef("pk"), state=State.STOPPED,
                                        at__gte=OuterRef("started_at")).order_by("at"))
    plan = (PlanVersion.objects.filter(prescription__patient=OuterRef("pk"))
            .order_by("-prescription__created_at", "-prescription_id", "-version").values("plan")[:1])
    rows = (patients_visible_to(user)
            .annotate(started_at=Subquery(started))
            .filter(started_at__isnull=False)
            .annotate(started_on=TruncDate("started_at"),
                      stopped_at=Subquery(stop.values("at")[:1]),
                      stop_reason=Subquery(stop.values("reason")[:1]),
                      plan=Subquery(plan),
                      last_check_in=_one(CheckIn.objects.filter(patient=OuterRef("pk")), Max("day")))
            .annotate(course_end=Coalesce(TruncDate("stopped_at"), Value(as_of),
                                          output_field=DateField())))
    check_ins = CheckIn.objects.filter(patient=OuterRef("pk"))
    before = check_ins.filter(day__lt=OuterRef("started_on"))
    latest = check_ins.filter(day__gt=DaysBefore(OuterRef("course_end"), LATEST_DAYS),
                              day__lte=OuterRef("course_end"), day__gte=OuterRef("started_on"))
    columns, questionnaires = _rated_measures()
    extra: dict[str, Any] = {}
    for column in sorted(columns):
        extra[f"baseline_{column}"] = _one(before, Avg(column))
        extra[f"latest_{column}"] = _one(latest, Avg(column))
        extra[f"latest_n_{column}"] = _one(latest, Count(column))
    for instrument in sorted(questionnaires):
        extra[f"last_{instrument}"] = Subquery(
            QuestionnaireResponse.objects.filter(
                patient=OuterRef("pk"), instrument=instrument, score__isnull=False,
                day__gte=OuterRef("started_on"), day__lte=OuterRef("course_end"))
            .order_by("-day", "-completed_at").values("score")[:1])
    return rows.annotate(**extra).order_by("pk")


def _dose_reached(plan: dict[str, Any] | None, end: date) -> tuple[Decimal, date | None]:
    """(highest dose taken by ``end``, first day on the target dose or None)."""
    highest, reached = Decimal(0), None
    for step in (plan or {}).get("steps", []):
        start, dose = date.fromisoformat(step["start"]), Decimal(step["dose_mg"])
        if start > end:
            continue
        highest = max(highest, dose)
        if reached is None and dose >= TARGET_DOSE:
            reached = start
    return highest, reached


def side_effect_episodes(patient_ids: QuerySet[Any]) -> dict[int, list[tuple[str, date, date]]]:
    """Per patient: (side effect, first report, last report), grouped in the database."""
    grouped = (SideEffectEntry.objects.filter(patient__in=patient_ids)
               .values("patient_id", "code").annotate(first=Min("day"), last=Max("day"))
               .order_by("patient_id", "code"))
    out: dict[int, list[tuple[str, date, date]]] = {}
    for row in grouped:
        out.setdefault(row["patient_id"], []).append((row["code"], row["first"], row["last"]))
    return out


def _summary(row: Patient, as_of: date, effects: list[tuple[str, date, date]]) -> PatientSummary:
    stopped_on = row.stopped_at.date() if row.stopped_at else None  # type: ignore[attr-defined]
    started_on: date = row.started_on  # type: ignore[attr-defined]
    end = row.course_end  # type: ignore[attr-defined]
    baseline: dict[str, float] = {}
    latest: dict[str, float] = {}
    long_enough = (end - started_on).days >= LATEST_MIN_ON_TREATMENT
    for column, measure in RATING_MEASURES.items():
        value = getattr(row, f"baseline_{column}", None)
        if value is not None:
            baseline[measure] = float(value)
        recent = getattr(row, f"latest_{column}", None)
        if recent is not None and long_enough and (
                getattr(row, f"latest_n_{column}", 0) or 0) >= LATEST_MIN_RATED:
            latest[measure] = float(recent)
    for instrument in QUESTIONNAIRES:
        score = getattr(row, f"last_{instrument}", None)
        if score is not None:
            latest[instrument] = float(score)
    highest, reached = _dose_reached(row.plan, end)  # type: ignore[attr-defined]
    last_report = row.last_check_in  # type: ignore[attr-defined]
    side_effects = tuple(
        SideEffectSummary(code, None if last_report and last >= last_report
                          else (last - first).days + 1)
        for code, first, last in effects)
    response = classify_response(row.condition or "default", baseline, latest).response
    return PatientSummary(str(row.pk), row.condition or "not recorded", started_on, highest,
                          reached, stopped_on,
                          (row.stop_reason or "not_recorded") if stopped_on else None,  # type: ignore[attr-defined]
                          stopped_on or as_of, response, side_effects)


def patient_summaries(user: User, as_of: date | None = None) -> list[PatientSummary]:
    """One :class:`PatientSummary` per patient in ``user``'s scope who started LDN.

    Two queries whatever the clinic's size: the annotated patients and the
    side-effect episodes grouped per patient and side effect. A side effect
    still reported at the patient's last check-in counts as not yet resolved.
    """
    as_of = as_of or timezone.localdate()
    rows = cohort_rows(user, as_of)
    effects = side_effect_episodes(rows.values("pk"))
    return [_summary(row, as_of, effects.get(row.pk, [])) for row in rows]


def published_summaries() -> list[tuple[str, str]]:
    """(condition id, text) for each condition of the knowledge base, with its grade and direction."""
    knowledge = load_knowledge()
    return [(c.id, f"{c.name} — evidence {c.grade.value}, direction {c.direction.value} "
                   f"({c.research_direction}): {c.summary} Sources: {', '.join(c.references)}.")
            for c in knowledge.conditions]


def clinic_report(user: User, as_of: date | None = None) -> CohortReport:
    """The clinic dashboard's numbers for ``user``'s clinic."""
    as_of = as_of or timezone.localdate()
    return cohort_report(patient_summaries(user, as_of), as_of=as_of,
                         published=published_summaries(), target=TARGET_DOSE)


# ------------------------------------------------------------ research export


def research_rows(user: User) -> Iterator[dict[str, object]]:
    """One row per check-in of the patients in scope, for :func:`deidentify`.

    Only allow-listed columns are read; names and e-mails are never selected.
    """
    patients = patients_visible_to(user).values("pk")
    check_ins = (CheckIn.objects.filter(patient__in=patients).order_by("patient_id", "day")
                 .values_list("patient_id", "patient__condition", "day", "dose_mg",
                              *RATING_MEASURES))
    for patient_id, condition, day, dose, *ratings in check_ins.iterator(chunk_size=5000):
        yield {"patient_id": patient_id, "condition": condition or "not recorded", "day": day,
               "dose_mg": dose.normalize() if dose is not None else None,
               **dict(zip(RATING_MEASURES.values(), ratings, strict=True))}


def kaplan_meier_points(report: CohortReport) -> tuple[list[float], list[float]]:
    """The retention curve as step points (day, share still on LDN) for a line chart."""
    xs, ys = [0.0], [1.0]
    for step in report.retention.steps:
        xs += [float(step.day), float(step.day)]
        ys += [ys[-1], step.survival]
    return xs, ys


def dose_period_steps(periods: Sequence[DosePeriod], origin: date) -> list[tuple[float, float]]:
    return [(float((p.start - origin).days), float(p.dose)) for p in periods]


def days_since(origin: date, days: Sequence[date]) -> list[float]:
    return [float((d - origin).days) for d in days]


def baseline_start(periods: Sequence[DosePeriod], settings: AnalysisSettings) -> date:
    return periods[0].start - timedelta(days=settings.baseline_days) if periods else date.min
