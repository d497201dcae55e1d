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
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import positive_data_acceptance

from ldntest.ports import free_port

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ROLES = ["patient", "prescriber", "clinic_staff", "clinic_admin", "pharmacist",
         "pharmacy_technician", "pharmacy_admin"]
EXCLUDED = [positive_data_acceptance]
SEED = """
import json, django
django.setup()
from ldntest.apiworld import api_headers, build_api_world
w = build_api_world()
print(json.dumps({"ids": w.ids, "headers": {r: api_headers(u) for r, u in w.world.users.items()}}))
"""


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
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "ldncare.web.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--config", "python:ldncare.web.gunicorn_conf", "--log-level",
         "warning"], env=env, cwd=ROOT)
    try:
        _wait_until_up(base, server)
        conditions = json.loads(urllib.request.urlopen(f"{base}/api/library/conditions").read())
        seeded["ids"]["condition"] = conditions[0]["id"]
        yield {"base": base, **seeded}
    finally:
        server.terminate()
        server.wait(timeout=30)


def _exercise(operation, mode, live, failures, statuses):  # type: ignore[no-untyped-def]
    """Send ``max_examples`` generated cases of ``operation`` as every role, as
    generated and again with the world's real ids; collect what fails."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @hypothesis_settings(max_examples=EXAMPLES, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
    def run(case):  # type: ignore[no-untyped-def]
        generated = dict(case.path_parameters or {})
        real = {name: live["ids"].get(name, value) for name, value in generated.items()}
        # Negative cases keep their (possibly invalid) ids; positive ones also run
        # with the world's real ids, so every operation does its real work.
        both = generated and mode == GenerationMode.POSITIVE
        for role in ROLES:
            for ids in ([generated, real] if both else [generated]):
                case.path_parameters = ids
                try:
                    response = case.call_and_validate(
                        base_url=live["base"], headers=live["headers"][role],
                        excluded_checks=EXCLUDED)
                    statuses.setdefault(operation.label, set()).add(response.status_code)
                except (AssertionError, FailureGroup) as failure:
                    failures.append(f"{role} {case.method} {case.formatted_path}: {failure}")
                    return

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid (an operation without input)
        assert mode == GenerationMode.NEGATIVE


#: Generated cases per operation and generation mode (each sent 7-14 times).
EXAMPLES = 3


def test_no_live_operation_answers_a_server_error_or_breaks_its_schema(live):
    # The lazy pytest loader of schemathesis does not run under pytest 9, so the
    # operations are walked here, positive and negative input alike.
    raw = json.loads(urllib.request.urlopen(f"{live['base']}/api/openapi.json").read())
    # The session cookie is sent for each role below; left in the schema, negative
    # mode would "drop" it and then flag the role's own cookie as accepted input.
    raw.pop("security", None)
    for operations in raw["paths"].values():
        for operation in operations.values():
            operation.pop("security", None)
    schema = schemathesis.openapi.from_dict(raw)
    # The API ignores query parameters it does not know (as HTTP APIs commonly
    # do), so "an unexpected parameter was accepted" is not a defect here.
    schema.config.generation.update(allow_extra_parameters=False)
    failures: list[str] = []
    statuses: dict[str, set[int]] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _exercise(operation, mode, live, failures, statuses)
    assert len(operations) > 30
    assert not failures, "\n\n".join(failures[:10])
    refused_only = sorted(label for label, seen in statuses.items() if seen <= {401, 403, 404, 405})
    print("statuses per operation:", {k: sorted(v) for k, v in sorted(statuses.items())})
    assert not refused_only, f"only ever refused (401/403/404): {refused_only}"


def test_a_request_line_beyond_the_limit_answers_the_documented_414(live):
    query = "q=" + "a" * 9000
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(f"{live['base']}/api/library/search?{query}", timeout=10)
    assert answer.value.code == 414


def test_a_header_beyond_the_limit_answers_the_documented_431(live):
    request = urllib.request.Request(f"{live['base']}/api/library/faq",
                                     headers={"X-Long": "a" * 9000})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=10)
    assert answer.value.code == 431


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
        headers={**live["headers"]["patient"], "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)
    assert answer.value.code == 400
    assert set(json.loads(answer.value.read())) == {"detail", "errors"}
