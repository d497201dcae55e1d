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
from datetime import datetime, timedelta

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
    ("agree@patients.example", "Ari Agree",
     [State.REGISTERED, State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED]),
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
DEMO_EXTENSIONS = ("care.identity_demo", "care.demo", "care.prescribing_demo", "pharmacy.demo",
                   "journal.demo", "insights.demo", "trials.demo")


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


#: What each step says on the timeline, in the clinic's words.
SUMMARIES: dict[State, str] = {
    State.REGISTERED: "Created an account", State.INTAKE_SUBMITTED: "Sent the intake questionnaire",
    State.SCREENED: "Safety screening done", State.DECLINED: "Declined by the prescriber",
    State.PRESCRIBED: "Prescribed LDN", State.SENT_TO_PHARMACY: "Sent to Northgate Compounding Pharmacy",
    State.COMPOUNDED: "Medicine compounded", State.VERIFIED: "Checked and released by a pharmacist",
    State.SHIPPED: "Shipped with Royal Mail", State.ACTIVE: "First dose of LDN",
    State.STOPPED: "Stopped LDN",
}

#: For a patient who has started: days from the first dose to each earlier step
#: (the medicine arrives the day before the first dose).
BEFORE_FIRST_DOSE: dict[State, int] = {
    State.REGISTERED: -24, State.INTAKE_SUBMITTED: -23, State.SCREENED: -23,
    State.PRESCRIBED: -16, State.SENT_TO_PHARMACY: -16, State.COMPOUNDED: -12,
    State.VERIFIED: -11, State.SHIPPED: -5, State.ACTIVE: 0,
}


def step_times(states: list[State], now: datetime) -> list[datetime]:
    """When each demo patient passed each step, so that their history adds up:
    a patient on LDN took their first dose on their plan's start date (from the
    prescribing demo) and stopped on the day their plan stopped; a patient not
    yet started reached their last step yesterday, two days per step before."""
    from ldncare.web.care.prescribing_demo import PLANS, stop_day

    last = states[-1]
    if State.ACTIVE in states:
        first_dose = now + timedelta(days=PLANS[last][0])
        return [first_dose + timedelta(days=stop_day(last) if state == State.STOPPED
                                       else BEFORE_FIRST_DOSE[state]) for state in states]
    return [now - timedelta(days=1 + 2 * (len(states) - 1 - i)) for i in range(len(states))]


def _patient(email: str, name: str, states: list[State], clinic: Organisation,
             prescriber: User) -> None:
    user, created = _user(email, name, Role.PATIENT, None)
    if not created:
        return
    times = step_times(states, timezone.now())
    patient = Patient.objects.create(user=user, clinic=clinic, created_at=times[0])
    for state, at in zip(states, times, strict=True):
        actor = user if state in (State.REGISTERED, State.INTAKE_SUBMITTED) else prescriber
        reason = "Currently taking tramadol daily; LDN would block it." if state == State.DECLINED else ""
        if state == State.STOPPED:
            from ldncare.web.care.prescribing_demo import stop_reason

            reason = stop_reason(state)
        PathwayEvent.objects.create(patient=patient, state=state, actor=actor, at=at,
                                    summary=SUMMARIES[state], reason=reason)
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
