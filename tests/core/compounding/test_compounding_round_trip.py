from __future__ import annotations

import datetime as dt
import json

import pytest

from ldncare.compounding import (
    BatchRecord,
    BeyondUseDate,
    CapsuleBatch,
    ComponentExpiry,
    Label,
    LiquidBatch,
    TabletFit,
    TitrationKit,
    WeightCheck,
    batch_record,
    beyond_use_date,
    capsule_batch,
    capsule_label,
    check_weights,
    liquid_batch,
    release_decision,
    tablet_fit,
    titration_kit,
)

DAY = dt.date(2026, 11, 22)


def _record() -> BatchRecord:
    batch = capsule_batch("4.5", 30, assay_percent="99.2", overage_percent="5")
    bud = beyond_use_date(DAY, "solid", "room_temperature",
                          component_expiries=[ComponentExpiry("api", "A1", dt.date(2027, 2, 1))])
    weights = check_weights(batch.fill_weight_mg, ["224", "226"], average_tolerance_percent="3")
    return batch_record(batch, lot="LDN-20261122-001", beyond_use=bud, prepared_by="a",
                        verified_by="b", weight_check=weights,
                        release=release_decision("a", "b", weights))


CASES = [
    (CapsuleBatch, lambda: capsule_batch("4.5", 100, source="tablets")),
    (LiquidBatch, lambda: liquid_batch("1", "100", dose="1.5")),
    (TabletFit, lambda: tablet_fit("4.5", 30)),
    (TitrationKit, lambda: titration_kit([("1.5", 14), ("3", 14)])),
    (BeyondUseDate, lambda: beyond_use_date(DAY, "solid", "room_temperature", study="cote-2018")),
    (WeightCheck, lambda: check_weights("225", ["225", "260"])),
    (Label, lambda: capsule_label(capsule_batch("4.5", 30), patient="Jo", dose="4.5",
                                  when="at bedtime", lot="LDN-20261122-001",
                                  bud=beyond_use_date(DAY, "solid", "room_temperature"))),
    (BatchRecord, _record),
]


@pytest.mark.parametrize("kind, make", CASES, ids=[c[0].__name__ for c in CASES])
def test_every_stored_result_survives_json_and_reloads_equal(kind, make):
    value = make()
    stored = json.loads(json.dumps(value.as_dict()))
    assert kind.from_dict(stored) == value


def test_doses_are_stored_as_decimal_strings_never_floats():
    stored = capsule_batch("4.5", 30).as_dict()
    assert stored["strength_mg"] == "4.5" and stored["api_mg"] == "135"


def test_every_result_records_the_data_version():
    batch = capsule_batch("4.5", 30)
    assert batch.data_version.startswith("compounding-reference-")
