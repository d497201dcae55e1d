"""Audit entries for reads: every response that shows a patient's data leaves
one "access" entry per patient shown, with the reader as actor (django-auditlog
takes the actor from the request). A list page therefore writes one entry
per patient on the page — the page is bounded, so the cost is too."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any, TypeVar

from auditlog import get_logentry_model
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from auditlog.signals import accessed
from django.conf import settings
from django.db import models, router, transaction
from django.db.models.signals import pre_save

from ldncare.web.operations.auditchain import FIELDS, seal_many

M = TypeVar("M", bound=models.Model)


def record_read(instance: M) -> M:
    """Log that the current user read ``instance`` (an audited model whose
    ``get_additional_data`` names its patient); returns it."""
    accessed.send(sender=type(instance), instance=instance)
    return instance


def record_reads(instances: Iterable[M]) -> list[M]:
    """:func:`record_read` for each row shown, written together; returns the rows
    as a list (so a lazy queryset is evaluated once).

    Each entry is the one django-auditlog's access receiver would make (its own
    ``log_create`` builds it, and ``pre_save`` is sent so the request's actor and
    address are set), but the page's entries are inserted in one statement and
    sealed into the hash chain together, in one transaction: a list page costs
    three queries for its audit trail, not three per row."""
    rows = list(instances)
    if auditlog_disabled.get():  # as the receiver: nothing is logged while disabled
        return rows
    entries = [_access_entry(row) for row in rows
               if row.pk is not None and auditlog.contains(type(row))]
    if not entries:
        return rows
    log_entry = get_logentry_model()
    with transaction.atomic():
        using = router.db_for_write(log_entry)
        for entry in entries:
            pre_save.send(sender=log_entry, instance=entry, raw=False, using=using,
                          update_fields=None)
        log_entry.objects.bulk_create(entries)
        seal_many([(entry.pk, {name: getattr(entry, name, None) for name in FIELDS})
                   for entry in entries])
    return rows


def _access_entry(instance: models.Model) -> Any:
    """An unsaved access entry for ``instance``, as ``auditlog.receivers.log_access``
    would save it."""
    log_entry = get_logentry_model()
    return _builder().log_create(
        instance, action=log_entry.Action.ACCESS, force_log=True,
        changes=model_instance_diff(None, None,
                                    use_json_for_changes=getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False)))


@cache
def _builder() -> Any:
    """django-auditlog's own entry manager, whose ``create`` does not save."""
    log_entry = get_logentry_model()

    class Builder(type(log_entry.objects)):  # type: ignore[misc]
        def create(self, **kwargs: Any) -> Any:
            return self.model(**kwargs)

    builder = Builder()
    builder.model = log_entry
    return builder
