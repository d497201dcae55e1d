"""The error body every API endpoint declares, so clients (and schemathesis)
know what a 400, 403, 404, 409 or 422 looks like."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    detail: Any


#: Merge into an operation's ``response=`` mapping.
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                   409: ErrorOut, 422: ErrorOut}


def responses(ok: Any, status: int = 200) -> dict[int, Any]:
    """``{status: ok}`` plus every declared error response."""
    return {status: ok, **ERRORS}
