"""Which models hold patient data, and so are audited.

``@audited`` registers a model with django-auditlog and remembers it, so a
test can check that every model with a ``patient`` link is audited, and a
guard can refuse ``QuerySet.update()`` and bulk writes on them (those bypass
auditlog's signals).
"""

from __future__ import annotations

from typing import TypeVar

from auditlog.registry import auditlog
from django.db import models

AUDITED: list[type[models.Model]] = []

M = TypeVar("M", bound=type[models.Model])


class AuditedQuerySet(models.QuerySet):  # type: ignore[type-arg]
    """A queryset that refuses writes which would bypass the audit log."""

    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError(f"{self.model.__name__} is audited: save each row, never QuerySet.update()")

    def bulk_create(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError(f"{self.model.__name__} is audited: bulk_create bypasses the audit log")

    def bulk_update(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise TypeError(f"{self.model.__name__} is audited: bulk_update bypasses the audit log")


AuditedManager = models.Manager.from_queryset(AuditedQuerySet)


def audited(model: M) -> M:
    """Class decorator: log every change of ``model``. The model must use
    :data:`AuditedManager` as its default manager, so bulk writes are refused.

    (Synthetic data for benchmarks is loaded through ``_base_manager`` on
    purpose: it is not patient data and a year of check-ins for thousands of
    patients would take hours row by row.)
    """
    if not isinstance(model._default_manager, AuditedManager):
        raise TypeError(f"{model.__name__} is audited: declare `objects = AuditedManager()`")
    auditlog.register(model)
    AUDITED.append(model)
    return model
