"""Every audit entry is sealed into a hash chain when it is written;
`ldncare audit verify` walks it and names the first entry edited, deleted or
inserted behind the application's back (exit 1)."""

from __future__ import annotations

import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection, connections
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.pathway import State
from ldncare.web.care.models import Patient
from ldncare.web.care.services import record_step
from ldncare.web.operations.auditchain import verify
from ldncare.web.operations.models import AuditLink

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def write_some_audited_changes(world, n=3):  # type: ignore[no-untyped-def]
    record_step(world.patient, State.INTAKE_SUBMITTED, actor=world.patient.user, summary="in")
    for i in range(n):
        rename(world.patient.pk, f"Name {i}")


def rename(patient_id, name):  # type: ignore[no-untyped-def]
    """An audited change of the patient row (any audited save would do)."""
    patient = Patient.objects.get(pk=patient_id)
    patient.condition = name
    patient.save(update_fields=["condition"])


def raw_sql(sql, params):  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_an_untouched_audit_log_verifies(world):
    write_some_audited_changes(world)
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    assert AuditLink.objects.count() == LogEntry.objects.count() > 0


def test_an_entry_edited_in_the_database_is_found(world):
    write_some_audited_changes(world)
    victim = LogEntry.objects.order_by("pk")[2]
    raw_sql(f"UPDATE {LogEntry._meta.db_table} SET object_repr = %s WHERE id = %s",
            ["nothing to see", victim.pk])
    result = runner.invoke(app, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"audit entry {victim.pk} " in result.output and "changed" in result.output


def test_an_entry_deleted_in_the_database_is_found(world):
    write_some_audited_changes(world)
    victim = LogEntry.objects.order_by("pk")[1]
    raw_sql(f"DELETE FROM {LogEntry._meta.db_table} WHERE id = %s", [victim.pk])
    verdict = verify()
    assert verdict.broken == f"audit entry {victim.pk} (link {verdict.links + 1}) was deleted" \
        or (verdict.broken is not None and f"audit entry {victim.pk}" in verdict.broken)


def test_an_entry_inserted_behind_the_applications_back_is_found(world):
    write_some_audited_changes(world)
    forged = LogEntry.objects.order_by("pk").last()
    assert forged is not None
    raw_sql(f"INSERT INTO {LogEntry._meta.db_table} (content_type_id, object_pk, object_id, "
            "object_repr, action, changes_text, changes, timestamp, additional_data) "
            "SELECT content_type_id, object_pk, object_id, 'forged', action, changes_text, "
            f"changes, timestamp, additional_data FROM {LogEntry._meta.db_table} WHERE id = %s",
            [forged.pk])
    verdict = verify()
    assert verdict.broken is not None and "not in the chain" in verdict.broken


def test_a_rehashed_link_still_breaks_at_the_next_one(world):
    write_some_audited_changes(world)
    link = AuditLink.objects.order_by("pk")[1]
    raw_sql(f"UPDATE {AuditLink._meta.db_table} SET digest = %s WHERE id = %s",
            ["f" * 64, link.pk])
    verdict = verify()
    assert verdict.broken is not None and "was changed" in verdict.broken


def test_two_writers_at_once_leave_one_unbroken_chain(world):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database is in memory, one connection at a time; "
                    "tests/durability runs many writers on a SQLite file and verifies the chain")
    errors: list[BaseException] = []

    def writer(label: str) -> None:
        try:
            for i in range(8):
                rename(world.patient.pk, f"{label} {i}")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    verdict = verify()
    assert verdict.broken is None
    assert verdict.links == LogEntry.objects.count()
