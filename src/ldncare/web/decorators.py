"""View guards that answer 403 with a page a person understands.

The refusal policy: a guard here refuses a *role* (403: the page exists, but
not for you); an object outside the user's scope is not found (404) by the
scoped querysets of :mod:`ldncare.web.access`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ldncare.web import access


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


# Each guard names a permission of :mod:`ldncare.web.access`; none decides a rule itself.
clinic_team_only = requires(access.is_clinic_team, "This page is for the clinic team.")
prescriber_only = requires(access.signs_prescriptions, "Only a prescriber can do this.")
pharmacy_team_only = requires(access.is_pharmacy_team, "This page is for the pharmacy team.")
bench_only = requires(access.works_at_bench,
                      "Only the pharmacy's technicians and pharmacists can do this.")
pharmacist_only = requires(access.is_pharmacist, "Only a pharmacist can do this.")
patient_only = requires(access.is_patient, "This page is for patients.")
admin_only = requires(access.is_org_admin, "Only an organisation admin can do this.")
