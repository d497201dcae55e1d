"""Whose clock a time is shown on: the viewer's own time zone.

Every person has a time zone (chosen at sign-up, changed on their profile).
Pages render stored moments (UTC in the database) on that clock, so a patient in
Auckland and a prescriber in London each read their own local times.
``zone_of`` is the one rule for turning the stored name into a zone; the
patient's "today" (``care.treatment.patient_today``) builds on it.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone


def zone_of(user: object) -> ZoneInfo:
    """``user``'s time zone; UTC for a visitor, an empty name or an unknown one
    (never the server's own zone)."""
    name = getattr(user, "time_zone", "") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


class ViewerTimeZoneMiddleware:
    """Render every time in a response on the signed-in viewer's clock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_of(user))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
