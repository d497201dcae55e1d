# The audit trail lives in django-auditlog's LogEntry table.
