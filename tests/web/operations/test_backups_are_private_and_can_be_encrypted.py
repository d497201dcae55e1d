"""Backups hold health data, password hashes and TOTP seeds: the file is
readable by its owner only (0600), encrypted when LDNCARE_BACKUP_KEY is set,
and an encrypted backup restores only with its key."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet
from typer.testing import CliRunner

from ldncare.cli import app
from ldncare.web.accounts.models import User
from ldncare.web.backup import row_counts

pytestmark = pytest.mark.django_db(transaction=True)
runner = CliRunner()


def test_a_backup_file_is_readable_by_its_owner_only(world, tmp_path):
    path = tmp_path / "copy.json.gz"
    assert runner.invoke(app, ["backup", str(path)]).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_with_a_key_the_backup_is_encrypted_and_restores_only_with_that_key(
        world, tmp_path, monkeypatch):
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("LDNCARE_BACKUP_KEY", key)
    path = tmp_path / "copy.json"
    result = runner.invoke(app, ["backup", str(path)])
    assert result.exit_code == 0 and "encrypted" in result.output
    assert world.users["patient"].email.encode() not in path.read_bytes()
    User.objects.create_user(email="late@a.example", password="x" * 12, full_name="Late")
    counts = row_counts()

    monkeypatch.delenv("LDNCARE_BACKUP_KEY")
    assert runner.invoke(app, ["restore", str(path), "--yes"]).exit_code == 2
    monkeypatch.setenv("LDNCARE_BACKUP_KEY", Fernet.generate_key().decode())
    assert runner.invoke(app, ["restore", str(path), "--yes"]).exit_code == 2
    assert row_counts() == counts

    monkeypatch.setenv("LDNCARE_BACKUP_KEY", key)
    result = runner.invoke(app, ["restore", str(path), "--yes"])
    assert result.exit_code == 0, result.output
    assert not User.objects.filter(email="late@a.example").exists()


def test_an_encrypted_backup_with_one_byte_changed_is_refused(world, tmp_path, monkeypatch):
    monkeypatch.setenv("LDNCARE_BACKUP_KEY", Fernet.generate_key().decode())
    path = tmp_path / "copy.json"
    assert runner.invoke(app, ["backup", str(path)]).exit_code == 0
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    result = runner.invoke(app, ["restore", str(path), "--yes"])
    assert result.exit_code == 2 and "nothing was changed" in " ".join(result.output.split())


def test_backup_key_prints_a_usable_key():
    result = runner.invoke(app, ["backup-key"])
    assert result.exit_code == 0
    Fernet(result.output.strip().encode())


def test_a_malformed_key_is_a_clear_error_and_no_file_is_written(world, tmp_path, monkeypatch):
    monkeypatch.setenv("LDNCARE_BACKUP_KEY", "not-a-key")
    path = tmp_path / "copy.json"
    result = runner.invoke(app, ["backup", str(path)])
    assert result.exit_code == 2
    assert "LDNCARE_BACKUP_KEY is not a valid key" in " ".join(result.output.split())
    assert not path.exists()
