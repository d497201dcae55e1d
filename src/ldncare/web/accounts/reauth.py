"""Re-authentication for sensitive actions.

A verified staff session is not enough to invite staff, change a clinic's
safety settings or take research data out of the system: the person confirms
their password and a fresh two-factor code first, and the confirmation counts
for ``REAUTH_MINUTES`` (a setting). A stolen, unlocked laptop then cannot be
used to add an accomplice or loosen a dose ceiling.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

#: Session key: when (epoch seconds) the person last confirmed who they are.
CONFIRMED_AT = "identity_confirmed_at"


def recently_confirmed(request: HttpRequest) -> bool:
    confirmed = request.session.get(CONFIRMED_AT)
    return confirmed is not None and time.time() - confirmed <= settings.REAUTH_MINUTES * 60


def mark_confirmed(request: HttpRequest) -> None:
    request.session[CONFIRMED_AT] = int(time.time())


def is_post(request: HttpRequest) -> bool:
    return request.method == "POST"


def ask_to_confirm(request: HttpRequest) -> HttpResponse:
    """Send the person to confirm who they are, then back to this page. A
    POST is not replayed: they make the change again, knowingly."""
    if request.method == "POST":
        messages.info(request, "Nothing was changed yet. Confirm it is you, "
                               "then make the change again.")
    back = request.get_full_path() if request.method == "GET" else request.path
    return redirect(f"{reverse('accounts:confirm_identity')}?{urlencode({'next': back})}")


def sensitive_action(when: Callable[[HttpRequest], bool] = is_post) -> Callable[..., Any]:
    """Guard a view: when ``when(request)`` holds (by default: a POST), the
    person must have confirmed password and code within ``REAUTH_MINUTES``;
    otherwise they are sent to confirm it, and come back to the page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if when(request) and not recently_confirmed(request):
                return ask_to_confirm(request)
            return view(request, *args, **kwargs)

        return guarded

    return decorator
