"""Access-matrix rows for the journal's URLs (patient journal, decision support,
follow-ups, export)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ldntest.access_matrix import ANON_PAGE, Row, everyone

CLINIC = ("prescriber", "clinic_staff", "clinic_admin")
PHARMACY_403 = {r: 403 for r in ("pharmacist", "pharmacy_technician", "pharmacy_admin")}


def _patient(w, own):  # type: ignore[no-untyped-def]
    return w.patient if own else w.other_patient


def _questionnaire(w, own):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.models import QuestionnairePlan

    QuestionnairePlan.objects.get_or_create(
        patient=w.patient, instrument="phq-9",
        defaults={"start": timezone.now().date(), "every_days": 28, "set_by": w.users["prescriber"]})
    return {"instrument": "phq-9"}


def _suggestion(w, own):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.models import Suggestion

    row, _ = Suggestion.objects.get_or_create(
        patient=_patient(w, own), key="missed_doses:2026-01-01",
        defaults={"code": "missed_doses", "urgency": "routine", "action": "review",
                  "message": "m", "rationale": "r", "source": "s", "day": date(2026, 1, 1),
                  "rules_version": "t"})
    return {"suggestion_id": row.pk}


def _follow_up(w, own):  # type: ignore[no-untyped-def]
    from ldncare.web.journal.models import FollowUp

    visit = FollowUp.objects.create(patient=_patient(w, own), mode="video",
                                    at=timezone.now() + timedelta(days=3),
                                    scheduled_by=w.users["prescriber"])
    return {"follow_up_id": visit.pk}


def _patient_id(w, own):  # type: ignore[no-untyped-def]
    return {"patient_id": _patient(w, own).pk}


def patient_page(status: int = 200) -> dict[str, int]:
    return {**everyone(403, anonymous=ANON_PAGE), "patient": status}


def clinic_page(status: int = 200) -> dict[str, int]:
    return {**everyone(403, anonymous=ANON_PAGE), **{r: status for r in CLINIC}}


def prescriber_page(status: int = 200) -> dict[str, int]:
    return {**everyone(403, anonymous=ANON_PAGE), "prescriber": status}


ROWS: dict[str, Row] = {
    "journal:home": Row(expect=patient_page()),
    "journal:new_medicine": Row(expect=patient_page(405)),
    "journal:preferences": Row(expect=patient_page()),
    "journal:questionnaires": Row(expect=patient_page()),
    "journal:questionnaire": Row(kwargs=_questionnaire, expect=patient_page()),
    "journal:export_csv": Row(expect=patient_page()),
    "journal:export_fhir": Row(expect=patient_page()),
    "journal:attention": Row(expect=clinic_page()),
    "journal:patient_journal": Row(kwargs=_patient_id, expect=clinic_page(),
                                   expect_other=clinic_page(404)),
    "journal:visit_report": Row(kwargs=_patient_id, expect=clinic_page(),
                                expect_other=clinic_page(404)),
    "journal:schedule_questionnaire": Row(kwargs=_patient_id, expect=prescriber_page(405),
                                          expect_other=prescriber_page(405)),
    "journal:schedule_follow_up": Row(kwargs=_patient_id, expect=prescriber_page(),
                                      expect_other=prescriber_page(404)),
    "journal:follow_up": Row(kwargs=_follow_up, expect=clinic_page(),
                             expect_other=clinic_page(404)),
    "journal:accept_suggestion": Row(kwargs=_suggestion, expect=prescriber_page(405),
                                     expect_other=prescriber_page(405)),
    "journal:dismiss_suggestion": Row(kwargs=_suggestion, expect=prescriber_page(405),
                                      expect_other=prescriber_page(405)),
    "api:list_check_ins": Row(expect={**everyone(404, anonymous=401), "patient": 200,
                                      **PHARMACY_403}),
    # The journal API by patient id: the patient and their clinic team only;
    # a pharmacy is refused whoever the patient is, as on the web journal.
    "api:list_check_ins ?patient_id": Row(
        query=_patient_id,
        expect={**everyone(403, anonymous=401), "patient": 200, **{r: 200 for r in CLINIC}},
        expect_other={**everyone(403, anonymous=401), "patient": 404,
                      **{r: 404 for r in CLINIC}}),
    # The POST shares the GET's path; a GET there lists the check-ins.
    "api:record_check_in": Row(expect={**everyone(404, anonymous=401), "patient": 200,
                                       **PHARMACY_403}),
    # Suggestions are for the clinic team: other roles are refused (403) for any id.
    "api:list_suggestions": Row(
        kwargs=_patient_id,
        expect={**everyone(403, anonymous=401), **{r: 200 for r in CLINIC}},
        expect_other={**everyone(403, anonymous=401), **{r: 404 for r in CLINIC}}),
}
