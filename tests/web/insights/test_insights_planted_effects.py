"""The n-of-1 analysis read back from the database finds what the generator planted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ldncare.outcomes import AnalysisSettings, analyse_patient, load_definitions
from ldncare.outcomes.synthetic import planted_change
from ldncare.web.care.models import Patient
from ldncare.web.insights.queries import analyse
from ldncare.web.synthetic import load_synthetic_clinic


def _numbers(report):
    """Each measure's numbers, without the period labels (they are worded differently)."""
    out = {}
    for m in report.measures:
        data = m.as_dict()
        data["changes"] = [c.as_dict() | {"period": "", "dose": Decimal(c.dose)} for c in m.changes]
        data["dose_response"]["points"] = [p | {"dose": Decimal(p["dose"])}
                                           for p in data["dose_response"]["points"]]
        out[m.measure] = data
    return out


@pytest.fixture
def loaded(world):
    return load_synthetic_clinic(world.clinic, world.pharmacy, patients=40, months=8, seed=11)


def test_the_database_path_gives_the_same_analysis_as_the_generated_data(loaded):
    for course in loaded.clinic.patients[:15]:
        stored = analyse(Patient.objects.get(pk=loaded.patient_ids[course.patient_id])).report
        # The web path uses the condition's default primary measure (no choice stored).
        primary = load_definitions().primary_for(course.condition)
        direct = analyse_patient(course.series(), course.dose_periods(),
                                 settings=AnalysisSettings(primary_measure=primary),
                                 medication_changes=course.medication_changes)
        assert _numbers(stored) == _numbers(direct)
        assert {c.code for c in stored.caveats} == {c.code for c in direct.caveats}


def test_planted_pain_changes_are_recovered_within_the_cores_tolerance(loaded):
    errors = []
    for course in loaded.clinic.patients:
        if not course.planted.responder:
            continue
        report = analyse(Patient.objects.get(pk=loaded.patient_ids[course.patient_id])).report
        latest = report.measure("pain").latest_evaluable()
        if latest is None:
            continue
        period = next(p for p in report.periods if p.label == latest.period)
        end = period.end or report.analysed_to
        errors.append(abs(latest.change - planted_change(course, "pain", period.start, end)))
    assert len(errors) >= 8
    assert sum(e <= 0.75 for e in errors) / len(errors) >= 0.8
