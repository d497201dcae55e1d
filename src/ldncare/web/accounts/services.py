"""Writes about people and organisations: e-mail verification, invitations
(a patient's sign-up is a care operation: ``care.identity_services``). Each
function is one transaction and leaves nothing half-done."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ldncare.web.access import (
    holds_admin_role,
    may_manage_staff,
    members_visible_to,
    signs_prescriptions,
)
from ldncare.web.accounts.models import Invitation, User
from ldncare.web.accounts.roles import Role, roles_an_admin_may_invite
from ldncare.web.accounts.tasks import send_email

VERIFY_SALT = "ldncare.verify-email"
VERIFY_MAX_AGE_S = 3 * 24 * 3600


class AccountError(ValueError):
    """A request about an account that cannot be carried out; says why."""


def site_link(path: str) -> str:
    """The whole address of ``path`` on this site, for e-mails."""
    return f"{settings.SITE_URL}{path}"


def send_verification_email(user: User) -> None:
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT)
    link = site_link(reverse("accounts:verify_email", args=[token]))
    patient = getattr(user, "patient", None)  # greet a patient by their preferred name
    name = patient.greeting_name if patient is not None else user.full_name
    body = (f"Hello {name},\n\nPlease confirm your e-mail address for LDN Care:\n"
            f"{link}\n\nThe link works for 3 days. If you did not sign up, ignore this e-mail.\n")
    transaction.on_commit(lambda: send_email.enqueue(user.email, "Confirm your e-mail address", body))


def verify_email(token: str) -> User:
    """Mark the address in ``token`` verified. A replayed token changes nothing."""
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE_S)
    except signing.SignatureExpired:
        raise AccountError("This link has expired. Log in and ask for a new one.") from None
    except signing.BadSignature:
        raise AccountError("This link is not valid. Check that you copied all of it.") from None
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        raise AccountError("This link does not belong to any account.")
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
    return user


@transaction.atomic
def invite_staff(*, admin: User, email: str, role: str) -> Invitation:
    """Invite someone to ``admin``'s organisation in ``role`` and e-mail them."""
    org = admin.organisation
    if not may_manage_staff(admin) or org is None:
        raise AccountError("Only an organisation admin can invite staff.")
    if role not in roles_an_admin_may_invite(org.kind):
        raise AccountError(f"A {org.get_kind_display().lower()} cannot have the role '{role}'.")
    if User.objects.filter(email__iexact=email).exists():
        raise AccountError("Someone with this e-mail address already has an account.")
    token, token_hash = Invitation.new_token()
    invitation = Invitation.objects.create(organisation=org, email=email.lower(), role=role,
                                           invited_by=admin, token_hash=token_hash)
    _send_invitation(invitation, token)
    return invitation


@transaction.atomic
def change_role(*, admin: User, member_id: int, role: str) -> User:
    """Give a member of ``admin``'s organisation another role that belongs in
    it. An admin cannot change their own role (so an organisation is never
    left without the admin who did it, and nobody promotes themselves)."""
    member = members_visible_to(admin).select_for_update().filter(pk=member_id).first()
    if member is None or admin.organisation is None:
        raise AccountError("This person is not a member of your organisation.")
    if member.pk == admin.pk:
        raise AccountError("You cannot change your own role; ask another admin.")
    if role not in roles_an_admin_may_invite(admin.organisation.kind):
        raise AccountError(f"A {admin.organisation.get_kind_display().lower()} cannot have "
                           f"the role '{role}'.")
    member.role = role
    member.save(update_fields=["role"])
    return member


def _other_active_admins(member: User) -> bool:
    return User.objects.filter(organisation=member.organisation, role=Role.ORG_ADMIN,
                               is_active=True).exclude(pk=member.pk).exists()


@transaction.atomic
def set_active(*, admin: User, member_id: int, active: bool) -> User:
    """Deactivate (or reactivate) a member of ``admin``'s organisation. A
    deactivated person cannot log in and their open sessions stop working;
    nothing they did is removed (their name stays on every record). An admin
    cannot deactivate themselves, and the organisation's last active admin is
    never deactivated. Audited (the User model's ``is_active`` is logged)."""
    from ldncare.web.access import members_visible_to

    member = members_visible_to(admin).select_for_update().filter(pk=member_id).first()
    if member is None:
        raise AccountError("This person is not a member of your organisation.")
    if member.pk == admin.pk:
        raise AccountError("You cannot deactivate yourself; ask another admin.")
    if member.is_active == active:
        return member
    if not active and holds_admin_role(member) and not _other_active_admins(member):
        raise AccountError(f"{member.full_name} is the organisation's last admin: make someone "
                           "else admin first.")
    member.is_active = active
    member.save(update_fields=["is_active"])
    if not active:
        _end_sessions_of(member)
    return member


def _end_sessions_of(user: User) -> None:
    """Delete the person's sessions, so a deactivated account is signed out at once
    (Django would refuse an inactive user on the next request anyway)."""
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get(SESSION_KEY)) == str(user.pk):
            session.delete()


@transaction.atomic
def resend_invitation(*, admin: User, invitation_id: int) -> Invitation:
    """A fresh link for an unanswered invitation of ``admin``'s organisation:
    the old link stops working and the new one is valid for 7 days again."""
    if not may_manage_staff(admin) or admin.organisation is None:
        raise AccountError("Only an organisation admin can invite staff.")
    invitation = (Invitation.objects.select_for_update()
                  .filter(pk=invitation_id, organisation=admin.organisation,
                          accepted_at__isnull=True).first())
    if invitation is None:
        raise AccountError("This invitation is not an open invitation of your organisation.")
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise AccountError("Someone with this e-mail address already has an account.")
    token, invitation.token_hash = Invitation.new_token()
    invitation.created_at, invitation.invited_by = timezone.now(), admin
    invitation.save(update_fields=["token_hash", "created_at", "invited_by"])
    _send_invitation(invitation, token)
    return invitation


def _send_invitation(invitation: Invitation, token: str) -> None:
    org, admin = invitation.organisation, invitation.invited_by
    link = site_link(reverse("accounts:accept_invitation", args=[token]))
    body = (f"{admin.full_name} invited you to join {org.name} on LDN Care as "
            f"{Role(invitation.role).label.lower()}.\n\nAccept here (valid for 7 days):\n{link}\n")
    to = invitation.email
    transaction.on_commit(lambda: send_email.enqueue(to, f"Join {org.name} on LDN Care", body))


@transaction.atomic
def update_profile(user: User, *, time_zone: str, full_name: str | None = None,
                   registration_number: str | None = None,
                   registration_jurisdiction: str | None = None) -> User:
    """Save a person's own details. The registration fields are a prescriber's
    only; ``None`` leaves them as they are."""

    fields: dict[str, str] = {"time_zone": time_zone}
    if full_name is not None:  # a patient's (legal) name changes on their identity page
        fields["full_name"] = full_name.strip()
    if signs_prescriptions(user) and registration_number is not None:
        fields |= {"registration_number": registration_number.strip(),
                   "registration_jurisdiction": (registration_jurisdiction or "").strip()}
    locked = User.objects.select_for_update().get(pk=user.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(fields))
    return locked


@transaction.atomic
def set_large_text(user: User, large_text: bool) -> User:
    """Turn the person's larger-text display on or off (every page, every device)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.large_text = large_text
    locked.save(update_fields=["large_text"])
    return locked


@transaction.atomic
def accept_invitation(*, token: str, full_name: str, password: str) -> User:
    """Create the invited person's account; the token then stops working."""
    invitation = Invitation.find(token)
    if invitation is None:
        raise AccountError("This invitation link is not valid.")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if problem := invitation.problem():
        raise AccountError(problem)
    user = User.objects.create_user(
        email=invitation.email, password=password, full_name=full_name, role=invitation.role,
        organisation=invitation.organisation, email_verified_at=timezone.now(),
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user




def pending_totp_device(user: User) -> TOTPDevice:
    """The authenticator app ``user`` is setting up (made on first visit)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, confirmed=False,
                                                 defaults={"name": "Authenticator app"})
    return device


def confirm_totp_device(device: TOTPDevice, token: str) -> bool:
    """Turn two-factor authentication on if ``token`` is the app's current code."""
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def identity_confirmed(user: User, *, password: str, token: str, waive_code: bool = False) -> bool:
    """Whether ``password`` is ``user``'s and ``token`` is their authenticator's
    current code (the code is skipped only for a demo account in demo mode).
    Both are always checked, so the answer takes the same time either way."""
    password_ok = user.check_password(password)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    code_ok = waive_code or (device is not None and device.verify_token(token.strip()))
    return password_ok and code_ok
