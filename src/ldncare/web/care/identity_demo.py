"""Identity details and consents for the demo patients (made-up people and
addresses). Patients who are past review were verified by the clinic's staff;
the one waiting for review is not yet, so the demo shows the identity step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.utils import timezone

from ldncare.consent import load_library
from ldncare.pathway import REVIEW_QUEUE, State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.identity_services import IdentityDetails, accept_consents, store_identity
from ldncare.web.care.models import Patient

#: Fictional streets in a fictional town; the numbers are from the UK's
#: range reserved for drama (Ofcom: 07700 900000 to 07700 900999).
ADDRESS = {"address_line1": "{n} Willow Lane", "town": "Riverside", "postcode": "RS1 {n}AB",
           "country": "United Kingdom", "phone": "07700 900{n:03d}"}


def demo_identity(patient: Patient, number: int) -> IdentityDetails:
    """Made-up identity details for the ``number``-th demo patient."""
    return IdentityDetails(
        legal_name=patient.user.full_name, date_of_birth=date(1960 + 3 * number, 1 + number, 10),
        preferred_name=patient.user.full_name.split()[0],
        sex_at_birth="female" if number % 2 else "male",
        **{key: value.format(n=number + 1) for key, value in ADDRESS.items()})


def give_identity_and_consents(patient: Patient, number: int, *, verified: bool,
                               verifier: User | None = None, research: bool = True,
                               sex_at_birth: str | None = None) -> None:
    """Store demo identity details, every consent (research optional), and,
    when ``verified``, the clinic's identity check (by ``verifier``, if named)."""
    details = demo_identity(patient, number)
    if sex_at_birth is not None:
        details = replace(details, sex_at_birth=sex_at_birth)
    store_identity(patient, details)
    codes = [d.code for d in load_library().documents if d.required or research]
    accept_consents(patient, codes)
    if verified:
        patient.identity_verified_at, patient.identity_verified_by = timezone.now(), verifier
        patient.save(update_fields=["identity_verified_at", "identity_verified_by"])


def load_demo(clinic: Organisation, pharmacy: Organisation) -> None:
    staff = User.objects.filter(organisation=clinic, role="clinic_staff").first()
    patients = Patient.objects.filter(clinic=clinic, user__is_demo=True, consents__isnull=True,
                                      user__email__endswith="@patients.example").order_by("pk")
    for number, patient in enumerate(patients.select_related("user")):
        waiting = patient.pathway_state in REVIEW_QUEUE or patient.state == State.REGISTERED
        give_identity_and_consents(patient, number, verified=not waiting, verifier=staff,
                                   research=number % 3 != 2)
