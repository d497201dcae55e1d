"""Log-in with TOTP for staff, e-mail verification,
invitations. Views are thin: they parse, call a service, render."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import TypeVar

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ldncare.web.access import members_visible_to, owes_consent_check, signs_prescriptions
from ldncare.web.accounts import reauth, services
from ldncare.web.accounts.forms import (
    AcceptInvitationForm,
    ConfirmIdentityForm,
    InviteForm,
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    TokenForm,
)
from ldncare.web.accounts.middleware import two_factor_waived
from ldncare.web.accounts.models import Invitation
from ldncare.web.accounts.roles import roles_an_admin_may_invite
from ldncare.web.decorators import admin_only, forbidden
from ldncare.web.typing import AuthenticatedRequest

T = TypeVar("T")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        services.verify_email(token)
    except services.AccountError as error:
        return render(request, "accounts/message.html",
                      {"title": "We could not confirm your e-mail", "message": str(error)},
                      status=400)
    messages.success(request, "Your e-mail address is confirmed. You can log in now.")
    return redirect("home" if request.user.is_authenticated else "accounts:login")


@login_required
def resend_verification(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST" and not request.user.email_verified:
        services.send_verification_email(request.user)
        messages.info(request, "We sent you a new confirmation link.")
    return redirect("home")


def safe_next(request: HttpRequest, default: str = "home") -> str:
    """Where to go after a step: ``next`` only when it stays on this site
    (an off-site ``next`` would make a phishing page look like ours)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


def _confirmed_device(user) -> TOTPDevice | None:  # type: ignore[no-untyped-def]
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def _keep_next(request: HttpRequest, name: str) -> str:
    url = reverse(name)
    target = safe_next(request, default="")
    return f"{url}?{urlencode({'next': target})}" if target else url


@login_required
def otp_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Show a QR code for a new authenticator app and confirm it with one code."""
    if _confirmed_device(request.user):
        return redirect(_keep_next(request, "accounts:otp_verify"))
    device = services.pending_totp_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_totp_device(device, form.cleaned_data["token"].strip()):
            otp_login(request, device)
            reauth.mark_confirmed(request)  # password and code, just now
            messages.success(request, "Two-factor authentication is on.")
            return redirect(safe_next(request))
        form.add_error("token", "That code did not match. Check the time on your phone and try again.")
    secret = base64.b32encode(device.bin_key).decode()
    qr = segno.make(device.config_url, micro=False).svg_inline(scale=4, omitsize=False)
    return render(request, "accounts/otp_setup.html", {"form": form, "qr": qr, "secret": secret})


@login_required
def otp_verify(request: AuthenticatedRequest) -> HttpResponse:
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(_keep_next(request, "accounts:otp_setup"))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            reauth.mark_confirmed(request)  # password and code, just now
            return redirect(safe_next(request))
        form.add_error("token", "That code did not match. Codes change every 30 seconds.")
    return render(request, "accounts/otp_verify.html", {"form": form})


#: Wrong confirmations in one session before it is ended.
CONFIRM_ATTEMPTS = 5


@login_required
def confirm_identity(request: AuthenticatedRequest) -> HttpResponse:
    """Password and a fresh code again, before a sensitive action."""
    waived = two_factor_waived(request.user)
    form = ConfirmIdentityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.identity_confirmed(request.user, password=form.cleaned_data["password"],
                                       token=form.cleaned_data["token"] or "", waive_code=waived):
            reauth.mark_confirmed(request)
            request.session.pop("confirm_failures", None)
            return redirect(safe_next(request))
        failures = request.session.get("confirm_failures", 0) + 1
        if failures >= CONFIRM_ATTEMPTS:
            logout(request)
            messages.error(request, "Too many wrong confirmations: you were logged out.")
            return redirect("accounts:login")
        request.session["confirm_failures"] = failures
        form.add_error(None, "The password or the code did not match.")
    return render(request, "accounts/confirm_identity.html",
                  {"form": form, "waived": waived, "minutes": settings.REAUTH_MINUTES})


@admin_only
@reauth.sensitive_action()
def team(request: AuthenticatedRequest) -> HttpResponse:
    """An admin's organisation: members, open invitations, and the invite form."""
    org = request.user.organisation
    if org is None:  # e.g. a superuser made with `ldncare manage createsuperuser`
        return forbidden(request, "Your account belongs to no organisation, so it has no team.")
    form = InviteForm(request.POST or None, roles=roles_an_admin_may_invite(org.kind))
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_staff(admin=request.user, **form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Invitation sent to {form.cleaned_data['email']}.")
            return redirect("accounts:team")
    invitations = Invitation.objects.filter(organisation=org, accepted_at__isnull=True)
    members = members_visible_to(request.user)
    return render(request, "accounts/team.html", {
        "form": form, "members": members.order_by("-is_active", "full_name"),
        "invitations": invitations, "organisation": org,
        "roles": roles_an_admin_may_invite(org.kind),
    })


@login_required
def profile(request: AuthenticatedRequest) -> HttpResponse:
    """A person's own details; a prescriber's licence number is printed on their
    prescriptions."""
    user = request.user
    prescriber = signs_prescriptions(user)
    is_patient = owes_consent_check(user)
    initial = {"full_name": user.full_name, "time_zone": user.time_zone,
               "registration_number": user.registration_number,
               "registration_jurisdiction": user.registration_jurisdiction}
    form = ProfileForm(request.POST or None, initial=initial, prescriber=prescriber,
                       patient=is_patient)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user, **form.cleaned_data)
        messages.success(request, "Your details are saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html",
                  {"form": form, "prescriber": prescriber, "is_patient": is_patient},
                  status=400 if form.errors else 200)


@require_POST
@admin_only
@reauth.sensitive_action()
def change_role(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    """An admin gives a member of their organisation another role."""
    return _back_to_team(
        request, lambda: services.change_role(admin=request.user, member_id=member_id,
                                              role=request.POST.get("role", "")),
        lambda member: f"{member.full_name} is now {member.get_role_display().lower()}.")


@require_POST
@admin_only
@reauth.sensitive_action()
def set_active(request: AuthenticatedRequest, member_id: int) -> HttpResponse:
    """An admin deactivates a member (they can no longer log in; their history
    stays) or reactivates them."""
    active = request.POST.get("active") == "1"
    done = "can log in again" if active else "is deactivated: they can no longer log in"
    return _back_to_team(
        request, lambda: services.set_active(admin=request.user, member_id=member_id,
                                             active=active),
        lambda member: f"{member.full_name} {done}.")


@require_POST
@admin_only
@reauth.sensitive_action()
def resend_invitation(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    return _back_to_team(
        request, lambda: services.resend_invitation(admin=request.user,
                                                    invitation_id=invitation_id),
        lambda invitation: f"A new invitation link was sent to {invitation.email}.")


def _back_to_team(request: HttpRequest, act: Callable[[], T],
                  said: Callable[[T], str]) -> HttpResponse:
    """Run a team action (a service call), say how it went, and go back to the
    team page: the refusal's own words, or ``said`` of what it returned."""
    try:
        result = act()
    except services.AccountError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, said(result))
    return redirect("accounts:team")


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = Invitation.find(token)
    problem = "This invitation link is not valid." if invitation is None else invitation.problem()
    if problem:
        return render(request, "accounts/message.html",
                      {"title": "This invitation cannot be used", "message": problem}, status=400)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_invitation(token=token, **form.cleaned_data)
        except services.AccountError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Your account is ready. Log in to set up two-factor authentication.")
            return redirect("accounts:login")
    return render(request, "accounts/accept_invitation.html",
                  {"form": form, "invitation": invitation})


password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/message.html",
    extra_context={"title": "Check your e-mail",
                   "message": "If an account uses that address, we sent it a link to choose a new password."},
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:login"),
)
