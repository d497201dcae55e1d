from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from ldncare.interop.fhir_journal import LOINC, journal_bundle
from ldncare.journal.checkin import record_check_in
from ldncare.journal.instruments import score


def sample():
    c = record_check_in(day=date(2026, 3, 1), recorded_at=datetime(2026, 3, 1, 21, tzinfo=UTC),
                        time_zone="Europe/London", dose_taken=True, planned_dose_mg=Decimal("1.5"),
                        planned_time=time(22), ratings={"pain": 4, "mood": 6}, vivid_dreams=True,
                        side_effects={"headache": "mild"})
    s = score("phq-9", {str(i): 1 for i in range(1, 10)}, completed_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    p = score("pgic", {"1": 2}, completed_at=datetime(2026, 3, 2, 9, tzinfo=UTC))
    return [c], [s, p]


def resources(bundle, kind):
    return [e.resource for e in bundle.entry if isinstance(e.resource, kind)]


def test_the_bundle_round_trips_through_r4b_json():
    bundle = journal_bundle("p1", *sample())
    again = Bundle.model_validate_json(bundle.model_dump_json())
    assert again.model_dump_json() == bundle.model_dump_json()
    assert again.type == "collection"


def test_each_rating_side_effect_and_vivid_dreams_is_an_observation():
    bundle = journal_bundle("p1", *sample())
    codes = {o.code.coding[0].code: o for o in resources(bundle, Observation)}
    assert codes["pain"].valueInteger == 4 and codes["mood"].valueInteger == 6
    assert codes["vivid_dreams"].valueBoolean is True
    assert codes["headache"].valueCodeableConcept.text == "mild"
    assert all(o.subject.reference == "Patient/p1" for o in codes.values())


def test_questionnaire_totals_use_loinc_only_where_the_research_names_the_code():
    bundle = journal_bundle("p1", *sample())
    totals = [o for o in resources(bundle, Observation) if o.derivedFrom]
    by_code = {o.code.coding[0].code: o for o in totals}
    assert by_code["44261-6"].code.coding[0].system == LOINC and by_code["44261-6"].valueInteger == 9
    assert by_code["pgic"].code.coding[0].system.startswith("urn:ldncare:fhir/")


def test_each_questionnaire_is_a_completed_response_with_its_answers():
    bundle = journal_bundle("p1", *sample())
    responses = resources(bundle, QuestionnaireResponse)
    phq = next(r for r in responses if r.questionnaire.endswith("phq-9"))
    assert phq.status == "completed" and len(phq.item) == 9
    assert phq.item[8].answer[0].valueInteger == 1


def test_exporting_twice_gives_identical_ids():
    assert journal_bundle("p1", *sample()).model_dump_json() == journal_bundle("p1", *sample()).model_dump_json()
    ids = [e.resource.id for e in journal_bundle("p1", *sample()).entry]
    assert len(ids) == len(set(ids))
