"""A prescription's titration plan as an HL7 FHIR R4 ``MedicationRequest``.

Built with the R4B models of ``fhir.resources`` (never the package's default
R5 models). Following the HL7 FHIR R4 Dosage datatype: one ``dosageInstruction`` per
dose step, ordered by ``sequence`` (different numbers mean one after the
other, HL7 Dosage definitions), each step bounded by its own
``timing.repeat.boundsPeriod`` as in HL7's tapering example ``medrx0303``.
Pause steps (0 mg) are left out: no dose is given then. The open-ended
maintenance step has a bounds start and no end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.medicationrequest import MedicationRequest
from pydantic import ValidationError

from ldncare.dosing.plan import PlanStatus, TimeOfDay, TitrationPlan, TitrationStep
from ldncare.dosing.supply import Capsules, OralLiquid, volume_for_dose
from ldncare.units import format_mg

UCUM = "http://unitsofmeasure.org"
SNOMED = "http://snomed.info/sct"

#: FHIR R4 EventTiming codes: HS = before the hour of sleep; MORN = morning.
EVENT_TIMING = {TimeOfDay.BEDTIME: "HS", TimeOfDay.MORNING: "MORN"}

#: MedicationRequest.status for each plan status.
REQUEST_STATUS = {PlanStatus.ACTIVE: "active", PlanStatus.PAUSED: "on-hold",
                  PlanStatus.STOPPED: "stopped"}

#: Identifier system for plan versions, so a receiver can tell versions apart.
PLAN_VERSION_SYSTEM = "urn:ldncare:titration-plan-version"


class FhirExportError(ValueError):
    """The plan and prescription could not be expressed as a valid MedicationRequest."""


@dataclass(frozen=True)
class PrescriptionInfo:
    """What the prescription adds to the plan. References are FHIR relative
    references (``Patient/123``); ``authored_on`` must be timezone-aware."""

    patient_reference: str
    authored_on: datetime
    requester_reference: str | None = None
    pharmacy_reference: str | None = None
    request_id: str | None = None
    medication_text: str = "Naltrexone hydrochloride, low-dose, compounded"
    form: Capsules | OralLiquid | None = None
    refills: int | None = None
    days_per_fill: int | None = None
    plan_id: str | None = None
    note: str | None = None


def _step_text(step: TitrationStep, form: Capsules | OralLiquid | None) -> str:
    dose = f"{format_mg(step.dose.mg)} mg"
    if isinstance(form, OralLiquid):
        dose += f" ({format_mg(volume_for_dose(step.dose, form))} mL of {format_mg(form.mg_per_ml)} mg/mL)"
    until = "onwards" if step.end is None else f"to {step.end.isoformat()}"
    return f"{dose} by mouth once daily at {step.time_of_day.value}, {step.start.isoformat()} {until}"


def _dosage(sequence: int, step: TitrationStep, form: Capsules | OralLiquid | None) -> dict[str, Any]:
    bounds: dict[str, str] = {"start": step.start.isoformat()}
    if step.end is not None:
        bounds["end"] = step.end.isoformat()
    text = _step_text(step, form)
    return {
        "sequence": sequence,
        "text": text,
        "patientInstruction": text,
        "timing": {"repeat": {"boundsPeriod": bounds, "frequency": 1, "period": 1,
                              "periodUnit": "d", "when": [EVENT_TIMING[step.time_of_day]]}},
        "route": {"coding": [{"system": SNOMED, "code": "26643006", "display": "Oral route"}]},
        "doseAndRate": [{"doseQuantity": {"value": step.dose.mg, "unit": "mg",
                                          "system": UCUM, "code": "mg"}}],
    }


def _dispense(info: PrescriptionInfo) -> dict[str, Any] | None:
    request: dict[str, Any] = {}
    if info.refills is not None:
        request["numberOfRepeatsAllowed"] = info.refills
    if info.days_per_fill is not None:
        request["expectedSupplyDuration"] = {"value": Decimal(info.days_per_fill), "unit": "days",
                                             "system": UCUM, "code": "d"}
    if info.pharmacy_reference:
        request["performer"] = {"reference": info.pharmacy_reference}
    return request or None


def medication_request(plan: TitrationPlan, info: PrescriptionInfo) -> dict[str, Any]:
    """The MedicationRequest as a dict (dose values are ``Decimal``), already
    validated against the R4B model; raises :class:`FhirExportError` if not valid."""
    if info.authored_on.utcoffset() is None:
        raise FhirExportError("authored_on must be timezone-aware")
    doses = [step for step in plan.steps if not step.is_pause]
    resource: dict[str, Any] = {
        "resourceType": "MedicationRequest",
        "status": REQUEST_STATUS[plan.status],
        "intent": "order",
        "medicationCodeableConcept": {"text": info.medication_text},
        "subject": {"reference": info.patient_reference},
        "authoredOn": info.authored_on.isoformat(),
        "identifier": [{"system": PLAN_VERSION_SYSTEM,
                        "value": f"{info.plan_id or 'plan'}/v{plan.version}"}],
        "dosageInstruction": [_dosage(n, s, info.form) for n, s in enumerate(doses, start=1)],
    }
    optional = {"id": info.request_id,
                "requester": info.requester_reference and {"reference": info.requester_reference},
                "dispenseRequest": _dispense(info),
                "note": info.note and [{"text": info.note}]}
    resource.update({key: value for key, value in optional.items() if value})
    validate_medication_request(resource)
    return resource


def validate_medication_request(resource: dict[str, Any]) -> MedicationRequest:
    """Parse ``resource`` with the R4B model; :class:`FhirExportError` lists what is wrong."""
    try:
        return MedicationRequest.model_validate(resource)
    except ValidationError as error:
        raise FhirExportError(f"not a valid R4B MedicationRequest: {error}") from None


def medication_request_json(plan: TitrationPlan, info: PrescriptionInfo) -> str:
    """The MedicationRequest as FHIR JSON text (via the R4B model's serialiser)."""
    return validate_medication_request(medication_request(plan, info)).model_dump_json()
