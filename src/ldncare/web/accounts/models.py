"""Organisations (clinics and pharmacies), people and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from auditlog.registry import auditlog
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone

from ldncare.web.accounts.roles import (
    OrganisationKind,
    Role,
    in_clinic_team,
    in_pharmacy_team,
    is_staff_role,
)


class Organisation(models.Model):
    """A clinic or a compounding pharmacy. A clinic routes prescriptions to its
    partner pharmacies."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    accepts_new_patients = models.BooleanField(default=True)
    partner_pharmacies = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="partner_clinics",
        limit_choices_to={"kind": OrganisationKind.PHARMACY},
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_clinic(self) -> bool:
        return self.kind == OrganisationKind.CLINIC


class LdnUserManager(UserManager["User"]):
    """Users log in with their e-mail address; there is no username."""

    def _create_user(self, email, password, **extra_fields):  # type: ignore[no-untyped-def,override]
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def,override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def,override]
        extra_fields.update(is_staff=True, is_superuser=True, role="org_admin")
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str | None) -> User:
        # People type their e-mail with any capitalisation.
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who logs in: one role, and (for staff) one organisation.

    The e-mail address is the login name.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    full_name = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=Role.choices, default=Role.PATIENT)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    time_zone = models.CharField(max_length=64, default="Europe/London")
    #: A prescriber's professional licence or registration number, and who issued
    #: it: printed on every prescription they sign.
    registration_number = models.CharField("licence or registration number", max_length=60,
                                           blank=True)
    registration_jurisdiction = models.CharField("issued by (body and jurisdiction)",
                                                 max_length=120, blank=True)
    email_verified_at = models.DateTimeField(null=True, blank=True)
    #: Demo accounts may skip 2FA, and only while LDNCARE_DEMO=1.
    is_demo = models.BooleanField(default=False)
    #: Larger text on every page (a class on <html> scales the root font size);
    #: chosen by the person in their settings.
    large_text = models.BooleanField("larger text", default=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = LdnUserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff_role(self) -> bool:
        return is_staff_role(self.role)

    @property
    def is_clinic_member(self) -> bool:
        return in_clinic_team(self)

    @property
    def is_pharmacy_member(self) -> bool:
        return in_pharmacy_team(self)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An organisation admin's invitation for a member of staff. Only the
    token's hash is stored; a token works once and expires."""

    VALID_FOR = timedelta(days=7)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    email = models.EmailField()
    role = models.CharField(max_length=30, choices=Role.choices)
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.organisation}"

    @classmethod
    def new_token(cls) -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash(token)

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        return cls.objects.select_related("organisation").filter(token_hash=_hash(token)).first()

    @property
    def expires_at(self):  # type: ignore[no-untyped-def]
        return self.created_at + self.VALID_FOR

    def problem(self) -> str | None:
        """Why this invitation cannot be used now, or None when it can."""
        if self.accepted_at:
            return "This invitation has already been used. Log in instead."
        if timezone.now() > self.expires_at:
            return "This invitation has expired. Ask your organisation's admin for a new one."
        return None


class ClinicSettings(models.Model):
    """A clinic's own choices where the sources disagree: screening intervals,
    its dose ceiling (and a lower hard maximum, never a higher one), its own
    protocols and default, and decision-support thresholds.

    Only what the clinic changed is stored; everything else is the core's
    sourced default. Read and write it through
    ``ldncare.web.accounts.clinic_settings``, which validates through the core.
    It holds no patient data, so auditlog registers it directly (every change
    is in the audit log)."""

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE,
                                        related_name="clinic_settings")
    #: Overrides of ``ldncare.screening.ScreeningSettings`` fields.
    screening = models.JSONField(default=dict, blank=True)
    clinic_ceiling_mg = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    hard_maximum_mg = models.DecimalField(max_digits=6, decimal_places=3, null=True, blank=True)
    #: The clinic's smallest dose increment: every new plan's doses are multiples of it.
    smallest_increment_mg = models.DecimalField(max_digits=6, decimal_places=3, null=True,
                                                blank=True)
    #: The youngest age the clinic accepts at sign-up (None: the default, 18).
    minimum_age_years = models.PositiveSmallIntegerField(null=True, blank=True)
    #: Whether the patient agrees to the plan's cost before it goes to the
    #: pharmacy (None: the default, yes).
    patient_agrees_to_cost = models.BooleanField(null=True, blank=True)
    default_protocol = models.CharField(max_length=80, blank=True)
    #: The clinic's own protocol definitions (dicts as in ``dosing.yaml``).
    protocols = models.JSONField(default=list, blank=True)
    #: Overrides of ``ldncare.journal.rules`` settings (name → whole number).
    decision_support = models.JSONField(default=dict, blank=True)
    #: Bumped on every change, so two admins at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "clinic settings"

    def __str__(self) -> str:
        return f"Settings of {self.organisation}"


auditlog.register(ClinicSettings)
#: A member's role and whether they may log in are audited (staff management).
auditlog.register(User, include_fields=["role", "is_active"])
