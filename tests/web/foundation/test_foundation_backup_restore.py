"""`ldncare backup FILE` and `ldncare restore FILE` make and restore a
consistent copy of all data (run on SQLite and on PostgreSQL by CI)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.pathway import State
from ldncare.web.accounts.models import User
from ldncare.web.care.models import PathwayEvent, Patient
from ldncare.web.care.services import record_step

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


@pytest.mark.parametrize("name", ["copy.json", "copy.json.gz"])
def test_a_backup_restores_the_data_as_it_was(world, tmp_path, name):
    file = tmp_path / name
    result = runner.invoke(app, ["backup", str(file)])
    assert result.exit_code == 0, result.output
    events_then = PathwayEvent.objects.count()

    record_step(world.patient, State.INTAKE_SUBMITTED, actor=world.patient.user, summary="after")
    User.objects.create_user(email="late@a.example", password="x" * 12, full_name="Late")

    result = runner.invoke(app, ["restore", str(file), "--yes"])
    assert result.exit_code == 0, result.output
    assert PathwayEvent.objects.count() == events_then
    assert not User.objects.filter(email="late@a.example").exists()
    assert Patient.objects.get(pk=world.patient.pk).state == "registered"
    assert User.objects.get(email=world.users["prescriber"].email).check_password(
        "correct horse battery")


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(world, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('[{"model": "care.patient", "pk": 1, "fields": {"nonsense": 1}}]')
    patients = Patient.objects.count()
    result = runner.invoke(app, ["restore", str(bad), "--yes"])
    assert result.exit_code == 2
    assert "nothing was changed" in " ".join(result.output.split())
    assert Patient.objects.count() == patients


@pytest.mark.parametrize("args", [["backup", "/no/such/folder/x.json"], ["backup", "x.txt"],
                                  ["restore", "/no/such/file.json", "--yes"]])
def test_bad_backup_arguments_exit_2_with_a_message(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "error" in result.output
