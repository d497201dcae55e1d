"""Restore replaces every row, so it refuses while `ldncare serve` or a task
worker runs on the same data (they hold the data directory's shared lock)."""

from __future__ import annotations

import pytest
from django.conf import settings
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.web import runlock
from ldncare.web.backup import row_counts

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def test_restore_is_refused_while_a_server_holds_the_data(world, tmp_path):
    path = tmp_path / "copy.json"
    assert runner.invoke(app, ["backup", str(path)]).exit_code == 0
    counts = row_counts()
    with runlock.hold_shared(settings.DATA_DIR):
        result = runner.invoke(app, ["restore", str(path), "--yes"])
    assert result.exit_code == 2
    assert "stop it first" in " ".join(result.output.split())
    assert row_counts() == counts


def test_a_server_cannot_start_while_a_restore_holds_the_data():
    with runlock.hold_exclusive(settings.DATA_DIR), pytest.raises(runlock.Busy):
        runlock.hold_shared(settings.DATA_DIR)
