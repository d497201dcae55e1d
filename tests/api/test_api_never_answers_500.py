"""Schemathesis throws generated input at every API operation, as a logged-in
clinic prescriber: no operation may answer with a server error, and every
status it answers must be one the schema declares."""

from __future__ import annotations

import pytest
import schemathesis
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ldncare.web.wsgi import application
from ldntest.world import build_world, enrol_totp_session_data

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


def session_cookie(user) -> str:  # type: ignore[no-untyped-def]
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(enrol_totp_session_data(user))
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


@pytest.fixture
def cookie(db):  # type: ignore[no-untyped-def]
    # Like Django's own test client: the test's transaction holds the connection,
    # so the WSGI handler must not close "old" connections around each request
    # (on PostgreSQL that would close the connection the test is inside).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield session_cookie(build_world().users["prescriber"])
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@hypothesis_settings(max_examples=10, deadline=None,
                     suppress_health_check=list(HealthCheck))
@pytest.mark.django_db
def test_no_api_operation_answers_with_a_server_error(case, cookie):
    response = case.call(headers={"Cookie": cookie})
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    declared = {str(code) for code in case.operation.definition.raw.get("responses", {})}
    declared.add("405")  # schemathesis also tries methods the operation does not have
    assert str(response.status_code) in declared or "default" in declared, (
        f"{case.method} {case.formatted_path} answered undeclared {response.status_code}")
