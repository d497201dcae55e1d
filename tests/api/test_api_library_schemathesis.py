"""Schemathesis against the library's part of the OpenAPI document: no 500s, and
every answer matches its declared schema (status, content type, body).

The positive-data check is left out: the simulator's limits that depend on
several fields at once (a dose string above 0 and at most 50 mg, population x
time points) are answered with the declared 422, which that check counts as a
rejected valid request."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ldncare.web.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application).include(
    path_regex="^/api/library/")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_library_api_honours_its_schema(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
