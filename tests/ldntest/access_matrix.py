"""The machinery of the access matrix (rows live in ``access_rows_*.py``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ["patient", "prescriber", "clinic_staff", "clinic_admin", "pharmacist",
         "pharmacy_technician", "pharmacy_admin"]
STAFF = ROLES[1:]
#: Where an anonymous visitor to a private page is sent.
ANON_PAGE = 302


def everyone(status: int, *, anonymous: int) -> dict[str, int]:
    return {**{role: status for role in ROLES}, "anonymous": anonymous}


def staff(status: int) -> dict[str, int]:
    return {role: status for role in STAFF}


@dataclass
class Row:
    expect: dict[str, int]
    kwargs: Callable[[Any, bool], dict[str, Any]] | None = None
    #: Statuses for an object outside the user's scope; only for object URLs.
    expect_other: dict[str, int] = field(default_factory=dict)
    method: str = "get"
