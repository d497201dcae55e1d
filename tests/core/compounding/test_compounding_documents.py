from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.compounding import (
    CompoundingError,
    NotMeasurable,
    batch_record,
    beyond_use_date,
    capsule_batch,
    capsule_label,
    check_weights,
    liquid_batch,
    liquid_label,
    lot_number,
    parse_lot_number,
    release_decision,
)

DAY = dt.date(2026, 11, 22)


def test_a_capsule_label_carries_everything_the_patient_needs():
    batch = capsule_batch("4.5", 30)
    bud = beyond_use_date(DAY, "solid", "room_temperature")
    label = capsule_label(batch, patient="Jo Patient", dose="4.5", when="at bedtime",
                          lot="LDN-20261122-001", bud=bud, prescriber="Dr Who")
    assert label.drug == "Naltrexone hydrochloride"
    assert label.strength == "4.5 mg capsules"
    assert label.directions == "Take 1 capsule (4.5 mg) by mouth at bedtime."
    assert label.quantity == "30 capsules"
    assert label.beyond_use_date == dt.date(2027, 5, 20)  # 180 days, 22 Nov 2026 as day 1
    assert "USP <795>" in label.bud_basis
    assert label.storage == "Store at controlled room temperature."
    assert any("immediate release" in w for w in label.warnings)
    assert any("opioid" in w for w in label.warnings)


def test_a_capsule_label_takes_a_clock_time_and_several_capsules():
    batch = capsule_batch("1.5", 60)
    bud = beyond_use_date(DAY, "solid", "room_temperature")
    label = capsule_label(batch, patient="Jo", dose="3", when=dt.time(21, 0),
                          lot="LDN-20261122-002", bud=bud)
    assert label.directions == "Take 2 capsules (3 mg) by mouth at 21:00."


def test_a_dose_that_is_not_whole_capsules_is_refused_on_the_label():
    batch = capsule_batch("1.5", 60)
    bud = beyond_use_date(DAY, "solid", "room_temperature")
    with pytest.raises(CompoundingError, match="whole number"):
        capsule_label(batch, patient="Jo", dose="2", when="at bedtime",
                      lot="LDN-20261122-002", bud=bud)


def test_a_liquid_label_gives_the_syringe_volume():
    batch = liquid_batch("1", "100")
    bud = beyond_use_date(DAY, "preserved_aqueous", "refrigerator")
    label = liquid_label(batch, patient="Jo", dose="1.5", when="at bedtime",
                         lot="LDN-20261122-003", bud=bud)
    assert label.directions.startswith("Measure 1.5 mL (1.5 mg) with the oral syringe")
    assert label.quantity == "100 mL"
    assert label.storage.startswith("Store in a refrigerator")


def test_a_liquid_label_refuses_an_unmeasurable_dose():
    batch = liquid_batch("5", "100", dose="4.5")
    bud = beyond_use_date(DAY, "preserved_aqueous", "refrigerator")
    with pytest.raises(NotMeasurable):
        liquid_label(batch, patient="Jo", dose="0.5", when="at bedtime",
                     lot="LDN-20261122-003", bud=bud)


def test_the_batch_record_holds_the_formula_amounts_bud_weights_and_release():
    batch = capsule_batch("4.5", 30)
    bud = beyond_use_date(DAY, "solid", "room_temperature")
    weights = check_weights(batch.fill_weight_mg, ["224", "226", "225"])
    release = release_decision("tech.ana", "rph.ben", weights)
    record = batch_record(batch, lot="LDN-20261122-001", beyond_use=bud, prepared_by="tech.ana",
                          verified_by="rph.ben", weight_check=weights, release=release)
    assert record.formula == "ldn-capsules-mcc@1"
    assert record.ingredients[0] == ("naltrexone hydrochloride powder", "135", "mg")
    assert record.method and record.working == batch.working
    assert record.release.may_release


def test_lot_numbers_round_trip():
    lot = lot_number(DAY, 7)
    assert lot == "LDN-20261122-007"
    assert parse_lot_number(lot) == ("LDN", DAY, 7)


@pytest.mark.parametrize("text", ["", "LDN-2026-1", "ldn-20261122-001", "LDN-20261340-001"])
def test_it_refuses_text_that_is_not_a_lot_number(text):
    with pytest.raises(CompoundingError):
        parse_lot_number(text)


def test_it_refuses_a_lot_sequence_out_of_range():
    with pytest.raises(CompoundingError):
        lot_number(DAY, 0)


@settings(max_examples=50, deadline=None)
@given(day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
       sequence=st.integers(min_value=1, max_value=9999),
       prefix=st.from_regex(r"[A-Z][A-Z0-9]{0,7}", fullmatch=True))
def test_any_lot_number_made_parses_back(day, sequence, prefix):
    assert parse_lot_number(lot_number(day, sequence, prefix)) == (prefix, day, sequence)
