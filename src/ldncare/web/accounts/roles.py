"""The roles a person can hold. Each user has exactly one."""

from __future__ import annotations

from typing import Any

from django.db import models


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    PRESCRIBER = "prescriber", "Prescriber"
    CLINIC_STAFF = "clinic_staff", "Clinic staff (non-prescribing)"
    PHARMACIST = "pharmacist", "Pharmacist"
    PHARMACY_TECHNICIAN = "pharmacy_technician", "Pharmacy technician"
    ORG_ADMIN = "org_admin", "Organisation admin"


CLINIC_ROLES = frozenset({Role.PRESCRIBER, Role.CLINIC_STAFF})
PHARMACY_ROLES = frozenset({Role.PHARMACIST, Role.PHARMACY_TECHNICIAN})
STAFF_ROLES = frozenset(set(Role) - {Role.PATIENT})


class OrganisationKind(models.TextChoices):
    CLINIC = "clinic", "Clinic"
    PHARMACY = "pharmacy", "Compounding pharmacy"


def in_clinic_team(member: Any) -> bool:
    """A prescriber or clinic staff, or the admin of a clinic (``member`` has
    ``role`` and ``organisation``; the organisation is read for an admin only)."""
    return member.role in CLINIC_ROLES or (
        member.role == Role.ORG_ADMIN and member.organisation is not None
        and member.organisation.kind == OrganisationKind.CLINIC)


def in_pharmacy_team(member: Any) -> bool:
    """A pharmacist or technician, or the admin of a pharmacy."""
    return member.role in PHARMACY_ROLES or (
        member.role == Role.ORG_ADMIN and member.organisation is not None
        and member.organisation.kind == OrganisationKind.PHARMACY)


def is_staff_role(role: str) -> bool:
    return role in STAFF_ROLES


def roles_an_admin_may_invite(kind: str) -> list[Role]:
    """Staff roles that belong in an organisation of ``kind``."""
    if kind == OrganisationKind.CLINIC:
        return [Role.PRESCRIBER, Role.CLINIC_STAFF, Role.ORG_ADMIN]
    return [Role.PHARMACIST, Role.PHARMACY_TECHNICIAN, Role.ORG_ADMIN]
