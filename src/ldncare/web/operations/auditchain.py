"""The audit log's hash chain: every audit entry is sealed, when it is written,
by a link whose digest covers the entry's content and the previous link's
digest. Editing, deleting or inserting an entry behind the application's back
breaks the chain at that entry; :func:`verify` finds the first break.

Two writers: a link is appended under a lock held to the end of the writing
transaction (PostgreSQL: a transaction-level advisory lock; SQLite: the single
writer lock that ``BEGIN IMMEDIATE`` takes), so links are appended one at a
time, each after the previous one committed.

What it cannot see: removing the newest entries together with their links
(the chain is shorter, not broken). ``ldncare audit verify`` prints the head
digest so it can be written down elsewhere and compared later.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import connection, transaction
from django.db.models.signals import post_save

#: What the first link follows.
GENESIS = "0" * 64
#: The entry's columns the digest covers, fixed here (not read from the model) so
#: a new column in a later django-auditlog cannot change old digests.
FIELDS = ("id", "content_type_id", "object_pk", "object_id", "object_repr", "serialized_data",
          "action", "changes_text", "changes", "actor_id", "cid", "remote_addr", "remote_port",
          "timestamp", "additional_data", "actor_email")
#: Any fixed number: the PostgreSQL advisory lock that orders appends.
ADVISORY_LOCK = 0x4C444E_A0D17


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    raise TypeError(f"cannot hash {type(value).__name__}")


#: Text columns: a value set on the model before saving (``object_pk=1``) reads back as text.
TEXT_FIELDS = frozenset({"object_pk", "object_repr", "changes_text", "cid", "remote_addr",
                         "actor_email"})


def entry_content(row: dict[str, Any]) -> bytes:
    """The canonical bytes of one audit entry: the same for the values as saved and
    as read back from either database (tuples become lists, keys are sorted)."""
    values = {name: (str(row[name]) if name in TEXT_FIELDS and row.get(name) is not None
                     else row.get(name)) for name in FIELDS}
    return json.dumps(values, sort_keys=True,
                      ensure_ascii=False, separators=(",", ":"), default=_plain).encode()


def link_digest(previous: str, row: dict[str, Any]) -> str:
    return hashlib.sha256(previous.encode() + b"\n" + entry_content(row)).hexdigest()


def _entry_rows(ids: list[int]) -> dict[int, dict[str, Any]]:
    from auditlog.models import LogEntry

    present = [name for name in FIELDS if name in {f.attname for f in LogEntry._meta.concrete_fields}]
    return {row["id"]: row for row in LogEntry.objects.filter(pk__in=ids).values(*present)}


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK])
    # SQLite: this transaction began IMMEDIATE and already holds the only write lock.


def seal(entry_id: int, row: dict[str, Any] | None = None) -> None:
    """Append the link for audit entry ``entry_id`` (in the caller's transaction).
    ``row``: the entry's values as just saved (saves reading it back)."""
    if row is None:
        row = _entry_rows([entry_id])[entry_id]
    seal_many([(entry_id, row)])


def seal_many(entries: list[tuple[int, dict[str, Any]]]) -> None:
    """Append the links for ``entries`` (entry id, values as saved), in order, in
    the caller's transaction: one lock, one read of the head and one insert for
    all of them, the same links :func:`seal` would append one at a time.

    The head read and the insert are two fixed statements, not ORM queries: every
    audited write runs them, and building the SQL cost more than running it."""
    if not entries:
        return
    # No savepoint of its own: a link belongs to its entry's transaction.
    with transaction.atomic(savepoint=False):
        _lock_chain()
        previous = _head()
        links = []
        for entry_id, row in entries:
            digest = link_digest(previous, row)
            links.append((entry_id, previous, digest))
            previous = digest
        _append(links)


def _link_table() -> str:
    from ldncare.web.operations.models import AuditLink

    return connection.ops.quote_name(AuditLink._meta.db_table)


def _head() -> str:
    """The newest link's digest (by id, as appended), or :data:`GENESIS`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT digest FROM {_link_table()} ORDER BY id DESC LIMIT 1")
        found = cursor.fetchone()
    return found[0] if found else GENESIS


#: Links per INSERT: 3 parameters each, under SQLite's oldest limit of 999.
APPEND_BATCH = 300


def _append(links: list[tuple[int, str, str]]) -> None:
    """Insert ``links`` (entry id, previous digest, digest) in order, a statement
    per :data:`APPEND_BATCH` links (ids ascend in the order given)."""
    with connection.cursor() as cursor:
        for start in range(0, len(links), APPEND_BATCH):
            batch = links[start:start + APPEND_BATCH]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(f"INSERT INTO {_link_table()} (entry_id, previous, digest) "
                           f"VALUES {values}", [value for link in batch for value in link])


_batch = threading.local()


@contextmanager
def sealing_together() -> Iterator[None]:
    """Inside a transaction: entries saved in the block are sealed together when
    it ends (:func:`seal_many`), not one by one. For a page that writes one read
    entry per row shown. An error in the block seals nothing: the transaction it
    must run in rolls the entries back too."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("sealing_together() must run inside transaction.atomic()")
    outer = getattr(_batch, "pending", None)
    if outer is not None:  # already batching: the outer block seals
        yield
        return
    _batch.pending = []
    try:
        yield
        pending, _batch.pending = _batch.pending, None
        seal_many(pending)
    finally:
        _batch.pending = None


def _on_entry_saved(sender: type, instance: Any, created: bool, raw: bool = False,
                    **kwargs: Any) -> None:
    # A restore loads entries and their links together (raw saves): nothing to seal.
    if created and not raw:
        row = {name: getattr(instance, name, None) for name in FIELDS}
        pending = getattr(_batch, "pending", None)
        if pending is not None:
            pending.append((instance.pk, row))
        else:
            seal(instance.pk, row)


def connect() -> None:
    from auditlog.models import LogEntry

    post_save.connect(_on_entry_saved, sender=LogEntry, dispatch_uid="ldncare-audit-chain")


# --- verifying ----------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    """The outcome of :func:`verify`: ``broken`` is None when the chain is whole."""

    links: int
    head: str
    broken: str | None


def _links(batch: int = 2000) -> Iterator[list[tuple[int, int, str, str]]]:
    from ldncare.web.operations.models import AuditLink

    last_id = 0
    while True:
        rows = list(AuditLink.objects.filter(pk__gt=last_id).order_by("pk")
                    .values_list("pk", "entry_id", "previous", "digest")[:batch])
        if not rows:
            return
        yield rows
        last_id = rows[-1][0]


def verify() -> Verdict:
    """Walk the chain from the first link; stop at the first break."""
    from auditlog.models import LogEntry

    from ldncare.web.operations.models import AuditLink

    previous, count = GENESIS, 0
    for rows in _links():
        entries = _entry_rows([entry_id for _, entry_id, _, _ in rows])
        for link_id, entry_id, stored_previous, digest in rows:
            problem = _check_link(link_id, entry_id, previous, stored_previous, digest, entries)
            if problem:
                return Verdict(count, previous, problem)
            previous, count = digest, count + 1
    unsealed = (LogEntry.objects.exclude(pk__in=AuditLink.objects.values("entry_id"))
                .order_by("pk").values_list("pk", flat=True).first())
    if unsealed is not None:
        return Verdict(count, previous, f"audit entry {unsealed} is not in the chain "
                                        "(inserted behind the application's back)")
    return Verdict(count, previous, None)


def _check_link(link_id: int, entry_id: int, previous: str, stored_previous: str, digest: str,
                entries: dict[int, dict[str, Any]]) -> str | None:
    if stored_previous != previous:
        return f"link {link_id} (audit entry {entry_id}) does not follow the link before it"
    if entry_id not in entries:
        return f"audit entry {entry_id} (link {link_id}) was deleted"
    if link_digest(previous, entries[entry_id]) != digest:
        return f"audit entry {entry_id} (link {link_id}) was changed after it was written"
    return None
