"""The JSON API (django-ninja): one router per app, mounted under /api/.

Authentication is the browser session (staff pass 2FA first, enforced by
middleware). Doses travel as decimal strings or integer micrograms, never
floats. Every refusal answers the one error body of ``apierrors``
(``{"detail", "errors": [{"field", "message"}]}``), declared on every operation.
"""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from ldncare.web.apierrors import ApiError, error_body, validation_body

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
    return api.create_response(request, validation_body(exc.errors), status=422)


@api.exception_handler(AuthenticationError)
def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, error_body("Log in first."), status=401)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # The same answer for "does not exist" and "not yours" (the refusal policy).
    return api.create_response(request, error_body("Not found."), status=404)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, error_body(str(exc) or "Not allowed."), status=403)


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
    return api.create_response(
        request, error_body(f"The request body is larger than {limit // 1000:,} kB."), status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body = exc.body() if isinstance(exc, ApiError) else error_body(str(exc))
    return api.create_response(request, body, status=exc.status_code)
