"""The demo clinic that `make run` loads: a clinic, a partner pharmacy, one
person in every staff role, and patients at every stage of the pathway.

Loading is idempotent: running it twice changes nothing. Every demo account
is marked ``is_demo`` and shares one password, printed by ``make run``.
Later capabilities add their own demo content through ``DEMO_EXTENSIONS``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import OrganisationKind, Role
from ldncare.web.care.models import PathwayEvent, Patient

DEMO_PASSWORD = "ldn-demo-2026"
CLINIC = ("riverside", "Riverside LDN Clinic")
PHARMACY = ("northgate", "Northgate Compounding Pharmacy")

STAFF = [
    ("admin@riverside.example", "Rowan Hale", Role.ORG_ADMIN, CLINIC),
    ("prescriber@riverside.example", "Dr Ada Mensah", Role.PRESCRIBER, CLINIC),
    ("staff@riverside.example", "Sam Okafor", Role.CLINIC_STAFF, CLINIC),
    ("admin@northgate.example", "Priya Nair", Role.ORG_ADMIN, PHARMACY),
    ("pharmacist@northgate.example", "Tom Becker", Role.PHARMACIST, PHARMACY),
    ("pharmacist2@northgate.example", "Lena Ortiz", Role.PHARMACIST, PHARMACY),
    ("technician@northgate.example", "Jo Kim", Role.PHARMACY_TECHNICIAN, PHARMACY),
]

#: (e-mail, name, the pathway states they have passed through, oldest first)
PATIENTS = [
    ("new@patients.example", "Nora New", [State.REGISTERED]),
    ("review@patients.example", "Rafael Review",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED]),
    ("declined@patients.example", "Dina Declined",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.DECLINED]),
    ("pharmacy@patients.example", "Pia Pharmacy",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED,
      State.SENT_TO_PHARMACY]),
    ("shipped@patients.example", "Sol Shipped",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED,
      State.SENT_TO_PHARMACY, State.COMPOUNDED, State.VERIFIED, State.SHIPPED]),
    ("patient@patients.example", "Alex Active",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED,
      State.SENT_TO_PHARMACY, State.COMPOUNDED, State.VERIFIED, State.SHIPPED, State.ACTIVE]),
    ("stopped@patients.example", "Sasha Stopped",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED,
      State.SENT_TO_PHARMACY, State.COMPOUNDED, State.VERIFIED, State.SHIPPED, State.ACTIVE,
      State.STOPPED]),
]

#: Modules with a ``load_demo(clinic, pharmacy)`` that add their own demo content
#: after the people above exist, in this order (prescriptions before orders and journals).
DEMO_EXTENSIONS = ("care.demo", "care.prescribing_demo", "pharmacy.demo", "journal.demo",
                   "insights.demo", "trials.demo")


def _organisation(slug_name: tuple[str, str], kind: str) -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        slug=slug_name[0], defaults={"name": slug_name[1], "kind": kind})
    return org


def _user(email: str, name: str, role: str, org: Organisation | None) -> tuple[User, bool]:
    user = User.objects.filter(email=email).first()
    if user:
        return user, False
    user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=name,
                                    role=role, organisation=org, is_demo=True,
                                    email_verified_at=timezone.now())
    return user, True


def _patient(email: str, name: str, states: list[State], clinic: Organisation,
             prescriber: User) -> None:
    user, created = _user(email, name, Role.PATIENT, None)
    if not created:
        return
    start = timezone.now() - timedelta(days=7 * len(states))
    patient = Patient.objects.create(user=user, clinic=clinic, created_at=start)
    for i, state in enumerate(states):
        at = start + timedelta(days=7 * i)
        actor = user if state in (State.REGISTERED, State.INTAKE_SUBMITTED) else prescriber
        reason = "Currently taking tramadol daily; LDN would block it." if state == State.DECLINED else ""
        PathwayEvent.objects.create(patient=patient, state=state, actor=actor, at=at,
                                    summary=f"Demo: {state.label.lower()}", reason=reason)
        patient.state, patient.state_changed_at = state, at
    patient.save(update_fields=["state", "state_changed_at"])


@transaction.atomic
def load_demo_clinic() -> dict[str, Organisation]:
    clinic = _organisation(CLINIC, OrganisationKind.CLINIC)
    pharmacy = _organisation(PHARMACY, OrganisationKind.PHARMACY)
    clinic.partner_pharmacies.add(pharmacy)
    orgs = {CLINIC[0]: clinic, PHARMACY[0]: pharmacy}
    for email, name, role, org in STAFF:
        _user(email, name, role, orgs[org[0]])
    prescriber = User.objects.get(email="prescriber@riverside.example")
    for email, name, states in PATIENTS:
        _patient(email, name, states, clinic, prescriber)
    for name in DEMO_EXTENSIONS:
        module = f"ldncare.web.{name}"
        if importlib.util.find_spec(module) is not None:
            loader: Callable[[Organisation, Organisation], None] = (
                importlib.import_module(module).load_demo)
            loader(clinic, pharmacy)
    return orgs


def demo_logins() -> list[tuple[str, str]]:
    """(role, e-mail) of every demo account, for `make run` to print."""
    rows = [(Role(role).label, email) for email, _, role, _ in STAFF]
    return rows + [(f"Patient ({states[-1].label.lower()})", email) for email, _, states in PATIENTS]
