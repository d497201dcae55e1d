"""Loading a synthetic clinic (``ldncare.outcomes.generate_clinic``) into the database.

Used by the demo (`ldncare demo-clinic`), the insights tests (planted effects
must be recovered through the database) and the web benchmarks.

**Synthetic data is not patient data.** Every person made here is fictional
(``is_demo``, e-mail ``synthetic-00001@patients.example``), so the rows are
written with ``Model._base_manager.bulk_create`` in batches: the audited
managers refuse bulk writes (they would bypass the audit log), and a year of
daily check-ins for thousands of patients would take hours row by row.

What is written per generated patient, with dates as generated:

- a patient user and ``Patient`` (condition, state = newest pathway event);
- pathway events registered → … → active on the first dose, then stopped (with
  the generator's reason code) where the patient stopped;
- a ``Screening`` (verdict ok), one re-screening per other-medicine change, a ``Prescription`` and its ``PlanVersion`` s:
  v1 is the standard plan (``dosing.build_plan``); a held step or step back
  adds a version with the course as it happened; a stop adds a stopped version;
- every check-in (ratings, dose taken, dose in force), one ``SideEffectEntry``
  per check-in day inside each side-effect episode, and PGIC responses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ldncare.dosing import TitrationPlan, TitrationStep, build_plan, load_library, stop
from ldncare.outcomes import SyntheticClinic, SyntheticPatient, generate_clinic
from ldncare.outcomes.synthetic import generate_patient
from ldncare.pathway import State
from ldncare.units import Dose
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import (
    ConsentAcceptance,
    PathwayEvent,
    Patient,
    PlanVersion,
    Prescription,
    Screening,
)
from ldncare.web.journal.models import CheckIn, QuestionnaireResponse, SideEffectEntry

BATCH = 5000
EMAIL = "synthetic-{number:05d}@patients.example"
PRESCRIBER_EMAIL = "synthetic-prescriber@{slug}.example"
#: The pathway up to the first dose, one day apart, ending the day before it.
PATH_TO_ACTIVE = (State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED,
                  State.SENT_TO_PHARMACY, State.COMPOUNDED, State.VERIFIED, State.SHIPPED)
STOP_WORDS = {"side_effects": "Stopped because of side effects",
              "no_benefit": "Stopped: no benefit noticed",
              "lost_to_follow_up": "Lost to follow-up",
              "cost": "Stopped because of the cost"}


@dataclass(frozen=True)
class LoadedClinic:
    """What was loaded: the generated clinic and the database ids of its patients."""

    clinic: SyntheticClinic
    patient_ids: dict[str, int]  # generator id ("P00001") → Patient.pk
    check_ins: int


def _noon(day: date) -> datetime:
    # Noon UTC: the same calendar day in every time zone the clinics use.
    return datetime.combine(day, time(12), tzinfo=UTC)


def _prescriber(clinic: Organisation) -> User:
    existing = User.objects.filter(organisation=clinic, role=Role.PRESCRIBER).order_by("pk").first()
    if existing:
        return existing
    return User.objects.create(email=PRESCRIBER_EMAIL.format(slug=clinic.slug),
                               full_name="Synthetic Prescriber", role=Role.PRESCRIBER,
                               organisation=clinic, is_demo=True, password=make_password(None))


def _plans(patient: SyntheticPatient) -> list[tuple[TitrationPlan, str, str]]:
    """(plan, change kind, reason) versions that reproduce the generated course."""
    standard = build_plan(load_library().protocols["standard"], patient.start_date)
    versions = [(standard, "created", "Started on the standard protocol")]
    as_generated = tuple(
        TitrationStep(Dose(str(step.dose)), step.start,
                      after.start - timedelta(days=1) if after else None)
        for step, after in zip(patient.dose_steps, (*patient.dose_steps[1:], None), strict=True))
    planned = tuple(s for s in standard.steps if s.start <= patient.last_seen)
    if [(s.dose.mg, s.start) for s in as_generated] != [(s.dose.mg, s.start) for s in planned]:
        changed = replace(standard, version=2, steps=as_generated)
        versions.append((changed, "adjusted", "Held a step or stepped back for side effects"))
    if patient.stopped_on is not None:
        last = versions[-1][0]
        # The generator's stop day is the last dose; the plan's stop date is the day after.
        ended = stop(last, patient.stopped_on + timedelta(days=1), "prescriber",
                     STOP_WORDS.get(patient.stop_reason or "", "Stopped"))
        versions.append((ended, "stopped", patient.stop_reason or ""))
    return versions


def _dose_on(patient: SyntheticPatient, day: date) -> Decimal | None:
    dose = None
    for step in patient.dose_steps:
        if step.start <= day:
            dose = step.dose
    return dose


def _events(patient: Patient, course: SyntheticPatient, actor: User) -> list[PathwayEvent]:
    first = course.start_date - timedelta(days=len(PATH_TO_ACTIVE))
    events = [PathwayEvent(patient=patient, state=state, at=_noon(first + timedelta(days=i)),
                           actor=actor if i > 1 else patient.user,
                           summary=f"Synthetic: {state.label.lower()}")
              for i, state in enumerate(PATH_TO_ACTIVE)]
    events.append(PathwayEvent(patient=patient, state=State.ACTIVE, at=_noon(course.start_date),
                               actor=patient.user, summary="Started LDN"))
    if course.stopped_on is not None:
        reason = course.stop_reason or "not_recorded"
        events.append(PathwayEvent(patient=patient, state=State.STOPPED,
                                   at=_noon(course.stopped_on), actor=actor,
                                   summary=STOP_WORDS.get(reason, "Stopped"), reason=reason,
                                   data={"stop_reason": reason}))
    return events


def _people(clinic: Organisation, courses: list[tuple[int, SyntheticPatient]]
            ) -> list[Patient]:
    password = make_password(None)  # unusable: synthetic people never log in
    users = User.objects.bulk_create(
        [User(email=EMAIL.format(number=n), full_name=f"Synthetic Patient {n:05d}",
              role=Role.PATIENT, is_demo=True, password=password,
              email_verified_at=timezone.now()) for n, _ in courses], batch_size=BATCH)
    patients = [Patient(user=user, clinic=clinic, condition=course.condition,
                        created_at=_noon(course.first_check_in - timedelta(days=8)),
                        state=State.STOPPED if course.stopped_on else State.ACTIVE,
                        state_changed_at=_noon(course.stopped_on or course.start_date))
                for user, (_, course) in zip(users, courses, strict=True)]
    patients = Patient._base_manager.bulk_create(patients, batch_size=BATCH)
    _consents(patients)
    return patients


def _consents(patients: list[Patient]) -> None:
    """Synthetic people consented to everything, research included, so the
    research export has rows to show."""
    from ldncare.consent import load_library

    ConsentAcceptance._base_manager.bulk_create(
        [ConsentAcceptance(patient=p, document=d.code, version=d.version, accepted_at=p.created_at)
         for p in patients for d in load_library().documents], batch_size=BATCH)


def _prescriptions(rows: list[tuple[Patient, SyntheticPatient]], prescriber: User,
                   pharmacy: Organisation) -> None:
    screenings = Screening._base_manager.bulk_create([
        Screening(patient=p, trigger=Screening.Trigger.INTAKE, verdict="ok",
                  rule_set_version="synthetic", inputs={"synthetic": True},
                  result={"verdict": "ok", "findings": []},
                  screened_on=c.start_date - timedelta(days=6)) for p, c in rows],
        batch_size=BATCH)
    prescriptions = Prescription._base_manager.bulk_create([
        Prescription(patient=p, prescriber=prescriber, pharmacy=pharmacy, screening=s,
                     protocol="standard", form=Prescription.Form.CAPSULES,
                     strengths_mg=["1.5", "3", "4.5"], days_per_fill=30,
                     status=Prescription.Status.STOPPED if c.stopped_on else
                     Prescription.Status.ACTIVE, created_at=_noon(c.start_date - timedelta(days=5)),
                     started_on=c.start_date)
        for (p, c), s in zip(rows, screenings, strict=True)], batch_size=BATCH)
    # Another medicine started during treatment: a re-screening on that day,
    # which the n-of-1 analysis reads as a "medication change" caveat.
    Screening._base_manager.bulk_create([
        Screening(patient=p, trigger=Screening.Trigger.NEW_MEDICATION, verdict="ok",
                  rule_set_version="synthetic", inputs={"synthetic": True},
                  result={"verdict": "ok", "findings": []}, screened_on=day)
        for p, c in rows for day in c.medication_changes], batch_size=BATCH)
    versions = []
    for prescription, (_, course) in zip(prescriptions, rows, strict=True):
        for plan, kind, reason in _plans(course):
            versions.append(PlanVersion(
                prescription=prescription, version=plan.version, plan=plan.as_dict(),
                data_version=plan.data_version, change_kind=kind, reason=reason,
                created_by=prescriber, created_at=_noon(plan.steps[-1].start)))
    PlanVersion._base_manager.bulk_create(versions, batch_size=BATCH)


class _Rows:
    """Plain ``INSERT``s of one model's rows, for the millions of journal rows.

    ``bulk_create`` spends most of its time building model instances and
    preparing each value field by field (about 0.2 ms a row: a year of daily
    check-ins for 10,000 patients took a quarter of an hour). Here each
    distinct value is prepared once by its field (dates, instants, doses and
    the JSON constant repeat endlessly) and the rows go to the driver as
    tuples in one ``executemany``. Columns
    not given are written as their field's default, so a field added later
    with a default still loads; ``constants`` are the same in every row.
    """

    def __init__(self, model: type[Model], columns: Sequence[str],
                 constants: dict[str, Any] | None = None) -> None:
        fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
        constants = constants or {}
        self.given = [fields[name] for name in columns]
        self.defaults = [(f, f.get_db_prep_save(constants.get(name, f.get_default()), connection))
                         for name, f in fields.items() if name not in columns]
        self.table = model._meta.db_table
        self.cache: dict[tuple[int, Any], Any] = {}
        self.rows: list[tuple[Any, ...]] = []

    def prepared(self, index: int, value: Any) -> Any:
        """``value`` of the ``index``-th given column as the database wants it (memoised)."""
        try:
            return self.cache[index, value]
        except KeyError:
            done = self.cache[index, value] = self.given[index].get_db_prep_save(value, connection)
            return done

    def add(self, *values: Any) -> None:
        """Queue one row; ints, bools and None go as they are, the rest via :meth:`prepared`."""
        self.rows.append(tuple(v if v is None or isinstance(v, int) else self.prepared(i, v)
                               for i, v in enumerate(values)))

    def write(self) -> int:
        """Insert the queued rows; returns how many."""
        quote = connection.ops.quote_name
        fields = [*self.given, *(f for f, _ in self.defaults)]
        tail = tuple(v for _, v in self.defaults)
        columns = ", ".join(quote(f.column) for f in fields)
        one = "(" + ", ".join(["%s"] * len(fields)) + ")"
        head = f"INSERT INTO {quote(self.table)} ({columns}) VALUES "
        rows = [row + tail for row in self.rows]
        if connection.vendor == "postgresql":
            import psycopg

            # Django's cursors bind client-side, parsing every statement in
            # Python; a server-binding cursor pipelines one prepared INSERT.
            connection.ensure_connection()
            with psycopg.Cursor(connection.connection) as cursor:
                cursor.executemany(head + one, rows)
        else:
            with connection.cursor() as cursor:
                cursor.executemany(head + one, rows)
        count, self.rows = len(rows), []
        return count


def _journal(rows: list[tuple[Patient, SyntheticPatient]]) -> int:
    """Check-ins, then side-effect entries that point at them, then questionnaires."""
    check_ins = _Rows(CheckIn, ("patient", "day", "recorded_at", "dose_taken", "dose_mg", "pain",
                                "fatigue", "mood", "brain_fog", "sleep_quality"),
                      constants={"data": {"synthetic": True}})
    for patient, course in rows:
        for entry in course.check_ins:
            dose = _dose_on(course, entry.day)
            check_ins.add(patient.pk, entry.day, _noon(entry.day),
                          entry.dose_taken if dose is not None else None, dose,
                          entry.pain, entry.fatigue, entry.mood, entry.brain_fog, entry.sleep)
    created = check_ins.write()
    _side_effects(rows)
    QuestionnaireResponse._base_manager.bulk_create([
        QuestionnaireResponse(patient=patient, instrument=score.instrument,
                              instrument_version="synthetic", answers={"synthetic": True},
                              score=Decimal(score.score), day=score.day,
                              completed_at=_noon(score.day), result={"score": score.score})
        for patient, course in rows for score in course.questionnaires], batch_size=BATCH)
    return created


def _side_effects(rows: list[tuple[Patient, SyntheticPatient]]) -> None:
    """One entry per check-in day inside each side-effect episode."""
    with_effects = [patient.pk for patient, course in rows if course.side_effects]
    check_in_ids = {(patient_id, day): pk for pk, patient_id, day in CheckIn._base_manager
                    .filter(patient_id__in=with_effects).values_list("pk", "patient_id", "day")}
    entries = _Rows(SideEffectEntry, ("check_in", "patient", "day", "code", "severity"))
    for patient, course in rows:
        for episode in course.side_effects:
            end = episode.resolved - timedelta(days=1) if episode.resolved else course.last_seen
            day = episode.onset
            while day <= min(end, course.last_seen):
                check_in = check_in_ids.get((patient.pk, day))
                if check_in is not None:
                    entries.add(check_in, patient.pk, day, episode.name, "mild")
                day += timedelta(days=1)
    entries.write()


def load_synthetic_clinic(clinic: Organisation, pharmacy: Organisation, patients: int,
                          months: int, seed: int = 1, *, end: date | None = None,
                          keep_courses: bool = True, chunk: int = 500) -> LoadedClinic:
    """Generate ``patients`` patients over ``months`` months ending ``end`` (today by
    default) and write them into ``clinic``, prescribing through ``pharmacy``.

    Patients are generated and written ``chunk`` at a time (a year of check-ins
    for 10,000 patients does not fit in memory as model objects), all in one
    transaction: a failure leaves nothing half-loaded. Patients whose synthetic
    e-mail already exists are skipped, so loading the same size twice adds
    nothing. ``keep_courses=False`` drops the generated courses from the result
    (benchmarks). Raises ``OutcomesError`` for a bad size.
    """
    end = end or timezone.localdate()
    start = end - timedelta(days=30 * months - 1)
    generate_clinic(0, months, seed, start)  # checks the sizes before anything is written
    if patients < 0:
        generate_clinic(patients, months, seed, start)  # raises with the core's message
    taken = set(User.objects.filter(email__startswith="synthetic-",
                                    email__endswith="@patients.example")
                .values_list("email", flat=True))
    numbers = [n for n in range(1, patients + 1) if EMAIL.format(number=n) not in taken]
    kept: list[SyntheticPatient] = []
    ids: dict[str, int] = {}
    count = 0
    with transaction.atomic():
        prescriber = _prescriber(clinic)
        for first in range(0, len(numbers), chunk):
            courses = [(n, generate_patient(n, seed=seed, start=start, end=end))
                       for n in numbers[first:first + chunk]]
            rows = list(zip(_people(clinic, courses), (c for _, c in courses), strict=True))
            PathwayEvent._base_manager.bulk_create(
                [e for p, c in rows for e in _events(p, c, prescriber)], batch_size=BATCH)
            _prescriptions(rows, prescriber, pharmacy)
            count += _journal(rows)
            ids.update({c.patient_id: p.pk for p, c in rows})
            if keep_courses:
                kept += [c for _, c in rows]
    return LoadedClinic(SyntheticClinic(tuple(kept), seed, months, start, end), ids, count)
