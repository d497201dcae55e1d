"""``current_treatment`` reads one prescription for every page, task and
document: the active one, else the newest (a stopped patient's history)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ldncare.web.care import prescribing_queries as rxq
from ldncare.web.care.models import Patient, PlanVersion, Prescription
from ldncare.web.care.treatment import current_prescription, current_treatment, patient_today
from ldncare.web.journal.demo import ensure_prescription


def _prescription(world, days_ago: int, status: str):  # type: ignore[no-untyped-def]
    patient = world.patient
    for other in patient.prescriptions.filter(status=Prescription.Status.ACTIVE):
        other.status = Prescription.Status.STOPPED  # so ensure_prescription makes a new one
        other.save(update_fields=["status"])
    made = ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                               timezone.localdate() - timedelta(days=days_ago))
    made.created_at = timezone.now() - timedelta(days=days_ago)
    made.status = status
    made.save(update_fields=["created_at", "status"])
    return made


def test_an_older_active_prescription_wins_over_a_newer_stopped_one(world):
    older = _prescription(world, 90, Prescription.Status.STOPPED)
    newer = _prescription(world, 30, Prescription.Status.STOPPED)
    older.status = Prescription.Status.ACTIVE
    older.save(update_fields=["status"])
    assert current_prescription(world.patient) == older
    treatment = current_treatment(world.patient)
    assert treatment is not None and treatment.prescription == older != newer
    assert rxq.open_prescription(world.users["prescriber"], world.patient.pk) == older


def test_without_an_active_prescription_the_newest_is_read(world):
    _prescription(world, 90, Prescription.Status.STOPPED)
    newest = _prescription(world, 30, Prescription.Status.STOPPED)
    treatment = current_treatment(world.patient)
    assert treatment is not None and treatment.prescription == newest
    assert treatment.status_words == "Your treatment is stopped"


def test_a_patient_without_a_prescription_has_no_treatment(world):
    assert current_treatment(world.patient) is None


def test_the_plan_and_dosage_form_come_from_the_prescription(world):
    made = _prescription(world, 10, Prescription.Status.ACTIVE)
    treatment = current_treatment(world.patient)
    assert treatment is not None
    assert treatment.plan.start == made.started_on == timezone.localdate() - timedelta(days=10)
    assert sorted(str(s) for s in treatment.form.strengths) == ["1.5 mg", "3 mg", "4.5 mg"]
    assert treatment.has_started and treatment.dose_today is not None


def _add_version(prescription, number: int):  # type: ignore[no-untyped-def]
    first = prescription.plan_versions.get(version=1)
    return PlanVersion.objects.create(prescription=prescription, version=number, plan=first.plan,
                                      data_version=first.data_version, change_kind="step_back",
                                      created_by=first.created_by)


def test_the_plan_is_the_newest_version_of_the_current_prescription_not_of_another(world):
    stopped = _prescription(world, 90, Prescription.Status.STOPPED)
    for number in (2, 3, 4):
        _add_version(stopped, number)  # more versions than the active one has
    active = _prescription(world, 30, Prescription.Status.ACTIVE)
    newest = _add_version(active, 2)
    treatment = current_treatment(world.patient)
    assert treatment is not None
    assert treatment.prescription == active and treatment.version == newest


def test_the_treatment_is_read_in_one_query_reusing_the_patient_and_its_user(
        world, django_assert_num_queries):
    _prescription(world, 10, Prescription.Status.ACTIVE)
    patient = Patient.objects.select_related("user").get(pk=world.patient.pk)
    with django_assert_num_queries(1):
        treatment = current_treatment(patient)
        assert treatment is not None and treatment.prescription.patient is patient
        assert treatment.today == patient_today(patient)
