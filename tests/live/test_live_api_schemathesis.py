"""Schemathesis against a LIVE gunicorn (``make test-live``), as every role.

A fresh database (SQLite in a temporary data directory, or ``<name>_live`` on
the PostgreSQL server of ``DATABASE_URL``) is migrated and given a world with
data behind every path; gunicorn serves it with the production settings and
``ldncare.web.gunicorn_conf``. Every operation is called as each of the seven
roles, half the cases with the world's real ids, under the full check set but
"schema-valid data is accepted" (see ``tests/api/test_api_never_answers_500``).
The request-line limit answers its documented 400.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ROLES = ["patient", "prescriber", "clinic_staff", "clinic_admin", "pharmacist",
         "pharmacy_technician", "pharmacy_admin"]
EXCLUDED = [positive_data_acceptance]
SEED = """
import json, django
django.setup()
from ldntest.apiworld import build_api_world, session_cookie
w = build_api_world()
print(json.dumps({"ids": w.ids, "cookies": {r: session_cookie(u) for r, u in w.world.users.items()}}))
"""


def _free_port() -> int:
    for port in random.sample(range(8100, 8200), 100):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port in 8100-8199")


def _live_database(env: dict[str, str]) -> None:
    """Point ``DATABASE_URL`` (when set) at a fresh ``<name>_live`` database."""
    url = env.get("DATABASE_URL")
    if not url:
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    live = f"{name}_live"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{live}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{live}"')
    env["DATABASE_URL"] = f"{base}/{live}"


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before it answered")
        try:
            urllib.request.urlopen(f"{base}/api/openapi.json", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer within 60 s")


@pytest.fixture(scope="module")
def live(tmp_path_factory):  # type: ignore[no-untyped-def]
    env = {**os.environ, "LDNCARE_DATA_DIR": str(tmp_path_factory.mktemp("live-data")),
           "DJANGO_SETTINGS_MODULE": "ldncare.web.settings", "LDNCARE_DEMO": "0",
           "PYTHONPATH": str(ROOT / "tests")}
    _live_database(env)
    python = str(BIN / "python")
    subprocess.run([python, "-m", "ldncare.web.manage", "migrate", "--no-input", "-v", "0"],
                   env=env, check=True, cwd=ROOT)
    seeded = json.loads(subprocess.run([python, "-c", SEED], env=env, check=True, cwd=ROOT,
                                       capture_output=True, text=True).stdout.strip()
                        .splitlines()[-1])
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "ldncare.web.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--config", "python:ldncare.web.gunicorn_conf", "--log-level",
         "warning"], env=env, cwd=ROOT)
    try:
        _wait_until_up(base, server)
        yield {"base": base, **seeded}
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def live_schema(live):  # type: ignore[no-untyped-def]
    return schemathesis.openapi.from_url(f"{live['base']}/api/openapi.json")


schema = schemathesis.pytest.from_fixture("live_schema")


@pytest.mark.parametrize("role", ROLES)
@schema.parametrize()
@hypothesis_settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_live_operation_answers_a_server_error_or_breaks_its_schema(case, role, live):
    headers = {"Cookie": live["cookies"][role]}
    case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)
    if case.path_parameters:
        case.path_parameters = {name: live["ids"].get(name, value)
                                for name, value in case.path_parameters.items()}
        case.call_and_validate(headers=headers, excluded_checks=EXCLUDED)


def test_a_request_line_beyond_the_limit_answers_the_documented_400(live):
    query = "q=" + "a" * 9000
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(f"{live['base']}/api/library/search?{query}", timeout=10)
    assert answer.value.code == 400


def test_a_long_search_within_the_limit_answers_the_one_error_body(live):
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(f"{live['base']}/api/library/search?q={'a' * 5000}", timeout=10)
    assert answer.value.code == 422
    body = json.loads(answer.value.read())
    assert body["errors"][0]["field"] == "q"


def test_a_body_beyond_the_limit_answers_the_one_error_body(live):
    big = json.dumps({"day": "2026-01-01", "note": "x" * 3_000_000}).encode()
    request = urllib.request.Request(
        f"{live['base']}/api/journal/check-ins", data=big, method="POST",
        headers={"Cookie": live["cookies"]["patient"], "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)
    assert answer.value.code == 400
    assert set(json.loads(answer.value.read())) == {"detail", "errors"}
