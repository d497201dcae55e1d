"""The consent gate: a patient who does not hold the current version of every
required consent document (a new version was published, or they withdrew
one) is sent to "Your consents" before anything else. Like the staff 2FA
rule, the pages reachable meanwhile are an allow-list of URL names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from ldncare.web.access import owes_consent_check

#: What a patient may reach while a required consent is outstanding.
BEFORE_CONSENT = frozenset({
    "care:consents",
    "care:consent_withdraw",
    "accounts:login",
    "accounts:logout",
    "accounts:verify_email",
    "accounts:resend_verification",
})


class ConsentGateMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any],
                     view_args: Any, view_kwargs: Any) -> HttpResponse | None:
        match = request.resolver_match
        if match is None or match.view_name in BEFORE_CONSENT:
            return None
        if not owes_consent_check(request.user):  # type: ignore[arg-type]
            return None
        from ldncare.web.care.identity_services import outstanding_consents
        from ldncare.web.care.models import Patient

        try:
            # Through the user, so the view's ``request.user.patient`` reuses this row.
            patient = request.user.patient  # type: ignore[union-attr]
        except Patient.DoesNotExist:
            patient = None
        if patient is None or not outstanding_consents(patient):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "Please agree to the updated consent documents "
                                           "in LDN Care first."}, status=403)
        target = reverse("care:consents")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
