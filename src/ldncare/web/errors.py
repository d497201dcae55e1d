"""The answer when something fails on our side (a bug): a plain page for
people, the API's one error body for API clients. Neither shows a traceback
or any patient data; the error itself is logged by Django."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

from ldncare.web.apierrors import error_body

MESSAGE = ("Something went wrong on our side and nothing was changed. "
           "Please try again; if it happens again, tell your clinic or pharmacy.")


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: JSON under /api/, else the standalone ``500.html``
    (rendered without a request context, so it cannot fail the same way)."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(MESSAGE), status=500)
    return HttpResponse(loader.get_template("500.html").render({"message": MESSAGE}), status=500)
