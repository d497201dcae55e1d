"""The API sends every dose as a JSON string in canonical form ("1.5"), never
a JSON number and never "1.500"; the OpenAPI schema says so."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parent.parent / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)

CANONICAL = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$")
DOSE_FIELDS = {"dose_mg", "today_dose_mg", "next_dose_mg", "strengths_mg",
               "concentration_mg_per_ml", "strength"}


def _schemas(client):  # type: ignore[no-untyped-def]
    return client.get("/api/openapi.json").json()["components"]["schemas"]


def _dose_properties(schemas):  # type: ignore[no-untyped-def]
    for name, schema in schemas.items():
        if not name.endswith(("Out", "Saved")):
            continue  # input: what people type ("500 mcg") is read by its own rule
        for field, spec in schema.get("properties", {}).items():
            if field in DOSE_FIELDS:
                yield f"{name}.{field}", spec


def _string_types(spec):  # type: ignore[no-untyped-def]
    if "items" in spec:
        return _string_types(spec["items"])
    options = spec.get("anyOf", [spec])
    return [o for o in options if o.get("type") != "null"]


def test_the_schema_documents_every_dose_as_a_canonical_decimal_string(client):
    found = dict(_dose_properties(_schemas(client)))
    assert {"StepOut.dose_mg", "ScheduleOut.today_dose_mg", "PrescriptionOut.strengths_mg",
            "CheckInOut.dose_mg", "LineOut.strength", "BatchOut.strength"} <= set(found)
    for where, spec in found.items():
        for option in _string_types(spec):
            assert option.get("type") == "string" and option.get("pattern"), where


def _dose_values(data, field=None):  # type: ignore[no-untyped-def]
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _dose_values(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _dose_values(item, field)
    elif field in DOSE_FIELDS and data is not None:
        yield field, data


def test_legacy_texts_are_answered_in_canonical_form(world, client, login):
    from ldncare.web.pharmacy.queries import fill_plan

    order = pharmacy_world.make_order(world, strengths=("4.500", "3.000", "1.500"))
    fill_plan(order)
    patient = order.patient_id
    login(world.users["prescriber"])
    answers = [client.get(f"/api/care/patients/{patient}/prescription").json(),
               client.get(f"/api/care/patients/{patient}/schedule").json()]
    login(world.users["pharmacist"])
    answers.append(client.get(f"/api/pharmacy/orders/{order.pk}").json())
    values = [v for answer in answers for v in _dose_values(answer)]
    assert {field for field, _ in values} >= {"strengths_mg", "dose_mg", "strength"}
    for field, value in values:
        assert isinstance(value, str) and CANONICAL.match(value), (field, value)


def test_a_batch_started_for_a_legacy_line_text_stores_the_canonical_strength(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world, strengths=("4.500", "3.000", "1.500"))
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.500",
                                 formula_key="ldn-capsules-mcc", source="api")
    assert batch.strength == "4.5" and batch.calculation["strength_mg"] == "4.5"
