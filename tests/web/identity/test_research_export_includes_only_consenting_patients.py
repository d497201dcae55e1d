"""The de-identified research export holds the check-ins of patients who
agreed to research use (the current version) and have not withdrawn it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ldncare.web.care.identity_services import withdraw_consent
from ldncare.web.insights.queries import research_rows
from ldncare.web.insights.services import build_research_export
from ldncare.web.journal.models import CheckIn
from ldntest.world import make_patient

pytestmark = pytest.mark.django_db


def _diary(patient, days: int = 5) -> None:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    for i in range(days):
        CheckIn.objects.create(patient=patient, day=today - timedelta(days=i), pain=4)


@pytest.fixture
def three_patients(world):  # type: ignore[no-untyped-def]
    consenting = world.patient
    declined = make_patient("no-research@a.example", world.clinic, research=False)
    withdrawn = make_patient("withdrew@a.example", world.clinic)
    withdraw_consent(withdrawn, "research")
    for patient in (consenting, declined, withdrawn):
        _diary(patient)
    return consenting, declined, withdrawn


def _patients_in_export(user) -> set[int]:  # type: ignore[no-untyped-def]
    return {row["patient_id"] for row in research_rows(user)}


def test_only_the_consenting_patients_check_ins_are_exported(world, three_patients):
    consenting, _, _ = three_patients
    assert _patients_in_export(world.users["prescriber"]) == {consenting.pk}


def test_a_patient_who_withdraws_is_left_out_of_the_next_export(world, three_patients):
    consenting, _, _ = three_patients
    withdraw_consent(consenting, "research")
    assert _patients_in_export(world.users["prescriber"]) == set()


def test_the_built_export_has_rows_of_one_patient_only(world, three_patients):
    export = build_research_export(world.users["prescriber"], k=1)
    study_ids = {row[export.columns.index("patient_id")] for row in export.rows}
    assert len(export.rows) == 5 and len(study_ids) == 1
    assert all(value.startswith("S") for value in study_ids)


def test_a_new_research_version_leaves_patients_out_until_they_agree_again(
        world, three_patients, monkeypatch):
    from dataclasses import replace

    from ldncare import consent

    library = consent.load_library()
    changed = replace(library, documents=tuple(
        replace(d, version="2030-01-01") if d.code == "research" else d
        for d in library.documents))
    monkeypatch.setattr(consent, "load_library", lambda *a: changed)
    assert _patients_in_export(world.users["prescriber"]) == set()
