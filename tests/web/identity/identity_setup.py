"""Helpers for the identity and consent tests."""

from __future__ import annotations

REQUIRED_CONSENTS = {"consent_telehealth": "on", "consent_off_label": "on",
                     "consent_data_processing": "on"}


def sign_up_data(world, **overrides):  # type: ignore[no-untyped-def]
    return {"full_name": "Maya Patel", "preferred_name": "May", "email": "maya@example.org",
            "password": "a long enough secret 42", "clinic": world.clinic.pk,
            "time_zone": "Europe/London", "date_of_birth": "1980-05-17",
            "sex_at_birth": "female", "address_line1": "1 High Street", "town": "Leeds",
            "postcode": "LS1 1AA", "country": "United Kingdom", "phone": "+44 7700 900123",
            **REQUIRED_CONSENTS, **overrides}


def identity_data(patient, **overrides):  # type: ignore[no-untyped-def]
    """The identity form as the patient's page shows it, with ``overrides``."""
    return {"full_name": patient.user.full_name, "preferred_name": patient.preferred_name,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "sex_at_birth": patient.sex_at_birth, "address_line1": patient.address_line1,
            "address_line2": patient.address_line2, "town": patient.town,
            "postcode": patient.postcode, "country": patient.country, "phone": patient.phone,
            "version": patient.version, **overrides}
