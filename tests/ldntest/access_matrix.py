"""The machinery of the access matrix (rows live in ``access_rows_*.py``)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: Where the ``access_rows_*.py`` files live.
ROWS_DIR = Path(__file__).resolve().parent.parent / "web"

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
    #: Query parameters (e.g. ``?patient_id=``) built like ``kwargs``: an API
    #: that takes an object id in the query string is scoped like a path id.
    query: Callable[[Any, bool], dict[str, Any]] | None = None

    def url(self, key: str, world: Any, own: bool = True) -> str:
        url = reverse(url_name_of(key), kwargs=self.kwargs(world, own) if self.kwargs else None)
        if self.query:
            url += "?" + "&".join(f"{k}={v}" for k, v in self.query(world, own).items())
        return url


def url_name_of(key: str) -> str:
    """A row's URL name: a key may add a note after a space, so one URL can
    have a second row (``"api:list_check_ins ?patient_id"``)."""
    return key.split(" ")[0]


def collect_rows(folder: Path = ROWS_DIR) -> dict[str, Row]:
    """Every row of every ``access_rows_*.py`` under ``folder``, by URL name."""
    rows: dict[str, Row] = {}
    for path in sorted(folder.glob("**/access_rows_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, row in module.ROWS.items():
            assert name not in rows, f"{name} has two rows ({path.name})"
            rows[name] = row
    return rows


def url_names(patterns: Any = None, namespace: str = "") -> set[str]:
    """The names of every URL the project serves (``app:name``)."""
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names
