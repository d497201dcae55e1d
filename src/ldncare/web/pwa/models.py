"""A patient's phones (Web Push subscriptions) and which reminders they want
there. Push is opt-in per reminder kind; e-mail reminders are chosen separately
(``journal.JournalPreferences``)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ldncare.web.audit.registry import AuditedManager, audited

#: The reminder kinds a patient can have pushed (the journal's reminder kinds).
PUSH_KINDS = ("dose", "check_in", "questionnaire", "refill", "follow_up")


@audited
class PushSubscription(models.Model):
    """One browser's push subscription (the endpoint its push service gave it and
    the keys the message is encrypted to). Deleted when the push service answers
    404 or 410 (the subscription has ended)."""

    patient = models.ForeignKey("care.Patient", on_delete=models.CASCADE,
                                related_name="push_subscriptions")
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"push subscription {self.pk}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}

    def as_webpush(self) -> dict[str, object]:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@audited
class PushPreferences(models.Model):
    """Which reminders the patient wants as phone notifications (all off until they choose)."""

    patient = models.OneToOneField("care.Patient", on_delete=models.CASCADE,
                                   related_name="push_preferences")
    dose = models.BooleanField(default=False)
    check_in = models.BooleanField(default=False)
    questionnaire = models.BooleanField(default=False)
    refill = models.BooleanField(default=False)
    follow_up = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"push preferences of patient {self.patient_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}

    def wants(self, kind: str) -> bool:
        return kind in PUSH_KINDS and bool(getattr(self, kind))


#: The calendar alarm of a patient who never chose: at the time of the dose.
DEFAULT_CALENDAR_ALARMS = [0]


@audited
class CalendarAlarms(models.Model):
    """When the patient's calendar (the ``.ics`` download and the subscribed feed)
    should ring: minutes before each dose, 0 for at the time; empty for never."""

    patient = models.OneToOneField("care.Patient", on_delete=models.CASCADE,
                                   related_name="calendar_alarms")
    minutes_before = models.JSONField(default=list)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"calendar alarms of patient {self.patient_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}
