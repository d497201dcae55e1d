"""`ldncare restore` checks the whole file against its manifest before it
touches the database: an empty list, an accounts-only fixture, a backup with
rows cut off, a truncated, edited or foreign-schema file is refused (exit 2)
and every row stays as it was."""

from __future__ import annotations

import gzip
import json

import pytest
from django.core.management import call_command
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.web.backup import row_counts

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def backup_to(path):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["backup", str(path)])
    assert result.exit_code == 0, result.output
    return path


def assert_refused_and_unchanged(path, counts_before):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["restore", str(path), "--yes"])
    assert result.exit_code == 2, result.output
    assert "nothing was changed" in " ".join(result.output.split())
    assert row_counts() == counts_before


def test_an_empty_list_is_refused_and_nothing_is_deleted(world, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    assert_refused_and_unchanged(empty, row_counts())


def test_an_accounts_only_fixture_is_refused(world, tmp_path):
    accounts = tmp_path / "accounts.json"
    call_command("dumpdata", "accounts", output=str(accounts), verbosity=0)
    assert_refused_and_unchanged(accounts, row_counts())


def test_a_backup_missing_its_last_objects_is_refused(world, tmp_path):
    path = backup_to(tmp_path / "copy.json")
    document = json.loads(path.read_text())
    document["objects"] = document["objects"][:-5]
    path.write_text(json.dumps(document))
    assert_refused_and_unchanged(path, row_counts())


def test_a_backup_whose_counts_were_edited_to_match_is_still_refused(world, tmp_path):
    path = backup_to(tmp_path / "copy.json")
    document = json.loads(path.read_text())
    dropped = document["objects"].pop()
    document["manifest"]["counts"][dropped["model"]] -= 1
    document["manifest"]["objects"] -= 1
    path.write_text(json.dumps(document))
    assert_refused_and_unchanged(path, row_counts())  # the checksum no longer matches


def test_a_truncated_backup_is_refused(world, tmp_path):
    path = backup_to(tmp_path / "copy.json")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    assert_refused_and_unchanged(path, row_counts())


def test_a_truncated_compressed_backup_is_refused(world, tmp_path):
    path = backup_to(tmp_path / "copy.json.gz")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused_and_unchanged(path, row_counts())


def test_a_backup_with_one_value_changed_is_refused(world, tmp_path):
    path = backup_to(tmp_path / "copy.json.gz")
    text = gzip.decompress(path.read_bytes()).decode()
    email = world.users["patient"].email
    assert email in text
    path.write_bytes(gzip.compress(text.replace(email, "intruder@evil.example").encode()))
    assert_refused_and_unchanged(path, row_counts())


def test_a_backup_made_under_another_schema_is_refused(world, tmp_path):
    path = backup_to(tmp_path / "copy.json")
    document = json.loads(path.read_text())
    document["manifest"]["migrations"]["care"].append("9999_from_the_future")
    path.write_text(json.dumps(document))
    result = runner.invoke(app, ["restore", str(path), "--yes"])
    assert result.exit_code == 2
    assert "different database schema" in " ".join(result.output.split())
