"""A small world of two clinics and two pharmacies with one person in every
role, so tests can check own-versus-other access."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class World:
    clinic: object
    other_clinic: object
    pharmacy: object
    other_pharmacy: object
    users: dict
    patient: object  # in `clinic`, with an order at `pharmacy`
    other_patient: object  # in `other_clinic`, with an order at `other_pharmacy`
    order: object
    other_order: object


ROLE_NAMES = ["patient", "prescriber", "clinic_staff", "clinic_admin", "pharmacist",
              "pharmacy_technician", "pharmacy_admin"]


def make_user(email: str, role: str, organisation=None, **extra):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from ldncare.web.accounts.models import User

    return User.objects.create_user(email=email, password="correct horse battery", role=role,
                                    organisation=organisation, full_name=email.split("@")[0],
                                    email_verified_at=timezone.now(), **extra)


def make_patient(email: str, clinic, *, verified: bool = True,  # type: ignore[no-untyped-def]
                 research: bool = True):
    """A registered patient with identity details and every required consent;
    verified by the clinic unless ``verified=False``; in research files unless
    ``research=False``."""
    from ldncare.web.care.identity_demo import give_identity_and_consents
    from ldncare.web.care.services import register_patient

    patient = register_patient(make_user(email, "patient"), clinic)
    # Sex at birth not given: every intake question is asked, as before identity existed.
    give_identity_and_consents(patient, patient.pk % 10, verified=verified, research=research,
                               sex_at_birth="")
    return patient


def build_world() -> World:
    from ldncare.web.accounts.models import Organisation
    from ldncare.web.pharmacy.models import Order

    clinic = Organisation.objects.create(name="Clinic A", slug="clinic-a", kind="clinic")
    other_clinic = Organisation.objects.create(name="Clinic B", slug="clinic-b", kind="clinic")
    pharmacy = Organisation.objects.create(name="Pharmacy P", slug="pharmacy-p", kind="pharmacy")
    other_pharmacy = Organisation.objects.create(name="Pharmacy Q", slug="pharmacy-q",
                                                 kind="pharmacy")
    clinic.partner_pharmacies.add(pharmacy)
    other_clinic.partner_pharmacies.add(other_pharmacy)
    patient = make_patient("pat@a.example", clinic)
    other_patient = make_patient("pat@b.example", other_clinic)
    users = {
        "patient": patient.user,
        "prescriber": make_user("doc@a.example", "prescriber", clinic),
        "clinic_staff": make_user("staff@a.example", "clinic_staff", clinic),
        "clinic_admin": make_user("admin@a.example", "org_admin", clinic),
        "pharmacist": make_user("rph@p.example", "pharmacist", pharmacy),
        "pharmacy_technician": make_user("tech@p.example", "pharmacy_technician", pharmacy),
        "pharmacy_admin": make_user("admin@p.example", "org_admin", pharmacy),
    }
    order = Order.objects.create(patient=patient, pharmacy=pharmacy)
    other_order = Order.objects.create(patient=other_patient, pharmacy=other_pharmacy)
    return World(clinic, other_clinic, pharmacy, other_pharmacy, users, patient, other_patient,
                 order, other_order)


def log_in(client, user):  # type: ignore[no-untyped-def]
    """Log ``user`` in on the test client, with 2FA passed for staff."""
    client.force_login(user)
    if passed := enrol_totp_session_data(user):
        session = client.session
        session.update(passed)
        session.save()
    return client


def enrol_totp_session_data(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Session entries that mark a staff user as having just passed 2FA (which
    also counts as a fresh confirmation for sensitive actions, as a real
    log-in with password and code does)."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ldncare.web.accounts.reauth import CONFIRMED_AT

    if not user.is_staff_role:
        return {}
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
    return {"otp_device_id": device.persistent_id, CONFIRMED_AT: int(time.time())}
