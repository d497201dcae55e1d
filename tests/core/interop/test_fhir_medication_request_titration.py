from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from fhir.resources.R4B.medicationrequest import MedicationRequest

from ldncare.dosing import OralLiquid, build_plan, load_library, pause, stop
from ldncare.interop.fhir import (
    FhirExportError,
    PrescriptionInfo,
    medication_request,
    medication_request_json,
)

START = date(2026, 1, 1)
INFO = PrescriptionInfo("Patient/42", datetime(2026, 1, 1, 9, tzinfo=UTC),
                        requester_reference="Practitioner/7", pharmacy_reference="Organization/3",
                        refills=2, days_per_fill=30, plan_id="plan-9")


@pytest.fixture
def plan():
    return build_plan(load_library().get("standard"), START)


def test_it_round_trips_through_the_r4b_model(plan):
    resource = medication_request(plan, INFO)
    parsed = MedicationRequest.model_validate(resource)
    again = MedicationRequest.model_validate_json(parsed.model_dump_json())
    assert again == parsed
    assert again.status == "active" and again.intent == "order"


def test_there_is_one_dosage_instruction_per_step_in_sequence(plan):
    parsed = MedicationRequest.model_validate_json(medication_request_json(plan, INFO))
    dosages = parsed.dosageInstruction
    assert [d.sequence for d in dosages] == [1, 2, 3]
    assert [d.doseAndRate[0].doseQuantity.value for d in dosages] == [
        Decimal("1.5"), Decimal("3"), Decimal("4.5")]
    assert str(dosages[0].timing.repeat.boundsPeriod.end) == "2026-01-14"
    assert dosages[-1].timing.repeat.boundsPeriod.end is None
    assert dosages[0].timing.repeat.when == ["HS"]


def test_refills_and_pharmacy_go_in_the_dispense_request(plan):
    parsed = MedicationRequest.model_validate(medication_request(plan, INFO))
    assert parsed.dispenseRequest.numberOfRepeatsAllowed == 2
    assert parsed.dispenseRequest.performer.reference == "Organization/3"


def test_a_liquid_prescription_tells_the_patient_the_volume(plan):
    info = PrescriptionInfo("Patient/42", INFO.authored_on, form=OralLiquid(Decimal("1")))
    resource = medication_request(plan, info)
    assert "4.5 mL" in resource["dosageInstruction"][2]["patientInstruction"]


def test_pause_and_stop_map_to_fhir_statuses(plan):
    paused = pause(plan, date(2026, 1, 10), "dr", "surgery")
    assert medication_request(paused, INFO)["status"] == "on-hold"
    assert len(medication_request(paused, INFO)["dosageInstruction"]) == 1
    assert medication_request(stop(plan, date(2026, 2, 1), "dr", "no benefit"), INFO)["status"] == "stopped"


def test_the_plan_version_is_an_identifier(plan):
    assert medication_request(plan, INFO)["identifier"][0]["value"] == "plan-9/v1"


def test_a_naive_authored_on_is_refused(plan):
    with pytest.raises(FhirExportError, match="timezone-aware"):
        medication_request(plan, PrescriptionInfo("Patient/1", datetime(2026, 1, 1)))  # noqa: DTZ001
