"""Audit entries for reads: every response that shows a patient's data leaves
one "access" entry per patient shown, with the reader as actor (django-auditlog
takes the actor from the request). A list page therefore writes one entry
per patient on the page — the page is bounded, so the cost is too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from auditlog.signals import accessed
from django.db import models, transaction

from ldncare.web.operations.auditchain import sealing_together

M = TypeVar("M", bound=models.Model)


def record_read(instance: M) -> M:
    """Log that the current user read ``instance`` (an audited model whose
    ``get_additional_data`` names its patient); returns it."""
    accessed.send(sender=type(instance), instance=instance)
    return instance


def record_reads(instances: Iterable[M]) -> list[M]:
    """:func:`record_read` for each row shown; returns them as a list (so a
    lazy queryset is evaluated once)."""
    rows = list(instances)
    # One commit for the page's entries, not one per row (5x cheaper on SQLite),
    # and their hash-chain links appended together (two queries, not two per row).
    with transaction.atomic(), sealing_together():
        for row in rows:
            record_read(row)
    return rows
