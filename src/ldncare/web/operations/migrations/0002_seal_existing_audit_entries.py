"""Seal the audit entries written before the hash chain existed, oldest first."""

from django.db import migrations


def seal_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ldncare.web.operations.auditchain import FIELDS, GENESIS, link_digest

    LogEntry = apps.get_model("auditlog", "LogEntry")
    AuditLink = apps.get_model("operations", "AuditLink")
    present = [name for name in FIELDS
               if name in {f.attname for f in LogEntry._meta.concrete_fields}]
    previous = AuditLink.objects.order_by("-id").values_list("digest", flat=True).first() or GENESIS
    sealed = set(AuditLink.objects.values_list("entry_id", flat=True))
    for row in LogEntry.objects.order_by("pk").values(*present).iterator(chunk_size=2000):
        if row["id"] in sealed:
            continue
        digest = link_digest(previous, row)
        AuditLink.objects.create(entry_id=row["id"], previous=previous, digest=digest)
        previous = digest


class Migration(migrations.Migration):
    dependencies = [
        ("operations", "0001_durability"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(seal_existing, migrations.RunPython.noop)]
