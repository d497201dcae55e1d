"""Writes of the installable app: a phone's push subscription, the patient's
push choices, and sending one push message to each of a patient's phones."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ldncare.web.care.models import Patient
from ldncare.web.pwa.models import (
    DEFAULT_CALENDAR_ALARMS,
    PUSH_KINDS,
    CalendarAlarms,
    PushPreferences,
    PushSubscription,
)

log = logging.getLogger(__name__)

#: The push services of the browsers people use. The server posts to the
#: endpoint a browser hands it, so any other host is refused: a subscription
#: must not make the server post to an address of the patient's choosing.
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",               # Chrome, Edge, Samsung Internet, Opera (Android)
    "updates.push.services.mozilla.com",  # Firefox
    "push.apple.com",                   # Safari (web.push.apple.com)
    "notify.windows.com",               # Edge (Windows)
)

#: How long a push service keeps an undelivered reminder: the reminders' look-back.
TIME_TO_LIVE_S = 6 * 3600


class PushError(ValueError):
    """A subscription the server will not store (its message says why)."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def parse_subscription(data: object) -> Subscription:
    """The browser's ``PushSubscription.toJSON()``, checked; raises PushError."""
    if not isinstance(data, dict) or not isinstance(data.get("keys"), dict):
        raise PushError("The phone sent no subscription; try turning notifications on again.")
    endpoint, keys = data.get("endpoint"), data["keys"]
    p256dh, auth = keys.get("p256dh"), keys.get("auth")
    if not all(isinstance(v, str) and v for v in (endpoint, p256dh, auth)):
        raise PushError("The phone's subscription is incomplete; try again.")
    assert isinstance(endpoint, str) and isinstance(p256dh, str) and isinstance(auth, str)
    if len(endpoint) > 1000 or len(p256dh) > 200 or len(auth) > 100:
        raise PushError("The phone's subscription is too long to be real.")
    if not allowed_endpoint(endpoint):
        raise PushError("This browser's push service is not one LDN Care sends to.")
    return Subscription(endpoint, p256dh, auth)


def allowed_endpoint(endpoint: str) -> bool:
    parts = urlsplit(endpoint)
    extra = tuple(getattr(settings, "PUSH_EXTRA_SERVICE_HOSTS", ()))  # tests: a local receiver
    host = parts.hostname or ""
    if parts.scheme != "https" and not (extra and host in extra):
        return False
    return any(host == h or host.endswith("." + h) for h in (*PUSH_SERVICE_HOSTS, *extra))


@transaction.atomic
def subscribe(patient: Patient, subscription: Subscription) -> PushSubscription:
    """Store this phone's subscription (a browser re-subscribing keeps one row)."""
    row = PushSubscription.objects.select_for_update().filter(
        endpoint=subscription.endpoint).first()
    if row is not None and row.patient_id != patient.pk:
        row.delete()  # the browser now belongs to someone else's log-in
        row = None
    if row is None:
        row = PushSubscription(patient=patient, endpoint=subscription.endpoint)
    row.p256dh, row.auth = subscription.p256dh, subscription.auth
    row.save()
    return row


@transaction.atomic
def unsubscribe(patient: Patient, endpoint: str) -> int:
    """Forget this phone; how many subscriptions were removed (0 or 1)."""
    removed = 0
    for row in PushSubscription.objects.filter(patient=patient, endpoint=endpoint):
        row.delete()
        removed += 1
    return removed


def preferences(patient: Patient) -> PushPreferences:
    """The patient's push choices (all off when never chosen; not saved). Read
    through the patient, so a caller that ``select_related("push_preferences")``
    (the reminder run over every active patient) pays no query per patient."""
    try:
        return patient.push_preferences
    except PushPreferences.DoesNotExist:
        return PushPreferences(patient=patient)


@transaction.atomic
def save_preferences(patient: Patient, wanted: dict[str, bool]) -> PushPreferences:
    prefs = PushPreferences.objects.select_for_update().filter(patient=patient).first()
    prefs = prefs or PushPreferences(patient=patient)
    for kind in PUSH_KINDS:
        setattr(prefs, kind, bool(wanted.get(kind, False)))
    prefs.updated_at = timezone.now()
    prefs.save()
    return prefs


def calendar_alarms(patient: Patient) -> tuple[int, ...]:
    """Minutes before each dose the patient's calendar rings (0: at the time)."""
    found = CalendarAlarms.objects.filter(patient=patient).first()
    return tuple(found.minutes_before if found is not None else DEFAULT_CALENDAR_ALARMS)


@transaction.atomic
def save_calendar_alarms(patient: Patient, minutes_before: list[int]) -> CalendarAlarms:
    row = CalendarAlarms.objects.select_for_update().filter(patient=patient).first()
    row = row or CalendarAlarms(patient=patient)
    row.minutes_before, row.updated_at = sorted(set(minutes_before)), timezone.now()
    row.save()
    return row


def wants_push(patient: Patient, kind: str) -> bool:
    """Whether a reminder of ``kind`` should be pushed: chosen, and a phone to push to."""
    return (preferences(patient).wants(kind)
            and PushSubscription.objects.filter(patient=patient).exists())


def topic(tag: str) -> str:
    """A push ``Topic`` header (≤ 32 URL-safe characters): a push service keeps
    only the newest undelivered message of one topic, so a resend replaces."""
    return hashlib.sha256(tag.encode()).hexdigest()[:32]


def push_to_patient(patient_id: int, title: str, body: str, url: str, tag: str) -> int:
    """Send one notification to each of the patient's phones; return how many push
    services accepted it. A 404 or 410 answer means the subscription has ended:
    it is deleted. Other failures are logged and the subscription kept."""
    from pywebpush import WebPushException, webpush
    from requests import RequestException

    from ldncare.web.pwa.vapid import claims, server_key

    message = json.dumps({"title": title, "body": body, "url": url, "tag": tag})
    accepted = 0
    for row in PushSubscription.objects.filter(patient_id=patient_id):
        try:
            webpush(row.as_webpush(), message, vapid_private_key=server_key(),
                    vapid_claims=claims(), ttl=TIME_TO_LIVE_S, timeout=10,
                    headers={"Topic": topic(tag), "Urgency": "normal"})
        except WebPushException as error:
            status = getattr(error.response, "status_code", None)
            if status in (404, 410):
                row.delete()
            else:
                log.warning("push to subscription %s failed: %s", row.pk, status or error)
        except RequestException as error:
            log.warning("push to subscription %s failed: %s", row.pk, type(error).__name__)
        else:
            accepted += 1
            row.last_sent_at = timezone.now()
            row.save(update_fields=["last_sent_at"])
    return accepted
