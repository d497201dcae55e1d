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

from ldncare.web.decorators import patient_only
from ldncare.web.journal.queries import own_patient
from ldncare.web.pwa import services
from ldncare.web.pwa.forms import PushChoicesForm
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
    """Which reminders come as a phone notification, and this phone on or off."""
    from ldncare.web.pwa.vapid import application_server_key

    patient = own_patient(request.user)
    if request.method == "POST":
        form = PushChoicesForm(request.POST)
        if form.is_valid():
            services.save_preferences(patient, form.cleaned_data)
            messages.success(request, "Your notification choices are saved.")
            return redirect("pwa:push_settings")
        status = 400
    else:
        prefs = services.preferences(patient)
        form = PushChoicesForm(initial={k: getattr(prefs, k) for k in PUSH_KINDS})
        status = 200
    return render(request, "pwa/push_settings.html", {
        "form": form, "server_key": application_server_key(),
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
