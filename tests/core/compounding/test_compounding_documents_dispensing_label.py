"""A dispensing label names the pharmacy, the Rx number, the dispense date and
the refills left, and is refused when it would mislead."""

from __future__ import annotations

import datetime as dt

import pytest

from ldncare.compounding import (
    CompoundingError,
    Dispenser,
    beyond_use_date,
    capsule_batch,
    capsule_label,
    dispensing_label,
    rx_number,
)

PHARMACY = Dispenser("Example Compounding", "1 High Street\nTown AB1 2CD", "01234 567890")
MADE = dt.date(2026, 3, 1)


def label(prescriber: str = "Dr Ada Example"):  # type: ignore[no-untyped-def]
    batch = capsule_batch("4.5", 30, formula_key="ldn-capsules-mcc")
    bud = beyond_use_date(MADE, "solid", "room_temperature")
    return capsule_label(batch, patient="Pat Example", dose="4.5", when="at bedtime",
                         lot="LDN-20260301-001", bud=bud, prescriber=prescriber)


def test_the_label_carries_everything_a_dispensing_label_needs():
    made = dispensing_label(label(), pharmacy=PHARMACY, rx=rx_number(12, 1), form="capsules",
                            dispensed_on=MADE, refills_left=1)
    assert made.rx_number == "RX0000012-1" and made.refills_left == 1
    assert made.pharmacy.phone == "01234 567890" and made.prescriber == "Dr Ada Example"
    assert made.directions.startswith("Take 1 capsule (4.5 mg)")
    assert any("opioid" in w for w in made.warnings)
    assert made.lot == "LDN-20260301-001" and made.beyond_use_date > made.dispensed_on


def test_a_pharmacy_without_address_or_phone_gets_no_label():
    with pytest.raises(CompoundingError, match="pharmacy address, pharmacy phone"):
        dispensing_label(label(), pharmacy=Dispenser("Example", " ", ""), rx="RX1-0",
                         form="capsules", dispensed_on=MADE, refills_left=0)


def test_a_label_without_a_prescriber_is_refused():
    with pytest.raises(CompoundingError, match="prescriber"):
        dispensing_label(label(prescriber=""), pharmacy=PHARMACY, rx="RX1-0", form="capsules",
                         dispensed_on=MADE, refills_left=0)


def test_a_batch_past_its_beyond_use_date_cannot_be_dispensed():
    late = label().beyond_use_date
    with pytest.raises(CompoundingError, match="beyond use"):
        dispensing_label(label(), pharmacy=PHARMACY, rx="RX1-0", form="capsules",
                         dispensed_on=late, refills_left=0)


def test_rx_numbers_are_the_prescription_and_the_fill():
    assert rx_number(1, 0) == "RX0000001-0"
    with pytest.raises(CompoundingError):
        rx_number(0, 0)
