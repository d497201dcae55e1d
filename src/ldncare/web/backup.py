"""Backups that can be trusted: ``ldncare backup`` and ``ldncare restore``.

A backup file is one JSON document ``{"manifest": {...}, "objects": [...]}``
(gzip-compressed when the name ends in ``.gz``; encrypted with Fernet —
AES-128-CBC plus HMAC-SHA256 — when ``LDNCARE_BACKUP_KEY`` is set). The
manifest records the format version, the migrations applied, how many rows of
every model the copy holds, and the SHA-256 of the objects in canonical form.

Restore reads and checks the whole file before it touches the database: a file
without a manifest (``[]``, a plain fixture), with a checksum or a count that
does not match its content (truncated, edited, rows removed), or made under a
different migration state is refused and nothing changes. The replacement
itself runs in one transaction and is checked against the manifest's counts
before it commits.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from ldncare.web import backupformat

FORMAT_NAME = "ldncare-backup"
FORMAT_VERSION = 1
#: Not part of a backup: sessions and the lockout log are short-lived.
EXCLUDED = ("sessions", "axes.accesslog")
ENCRYPTED_MAGIC = b"LDNCARE-BACKUP-FERNET-1\n"
KEY_VARIABLE = "LDNCARE_BACKUP_KEY"


class BackupError(Exception):
    """A backup cannot be written or must not be restored; the message says why."""


@dataclass(frozen=True)
class Backup:
    """A backup read from a file and found whole and consistent."""

    manifest: dict[str, Any]
    content: bytes  # the objects, canonical JSON (what the checksum covers)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.manifest["counts"])


# --- writing ----------------------------------------------------------------

def canonical(objects: list[Any]) -> bytes:
    """The one byte form of a list of serialized objects that checksums and
    comparisons use: sorted keys, no spaces, UTF-8."""
    return json.dumps(objects, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode()


def backed_up_models() -> list[type[Any]]:
    """Every concrete model whose rows a backup carries."""
    out = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.app_label in EXCLUDED \
                or meta.label_lower in EXCLUDED:
            continue
        out.append(model)
    return sorted(out, key=lambda m: m._meta.label_lower)


def row_counts() -> dict[str, int]:
    """How many rows of each backed-up model the database holds now."""
    return {m._meta.label_lower: m._base_manager.count() for m in backed_up_models()}


def applied_migrations() -> dict[str, list[str]]:
    state: dict[str, list[str]] = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        state.setdefault(app_label, []).append(name)
    return {app: sorted(names) for app, names in sorted(state.items())}


def dump_objects() -> list[Any]:
    """All backed-up rows, with their primary keys (other rows and the audit log
    refer to them by id) and content types by natural key. Call inside the
    snapshot transaction."""
    from django.core.management import call_command

    backupformat.register()
    out = io.StringIO()
    call_command("dumpdata", format=backupformat.FORMAT, natural_foreign=True,
                 natural_primary=False, exclude=list(EXCLUDED), stdout=out, verbosity=0)
    return list(json.loads(out.getvalue() or "[]"))


def take_snapshot() -> tuple[dict[str, Any], bytes]:
    """Read every row in one consistent snapshot; return (manifest, canonical content)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every table: the copy is consistent even while people work.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        objects = dump_objects()
        counts = dict.fromkeys(row_counts(), 0)
        migrations = applied_migrations()
    for obj in objects:
        counts[obj["model"]] = counts.get(obj["model"], 0) + 1
    content = canonical(objects)
    manifest = {"format": FORMAT_NAME, "version": FORMAT_VERSION, "app_version": app_version(),
                "created_at": datetime.now(UTC).isoformat(), "database": connection.vendor,
                "migrations": migrations, "counts": counts, "objects": len(objects),
                "sha256": hashlib.sha256(content).hexdigest()}
    return manifest, content


def encode(manifest: dict[str, Any], content: bytes, *, compress: bool,
           key: str | None) -> bytes:
    """The bytes of a backup file."""
    head = json.dumps({"manifest": manifest}, ensure_ascii=False, sort_keys=True, indent=1)
    document = head[:-2].encode() + b',\n "objects": ' + content + b"\n}\n"
    if compress:
        document = gzip.compress(document, mtime=0)
    if key:
        document = ENCRYPTED_MAGIC + _fernet(key).encrypt(document)
    return document


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` readable by the owner only (0600), atomically:
    a crash leaves the old file or the new one, never half of one."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def make_backup(path: Path, *, key: str | None = None) -> dict[str, Any]:
    """Write a backup of every row to ``path``; return its manifest."""
    manifest, content = take_snapshot()
    write_private(path, encode(manifest, content, compress=path.suffix == ".gz", key=key))
    return manifest


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ldncare")
    except PackageNotFoundError:
        return "unknown"


# --- reading and checking ---------------------------------------------------

def _fernet(key: str) -> Any:
    from cryptography.fernet import Fernet

    try:
        return Fernet(key.encode())
    except (ValueError, TypeError):
        raise BackupError(f"{KEY_VARIABLE} is not a valid key (32 url-safe base64 bytes; "
                          "make one with `ldncare backup-key`)") from None


def decode(data: bytes, *, key: str | None) -> dict[str, Any]:
    """Decrypt and decompress a backup file's bytes and parse its JSON."""
    if data.startswith(ENCRYPTED_MAGIC):
        if not key:
            raise BackupError(f"the backup is encrypted: set {KEY_VARIABLE} to its key")
        from cryptography.fernet import InvalidToken

        try:
            data = _fernet(key).decrypt(data[len(ENCRYPTED_MAGIC):].strip())
        except InvalidToken:
            raise BackupError("the backup cannot be decrypted: wrong key, or the file "
                              "was changed or cut short") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            raise BackupError(f"the compressed backup is damaged ({error})") from None
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"the backup is not complete JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("manifest"), dict):
        raise BackupError("the file has no backup manifest: it was not made by "
                          "`ldncare backup` (a plain fixture or an empty list is never restored)")
    return document


def check(document: dict[str, Any], migrations: dict[str, list[str]]) -> Backup:
    """Refuse a backup whose manifest does not match its content or this installation."""
    manifest = document["manifest"]
    if manifest.get("format") != FORMAT_NAME or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} "
                          f"version {manifest.get('version')!r}")
    objects = document.get("objects")
    if not isinstance(objects, list):
        raise BackupError("the backup holds no list of objects")
    content = canonical(objects)
    if hashlib.sha256(content).hexdigest() != manifest.get("sha256"):
        raise BackupError("the backup's checksum does not match its content: it was "
                          "changed or cut short")
    _check_counts(manifest, objects)
    if manifest.get("migrations") != migrations:
        raise BackupError("the backup was made with a different database schema "
                          f"(version {manifest.get('app_version')}): restore it with the "
                          "version that made it, then upgrade")
    return Backup(manifest=manifest, content=content)


def _check_counts(manifest: dict[str, Any], objects: list[Any]) -> None:
    counts = manifest.get("counts")
    if not isinstance(counts, dict) or manifest.get("objects") != len(objects):
        raise BackupError(f"the backup holds {len(objects)} objects, its manifest says "
                          f"{manifest.get('objects')}")
    found: dict[str, int] = {}
    for obj in objects:
        label = obj.get("model") if isinstance(obj, dict) else None
        found[str(label)] = found.get(str(label), 0) + 1
    for label in sorted(set(found) | set(counts)):
        if found.get(label, 0) != counts.get(label, 0):
            raise BackupError(f"the backup holds {found.get(label, 0)} {label} rows, its "
                              f"manifest says {counts.get(label, 0)}")
    missing = set(counts) - {m._meta.label_lower for m in backed_up_models()}
    if missing:
        raise BackupError(f"the backup holds models this version does not know: "
                          f"{', '.join(sorted(missing))}")


def read_backup(path: Path, *, key: str | None = None) -> Backup:
    """Read ``path`` and check it completely; raise :class:`BackupError` if it
    must not be restored. Touches nothing."""
    return check(decode(path.read_bytes(), key=key), applied_migrations())


# --- restoring --------------------------------------------------------------

def replace_all_data(backup: Backup) -> None:
    """Replace every backed-up row with the backup's, in one transaction; the
    result is checked against the manifest's counts before it commits."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    backupformat.register()
    with tempfile.TemporaryDirectory(prefix="ldncare-restore-") as folder:
        fixture = Path(folder) / f"backup.{backupformat.FORMAT}"
        write_private(fixture, backup.content)
        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            ContentType.objects.clear_cache()  # cached ids belong to the flushed rows
            call_command("loaddata", str(fixture), verbosity=0)
            now = row_counts()
            wrong = {label: (now.get(label, 0), count) for label, count in backup.counts.items()
                     if now.get(label, 0) != count}
            extra = {label: (count, 0) for label, count in now.items()
                     if count and label not in backup.counts}
            if wrong or extra:
                raise DatabaseError(f"after loading, the counts differ from the manifest: "
                                    f"{wrong | extra}")
    ContentType.objects.clear_cache()


def data_dir() -> Path:
    return Path(settings.DATA_DIR)
