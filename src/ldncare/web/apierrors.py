"""The one error body of the API, and the bounded input types every schema uses.

Every refusal, whatever its status (400 business refusal, 401 not logged in,
403 a role that may see but not act, 404 out of scope, 409 changed meanwhile,
422 invalid input), answers::

    {"detail": "what went wrong, in one sentence",
     "errors": [{"field": "day", "message": "..."}]}

``errors`` names each field at fault (empty when the refusal is not about one
field). Every operation declares these statuses with :data:`ERRORS` so that
clients and schemathesis know the shape.

The bounded types keep input inside what the database and the core can hold
(SQLite and PostgreSQL alike): integers within 64 bits, text without NUL
characters and with a length, dates inside the product's ranges
(``ldncare.dateranges``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, time, timedelta
from typing import Annotated, Any

from django.utils import timezone
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, field_validator

from ldncare.dateranges import (
    PLAN_HORIZON_YEARS,
    RECORD_HORIZON_YEARS,
    planning_window,
    record_window,
)


class FieldErrorOut(Schema):
    field: str = Field(..., description="the input field at fault, dotted for nested ones")
    message: str


class ErrorOut(Schema):
    """The body of every 4xx answer of the API."""

    detail: str
    errors: list[FieldErrorOut] = []


#: Merge into an operation's ``response=`` mapping.
ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut,
                                   409: ErrorOut, 422: ErrorOut}


def responses(ok: Any, status: int = 200) -> dict[int, Any]:
    """``{status: ok}`` plus every declared error response."""
    return {status: ok, **ERRORS}


def error_body(detail: str, errors: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    """The documented body: ``detail`` plus ``(field, message)`` pairs."""
    return {"detail": detail, "errors": [{"field": f, "message": m} for f, m in errors]}


class ApiError(HttpError):
    """A refusal with the documented body; ``field`` names the input at fault."""

    def __init__(self, status: int, detail: str, field: str = "",
                 errors: Mapping[str, str] | None = None) -> None:
        super().__init__(status, detail)
        pairs = dict(errors or {})
        if field and field not in pairs:
            pairs[field] = detail
        self.errors = list(pairs.items())

    def body(self) -> dict[str, Any]:
        return error_body(str(self), self.errors)


def field_of(location: Iterable[Any]) -> str:
    """A pydantic/ninja error location as a field name: ``("body", "payload",
    "day")`` is ``day``; list positions stay (``weights.2``)."""
    parts = [str(p) for p in location]
    while parts and parts[0] in ("body", "query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
        # ninja nests the body under the view's argument name (``payload``, ``body``…)
        if len(parts) > 1 and parts[0] in _ARGUMENT_NAMES:
            parts = parts[1:]
    return ".".join(parts) or "body"


_ARGUMENT_NAMES = {"payload", "body", "change", "params", "data"}


def validation_body(errors: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """ninja's list of pydantic errors as the documented body."""
    pairs = [(field_of(e.get("loc", ())), str(e.get("msg", "invalid value"))) for e in errors]
    first = f"{pairs[0][0]}: {pairs[0][1]}" if pairs else "The request is not valid."
    more = f" (and {len(pairs) - 1} more)" if len(pairs) > 1 else ""
    return error_body(f"Check the input: {first}{more}", pairs)


# --- bounded input types -------------------------------------------------------

#: The largest integer both databases store (a signed 64-bit BIGINT).
DB_INT_MAX = 2**63 - 1


def _no_nul(value: Any) -> Any:
    """Refuse NUL characters anywhere in the input (PostgreSQL cannot store them)."""
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("text may not contain NUL (\\u0000) characters")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _no_nul(key)
            _no_nul(item)
    elif isinstance(value, list | tuple):
        for item in value:
            _no_nul(item)
    return value


class In(Schema):
    """Base of every API input schema: no NUL character in any text, however
    deeply nested (a JSON answer set included)."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        return _no_nul(value)


def _in_planning_window(day: date) -> date:
    # The server's today with a day's slack either side: the core checks the
    # patient's own today again.
    window = planning_window(timezone.now().date())
    if not (window.earliest < day < window.latest):
        raise ValueError(f"must be within the planning horizon ({window.earliest.isoformat()} "
                         f"to {window.latest.isoformat()})")
    return day


def _in_record_window(day: date) -> date:
    window = record_window(timezone.now().date())
    if day not in window:
        raise ValueError(f"must be within {RECORD_HORIZON_YEARS} years of today")
    return day


def _not_after_tomorrow(day: date) -> date:
    # Check-ins: the core checks the patient's own range (from just before they
    # joined to their today); the schema refuses what no time zone makes valid.
    today = timezone.now().date()
    if not (planning_window(today).earliest <= day <= today + timedelta(days=1)):
        raise ValueError(f"must be a day from the past {PLAN_HORIZON_YEARS} years up to today")
    return day


def _local_clock_time(value: time) -> time:
    if value.tzinfo is not None:
        raise ValueError("give the local clock time without a zone offset, e.g. 21:30")
    return value


#: A date of a plan, a dose change, a follow-up or a batch (see ``ldncare.dateranges``).
PlanDate = Annotated[date, AfterValidator(_in_planning_window)]
#: A recorded date: a starting material's expiry, a last opioid dose.
RecordDate = Annotated[date, AfterValidator(_in_record_window)]
#: A check-in day: at most two years back and not after today (the core narrows it).
CheckInDay = Annotated[date, AfterValidator(_not_after_tomorrow)]
#: A clock time on the patient's own clock (no zone offset).
ClockTime = Annotated[time, AfterValidator(_local_clock_time)]
#: A version or id the client sends back.
Version = Annotated[int, Field(ge=0, le=DB_INT_MAX)]


def require(allowed: bool, detail: str) -> None:
    """Refuse with 403 and the one error body when the user's role may not do
    this (``allowed`` comes from a permission in :mod:`ldncare.web.access`).
    An object outside the user's scope is a 404 from the scoped query instead."""
    if not allowed:
        raise ApiError(403, detail)
