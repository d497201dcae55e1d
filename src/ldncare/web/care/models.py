"""Patients and their care pathway, kept as an append-only event log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from ldncare.pathway import PathwayError, State, check_transition
from ldncare.web.audit.registry import AuditedManager, audited


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or delete a recorded event."""


@audited
class Patient(models.Model):
    """A person in a clinic's care. ``state`` mirrors the newest pathway event
    (kept in the same transaction) so queues need no sub-query; ``version``
    lets two staff editing at once find out instead of overwriting."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="patient"
    )
    clinic = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="patients"
    )
    date_of_birth = models.DateField(null=True, blank=True)
    # Identity (the legal name is ``user.full_name``: printed on the
    # prescription and the pharmacy label). Edited by the patient; a change
    # to any of it clears the staff's verification.
    preferred_name = models.CharField("preferred name", max_length=100, blank=True)
    sex_at_birth = models.CharField("sex at birth", max_length=20, blank=True,
                                    choices=[("female", "Female"), ("male", "Male"),
                                             ("intersex", "Intersex")])
    address_line1 = models.CharField("address", max_length=200, blank=True)
    address_line2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField("town or city", max_length=100, blank=True)
    postcode = models.CharField("postcode or ZIP code", max_length=20, blank=True)
    country = models.CharField(max_length=100, blank=True)
    phone = models.CharField("phone", max_length=40, blank=True)
    identity_verified_at = models.DateTimeField(null=True, blank=True)
    identity_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    #: The main condition LDN is for: a knowledge-base condition id ("fibromyalgia").
    condition = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=30, choices=[(s.value, s.label) for s in State],
                             default=State.REGISTERED)
    state_changed_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["-state_changed_at", "id"]
        indexes = [models.Index(fields=["clinic", "state", "-state_changed_at"])]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def pathway_state(self) -> State:
        return State(self.state)

    @property
    def may_start_intake(self) -> bool:
        """Whether the pathway lets the patient send an intake now (new, declined
        or stopped); the intake service and the home page both ask this."""
        try:
            check_transition(self.pathway_state, State.INTAKE_SUBMITTED)
        except PathwayError:
            return False
        return True

    @property
    def legal_name(self) -> str:
        return self.user.full_name

    @property
    def greeting_name(self) -> str:
        """The name to greet the patient by: their preferred name if they gave one."""
        return self.preferred_name or self.user.full_name

    @property
    def identity_verified(self) -> bool:
        return self.identity_verified_at is not None

    @property
    def shipping_address(self) -> list[str]:
        """The address lines in order, empty ones left out."""
        return [line for line in (self.address_line1, self.address_line2, self.town,
                                  self.postcode, self.country) if line]

    @property
    def asked_about_pregnancy(self) -> bool:
        """Pregnancy questions apply unless the patient's sex at birth is male."""
        return self.sex_at_birth != "male"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.pk}


@audited
class PathwayEvent(models.Model):
    """One step of a patient's journey: who did what, when and why. Never
    changed or deleted once written."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="events")
    state = models.CharField(max_length=30, choices=[(s.value, s.label) for s in State])
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=300)
    reason = models.TextField(blank=True)
    #: Whether the patient sees this event on their own timeline.
    visible_to_patient = models.BooleanField(default=True)
    data = models.JSONField(default=dict, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["at", "id"]
        # The dashboard looks up each patient's first "active" and "stopped" events.
        indexes = [models.Index(fields=["patient", "state", "at"], name="pathway_event_by_state")]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.summary}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("pathway events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("pathway events are append-only")

    @property
    def pathway_state(self) -> State:
        return State(self.state)

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class Intake(models.Model):
    """A patient's intake questionnaire: a draft they can save and resume, then
    submitted once. ``answers`` is keyed by the definition's linkIds."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="intakes")
    questionnaire_version = models.CharField(max_length=40)
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"Intake {self.pk} ({self.get_status_display()})"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class Screening(models.Model):
    """One run of the safety screening, stored with the exact inputs and the
    rule-set version so it can be reproduced; plus the prescriber's decision
    when the verdict needs one."""

    class Trigger(models.TextChoices):
        INTAKE = "intake", "Intake"
        PRESCRIPTION = "prescription", "Prescription"
        REFILL = "refill", "Refill"
        NEW_MEDICATION = "new_medication", "New medicine reported"

    class Decision(models.TextChoices):
        PROCEED = "proceed", "Proceed despite the findings"
        DECLINE = "decline", "Do not prescribe"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="screenings")
    intake = models.ForeignKey(Intake, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="screenings")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    verdict = models.CharField(max_length=20)
    rule_set_version = models.CharField(max_length=40)
    inputs = models.JSONField()
    result = models.JSONField()
    screened_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Screening {self.pk}: {self.verdict}"

    @property
    def needs_prescriber_decision(self) -> bool:
        """Contraindicated and needs-review results need a prescriber's decision."""
        return self.verdict in {"contraindicated", "needs_review"}

    @property
    def awaits_decision(self) -> bool:
        """A decision is needed and none is recorded yet (the page offers the form)."""
        return self.needs_prescriber_decision and not self.decision

    @property
    def blocks_approval(self) -> bool:
        """Contraindicated or needs-review results block approval until a
        prescriber records a decision to proceed, with a reason."""
        return self.needs_prescriber_decision and self.decision != "proceed"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class Prescription(models.Model):
    """What the prescriber approved: the form, supply and pharmacy, with its
    titration plan kept as versions (:class:`PlanVersion`)."""

    class Form(models.TextChoices):
        CAPSULES = "capsules", "Capsules"
        ORAL_LIQUID = "oral_liquid", "Oral liquid"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        STOPPED = "stopped", "Stopped"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="prescriptions")
    prescriber = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    pharmacy = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT,
                                 related_name="prescriptions")
    screening = models.ForeignKey(Screening, on_delete=models.PROTECT, related_name="+")
    protocol = models.CharField(max_length=60)
    form = models.CharField(max_length=20, choices=Form.choices)
    #: Capsule strengths, mg naltrexone HCl, as canonical dose texts (``canonical_dose``): ["1.5", "3"].
    strengths_mg = models.JSONField(default=list, blank=True)
    concentration_mg_per_ml = models.DecimalField(max_digits=8, decimal_places=3, null=True,
                                                  blank=True)
    days_per_fill = models.PositiveIntegerField()
    refills = models.PositiveIntegerField(default=0)
    override_reason = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    #: Day 1 of the treatment: the day after the medicine arrived (never before
    #: the start the prescriber chose). Empty while the medicine is on its way.
    started_on = models.DateField(null=True, blank=True)
    #: The clinic asked the patient to agree to the cost before the first fill
    #: goes to the pharmacy (its setting at approval). False: sent at approval.
    cost_agreement_required = models.BooleanField(default=False)
    #: When and by whom the cost was agreed, and what was agreed: the amounts the
    #: patient saw, from the pharmacy's list then (None: no price was listed).
    cost_agreed_at = models.DateTimeField(null=True, blank=True)
    cost_agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    agreed_monthly_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True,
                                              blank=True)
    agreed_first_fill_cost = models.DecimalField(max_digits=10, decimal_places=2, null=True,
                                                 blank=True)
    agreed_currency = models.CharField(max_length=3, blank=True, default="")

    objects = AuditedManager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Prescription {self.pk} for {self.patient}"

    @property
    def awaits_cost_agreement(self) -> bool:
        """Written, not yet sent: the patient has still to agree to its cost."""
        return (self.cost_agreement_required and self.cost_agreed_at is None
                and self.status == self.Status.ACTIVE)

    def current_plan(self) -> PlanVersion:
        return self.plan_versions.order_by("-version").first()  # type: ignore[return-value]

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class PlanVersion(models.Model):
    """One version of a prescription's titration plan (``TitrationPlan.as_dict()``).
    A dose change adds a version; none is ever edited."""

    prescription = models.ForeignKey(Prescription, on_delete=models.PROTECT,
                                     related_name="plan_versions")
    version = models.PositiveIntegerField()
    plan = models.JSONField()
    data_version = models.CharField(max_length=40)
    change_kind = models.CharField(max_length=30)
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["prescription", "version"]
        constraints = [models.UniqueConstraint(fields=["prescription", "version"],
                                               name="one_plan_version_number")]

    def __str__(self) -> str:
        return f"Plan v{self.version} of prescription {self.prescription_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("plan versions are append-only; add a new version")
        super().save(*args, **kwargs)

    @property
    def change_label(self) -> str:
        from ldncare.dosing import ChangeKind

        kind = self.change_kind or ChangeKind.CREATED
        return ChangeKind(kind).label if kind in ChangeKind._value2member_map_ else kind

    def titration_plan(self):  # type: ignore[no-untyped-def]
        """The stored plan as the core's value, parsed and validated once per
        instance (a version is append-only, so its plan never changes)."""
        from ldncare.dosing import TitrationPlan

        cached = self.__dict__.get("_parsed_plan")
        if cached is not None and cached[0] is self.plan:
            return cached[1]
        parsed = TitrationPlan.from_dict(self.plan)
        self.__dict__["_parsed_plan"] = (self.plan, parsed)
        return parsed

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.prescription.patient_id}


@audited
class PatientRequest(models.Model):
    """A patient's request to their care team (a refill, a question, a problem):
    one thread of :class:`RequestMessage`, open until someone closes it. Only the
    patient and their clinic's team see it (``access.patient_requests_visible_to``)."""

    class Kind(models.TextChoices):
        REFILL = "refill", "Refill request"
        QUESTION = "question", "Question"
        PROBLEM = "problem", "Problem report"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    subject = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    #: True while the newest message is the patient's: the care team owes a reply.
    awaiting_clinic = models.BooleanField(default=True)
    #: Guidance codes (``journal/data/guidance.yaml``) the patient's words raised.
    red_flags = models.JSONField(default=list, blank=True)
    #: Whether ``red_flags`` holds any (kept as a column so queues sort by it).
    has_red_flags = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    objects = AuditedManager()

    class Meta:
        ordering = ["-last_message_at", "-id"]
        indexes = [models.Index(fields=["status", "awaiting_clinic", "last_message_at"],
                                name="request_by_waiting")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}


@audited
class RequestMessage(models.Model):
    """One message in a request's thread. Never changed or deleted once written."""

    request = models.ForeignKey(PatientRequest, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    from_patient = models.BooleanField()
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = AuditedManager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Message {self.pk} in request {self.request_id}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise AppendOnlyError("messages are append-only; write a new one")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise AppendOnlyError("messages are append-only")

    def get_additional_data(self) -> dict[str, int]:
        # ``request`` is always loaded with the message where it is written.
        return {"patient_id": self.request.patient_id}


@audited
class ConsentAcceptance(models.Model):
    """A patient accepted one consent document at one exact version (see
    ``ldncare.consent``). Withdrawal is recorded on the row (``withdrawn_at``)
    and is final for that acceptance: consenting again adds a new row."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="consents")
    document = models.CharField(max_length=40)
    version = models.CharField(max_length=40)
    accepted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = AuditedManager()

    class Meta:
        ordering = ["document", "-accepted_at", "-id"]
        indexes = [models.Index(fields=["document", "version", "withdrawn_at"],
                                name="consent_by_document")]

    def __str__(self) -> str:
        return f"{self.document} v{self.version} by patient {self.patient_id}"

    def get_additional_data(self) -> dict[str, int]:
        return {"patient_id": self.patient_id}
