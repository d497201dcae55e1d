"""The JSON API (django-ninja): one router per app, mounted under /api/.

Authentication is the browser session (staff pass 2FA first, enforced by
middleware). Doses travel as decimal strings or integer micrograms, never
floats. Every operation declares its error responses (see ``apierrors``).
"""

from __future__ import annotations

import importlib

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

api = NinjaAPI(title="LDN Care API", version="1", auth=django_auth, urls_namespace="api")

#: Apps whose ``api.router`` is mounted at /api/<prefix>/.
ROUTERS = (
    ("care", "ldncare.web.care.api"),
    ("library", "ldncare.web.library.api"),
    ("journal", "ldncare.web.journal.api"),
    ("pharmacy", "ldncare.web.pharmacy.api"),
    ("insights", "ldncare.web.insights.api"),
)

for prefix, module in ROUTERS:
    api.add_router(f"/{prefix}/", importlib.import_module(module).router)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Log in first."}, status=401)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
