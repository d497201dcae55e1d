"""PDF documents rendered from templates with WeasyPrint.

WeasyPrint is imported lazily: the app runs without it (or without Pango),
and a PDF link then answers 503 with the reason instead of a 500.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


class PdfUnavailable(RuntimeError):
    """PDF output is off on this machine; the message says why."""


def render_pdf(template: str, context: dict[str, Any], *, base_url: str = "/") -> bytes:
    """Render ``template`` with ``context`` to PDF bytes."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango or fonts missing
        raise PdfUnavailable(f"PDF output is off: WeasyPrint could not load ({error})") from error
    html = render_to_string(template, context)
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(request: HttpRequest, template: str, context: dict[str, Any],
                 filename: str) -> HttpResponse:
    """A PDF download, or a 503 page saying why PDFs are off."""
    try:
        data = render_pdf(template, {**context, "request": request},
                          base_url=request.build_absolute_uri("/"))
    except PdfUnavailable as error:
        return HttpResponse(str(error), status=503, content_type="text/plain")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
