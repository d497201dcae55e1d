"""``Idempotency-Key`` for API writes: a client that retries a write (after a
timeout, a dropped connection, a server restart) sends the same key, and the
write happens once. The key is stored in the write's own transaction with a
UNIQUE constraint per user and scope, so an acknowledged write always has its
key, and two concurrent tries of one key cannot both commit."""

from __future__ import annotations

import re

from ldncare.web.operations.models import IdempotentWrite

HEADER = "Idempotency-Key"
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,100}")
KEY_RULE = "an Idempotency-Key is 1 to 100 visible ASCII characters"


def valid_key(key: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None


def remember_write(user_id: int, scope: str, key: str, object_id: int) -> None:
    """Store the key of a write; call inside the write's transaction. Raises
    IntegrityError when the key was already used (the transaction must roll back)."""
    IdempotentWrite.objects.create(user_id=user_id, scope=scope, key=key, object_id=object_id)


def replayed(user_id: int, scope: str, key: str) -> int | None:
    """The id of the record an earlier write with this key produced, if any."""
    return (IdempotentWrite.objects.filter(user_id=user_id, scope=scope, key=key)
            .values_list("object_id", flat=True).first())
