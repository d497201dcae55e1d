"""Every URL × every role × own/other object answers the status the matrix
expects, and a URL with no row in the matrix fails the suite. Object ids in
the query string (``?patient_id=``) are checked like ids in the path."""

from __future__ import annotations

import pytest

from ldntest.access_matrix import ROLES, collect_rows, url_name_of, url_names
from ldntest.world import log_in

ROWS = collect_rows()


def test_every_url_has_a_row_in_the_access_matrix():
    missing = sorted(url_names() - {url_name_of(key) for key in ROWS})
    assert not missing, f"add rows to tests/web/access_rows_*.py for: {missing}"


def test_the_matrix_names_no_url_that_does_not_exist():
    assert not sorted({url_name_of(key) for key in ROWS} - url_names())


CASES = [(name, who, own) for name, row in sorted(ROWS.items())
         for who in ["anonymous", *ROLES]
         for own in ([True, False] if row.expect_other else [True])]


@pytest.mark.parametrize(("name", "who", "own"), CASES,
                         ids=[f"{n}-{w}-{'own' if o else 'other'}" for n, w, o in CASES])
def test_each_role_gets_the_expected_status(world, client, name, who, own):
    row = ROWS[name]
    url = row.url(name, world, own)
    if who != "anonymous":
        log_in(client, world.users[who])
    response = getattr(client, row.method)(url)
    expected = (row.expect if own else row.expect_other)[who]
    assert response.status_code == expected, f"{who} {row.method.upper()} {url}"
