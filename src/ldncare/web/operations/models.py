"""Rows that make retried work harmless.

None of these hold patient data of their own (an idempotency row points at
the record it produced; a chain link holds hashes), so they are not audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DeliveredEmail(models.Model):
    """An e-mail the SMTP server accepted, by the key of the task that sent it.
    A task run again after its lease expired finds the row and sends nothing."""

    key = models.CharField(max_length=100, unique=True)
    delivered_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class IdempotentWrite(models.Model):
    """A client's ``Idempotency-Key`` for one write, stored in the write's own
    transaction: a retry of an acknowledged write finds it and answers with the
    stored result instead of writing again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "scope", "key"],
                                               name="one_write_per_idempotency_key")]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class AuditLink(models.Model):
    """One link of the audit log's hash chain: ``digest`` = SHA-256 of the
    previous link's digest and the audit entry's canonical content. The entry is
    referenced by id only (no foreign key), so deleting an entry cannot silently
    delete its link: the verifier reports the entry missing."""

    entry_id = models.BigIntegerField(unique=True)
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.digest[:12]}"
