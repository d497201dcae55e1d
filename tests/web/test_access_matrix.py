"""Every URL × every role × own/other object answers the status the matrix
expects, and a URL with no row in the matrix fails the suite."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ldntest.access_matrix import ROLES, Row
from ldntest.world import log_in

HERE = Path(__file__).parent


def collect_rows() -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for path in sorted(HERE.glob("**/access_rows_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, row in module.ROWS.items():
            assert name not in rows, f"{name} has two rows ({path.name})"
            rows[name] = row
    return rows


def url_names(patterns=None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


ROWS = collect_rows()


def test_every_url_has_a_row_in_the_access_matrix():
    missing = sorted(url_names() - set(ROWS))
    assert not missing, f"add rows to tests/web/access_rows_*.py for: {missing}"


def test_the_matrix_names_no_url_that_does_not_exist():
    assert not sorted(set(ROWS) - url_names())


CASES = [(name, who, own) for name, row in sorted(ROWS.items())
         for who in ["anonymous", *ROLES]
         for own in ([True, False] if row.expect_other else [True])]


@pytest.mark.parametrize(("name", "who", "own"), CASES,
                         ids=[f"{n}-{w}-{'own' if o else 'other'}" for n, w, o in CASES])
def test_each_role_gets_the_expected_status(world, client, name, who, own):
    row = ROWS[name]
    url = reverse(name, kwargs=row.kwargs(world, own) if row.kwargs else None)
    if who != "anonymous":
        log_in(client, world.users[who])
    response = getattr(client, row.method)(url)
    expected = (row.expect if own else row.expect_other)[who]
    assert response.status_code == expected, f"{who} {row.method.upper()} {url}"
