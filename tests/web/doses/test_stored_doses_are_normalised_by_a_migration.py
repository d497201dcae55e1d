"""The data migrations rewrite stored dose texts in canonical form ("1.500" →
"1.5") in plan versions, prescription strengths, batches and check-ins, keep
every value and everything else as it was, and reverse as a no-op."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

from django.db.migrations.loader import MigrationLoader

_spec = importlib.util.spec_from_file_location(
    "pharmacy_world", Path(__file__).parent.parent / "pharmacy" / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)

MIGRATIONS = {"care": "0008_canonical_dose_texts", "pharmacy": "0008_canonical_dose_texts",
              "journal": "0005_canonical_dose_texts"}


def _apps(app: str):  # type: ignore[no-untyped-def]
    """The historical models of ``app``'s migration (as the migration sees rows)."""
    from django.db import connection

    return MigrationLoader(connection).project_state((app, MIGRATIONS[app])).apps


def _run(app: str) -> None:
    name = MIGRATIONS[app]
    importlib.import_module(f"ldncare.web.{app}.migrations.{name}").canonical_doses(_apps(app), None)


def _store_as_older_code_did(app: str, model: str, pk: int, **fields) -> None:  # type: ignore[no-untyped-def]
    row = _apps(app).get_model(app, model).objects.get(pk=pk)
    for name, value in fields.items():
        setattr(row, name, value)
    row.save(update_fields=list(fields))


def _legacy(plan):  # type: ignore[no-untyped-def]
    """A plan as older code stored it: every dose with three decimals."""
    from decimal import Decimal

    def pad(value):  # type: ignore[no-untyped-def]
        return format(Decimal(value).quantize(Decimal("0.001")), "f")

    old = dict(plan, target_mg=pad(plan["target_mg"]), step_size_mg=pad(plan["step_size_mg"]))
    old["steps"] = [dict(s, dose_mg=pad(s["dose_mg"])) for s in plan["steps"]]
    old["limits"] = {k: pad(v) if k.endswith("_mg") else v for k, v in plan["limits"].items()}
    return old


def test_plan_versions_and_strengths_are_rewritten_canonically(world):
    from ldncare.web.care.models import PlanVersion, Prescription

    prescription = pharmacy_world.make_prescription(world, strengths=("3.000", "1.500"))
    version = prescription.current_plan()
    canonical = version.plan
    _store_as_older_code_did("care", "PlanVersion", version.pk, plan=_legacy(canonical))
    assert PlanVersion.objects.get(pk=version.pk).plan["steps"][0]["dose_mg"] == "1.500"
    _run("care")
    assert Prescription.objects.get(pk=prescription.pk).strengths_mg == ["3", "1.5"]
    stored = PlanVersion.objects.get(pk=version.pk)
    assert stored.plan == canonical
    assert stored.titration_plan() == version.titration_plan()


def test_batches_and_check_ins_are_rewritten_and_other_texts_kept(world):
    from ldncare.web.journal.models import CheckIn
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                 formula_key="ldn-capsules-mcc", source="api")
    weights = batch.calculation["fill_weight_mg"]
    _store_as_older_code_did("pharmacy", "Batch", batch.pk, strength="4.500",
                             calculation=dict(batch.calculation, strength_mg="4.500",
                                              api_mg="9.000"))
    _run("pharmacy")
    batch.refresh_from_db()
    assert batch.strength == "4.5" and batch.calculation["strength_mg"] == "4.5"
    assert batch.calculation["api_mg"] == "9" and batch.calculation["fill_weight_mg"] == weights

    row = CheckIn.objects.create(patient=world.patient, day=batch.prepared_on, dose_taken=True,
                                 dose_mg="1.500", data={"dose": {"taken": True, "mg": "1.500",
                                                                 "at": None}, "note": "kept"})
    _run("journal")
    row.refresh_from_db()
    assert row.data == {"dose": {"taken": True, "mg": "1.5", "at": None}, "note": "kept"}


def test_a_text_that_is_not_a_dose_is_left_alone():
    from ldncare.web.doses import canonical_mg_fields

    stored = {"dose_mg": "about 2", "steps": [{"dose_mg": "0.500"}], "reason": "1.500"}
    assert canonical_mg_fields(stored) == {"dose_mg": "about 2", "steps": [{"dose_mg": "0.5"}],
                                           "reason": "1.500"}


def test_each_migration_reverses_as_a_no_op():
    from django.db import migrations

    for app, name in MIGRATIONS.items():
        module = importlib.import_module(f"ldncare.web.{app}.migrations.{name}")
        (operation,) = module.Migration.operations
        assert operation.reverse_code is migrations.RunPython.noop
