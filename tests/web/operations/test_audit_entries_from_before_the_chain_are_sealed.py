"""Upgrading seals the audit entries written before the hash chain existed
(the migration that adds the chain links them oldest first), so `audit
verify` covers the whole log from then on."""

from __future__ import annotations

import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.db.models.signals import post_save

from ldncare.web.care.models import Patient
from ldncare.web.operations import auditchain
from ldncare.web.operations.models import AuditLink

pytestmark = pytest.mark.django_db(transaction=True)
migration = importlib.import_module(
    "ldncare.web.operations.migrations.0002_seal_existing_audit_entries")


def test_entries_written_before_the_chain_are_sealed_by_the_migration(world):
    post_save.disconnect(sender=LogEntry, dispatch_uid="ldncare-audit-chain")
    try:
        for name in ("before 1", "before 2"):
            patient = Patient.objects.get(pk=world.patient.pk)
            patient.condition = name
            patient.save(update_fields=["condition"])
    finally:
        auditchain.connect()
    assert auditchain.verify().broken is not None  # unsealed entries are reported

    migration.seal_existing(apps, None)

    verdict = auditchain.verify()
    assert verdict.broken is None
    assert verdict.links == LogEntry.objects.count() == AuditLink.objects.count()
