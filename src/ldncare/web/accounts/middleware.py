"""Rules for staff sessions that Django does not enforce by itself:

1. every staff role passes TOTP two-factor authentication before it sees
   anything (demo accounts may skip it only while LDNCARE_DEMO=1). Before
   that, a password-only session reaches exactly the named URLs in
   :data:`BEFORE_TWO_FACTOR` — an allow-list, not a path prefix, so a new
   page can never be reachable with a password alone by accident;
2. a staff session ends after ``STAFF_IDLE_MINUTES`` without a request;
3. no response that may carry patient data is kept by a browser or proxy
   cache (``Cache-Control: no-store``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django_otp.plugins.otp_totp.models import TOTPDevice

#: The only URL names a staff member may reach before passing 2FA: what it
#: takes to log in, set up or pass two-factor, and log out.
BEFORE_TWO_FACTOR = frozenset({
    "accounts:login",
    "accounts:logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
})


#: How stale the recorded "last seen" of a staff session may get (seconds).
LAST_SEEN_EVERY_S = 60


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
        if user.is_authenticated and user.is_staff_role and self._idle_too_long(request):
            logout(request)
            messages.info(request, "You were logged out after a period of inactivity.")
            return redirect(settings.LOGIN_URL)
        response = self.get_response(request)
        # Every page here is dynamic, and most show someone's health data: never
        # let a shared computer's browser cache or a proxy keep a copy.
        patch_cache_control(response, no_store=True, private=True)
        return response

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any],
                     view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        """Runs once the URL is resolved, so the allow-list is by URL name."""
        if not needs_two_factor(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in BEFORE_TWO_FACTOR:
            return None
        return self._to_two_factor(request)

    @staticmethod
    def _idle_too_long(request: HttpRequest) -> bool:
        now = int(time.time())
        last = request.session.get("last_seen", now)
        # Written at most once a minute: a session save is a database write, and
        # on every request it was a staff page's largest fixed cost. The idle
        # log-out may so come up to a minute early, never late.
        if "last_seen" not in request.session or now - last >= LAST_SEEN_EVERY_S:
            request.session["last_seen"] = now
        return now - last > settings.STAFF_IDLE_MINUTES * 60

    @staticmethod
    def _to_two_factor(request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Two-factor authentication is required."}, status=403)
        has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
        url = reverse("accounts:otp_verify" if has_device else "accounts:otp_setup")
        wanted = request.get_full_path()
        if request.method == "GET" and wanted != reverse(settings.LOGIN_REDIRECT_URL):
            url += "?" + urlencode({"next": wanted})  # back to the page asked for, after
        return redirect(url)
