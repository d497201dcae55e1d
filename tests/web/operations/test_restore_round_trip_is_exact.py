"""A backup restored and backed up again gives the same canonical content,
byte for byte: every row, every timestamp to the microsecond. `--yes` still
shows what the restore replaces."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.pathway import State
from ldncare.web.accounts.models import User
from ldncare.web.backup import canonical
from ldncare.web.care.models import PathwayEvent
from ldncare.web.care.services import record_step
from ldncare.web.operations.auditchain import verify

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def objects_of(path):  # type: ignore[no-untyped-def]
    return json.loads(path.read_text())["objects"]


def test_backup_restore_backup_gives_the_same_canonical_content(world, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    assert runner.invoke(app, ["backup", str(first)]).exit_code == 0

    record_step(world.patient, State.INTAKE_SUBMITTED, actor=world.patient.user, summary="later")
    User.objects.create_user(email="late@a.example", password="x" * 12, full_name="Late")
    restored = runner.invoke(app, ["restore", str(first), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert runner.invoke(app, ["backup", str(second)]).exit_code == 0

    assert canonical(objects_of(first)) == canonical(objects_of(second))
    assert verify().broken is None  # the audit log and its chain came back together
    assert json.loads(first.read_text())["manifest"]["sha256"] == \
        json.loads(second.read_text())["manifest"]["sha256"]


def test_timestamps_keep_their_microseconds_through_a_round_trip(world, tmp_path):
    event = PathwayEvent.objects.filter(patient=world.patient).first()
    assert event is not None
    precise = timezone.now().replace(microsecond=123457) - timedelta(days=1)
    # Written directly: this test is about the backup, not about how events are made.
    PathwayEvent._base_manager.filter(pk=event.pk).update(at=precise)
    path = tmp_path / "copy.json"
    assert runner.invoke(app, ["backup", str(path)]).exit_code == 0
    PathwayEvent._base_manager.filter(pk=event.pk).update(at=timezone.now())

    assert runner.invoke(app, ["restore", str(path), "--yes"]).exit_code == 0

    assert PathwayEvent.objects.get(pk=event.pk).at == precise


def test_restore_with_yes_still_shows_what_it_replaces(world, tmp_path):
    path = tmp_path / "copy.json"
    assert runner.invoke(app, ["backup", str(path)]).exit_code == 0
    User.objects.create_user(email="late@a.example", password="x" * 12, full_name="Late")

    result = runner.invoke(app, ["restore", str(path), "--yes"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    users_line = next(line for line in lines if line.startswith("accounts.user "))
    now, then = users_line.split()[1:]
    assert int(now) == int(then) + 1
    assert any(line.startswith("all tables") for line in lines)
