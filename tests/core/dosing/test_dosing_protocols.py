from decimal import Decimal

import pytest

from ldncare.dosing import (
    ProtocolError,
    UnknownProtocol,
    custom_protocol,
    data_version,
    load_library,
    validate_protocol,
)
from ldncare.units import Dose


def test_the_library_has_the_protocols_the_issue_asks_for_each_with_references():
    library = load_library()
    for name in ("standard", "gentle", "thyroid-cautious", "custom"):
        assert library.get(name).references
    assert library.version == data_version()


def test_standard_is_one_and_a_half_mg_up_one_and_a_half_every_fourteen_days_to_four_and_a_half():
    standard = load_library().get("standard")
    assert (standard.start, standard.step, standard.interval_days, standard.target) == (
        Dose("1.5"), Dose("1.5"), 14, Dose("4.5"))


def test_gentle_is_half_a_mg_up_half_a_mg_every_seven_days():
    gentle = load_library().get("gentle")
    assert (gentle.start, gentle.step, gentle.interval_days) == (Dose("0.5"), Dose("0.5"), 7)


def test_thyroid_cautious_carries_lab_check_prompts_with_sources():
    rules = load_library().get("thyroid-cautious").lab_checks
    assert {rule.after for rule in rules} == {"start", "maintenance"}
    assert all("TSH" in rule.panel and rule.source for rule in rules)


def test_an_unknown_protocol_lists_the_choices():
    with pytest.raises(UnknownProtocol, match="gentle"):
        load_library().get("fast")


def test_a_clinic_protocol_is_validated_and_added():
    clinic = {"name": "clinic-slow", "title": "Clinic slow", "start_mg": "1", "step_mg": "0.25",
              "interval_days": 10, "target_mg": "3", "references": ["Clinic policy 2026-04"]}
    library = load_library().with_clinic_protocols([clinic], default_protocol="clinic-slow")
    assert library.get("clinic-slow").step == Dose("0.25")
    assert library.default_protocol == "clinic-slow"
    assert library.version.endswith("+clinic")


def test_a_clinic_protocol_without_references_is_refused_naming_the_field():
    with pytest.raises(ProtocolError, match="references"):
        validate_protocol({"name": "x", "title": "X", "start_mg": "1", "step_mg": "1",
                           "interval_days": 7, "target_mg": "3", "references": []})


def test_a_clinic_protocol_with_float_doses_is_refused():
    with pytest.raises(ProtocolError, match="strings"):
        validate_protocol({"name": "x", "title": "X", "start_mg": 1.5, "step_mg": "1",
                           "interval_days": 7, "target_mg": "3", "references": ["r"]})


def test_a_protocol_whose_target_is_below_its_start_is_refused():
    with pytest.raises(ProtocolError, match="below the start"):
        validate_protocol({"name": "x", "title": "X", "start_mg": "3", "step_mg": "1",
                           "interval_days": 7, "target_mg": "1", "references": ["r"]})


def test_a_ladder_with_too_many_steps_is_refused():
    with pytest.raises(ProtocolError, match="steps"):
        custom_protocol(Dose("0.001"), Dose("0.001"), 1, Dose("4.5"))


def test_steps_below_half_a_mg_are_allowed():
    protocol = custom_protocol(Dose("0.1"), Dose("0.1"), 7, Dose("0.4"))
    assert protocol.start.mg == Decimal("0.1")
