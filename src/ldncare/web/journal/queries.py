"""Reads of the journal: stored rows become core values here (and only here or
in services). Every function that takes a user starts from ``ldncare.web.access``."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, overload

from auditlog.signals import accessed
from django.db.models import Case, CharField, Count, F, Min, Q, QuerySet, Value, When
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from ldncare.dateranges import BASELINE_DAYS
from ldncare.journal.attention import AttentionEntry, rank_patients
from ldncare.journal.checkin import CheckIn as CoreCheckIn
from ldncare.journal.checkin import (
    DoseRecord,
    Severity,
    SideEffectReport,
    load_catalogue,
    tracked_ratings_for,
)
from ldncare.journal.instruments import InstrumentScore, get_instrument
from ldncare.journal.rules import PlanStep, Urgency
from ldncare.journal.rules import Suggestion as CoreSuggestion
from ldncare.journal.schedules import QuestionnaireSchedule, next_due
from ldncare.trials.days import Span
from ldncare.web.access import patients_visible_to
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient, PlanVersion
from ldncare.web.care.queries import own_patient as own_patient  # journal pages start from it
from ldncare.web.care.treatment import current_treatment, time_zone_of
from ldncare.web.journal.models import (
    RATING_FIELDS,
    CheckIn,
    FollowUp,
    JournalPreferences,
    QuestionnairePlan,
    QuestionnaireResponse,
    SideEffectEntry,
    Suggestion,
)
from ldncare.web.trials.periods import trial_spans

#: The rating every patient is asked about, whatever they track (the brief:
#: sleep quality is always part of the check-in).
ALWAYS_ASKED = ("sleep_quality",)


# --- scope ---------------------------------------------------------------------

def open_journal(user: User, patient_id: int) -> Patient:
    """The patient whose journal ``user`` may read (404 outside scope); audited."""
    patient = get_object_or_404(patients_visible_to(user).select_related("user", "clinic"),
                                pk=patient_id)
    accessed.send(sender=Patient, instance=patient)
    return patient


def suggestions_visible_to(user: User) -> QuerySet[Suggestion]:
    """Suggestions are for the clinic team only: a patient never sees them."""
    if not (user.is_authenticated and user.is_clinic_member):
        return Suggestion.objects.none()
    return Suggestion.objects.filter(patient__in=patients_visible_to(user))


def follow_ups_visible_to(user: User) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(patient__in=patients_visible_to(user))


# --- time ----------------------------------------------------------------------
# The patient's today and the current treatment are decided in
# ``ldncare.web.care.treatment`` (one rule each); these read them.

def zone_of(patient: Patient) -> str:
    """The name of the patient's time zone, as the core's calendar code takes it."""
    return time_zone_of(patient).key


def joined_on(patient: Patient, day: date | None = None) -> date:
    """The day the patient joined: registered, or their first plan began if that
    was earlier (see ``ldncare.dateranges.check_in_window``). When ``day`` is
    given and plainly inside the window, the plans are not read."""
    registered = patient.created_at.astimezone(time_zone_of(patient)).date()
    if day is not None and day >= registered - timedelta(days=BASELINE_DAYS):
        return registered
    first = (PlanVersion.objects.filter(prescription__patient=patient)
             .order_by("prescription__created_at", "prescription_id", "version").first())
    if first is None:
        return registered
    return min(registered, first.titration_plan().start)


# --- plan ----------------------------------------------------------------------

def titration_plan(patient: Patient):  # type: ignore[no-untyped-def]
    """The plan in force of the patient's current treatment (``care.treatment``)
    as a core plan; None without one, or while the medicine is on its way."""
    treatment = current_treatment(patient)
    return None if treatment is None else treatment.plan_in_force


def plan_steps(plan) -> tuple[PlanStep, ...]:  # type: ignore[no-untyped-def]
    """Dosing steps as the journal's rules read them."""
    if plan is None:
        return ()
    return tuple(PlanStep(start=s.start, dose_mg=s.dose.mg, time_of_day=s.time_of_day.value)
                 for s in plan.steps)


def blinded_spans(patient: Patient) -> tuple[Span, ...]:
    """The patient's blinded trial days (``trials.periods``): the journal chart
    shades them and draws no plan dose under them."""
    return trial_spans(patient)


def planned_dose(plan, day: date) -> Decimal | None:  # type: ignore[no-untyped-def]
    if plan is None:
        return None
    from ldncare.dosing import dose_on

    dose = dose_on(plan, day)
    return None if dose is None else dose.mg


# --- journal values ---------------------------------------------------------------

def stored_check_in(row: CheckIn) -> CoreCheckIn:
    """The core check-in a row was built from. Rows written by the bulk loader of
    synthetic clinics carry only the columns, so those are rebuilt from them."""
    if "day" in row.data:
        return CoreCheckIn.from_dict(row.data)
    dose = (None if row.dose_taken is None
            else DoseRecord(taken=row.dose_taken, mg=row.dose_mg, at=row.dose_time))
    ratings = {name: value for name in RATING_FIELDS
               if (value := getattr(row, name)) is not None}
    effects = tuple(SideEffectReport(e.code, Severity(e.severity))
                    for e in row.side_effect_entries.all())
    return CoreCheckIn(day=row.day, recorded_at=row.recorded_at, dose=dose, ratings=ratings,
                       vivid_dreams=row.vivid_dreams, side_effects=effects, note=row.note,
                       late=row.late, revision=row.revision, revised_at=row.revised_at)


def core_check_ins(patient: Patient, since: date | None = None) -> list[CoreCheckIn]:
    rows = (CheckIn.objects.filter(patient=patient).order_by("day")
            .prefetch_related("side_effect_entries"))
    if since is not None:
        rows = rows.filter(day__gte=since)
    return [stored_check_in(row) for row in rows]


def core_scores(patient: Patient) -> list[InstrumentScore]:
    rows = QuestionnaireResponse.objects.filter(patient=patient).order_by("completed_at")
    # Synthetic-clinic rows store only a score, not the core's full result: they
    # carry no item answers for the rules to read, so they are left out here.
    return [InstrumentScore.from_dict(row.result) for row in rows if "instrument" in row.result]


def preferences(patient: Patient) -> JournalPreferences:
    """The stored preferences, or unsaved defaults."""
    # One row per patient at most (one-to-one): no ORDER BY to build or run.
    found = next(iter(JournalPreferences.objects.filter(patient_id=patient.pk)[:1]), None)
    return found or JournalPreferences(patient=patient)


def tracked_ratings(patient: Patient, prefs: JournalPreferences | None = None
                    ) -> tuple[str, ...]:
    """The ratings the patient chose, else their condition's preset. Pass ``prefs``
    when the caller already read them (saves a query)."""
    chosen = tuple((prefs or preferences(patient)).tracked_ratings or ())
    return chosen or tracked_ratings_for(patient.condition or "default")


def asked_ratings(patient: Patient, prefs: JournalPreferences | None = None
                  ) -> tuple[str, ...]:
    """What the check-in asks: tracked ratings plus those always asked, in catalogue order."""
    wanted = set(tracked_ratings(patient, prefs)) | set(ALWAYS_ASKED)
    return tuple(r.code for r in load_catalogue().ratings if r.code in wanted)


@dataclass(frozen=True)
class DueQuestionnaire:
    instrument: str
    name: str
    day: date
    overdue: bool


def due_questionnaires(patient: Patient, today: date) -> list[DueQuestionnaire]:
    """Questionnaires due on or before ``today`` and not yet answered since."""
    out = []
    for plan, schedule in schedules(patient):
        last = (QuestionnaireResponse.objects.filter(patient=patient, instrument=plan.instrument)
                .order_by("-day").values_list("day", flat=True).first())
        due = next_due(schedule, today, last)
        if due is not None and due <= today:
            out.append(DueQuestionnaire(plan.instrument, get_instrument(plan.instrument).name,
                                        due, due < today))
    return out


def schedules(patient: Patient) -> list[tuple[QuestionnairePlan, QuestionnaireSchedule]]:
    plans = QuestionnairePlan.objects.filter(patient=patient, active=True).order_by("instrument")
    return [(p, QuestionnaireSchedule(p.instrument, p.start, p.every_days, p.until)) for p in plans]


def open_suggestions(patient: Patient) -> QuerySet[Suggestion]:
    urgency_order = {"urgent": 0, "soon": 1, "routine": 2}
    rows = patient.suggestions.filter(status=Suggestion.Status.OPEN)
    return sorted(rows, key=lambda s: (urgency_order.get(s.urgency, 9), -s.day.toordinal()))  # type: ignore[return-value]


def core_suggestion(row: Suggestion) -> CoreSuggestion:
    return CoreSuggestion.from_dict(row.data)


# --- the attention list ------------------------------------------------------------

@dataclass(frozen=True)
class AttentionRow:
    patient: Patient
    entry: AttentionEntry


#: The core's urgency ranks (``Urgency.rank``), as the database orders them.
_URGENCY_RANKS = {u.value: u.rank for u in Urgency}


class AttentionList(Sequence[AttentionRow]):
    """The clinic's patients with open suggestions, most urgent first, read a
    slice at a time: ``attention_list(user)[:20]`` ranks in the database and
    builds rows for those 20 patients only; ``len()`` counts the patients.

    The database orders by the same key as the core's ``rank_patients`` (top
    urgency; more urgent, soon, routine items first; the oldest top finding;
    the patient reference as text), so a page holds exactly the patients the
    core would put there; the rows themselves are still built and ordered by
    ``rank_patients`` over those patients' open suggestions.
    """

    def __init__(self, user: User) -> None:
        self._open = suggestions_visible_to(user).filter(status=Suggestion.Status.OPEN)
        self._patients = patients_visible_to(user)
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._open.values("patient_id").distinct().count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> AttentionRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[AttentionRow]: ...

    def __getitem__(self, index: int | slice) -> AttentionRow | list[AttentionRow]:
        if isinstance(index, int):
            found = self[index:index + 1] if index >= 0 else self[:][index:index + 1 or None]
            if not found:
                raise IndexError("attention list index out of range")
            return found[0]
        if index.step not in (None, 1) or any(i is not None and i < 0
                                              for i in (index.start, index.stop)):
            return self[:][index]  # rare: rank everyone, then slice as a list does
        ids = list(self._ranked_patient_ids()[index.start:index.stop])
        return self._rows(ids)

    def __iter__(self) -> Iterator[AttentionRow]:
        return iter(self[:])

    def _ranked_patient_ids(self) -> QuerySet[Suggestion, int]:
        per_urgency: dict[str, Any] = {}
        for urgency in _URGENCY_RANKS:
            only = Q(urgency=urgency)
            per_urgency[urgency] = Count("pk", filter=only)
            per_urgency[f"{urgency}_day"] = Min("day", filter=only)
        top_rank = Case(*(When(**{f"{u}__gt": 0}, then=Value(rank))
                          for u, rank in _URGENCY_RANKS.items()), default=Value(len(_URGENCY_RANKS)))
        top_day = Case(*(When(**{f"{u}__gt": 0}, then=F(f"{u}_day")) for u in _URGENCY_RANKS))
        return (self._open.values("patient_id").annotate(**per_urgency)
                .annotate(top_rank=top_rank, top_day=top_day,
                          patient_ref=Cast("patient_id", CharField()))
                .order_by("top_rank", *(f"-{u}" for u in _URGENCY_RANKS), "top_day",
                          "patient_ref")
                .values_list("patient_id", flat=True))

    def _rows(self, patient_ids: list[int]) -> list[AttentionRow]:
        grouped: dict[str, list[CoreSuggestion]] = {}
        for row in self._open.filter(patient_id__in=patient_ids).only("patient_id", "data"):
            grouped.setdefault(str(row.patient_id), []).append(core_suggestion(row))
        patients = self._patients.select_related("user").in_bulk(patient_ids)
        return [AttentionRow(patients[int(e.patient_ref)], e) for e in rank_patients(grouped)
                if int(e.patient_ref) in patients]


def attention_list(user: User) -> AttentionList:
    """The clinic's patients with open suggestions, most urgent first
    (``rank_patients``); slice it (or page it with ``Paginator``) to read only
    what is shown."""
    return AttentionList(user)


# --- summaries ---------------------------------------------------------------------

def adherence(check_ins: list[CoreCheckIn]) -> dict[str, int]:
    """Doses taken / recorded among check-ins that answered the dose question."""
    answered = [c for c in check_ins if c.dose is not None]
    taken = sum(1 for c in answered if c.dose is not None and c.dose.taken)
    percent = round(100 * taken / len(answered)) if answered else 0
    return {"taken": taken, "answered": len(answered), "percent": percent}


def rating_means(check_ins: list[CoreCheckIn]) -> list[dict[str, Any]]:
    out = []
    for spec in load_catalogue().ratings:
        values = [c.ratings[spec.code] for c in check_ins if spec.code in c.ratings]
        if values:
            out.append({"code": spec.code, "label": spec.label, "days": len(values),
                        "mean": f"{sum(values) / len(values):.1f}",
                        "worse_when": spec.worse_when})
    return out


def side_effect_counts(check_ins: list[CoreCheckIn]) -> list[dict[str, Any]]:
    catalogue = load_catalogue()
    counts: dict[str, dict[str, int]] = {}
    for c in check_ins:
        for report in c.side_effects:
            counts.setdefault(report.code, {}).setdefault(str(report.severity), 0)
            counts[report.code][str(report.severity)] += 1
    return [{"code": code, "label": catalogue.side_effect(code).label,
             "days": sum(by.values()), "by_severity": by} for code, by in sorted(counts.items())]


def data_summary(patient: Patient, today: date, days: int = 28) -> dict[str, Any]:
    """What a follow-up needs: recent ratings, adherence, side effects, open suggestions."""
    since = today - timedelta(days=days - 1)
    recent = core_check_ins(patient, since)
    return {
        "from": since.isoformat(), "to": today.isoformat(), "days": days,
        "check_in_days": len(recent),
        "ratings": rating_means(recent),
        "adherence": adherence(recent),
        "side_effects": side_effect_counts(recent),
        "open_suggestions": [{"urgency": s.urgency, "message": s.message, "source": s.source}
                             for s in open_suggestions(patient)],
        "questionnaires": [{"instrument": r.instrument, "day": r.day.isoformat(),
                            "score": None if r.score is None else str(r.score), "band": r.band}
                           for r in patient.questionnaire_responses.filter(day__gte=since)
                           .order_by("day")],
    }


# --- export ------------------------------------------------------------------------

def export_csv(patient: Patient) -> str:
    from ldncare.interop.csv_export import check_ins_csv

    return check_ins_csv(core_check_ins(patient))


def export_fhir_json(patient: Patient) -> str:
    from ldncare.interop.fhir_journal import journal_bundle

    bundle = journal_bundle(str(patient.pk), core_check_ins(patient), core_scores(patient))
    return json.dumps(json.loads(bundle.model_dump_json(exclude_none=True)), indent=2)


def side_effect_rows(patient: Patient) -> QuerySet[SideEffectEntry]:
    return SideEffectEntry.objects.filter(patient=patient).order_by("day")
