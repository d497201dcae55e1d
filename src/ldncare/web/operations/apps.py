from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Durability plumbing shared by every app: e-mails delivered once, idempotent
    API writes, the task lease, and the audit log's hash chain."""

    name = "ldncare.web.operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ldncare.web.operations import auditchain

        auditchain.connect()
