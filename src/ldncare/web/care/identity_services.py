"""Writes about who a patient is (sign-up, identity details, staff verification)
and what they consented to (acceptances and withdrawals of the consent documents
of ``ldncare.consent``). Each public function is one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ldncare.consent import ConsentDocument, ConsentError, load_library
from ldncare.errors import FieldError
from ldncare.identity import IdentityError, check_date_of_birth
from ldncare.web.access import may_verify_identity
from ldncare.web.accounts.clinic_settings import minimum_age_for
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.accounts.services import AccountError, send_verification_email, site_link
from ldncare.web.accounts.tasks import send_email
from ldncare.web.care.models import ConsentAcceptance, Patient
from ldncare.web.care.services import ConcurrentChange, add_note, lock_patient, register_patient

#: What must be filled in before staff can verify the identity.
NEEDED_FOR_VERIFICATION = {"date_of_birth": "date of birth", "address_line1": "address",
                           "town": "town or city", "postcode": "postcode", "country": "country",
                           "phone": "phone number"}


@dataclass(frozen=True)
class IdentityDetails:
    """A patient's identity as they typed it (already stripped)."""

    legal_name: str
    date_of_birth: date
    preferred_name: str = ""
    sex_at_birth: str = ""
    address_line1: str = ""
    address_line2: str = ""
    town: str = ""
    postcode: str = ""
    country: str = ""
    phone: str = ""

    def patient_fields(self) -> dict[str, object]:
        fields = asdict(self)
        del fields["legal_name"]
        return fields


def check_age(details: IdentityDetails, clinic: Organisation) -> None:
    """Raise :class:`IdentityError` (for ``date_of_birth``) when the person is
    younger than ``clinic``'s minimum age, or the date is not believable."""
    check_date_of_birth(details.date_of_birth, today=timezone.localdate(),
                        minimum_age=minimum_age_for(clinic))


def store_identity(patient: Patient, details: IdentityDetails) -> None:
    """Write ``details`` on a freshly registered patient (inside the sign-up's
    transaction; the caller checked the age)."""
    for name, value in details.patient_fields().items():
        setattr(patient, name, value)
    patient.save(update_fields=list(details.patient_fields()))


@transaction.atomic
def update_identity(patient: Patient, details: IdentityDetails, *,
                    expected_version: int | None = None) -> Patient:
    """The patient changes their own identity details. A change to anything
    staff verified clears the verification (and says so in the record), so a
    prescription never carries details nobody checked."""
    check_age(details, patient.clinic)
    locked = lock_patient(patient.pk, expected_version)
    user = User.objects.select_for_update().get(pk=locked.user_id)
    before = {**{n: getattr(locked, n) for n in details.patient_fields()},
              "legal_name": user.full_name}
    after = {**details.patient_fields(), "legal_name": details.legal_name}
    changed = sorted(n for n in after if before[n] != after[n])
    if not changed:
        return locked
    for name, value in details.patient_fields().items():
        setattr(locked, name, value)
    fields = [*details.patient_fields(), "version"]
    was_verified = locked.identity_verified
    if was_verified and set(changed) - {"preferred_name"}:
        locked.identity_verified_at, locked.identity_verified_by = None, None
        fields += ["identity_verified_at", "identity_verified_by"]
    locked.version += 1
    locked.save(update_fields=fields)
    if user.full_name != details.legal_name:
        user.full_name = details.legal_name
        user.save(update_fields=["full_name"])
    if was_verified and not locked.identity_verified:
        add_note(locked, actor=user, summary="Identity details changed: they need verifying "
                                             "again before approval",
                 data={"changed": changed})
    return locked


class VerificationRefused(ValueError):
    """Identity verification that cannot be recorded; says why."""


def missing_for_verification(patient: Patient) -> list[str]:
    """The identity details (in words) the patient has not given yet."""
    return [words for name, words in NEEDED_FOR_VERIFICATION.items() if not getattr(patient, name)]


@transaction.atomic
def verify_identity(patient: Patient, *, actor: User, method: str,
                    expected_version: int | None = None) -> Patient:
    """A member of the clinic team records that they checked the patient's
    identity (``method``: how, e.g. "passport seen on video call")."""
    if not may_verify_identity(actor, patient):
        raise VerificationRefused("Only this patient's clinic team can verify their identity.")
    if not method.strip():
        raise VerificationRefused("Say how you checked the identity (for example: "
                                  "photo ID seen on a video call).")
    if len(method) > 500:
        raise VerificationRefused("Say how you checked the identity in at most 500 characters.")
    locked = lock_patient(patient.pk, expected_version)
    if missing := missing_for_verification(locked):
        raise VerificationRefused("The patient has not given their " + ", ".join(missing)
                                  + " yet; identity cannot be verified without them.")
    if locked.identity_verified:
        return locked
    locked.identity_verified_at, locked.identity_verified_by = timezone.now(), actor
    locked.version += 1
    locked.save(update_fields=["identity_verified_at", "identity_verified_by", "version"])
    add_note(locked, actor=actor, summary="Identity verified", reason=method.strip())
    return locked


# ---------------------------------------------------------------- consent


def held_consents(patient: Patient) -> set[tuple[str, str]]:
    """(document, version) of every acceptance ``patient`` has not withdrawn."""
    return set(patient.consents.filter(withdrawn_at__isnull=True)
               .values_list("document", "version"))


def outstanding_consents(patient: Patient) -> tuple[ConsentDocument, ...]:
    """The required documents whose current version ``patient`` has not accepted."""
    return load_library().outstanding(held_consents(patient))


def has_current_consent(patient: Patient, code: str) -> bool:
    return (code, load_library().get(code).version) in held_consents(patient)


@transaction.atomic
def accept_consents(patient: Patient, codes: Iterable[str]) -> list[ConsentAcceptance]:
    """Record that ``patient`` accepted the current version of each document in
    ``codes`` now. Accepting a version already held adds nothing."""
    library, held = load_library(), held_consents(patient)
    made = []
    for code in dict.fromkeys(codes):
        document = library.get(code)  # ConsentError for an unknown code
        if (code, document.version) in held:
            continue
        made.append(ConsentAcceptance.objects.create(patient=patient, document=code,
                                                     version=document.version))
    return made


@transaction.atomic
def withdraw_consent(patient: Patient, code: str) -> int:
    """Record the withdrawal of every held acceptance of ``code``; returns how
    many. Withdrawing a required document also leaves a note for the care team."""
    document = load_library().get(code)
    rows = list(patient.consents.select_for_update().filter(document=code,
                                                            withdrawn_at__isnull=True))
    now = timezone.now()
    for row in rows:
        row.withdrawn_at = now
        row.save(update_fields=["withdrawn_at"])
    if rows:
        add_note(patient, actor=patient.user, summary=f"Withdrew consent: {document.title}",
                 visible_to_patient=True, data={"consent": code})
    return len(rows)


# ---------------------------------------------------------------- sign-up


class SignUpRefused(AccountError, FieldError):
    """A sign-up refused because of one field's value; ``field`` names it."""


@transaction.atomic
def sign_up_patient(*, email: str, full_name: str, password: str, clinic: Organisation,
                    time_zone: str = "Europe/London", identity: IdentityDetails | None = None,
                    consents: Iterable[str] = ()) -> User | None:
    """Create a patient account in ``clinic`` with their identity details and
    the consents they accepted, and e-mail a verification link.

    Refused (nothing written) when the person is younger than the clinic's
    minimum age or a required consent is missing (:class:`SignUpRefused`).
    When the address already has an account, nothing is created and its owner
    gets an e-mail saying so (``None`` is returned). The person signing up is
    told the same thing either way, after the same work (one password hash,
    one queued e-mail): the page must not reveal who has an account here.
    """
    if not clinic.is_clinic or not clinic.accepts_new_patients:
        raise AccountError("This clinic is not accepting new patients.")
    consents = list(consents)
    for document in load_library().required:
        if document.code not in consents:
            raise SignUpRefused("You need to agree to this to use the service.",
                                f"consent_{document.code}")
    if identity is not None:
        try:
            check_age(identity, clinic)
        except IdentityError as error:
            raise SignUpRefused(str(error), error.field) from None
    if User.objects.filter(email__iexact=email).exists():
        make_password(password)  # the hash a new account would have cost
        _tell_owner_of_sign_up_attempt(email.lower())
        return None
    user = User.objects.create_user(email=email.lower(), password=password, full_name=full_name,
                                    role=Role.PATIENT, time_zone=time_zone)
    patient = register_patient(user, clinic)
    if identity is not None:
        store_identity(patient, identity)
    accept_consents(patient, consents)
    send_verification_email(user)
    return user


def _tell_owner_of_sign_up_attempt(email: str) -> None:
    body = ("Someone tried to sign up for LDN Care with this e-mail address, which already "
            "has an account.\n\nIf it was you, log in instead, or choose a new password here:\n"
            f"{site_link(reverse('accounts:password_reset'))}\n\n"
            "If it was not you, you can ignore this e-mail: nothing was changed.\n")
    transaction.on_commit(lambda: send_email.enqueue(email, "Your LDN Care account", body))


__all__ = ["ConcurrentChange", "ConsentError", "IdentityDetails", "IdentityError",
           "SignUpRefused", "VerificationRefused", "accept_consents", "check_age",
           "has_current_consent", "missing_for_verification", "outstanding_consents",
           "sign_up_patient", "store_identity", "update_identity", "verify_identity",
           "withdraw_consent"]
