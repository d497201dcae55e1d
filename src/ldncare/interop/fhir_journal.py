"""The patient's journal as a FHIR R4 Bundle (``fhir.resources.R4B`` models only).

:func:`journal_bundle` turns check-ins and questionnaire scores into a
``collection`` Bundle of Observations (each 0-10 rating, vivid dreams, each
side effect with its severity, each questionnaire total) and
QuestionnaireResponses (one per completed questionnaire).

Codes: LOINC is used only where our research names the code (PHQ-9 total
44261-6 and GAD-7 total 70274-6, from the HL7 Patient-Centered Outcomes
implementation guide). Everything else uses this product's local code systems under
``system_base``. Resource ids are UUID-5s of the patient and the entry, so
exporting twice gives the same Bundle.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from ldncare.journal.checkin import CheckIn, load_catalogue
from ldncare.journal.instruments import InstrumentScore, get_instrument

LOINC = "http://loinc.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DEFAULT_SYSTEM_BASE = "urn:ldncare:fhir"
_NAMESPACE = uuid.UUID("6f1c2a5e-4d1b-5c3a-9e7f-0a1b2c3d4e5f")


def journal_bundle(patient_ref: str, check_ins: Sequence[CheckIn],
                   scores: Sequence[InstrumentScore] = (), *,
                   system_base: str = DEFAULT_SYSTEM_BASE) -> Bundle:
    """A validated R4B ``Bundle`` (type collection) of the patient's journal.

    ``patient_ref`` becomes ``Patient/<patient_ref>`` in every subject.
    Serialise with ``bundle.model_dump_json()``; read back with
    ``Bundle.model_validate_json``.
    """
    entries: list[dict[str, Any]] = []
    subject = {"reference": f"Patient/{patient_ref}"}
    for check_in in check_ins:
        for resource in _check_in_observations(check_in, subject, system_base):
            entries.append(_entry(patient_ref, resource))
    for result in scores:
        response = _questionnaire_response(result, subject, system_base)
        entries.append(_entry(patient_ref, response))
        if result.total is not None:
            entries.append(_entry(patient_ref, _score_observation(result, subject, system_base,
                                                                  response["id"])))
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "entry": entries})


def _entry(patient_ref: str, resource: dict[str, Any]) -> dict[str, Any]:
    """Wrap ``resource`` as a Bundle entry; its id is a UUID-5 of its ``_key`` unless set."""
    key = resource.pop("_key", "")
    if "id" not in resource:
        resource["id"] = str(uuid.uuid5(_NAMESPACE, f"{patient_ref}|{key}"))
    return {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _observation(key: str, subject: dict, when: str, system: str, code: str, display: str,
                 **value: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "_key": key, "status": "final", "category": _survey(),
            "code": {"coding": [{"system": system, "code": code, "display": display}], "text": display},
            "subject": subject, "effectiveDateTime": when, **value}


def _check_in_observations(check_in: CheckIn, subject: dict, base: str) -> list[dict[str, Any]]:
    catalogue = load_catalogue()
    when = check_in.day.isoformat()
    stem = f"{when}|r{check_in.revision}"
    out = []
    for spec in catalogue.ratings:
        if spec.code in check_in.ratings:
            out.append(_observation(f"{stem}|rating|{spec.code}", subject, when,
                                    f"{base}/CodeSystem/journal-rating", spec.code,
                                    f"{spec.label} (0-10)", valueInteger=check_in.ratings[spec.code]))
    if check_in.vivid_dreams is not None:
        out.append(_observation(f"{stem}|vivid_dreams", subject, when,
                                f"{base}/CodeSystem/journal-rating", "vivid_dreams",
                                "Vivid dreams", valueBoolean=check_in.vivid_dreams))
    for report in check_in.side_effects:
        effect = catalogue.side_effect(report.code)
        severity = {"coding": [{"system": f"{base}/CodeSystem/side-effect-severity",
                                "code": str(report.severity)}], "text": str(report.severity)}
        out.append(_observation(f"{stem}|side_effect|{report.code}", subject, when,
                                f"{base}/CodeSystem/side-effect", report.code, effect.label,
                                valueCodeableConcept=severity))
    return out


def _questionnaire_response(result: InstrumentScore, subject: dict, base: str) -> dict[str, Any]:
    instrument = get_instrument(result.instrument)
    items = []
    for item in instrument.items:
        entry: dict[str, Any] = {"linkId": item.code, "text": item.text}
        if item.code in result.answers:
            entry["answer"] = [{"valueInteger": result.answers[item.code]}]
        items.append(entry)
    response: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse", "_key": f"qr|{result.instrument}|{_when(result)}",
        "questionnaire": f"{base}/Questionnaire/{instrument.code}",
        "status": "completed" if result.total is not None else "in-progress",
        "subject": subject, "item": items,
    }
    if result.completed_at is not None:
        response["authored"] = result.completed_at.isoformat()
    _entry_id(response)
    return response


def _entry_id(resource: dict[str, Any]) -> None:
    # The score Observation points at its response, so the response's id is fixed first.
    resource["id"] = str(uuid.uuid5(_NAMESPACE, f"{resource['subject']['reference']}|{resource['_key']}"))


def _score_observation(result: InstrumentScore, subject: dict, base: str,
                       response_id: str) -> dict[str, Any]:
    instrument = get_instrument(result.instrument)
    if instrument.loinc_total:
        system, code = LOINC, instrument.loinc_total
    else:
        system, code = f"{base}/CodeSystem/questionnaire-score", instrument.code
    observation = _observation(f"score|{result.instrument}|{_when(result)}", subject,
                               _when(result), system, code, f"{instrument.name} score",
                               valueInteger=result.total)
    observation["derivedFrom"] = [{"reference": f"QuestionnaireResponse/{response_id}"}]
    if result.band:
        observation["interpretation"] = [{"text": result.band}]
    return observation


def _when(result: InstrumentScore) -> str:
    return "unknown" if result.completed_at is None else result.completed_at.isoformat()
