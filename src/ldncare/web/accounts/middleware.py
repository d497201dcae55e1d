"""Two rules for staff that Django does not enforce by itself:

1. every staff role passes TOTP two-factor authentication before it sees
   anything (demo accounts may skip it only while LDNCARE_DEMO=1);
2. a staff session ends after ``STAFF_IDLE_MINUTES`` without a request.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

#: Paths a staff member may reach before passing 2FA.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/library/", "/favicon")


def two_factor_waived(user) -> bool:  # type: ignore[no-untyped-def]
    return bool(settings.DEMO and user.is_demo)


def needs_two_factor(request: HttpRequest) -> bool:
    user = request.user
    # django_otp's OTPMiddleware attaches is_verified() to request.user at run time;
    # the User stub cannot know it.
    return bool(user.is_authenticated and user.is_staff_role
                and not user.is_verified()  # type: ignore[attr-defined]
                and not two_factor_waived(user))


class StaffSecurityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_staff_role:
            if self._idle_too_long(request):
                logout(request)
                messages.info(request, "You were logged out after a period of inactivity.")
                return redirect(settings.LOGIN_URL)
            if needs_two_factor(request) and not request.path.startswith(OPEN_PREFIXES):
                return self._to_two_factor(request)
        return self.get_response(request)

    @staticmethod
    def _idle_too_long(request: HttpRequest) -> bool:
        now = int(time.time())
        last = request.session.get("last_seen", now)
        request.session["last_seen"] = now
        return now - last > settings.STAFF_IDLE_MINUTES * 60

    @staticmethod
    def _to_two_factor(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor authentication is required."}, status=403)
        has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        return redirect("accounts:otp_verify" if has_device else "accounts:otp_setup")
