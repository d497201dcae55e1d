"""Schemathesis throws generated input at every API operation, as every role,
with data behind the paths (a prescribed patient, their order, a batch): no
operation answers a server error, and every answer passes schemathesis's full
check set (declared status, content type, response schema, the one error body).

Half the cases keep schemathesis's own path ids (mostly 404s); the rest use the
world's real ids, so no operation is left at 404/403 only. The live-server run
(``make test-live``) does the same against gunicorn.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ldncare.web.wsgi import application
from ldntest.apiworld import api_headers, build_api_world

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)

#: One role per kind of scope in-process (the live run takes every role).
ROLES = ["patient", "prescriber", "pharmacist"]
#: Every check but "schema-valid data is accepted": a schema cannot say that an
#: order must be verified before it ships or that 0 mg is no dose, so business
#: refusals (400/409) and semantic validation (422) of schema-valid input are
#: correct answers here, not failures.
EXCLUDED = [positive_data_acceptance]


@pytest.fixture
def api_world(db):  # type: ignore[no-untyped-def]
    # Like Django's own test client: the test's transaction holds the connection,
    # so the WSGI handler must not close "old" connections around each request
    # (on PostgreSQL that would close the connection the test is inside).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield build_api_world()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def with_real_ids(case, ids):  # type: ignore[no-untyped-def]
    """``case`` with its path ids replaced by the world's (where it has any)."""
    if case.path_parameters:
        case.path_parameters = {name: ids.get(name, value)
                                for name, value in case.path_parameters.items()}
    return case


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@hypothesis_settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_api_operation_answers_a_server_error_or_breaks_its_schema(case, role, api_world):
    headers = api_headers(api_world.world.users[role])
    case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
    with_real_ids(case, api_world.ids).call_and_validate(headers=headers, excluded_checks=EXCLUDED)
