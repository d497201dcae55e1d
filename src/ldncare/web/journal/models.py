"""The patient's journal as stored: daily check-ins (ratings as columns, so the
clinic dashboard aggregates in the database), side-effect reports and
questionnaire responses. Other journal models (suggestions, reminders,
follow-ups, preferences) live beside these."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ldncare.web.audit.registry import AuditedManager, audited

RATING_FIELDS = ("pain", "fatigue", "mood", "brain_fog", "sleep_quality")


@audited
class CheckIn(models.Model):
    """One patient-day. Editing saves the same row with ``revision`` + 1; the
    audit log keeps every earlier value. ``data`` is the core
    ``CheckIn.as_dict()`` it was built from."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="check_ins")
    day = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    revised_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    late = models.BooleanField(default=False)
    dose_taken = models.BooleanField(null=True)
    dose_mg = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    dose_time = models.TimeField(null=True, blank=True)
    #: On a blinded trial day: the code of the kit taken (``dose_mg`` is then
    #: empty: the content is blinded, and the plan's dose is not what was taken).
    kit_code = models.CharField(max_length=20, blank=True, default="")
    pain = models.PositiveSmallIntegerField(null=True, blank=True)
    fatigue = models.PositiveSmallIntegerField(null=True, blank=True)
    mood = models.PositiveSmallIntegerField(null=True, blank=True)
    brain_fog = models.PositiveSmallIntegerField(null=True, blank=True)
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    vivid_dreams = models.BooleanField(null=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "day"]
        constraints = [models.UniqueConstraint(fields=["patient", "day"],
                                               name="one_check_in_per_patient_day")]
        # The dashboard averages ratings over each patient's date windows; with the
        # ratings in the index those reads never touch the table.
        indexes = [models.Index(fields=["patient", "day", *RATING_FIELDS],
                                name="check_in_ratings_by_day")]

    def __str__(self) -> str:
        return f"Check-in of {self.patient_id} for {self.day}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class SideEffectEntry(models.Model):
    """A side effect reported in one check-in (one row each, for incidence and
    duration queries)."""

    check_in = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="side_effect_entries")
    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    code = models.CharField(max_length=60)
    severity = models.CharField(max_length=20)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "day", "code"]
        indexes = [models.Index(fields=["patient", "code", "day"])]

    def __str__(self) -> str:
        return f"{self.code} ({self.severity}) on {self.day}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class QuestionnaireResponse(models.Model):
    """A completed questionnaire (PHQ-9, GAD-7, PGIC, …) with its score as the
    core computed it and the definition version used."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT,
                                related_name="questionnaire_responses")
    instrument = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=40)
    answers = models.JSONField()
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=80, blank=True)
    result = models.JSONField(default=dict)
    day = models.DateField()
    completed_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "-completed_at"]
        indexes = [models.Index(fields=["patient", "instrument", "day"])]

    def __str__(self) -> str:
        return f"{self.instrument} of {self.patient_id} on {self.day}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class JournalPreferences(models.Model):
    """What one patient tracks and wants reminding of. ``tracked_ratings`` empty
    means "the preset for my condition" (``tracked_ratings_for``)."""

    patient = models.OneToOneField("care.Patient", on_delete=models.PROTECT,
                                   related_name="journal_preferences")
    tracked_ratings = models.JSONField(default=list, blank=True)
    remind_dose = models.BooleanField(default=True)
    remind_check_in = models.BooleanField(default=True)
    remind_questionnaire = models.BooleanField(default=True)
    remind_refill = models.BooleanField(default=True)
    remind_follow_up = models.BooleanField(default=True)
    dose_at = models.TimeField(null=True, blank=True)
    check_in_at = models.TimeField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"Journal preferences of {self.patient_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class QuestionnairePlan(models.Model):
    """A prescriber's schedule: ``instrument`` due from ``start`` every
    ``every_days`` days (core ``QuestionnaireSchedule``). One per instrument
    and patient; setting it again replaces the dates (the audit log keeps the old)."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT,
                                related_name="questionnaire_plans")
    instrument = models.CharField(max_length=40)
    start = models.DateField()
    every_days = models.PositiveIntegerField()
    until = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "instrument"]
        constraints = [models.UniqueConstraint(fields=["patient", "instrument"],
                                               name="one_questionnaire_plan_per_instrument")]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_days} days for {self.patient_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class SentReminder(models.Model):
    """A reminder that was handed to the mail queue. ``key`` is the core's
    idempotency key; the UNIQUE constraint is what makes sending exactly-once:
    the row and the queued e-mail are written in one transaction."""

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=20)
    send_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)
    subject = models.CharField(max_length=300)

    objects = AuditedManager()

    class Meta:
        ordering = ["-send_at"]

    def __str__(self) -> str:
        return self.key

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class Suggestion(models.Model):
    """A decision-support finding for the prescriber (never an instruction to
    the patient). ``key`` is the core's (rule + anchoring day): re-evaluating
    the same journal never duplicates it. Accepted or dismissed, it stays."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACCEPTED = "accepted", "Accepted"
        DISMISSED = "dismissed", "Dismissed"
        CLOSED = "closed", "Closed by itself"

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="suggestions")
    key = models.CharField(max_length=200)
    code = models.CharField(max_length=60)
    urgency = models.CharField(max_length=20)
    action = models.CharField(max_length=30)
    message = models.TextField()
    rationale = models.TextField()
    source = models.TextField()
    day = models.DateField()
    rules_version = models.CharField(max_length=60)
    data = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    #: An urgent suggestion's alert was seen by a person: escalation stops.
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["patient", "-day"]
        constraints = [models.UniqueConstraint(fields=["patient", "key"],
                                               name="one_suggestion_per_finding")]
        indexes = [models.Index(fields=["status", "patient"])]

    def __str__(self) -> str:
        return f"{self.code} for {self.patient_id} ({self.status})"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class FollowUp(models.Model):
    """A follow-up appointment (recorded only: no video system) with the data
    summary prepared for it when it was booked."""

    class Mode(models.TextChoices):
        VIDEO = "video", "Video call"
        IN_PERSON = "in_person", "In person"

    patient = models.ForeignKey("care.Patient", on_delete=models.PROTECT, related_name="follow_ups")
    at = models.DateTimeField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    note = models.TextField(blank=True)
    summary = models.JSONField(default=dict)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"Follow-up of {self.patient_id} at {self.at:%Y-%m-%d %H:%M}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class UrgentCareSettings(models.Model):
    """A clinic's choices for urgent signals: its country (for the sourced crisis
    and emergency numbers), its own crisis line, its own texts replacing the
    sourced guidance by code, the hours before an unacknowledged urgent alert
    escalates (None: the default) and who it escalates to (empty: the admins)."""

    clinic = models.OneToOneField("accounts.Organisation", on_delete=models.PROTECT,
                                  related_name="urgent_care_settings")
    country = models.CharField(max_length=8, blank=True)
    crisis_line = models.CharField(max_length=200, blank=True)
    texts = models.JSONField(default=dict, blank=True)
    escalate_after_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    on_call_email = models.EmailField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    def __str__(self) -> str:
        return f"Urgent-care settings of {self.clinic_id}"
