"""The installable app's own URLs: the web manifest and the service worker at
the site root (a worker controls only the paths under its own URL), and the
patient's push-notification settings."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST

from ldncare.web.care.queries import own_patient
from ldncare.web.decorators import patient_only
from ldncare.web.pwa import services
from ldncare.web.pwa.forms import CalendarAlarmsForm, PushChoicesForm
from ldncare.web.pwa.models import PUSH_KINDS
from ldncare.web.typing import AuthenticatedRequest

THEME_COLOUR = "#1d5c63"  # the header's accent colour (static/css/app.css)
BACKGROUND_COLOUR = "#f6f7f5"


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest: what a phone needs to install LDN Care to its home screen."""
    body = {
        "id": "/", "name": "LDN Care", "short_name": "LDN Care",
        "description": "Your LDN treatment: daily check-in, dose schedule and reminders.",
        "start_url": "/", "scope": "/", "display": "standalone", "orientation": "portrait",
        "lang": "en", "theme_color": THEME_COLOUR, "background_color": BACKGROUND_COLOUR,
        "icons": [
            {"src": static("pwa/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("pwa/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("pwa/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
            {"src": static("pwa/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
        "shortcuts": [{"name": "Daily check-in", "url": "/journal/",
                       "icons": [{"src": static("pwa/icon-192.png"), "sizes": "192x192"}]}],
    }
    response = HttpResponse(json.dumps(body, indent=1),
                            content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@cache
def _worker_source() -> str:
    source = (Path(__file__).parent / "static" / "pwa" / "sw.js").read_text(encoding="utf-8")
    return source.replace("__ICON__", static("pwa/icon-192.png"))


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the root so its scope is the whole site. Never cached
    by the browser's HTTP cache, so a new version reaches phones at once."""
    response = HttpResponse(_worker_source(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@patient_only
def push_settings(request: AuthenticatedRequest) -> HttpResponse:
    """Which reminders come as a phone notification, this phone on or off, and
    when the calendar rings."""
    patient = own_patient(request.user)
    if request.method == "POST":
        form = PushChoicesForm(request.POST)
        if form.is_valid():
            services.save_preferences(patient, form.cleaned_data)
            messages.success(request, "Your notification choices are saved.")
            return redirect("pwa:push_settings")
        return _settings_page(request, patient, push_form=form, status=400)
    return _settings_page(request, patient)


@patient_only
@require_POST
def calendar_alarms(request: AuthenticatedRequest) -> HttpResponse:
    patient = own_patient(request.user)
    form = CalendarAlarmsForm(request.POST)
    if not form.is_valid():
        return _settings_page(request, patient, alarms_form=form, status=400)
    services.save_calendar_alarms(patient, form.cleaned_data["minutes_before"])
    messages.success(request, "Your calendar alarms are saved. A calendar you subscribed to "
                              "picks them up at its next refresh; download the file again "
                              "if you imported it.")
    return redirect("pwa:push_settings")


@patient_only
@require_POST
def push_test(request: AuthenticatedRequest) -> HttpResponse:
    """Send a test notification to each of the patient's phones (through the worker)."""
    from ldncare.web.pwa.tasks import send_push

    patient = own_patient(request.user)
    phones = patient.push_subscriptions.count()
    if not phones:
        messages.error(request, "No phone has notifications turned on yet: turn them on first.")
    else:
        send_push.enqueue(patient.pk, "LDN Care", "Notifications from LDN Care work on this "
                          "phone.", "/push/settings", "test")
        messages.success(request, f"A test notification is on its way to {phones} "
                                  f"phone{'s' if phones > 1 else ''}.")
    return redirect("pwa:push_settings")


def _settings_page(request: AuthenticatedRequest, patient, *,  # type: ignore[no-untyped-def]
                   push_form: PushChoicesForm | None = None,
                   alarms_form: CalendarAlarmsForm | None = None,
                   status: int = 200) -> HttpResponse:
    from ldncare.web.pwa.vapid import application_server_key

    prefs = services.preferences(patient)
    return render(request, "pwa/push_settings.html", {
        "form": push_form or PushChoicesForm(initial={k: getattr(prefs, k) for k in PUSH_KINDS}),
        "alarms_form": alarms_form or CalendarAlarmsForm(
            initial={"minutes_before": list(services.calendar_alarms(patient))}),
        "server_key": application_server_key(),
        "phones": patient.push_subscriptions.count()}, status=status)


def _json_body(request: HttpRequest) -> object:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None


@patient_only
@require_POST
def push_subscribe(request: AuthenticatedRequest) -> HttpResponse:
    """Store this phone's push subscription (JSON: the browser's ``PushSubscription``)."""
    try:
        subscription = services.parse_subscription(_json_body(request))
    except services.PushError as error:
        return JsonResponse({"error": str(error)}, status=400)
    services.subscribe(own_patient(request.user), subscription)
    return JsonResponse({"subscribed": True}, status=201)


@patient_only
@require_POST
def push_unsubscribe(request: AuthenticatedRequest) -> HttpResponse:
    """Forget this phone (JSON: ``{"endpoint": ...}``)."""
    body = _json_body(request)
    endpoint = body.get("endpoint") if isinstance(body, dict) else None
    if not isinstance(endpoint, str) or not endpoint:
        return JsonResponse({"error": "Which phone? The endpoint is missing."}, status=400)
    removed = services.unsubscribe(own_patient(request.user), endpoint)
    return JsonResponse({"removed": removed})
