"""View guards that answer 403 with a page a person understands."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ldncare.web.accounts.roles import Role


def forbidden(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "403.html", {"message": message}, status=403)


def requires(predicate: Callable[[Any], bool], message: str) -> Callable[..., Any]:
    """Log-in required, then ``predicate(user)`` must hold, else 403 with ``message``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not predicate(request.user):
                return forbidden(request, message)
            return view(request, *args, **kwargs)

        return guarded

    return decorator


clinic_team_only = requires(lambda u: u.is_clinic_member, "This page is for the clinic team.")
prescriber_only = requires(lambda u: u.role == Role.PRESCRIBER, "Only a prescriber can do this.")
pharmacy_team_only = requires(lambda u: u.is_pharmacy_member, "This page is for the pharmacy team.")
pharmacist_only = requires(lambda u: u.role == Role.PHARMACIST, "Only a pharmacist can do this.")
patient_only = requires(lambda u: u.role == Role.PATIENT, "This page is for patients.")
admin_only = requires(lambda u: u.role == Role.ORG_ADMIN, "Only an organisation admin can do this.")
