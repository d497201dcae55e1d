"""Reads for outcomes: one patient's n-of-1 analysis and the clinic's cohort numbers.

Every function starts from :mod:`ldncare.web.access`. The per-patient inputs of
the clinic dashboard (:class:`PatientSummary`) are aggregated in the database
(anchors per patient, then GROUP BY patient over index ranges of check-ins,
and per patient and side effect), never by looping over check-ins in Python;
the same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from auditlog.signals import accessed
from django.db import connection
from django.db.models import JSONField, Max, Min, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ldncare.dateranges import record_window
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
from ldncare.outcomes.cohort import QuestionnaireChange
from ldncare.outcomes.measures import label, measure_catalogue, questionnaire_codes
from ldncare.pathway import State
from ldncare.trials.days import Span, is_blinded, span_days
from ldncare.web.access import patients_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.care.models import PathwayEvent, Patient, PlanVersion, Prescription, Screening
from ldncare.web.care.treatment import current_prescription, current_treatment
from ldncare.web.insights.models import PrimaryMeasureChoice
from ldncare.web.journal.models import CheckIn, QuestionnaireResponse, SideEffectEntry
from ldncare.web.trials.periods import trial_spans, trial_spans_of

#: Journal column → the measure name the outcomes core uses.
RATING_MEASURES = {"pain": "pain", "fatigue": "fatigue", "mood": "mood",
                   "brain_fog": "brain_fog", "sleep_quality": "sleep"}
#: Every questionnaire of the instrument library, under the codes the journal
#: stores (``phq-9``, ``gad-7`` …): one list, so the two cannot drift apart.
QUESTIONNAIRES = questionnaire_codes()
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
    #: Journal days left out because the patient was on a blinded trial kit
    #: (not the plan's dose); the trial has its own analysis.
    trial_days_left_out: int = 0
    #: Those blinded days as spans (the charts shade them, with no dose drawn).
    trial_spans: tuple[Span, ...] = ()


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
    """The dose steps of the patient's current treatment (``care.treatment``); none
    while the medicine is on its way (day 1, which the baseline is counted back
    from, is not known yet)."""
    treatment = current_treatment(patient)
    plan = None if treatment is None else treatment.plan_in_force
    if plan is None:
        return ()
    return tuple(DosePeriod(step.start, step.end, step.dose.mg) for step in plan.steps)


def medication_changes(patient: Patient) -> tuple[date, ...]:
    """Days another medicine was reported (each one re-screened)."""
    return tuple(Screening.objects.filter(patient=patient,
                                          trigger=Screening.Trigger.NEW_MEDICATION)
                 .order_by("screened_on").values_list("screened_on", flat=True))


def newest_prescription(patient: Patient) -> Prescription | None:
    """The patient's current prescription (``care.treatment``: the active one, else
    the newest): the plan a primary measure is stored with."""
    return current_prescription(patient)


@dataclass(frozen=True)
class PrimaryMeasure:
    """The measure the headline is about, and why, in words a patient can read."""

    measure: str
    reason: str
    chosen: PrimaryMeasureChoice | None


def primary_measure(patient: Patient) -> PrimaryMeasure:
    """The prescriber's latest choice for the newest plan, else the condition's default."""
    prescription = newest_prescription(patient)
    choice = (PrimaryMeasureChoice.objects.filter(prescription=prescription)
              .select_related("chosen_by").first() if prescription else None)
    if choice is not None and choice.measure in measure_catalogue():
        return PrimaryMeasure(choice.measure, (
            f"{label(choice.measure).capitalize()} is the main measure your prescriber chose "
            f"on {timezone.localtime(choice.chosen_at):%d %b %Y}."), choice)
    default = load_definitions().primary_for(patient.condition or "default")
    return PrimaryMeasure(default, (
        f"{label(default).capitalize()} is the main measure usually followed for "
        f"{(patient.condition or 'your condition').replace('_', ' ')}; your prescriber can "
        "choose another."), None)


def primary_measure_choices() -> list[tuple[str, str]]:
    """(code, label) of every measure that can be primary: ratings and questionnaires
    with a before and after (not the PGIC, which itself asks about change)."""
    return [(code, measure.label.capitalize()) for code, measure in measure_catalogue().items()
            if not measure.asks_about_change]


def analyse(patient: Patient, settings: AnalysisSettings | None = None) -> PatientAnalysis:
    """Run the n-of-1 analysis on ``patient``'s stored journal and plan, with the
    plan's primary measure (or the condition's default) as the headline."""
    series, periods = check_in_series(patient), dose_periods(patient)
    spans = trial_spans(patient)
    series, left_out = _without_trial_days(span_days(spans), series)
    if not periods:
        return PatientAnalysis(patient, None, "There is no dose plan yet, so there is nothing "
                               "to compare with the time before LDN.", series, periods,
                               left_out, spans)
    settings = settings or AnalysisSettings()
    primary = primary_measure(patient)
    try:
        report = analyse_patient(series, periods,
                                 settings=replace(settings, primary_measure=primary.measure),
                                 medication_changes=medication_changes(patient))
    except OutcomesError as error:
        return PatientAnalysis(patient, None, str(error), series, periods, left_out, spans)
    return PatientAnalysis(patient, replace(report, primary_reason=primary.reason), "", series,
                           periods, left_out, spans)


def _without_trial_days(blinded: set[date], series: dict[str, dict[date, float]],
                        ) -> tuple[dict[str, dict[date, float]], int]:
    """``series`` without the ``blinded`` days of an n-of-1 trial (on those days
    the patient took a coded kit, not the plan's dose), and how many recorded
    days that left out."""
    if not blinded:
        return series, 0
    recorded = {day for values in series.values() for day in values}
    kept = {measure: {d: v for d, v in values.items() if d not in blinded}
            for measure, values in series.items()}
    return kept, len(recorded & blinded)


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


@dataclass(frozen=True)
class Course:
    """One started patient's anchors, read per patient (not per check-in).

    ``started_on`` and ``course_end`` are calendar days in the current time
    zone (as ``TruncDate`` would give); ``stopped_on`` is the stored stop
    instant's own date, as the dashboard has always shown it.
    """

    patient_id: int
    condition: str
    started_on: date
    stopped_on: date | None
    stop_reason: str
    course_end: date
    steps: list[dict[str, Any]]  # the newest plan's dose steps, as stored

    @property
    def latest_after(self) -> date:
        """The "latest" window is the days after this one, up to ``course_end``."""
        return self.course_end - timedelta(days=LATEST_DAYS)


def _rated_measures() -> tuple[set[str], set[str]]:
    """(rating columns, questionnaires) that some responder rule looks at."""
    measures = {rule.measure for rules in load_definitions().conditions.values() for rule in rules}
    columns = {c for c, m in RATING_MEASURES.items() if m in measures}
    return columns, measures & set(QUESTIONNAIRES)


def courses(user: User, as_of: date) -> list[Course]:
    """The anchors of every patient in ``user``'s scope who has started LDN, by pk.

    Three set-based reads, none per check-in: the first "active" event of each
    patient (GROUP BY patient), the stop events of the started patients (the
    first one at or after the start counts; a patient may stop and start again)
    and each patient's newest plan (one indexed sub-query per patient). Dates
    are taken in Python, so SQLite calls no Python function inside the query.
    """
    scope = patients_visible_to(user)
    first_active = dict(PathwayEvent.objects.filter(patient__in=scope.values("pk"),
                                                    state=State.ACTIVE)
                        .values("patient_id").annotate(first=Min("at"))
                        .order_by().values_list("patient_id", "first"))
    stops: dict[int, tuple[datetime, str]] = {}
    stopped = (PathwayEvent.objects.filter(patient__in=scope.values("pk"), state=State.STOPPED)
               .order_by("patient_id", "at", "id").values_list("patient_id", "at", "reason"))
    for patient_id, at, reason in stopped:
        started_at = first_active.get(patient_id)
        if started_at is not None and at >= started_at and patient_id not in stops:
            stops[patient_id] = (at, reason)
    plan = (PlanVersion.objects.filter(prescription__patient=OuterRef("pk"))
            .order_by("-prescription__created_at", "-prescription_id", "-version")
            .values("plan__steps")[:1])  # only the steps: decoding whole plans took the time
    rows = (scope.filter(pk__in=list(first_active)) if len(first_active) < CHUNK else scope)
    found = []
    for pk, condition, steps in (rows.annotate(steps=Subquery(plan, output_field=JSONField()))
                                 .order_by("pk").values_list("pk", "condition", "steps")):
        started_at = first_active.get(pk)
        if started_at is None:
            continue
        stopped_at, reason = stops.get(pk, (None, ""))
        found.append(Course(
            pk, condition or "", timezone.localtime(started_at).date(),
            stopped_at.date() if stopped_at else None, reason or "",
            timezone.localtime(stopped_at).date() if stopped_at else as_of, steps or []))
    return found


@dataclass(frozen=True)
class JournalNumbers:
    """One patient's journal aggregates over the baseline and latest windows,
    blinded trial days left out (see :func:`journal_numbers`)."""

    last_check_in: date | None
    baseline: dict[str, float]  # rating column → mean before the first dose
    latest: dict[str, tuple[float, int]]  # rating column → (mean, rated days) in the window
    last_scores: dict[str, float]  # questionnaire → last score during the course
    #: Recorded days (a rating or a questionnaire score) on blinded trial days,
    #: left out: the same count as :attr:`PatientAnalysis.trial_days_left_out`.
    trial_days_left_out: int = 0


#: Patients per aggregation query: 5 parameters each (and 3 per blinded trial
#: span, a few at most per patient) stays below SQLite's 32,766 and
#: PostgreSQL's 65,535 bind parameters.
CHUNK = 2000


def _sql_names() -> dict[str, str]:
    quote = connection.ops.quote_name
    names = {"checkin": quote(CheckIn._meta.db_table),
             "questionnaire": quote(QuestionnaireResponse._meta.db_table)}
    for model, key in ((CheckIn, "c"), (QuestionnaireResponse, "q")):
        for field in model._meta.concrete_fields:
            names[f"{key}.{field.name}"] = f"{key}.{quote(field.column)}"
    return names


def _not_blinded(alias: str, day: str, patient_id: str) -> str:
    """A condition that ``day`` of ``patient_id`` is on no span of the
    ``blinded`` CTE (``alias`` names the sub-query's own span row)."""
    return (f" AND NOT EXISTS (SELECT 1 FROM blinded {alias} WHERE {alias}.patient_id = "
            f"{patient_id} AND {day} >= {alias}.first_day AND {day} <= {alias}.last_day)")


def _trial_days_sql(columns: Sequence[str], count: int) -> str:
    """The recorded days of ``course.patient_id`` that fall on a blinded span:
    check-ins with a rating, plus scored questionnaire days (``count``
    instruments, bound as parameters) with no rated check-in that day, the
    same days the patient-level analysis counts. Spans never overlap, so a
    join counts each day once."""
    n = _sql_names()
    day, patient = n["c.day"], n["c.patient"]
    rated = " OR ".join(f"{n['c.' + c]} IS NOT NULL" for c in columns)
    instruments = ", ".join(["%s"] * count)
    return (
        f", (SELECT COUNT(*) FROM {n['checkin']} c JOIN blinded t ON t.patient_id = {patient} "
        f"AND {day} >= t.first_day AND {day} <= t.last_day "
        f"WHERE {patient} = course.patient_id AND ({rated}))"
        f" + (SELECT COUNT(DISTINCT {n['q.day']}) FROM {n['questionnaire']} q "
        f"JOIN blinded t ON t.patient_id = {n['q.patient']} "
        f"AND {n['q.day']} >= t.first_day AND {n['q.day']} <= t.last_day "
        f"WHERE {n['q.patient']} = course.patient_id AND {n['q.score']} IS NOT NULL "
        f"AND {n['q.instrument']} IN ({instruments}) "
        f"AND NOT EXISTS (SELECT 1 FROM {n['checkin']} c WHERE {patient} = {n['q.patient']} "
        f"AND {day} = {n['q.day']} AND ({rated})))")


def _journal_sql(count: int, columns: Sequence[str], instruments: Sequence[str],
                 spans: int = 0) -> str:
    """One statement for ``count`` patients' windows (the ``course`` CTE, one
    VALUES row per patient): baseline means and latest means/counts are each a
    GROUP BY over an index range join on (patient, day); the last check-in and
    questionnaire scores are index look-ups per patient. Portable SQL: it runs
    unchanged on SQLite and PostgreSQL.

    With ``spans`` > 0 a ``blinded`` CTE holds that many blinded trial spans
    (patient, first day, last day): check-ins and questionnaire scores on
    those days count toward no window (a coded kit was taken, not the plan's
    dose), and a last column counts them (:func:`_trial_days_sql`, with
    ``QUESTIONNAIRES`` bound after the score instruments). Without spans the
    statement is the plain one and the count is a constant 0."""
    n = _sql_names()
    day, patient = n["c.day"], n["c.patient"]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * count)
    blinded = (", blinded (patient_id, first_day, last_day) AS (VALUES "
               + ", ".join(["(%s, %s, %s)"] * spans) + ")") if spans else ""

    def outside(alias: str, day_: str, patient_: str) -> str:
        return _not_blinded(alias, day_, patient_) if spans else ""
    baseline = ", ".join(f"AVG({n['c.' + c]}) AS b_{c}" for c in columns) or "NULL AS b_none"
    latest = ", ".join(f"AVG({n['c.' + c]}) AS l_{c}, COUNT({n['c.' + c]}) AS n_{c}"
                       for c in columns) or "NULL AS l_none"
    scores = "".join(
        f", (SELECT {n['q.score']} FROM {n['questionnaire']} q"
        f" WHERE {n['q.patient']} = course.patient_id AND {n['q.instrument']} = %s"
        f" AND {n['q.score']} IS NOT NULL AND {n['q.day']} >= course.started_on"
        f" AND {n['q.day']} <= course.course_end"
        f"{outside('s', n['q.day'], 'course.patient_id')}"
        f" ORDER BY {n['q.day']} DESC, {n['q.completed_at']} DESC LIMIT 1)"
        for _ in instruments)
    wanted = ", ".join([*(f"b_{c}" for c in columns),
                        *(f"l_{c}, n_{c}" for c in columns)])
    return (
        f"WITH course (patient_id, started_on, latest_after, course_end, since) "
        f"AS (VALUES {values}){blinded} "
        f"SELECT course.patient_id, "
        f"(SELECT MAX({day}) FROM {n['checkin']} c WHERE {patient} = course.patient_id)"
        f"{', ' + wanted if wanted else ''}{scores}"
        f"{_trial_days_sql(sorted(RATING_MEASURES), len(QUESTIONNAIRES)) if spans else ', 0'} "
        f"FROM course "
        f"LEFT JOIN (SELECT w.patient_id, {baseline} FROM course w "
        f"JOIN {n['checkin']} c ON {patient} = w.patient_id AND {day} < w.started_on "
        f"AND {day} >= w.since{outside('b', day, 'w.patient_id')} "
        f"GROUP BY w.patient_id) baseline ON baseline.patient_id = course.patient_id "
        f"LEFT JOIN (SELECT w.patient_id, {latest} FROM course w "
        f"JOIN {n['checkin']} c ON {patient} = w.patient_id AND {day} > w.latest_after "
        f"AND {day} <= w.course_end AND {day} >= w.started_on"
        f"{outside('b', day, 'w.patient_id')} "
        f"GROUP BY w.patient_id) latest ON latest.patient_id = course.patient_id")


def _as_date(value: Any) -> date | None:
    # SQLite hands raw SQL dates back as ISO text, PostgreSQL as dates.
    return date.fromisoformat(value) if isinstance(value, str) else value


def _cursor() -> Any:
    """A cursor for the big aggregation statements. On PostgreSQL one that binds
    on the server: Django's psycopg cursors bind on the client, and splitting a
    statement with 10,000 placeholders in Python cost a quarter of the time."""
    if connection.vendor != "postgresql":
        return connection.cursor()
    import psycopg

    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


def journal_numbers(started: Sequence[Course],
                    blinded: Mapping[int, tuple[Span, ...]] | None = None,
                    ) -> dict[int, JournalNumbers]:
    """The journal aggregates of ``started`` (courses already scoped by
    :func:`courses`), ``CHUNK`` patients per query, aggregated in the database.
    Days on the ``blinded`` trial spans of a patient (``{patient id: spans}``,
    :func:`ldncare.web.trials.periods.trial_spans_of`) count toward no mean or
    score, and are counted instead (``trial_days_left_out``).

    Raw SQL because the windows differ per patient: the ORM cannot join
    check-ins to a per-patient table of window dates, and a correlated
    sub-query per check-in (the earlier design) re-derived the dates millions
    of times.
    """
    columns, questionnaires = _rated_measures()
    columns_, instruments = sorted(columns), sorted(questionnaires)
    adapt = connection.ops.adapt_datefield_value
    # A lower bound that excludes nothing: with one, PostgreSQL estimates the
    # baseline join as an index range per patient instead of a third of the table.
    since = adapt(date.min)
    blinded = blinded or {}
    out: dict[int, JournalNumbers] = {}
    with _cursor() as cursor:
        for first in range(0, len(started), CHUNK):
            chunk = started[first:first + CHUNK]
            params: list[Any] = []
            for course in chunk:
                params += [course.patient_id, adapt(course.started_on),
                           adapt(course.latest_after), adapt(course.course_end), since]
            spans = [(c.patient_id, span) for c in chunk for span in blinded.get(c.patient_id, ())]
            for patient_id, span in spans:
                params += [patient_id, adapt(span.first), adapt(span.last)]
            counted = list(QUESTIONNAIRES) if spans else []
            cursor.execute(_journal_sql(len(chunk), columns_, instruments, len(spans)),
                           [*params, *instruments, *counted])
            for patient_id, last, *rest in cursor.fetchall():
                base, rest = rest[:len(columns_)], rest[len(columns_):]
                pairs, rest = rest[:2 * len(columns_)], rest[2 * len(columns_):]
                scores, left_out = rest[:len(instruments)], rest[len(instruments)]
                out[patient_id] = JournalNumbers(
                    _as_date(last),
                    {c: float(v) for c, v in zip(columns_, base, strict=True) if v is not None},
                    {c: (float(pairs[2 * i]), int(pairs[2 * i + 1] or 0))
                     for i, c in enumerate(columns_) if pairs[2 * i] is not None},
                    {q: float(v) for q, v in zip(instruments, scores, strict=True)
                     if v is not None},
                    int(left_out or 0))
    return out


def _dose_reached(steps: list[dict[str, Any]], end: date) -> tuple[Decimal, date | None]:
    """(highest dose taken by ``end``, first day on the target dose or None)."""
    highest, reached = Decimal(0), None
    for step in steps:
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


#: Questionnaires with a before and an after (not the PGIC, which asks about change).
STATUS_QUESTIONNAIRES = tuple(code for code in QUESTIONNAIRES
                              if not measure_catalogue()[code].asks_about_change)


def questionnaire_changes(started: Sequence[Course],
                          blinded: Mapping[int, tuple[Span, ...]] | None = None,
                          ) -> dict[int, tuple[QuestionnaireChange, ...]]:
    """Per started patient: each status questionnaire's last total before the first
    dose and last total during the course, where both exist, leaving out totals
    on a patient's ``blinded`` trial days. One query over the (sparse)
    questionnaire rows of these patients, in order."""
    blinded = blinded or {}
    by_patient = {c.patient_id: c for c in started}
    ids = list(by_patient)
    found: dict[int, dict[str, list[float | None]]] = {}
    for first in range(0, len(ids), CHUNK):  # bind parameters stay far below the limits
        rows = (QuestionnaireResponse.objects
                .filter(patient_id__in=ids[first:first + CHUNK],
                        instrument__in=STATUS_QUESTIONNAIRES, score__isnull=False)
                .order_by("patient_id", "day", "completed_at")
                .values_list("patient_id", "instrument", "day", "score"))
        for patient_id, instrument, day, score in rows.iterator(chunk_size=5000):
            course = by_patient[patient_id]
            if patient_id in blinded and is_blinded(day, blinded[patient_id]):
                continue  # a coded trial kit that day, not the plan's dose
            slot = found.setdefault(patient_id, {}).setdefault(instrument, [None, None])
            if day < course.started_on:
                slot[0] = float(score)
            elif day <= course.course_end:
                slot[1] = float(score)
    return {pid: tuple(QuestionnaireChange(code, before, after)
                       for code, (before, after) in sorted(scores.items())
                       if before is not None and after is not None)
            for pid, scores in found.items()}


def _summary(course: Course, numbers: JournalNumbers, as_of: date,
             effects: list[tuple[str, date, date]],
             questionnaires: tuple[QuestionnaireChange, ...] = ()) -> PatientSummary:
    baseline: dict[str, float] = {}
    latest: dict[str, float] = {}
    long_enough = (course.course_end - course.started_on).days >= LATEST_MIN_ON_TREATMENT
    for column, measure in RATING_MEASURES.items():
        if column in numbers.baseline:
            baseline[measure] = numbers.baseline[column]
        mean, rated = numbers.latest.get(column, (None, 0))
        if mean is not None and long_enough and rated >= LATEST_MIN_RATED:
            latest[measure] = mean
    latest.update(numbers.last_scores)
    for change in questionnaires:  # a questionnaire rule judges before against after
        baseline[change.instrument] = change.before
        latest[change.instrument] = change.after
    highest, reached = _dose_reached(course.steps, course.course_end)
    last_report = numbers.last_check_in
    side_effects = tuple(
        SideEffectSummary(code, None if last_report and last >= last_report
                          else (last - first).days + 1)
        for code, first, last in effects)
    response = classify_response(course.condition or "default", baseline, latest).response
    stopped_on = course.stopped_on
    return PatientSummary(str(course.patient_id), course.condition or "not recorded",
                          course.started_on, highest, reached, stopped_on,
                          (course.stop_reason or "not_recorded") if stopped_on else None,
                          stopped_on or as_of, response, side_effects, questionnaires,
                          numbers.trial_days_left_out)


def patient_summaries(user: User, as_of: date | None = None) -> list[PatientSummary]:
    """One :class:`PatientSummary` per patient in ``user``'s scope who started LDN, by pk.

    A few set-based queries whatever the clinic's size: the anchors
    (:func:`courses`), the journal aggregates per ``CHUNK`` patients
    (:func:`journal_numbers`) and the side-effect episodes grouped per patient
    and side effect. A side effect still reported at the patient's last
    check-in counts as not yet resolved.
    """
    as_of = as_of or timezone.localdate()
    started = courses(user, as_of)
    blinded = trial_spans_of(patients_visible_to(user).values("pk"))
    numbers = journal_numbers(started, blinded)
    effects = side_effect_episodes(patients_visible_to(user).values("pk"))
    questionnaires = questionnaire_changes(started, blinded)
    empty = JournalNumbers(None, {}, {}, {})
    return [_summary(c, numbers.get(c.patient_id, empty), as_of, effects.get(c.patient_id, []),
                     questionnaires.get(c.patient_id, ()))
            for c in started]


def published_summaries() -> list[tuple[str, str]]:
    """(condition id, text) for each condition of the knowledge base, with its grade and direction."""
    knowledge = load_knowledge()
    return [(c.id, f"{c.name} — evidence {c.grade.value}, direction {c.direction.value} "
                   f"({c.research_direction}): {c.summary} Sources: {', '.join(c.references)}.")
            for c in knowledge.conditions]


def definitions_in_use(report: CohortReport) -> list[tuple[str, Any]]:
    """(condition, its responder definition) for each condition on the dashboard, so
    every rate is shown beside the rules and sources it was judged by."""
    definitions = load_definitions()
    return [(row.group, definitions.definition_for(row.group)) for row in report.by_condition]


def clinic_report(user: User, as_of: date | None = None) -> CohortReport:
    """The clinic dashboard's numbers for ``user``'s clinic."""
    as_of = as_of or timezone.localdate()
    return cohort_report(patient_summaries(user, as_of), as_of=as_of,
                         published=published_summaries(), target=TARGET_DOSE)


# ------------------------------------------------------------ research export


def research_consenters(patients: QuerySet[Patient]) -> QuerySet[Patient]:
    """The ``patients`` who hold the current version of the research consent
    and have not withdrawn it: nobody else is in a research file."""
    from ldncare.consent import load_library

    version = load_library().get("research").version
    return patients.filter(consents__document="research", consents__version=version,
                           consents__withdrawn_at__isnull=True).distinct()


def research_rows(user: User) -> Iterator[dict[str, object]]:
    """One row per check-in of the patients in scope who consented to research
    use (:func:`research_consenters`), for :func:`deidentify`.

    Only allow-listed columns are read; names and e-mails are never selected.
    Days outside the product's recorded-date range (a row stored before the
    ranges of ``ldncare.dateranges`` were enforced, e.g. year 1) are left out:
    they are typing slips, and shifting them would leave the calendar.
    """
    patients = research_consenters(patients_visible_to(user)).values("pk")
    window = record_window(timezone.localdate())
    check_ins = (CheckIn.objects.filter(patient__in=patients,
                                        day__range=(window.earliest, window.latest))
                 .order_by("patient_id", "day")
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
