"""The clinic dashboard shows PHQ-9 and the other questionnaires before and on LDN,
read under the journal's own codes; the PGIC (which asks about change) is not one."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from ldncare.pathway import State
from ldncare.web.care.models import PathwayEvent
from ldncare.web.insights.queries import clinic_report
from ldncare.web.journal.models import QuestionnaireResponse
from web.prescribing.prescribing_setup import prescribe


def _started_with_scores(world):  # type: ignore[no-untyped-def]
    prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    # The first dose: the dashboard counts a course from the first "active" event.
    PathwayEvent.objects.create(patient=world.patient, state=State.ACTIVE,
                                actor=world.users["prescriber"], summary="first dose",
                                at=timezone.now() - timedelta(days=1))
    today = timezone.localdate()
    for instrument, day, score in (("phq-9", -5, 15), ("phq-9", 0, 9), ("gad-7", -5, 11),
                                   ("gad-7", 0, 6), ("pgic", 0, 2)):
        QuestionnaireResponse.objects.create(
            patient=world.patient, instrument=instrument, instrument_version="t", answers={},
            score=Decimal(score), day=today + timedelta(days=day))


def test_phq9_and_gad7_appear_in_the_cohort_before_and_after(world):
    _started_with_scores(world)
    rows = {q.instrument: q for q in clinic_report(world.users["prescriber"]).questionnaires}
    assert set(rows) == {"phq-9", "gad-7"}
    assert (rows["phq-9"].patients, rows["phq-9"].mean_before, rows["phq-9"].mean_after) == (
        1, 15.0, 9.0)
    assert rows["gad-7"].mean_change == -5.0


def test_the_dashboard_page_names_the_questionnaires_in_words(world, login, client):
    _started_with_scores(world)
    login(world.users["prescriber"])
    page = client.get("/insights/").content.decode()
    assert "PHQ-9 (depression)" in page and "higher is worse" in page
