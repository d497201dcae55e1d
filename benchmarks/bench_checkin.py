"""Journal check-ins under concurrent load, and the prescriber's attention list.

**Check-ins under load.** gunicorn (two sync workers, the production app
server) serves a fresh SQLite database in a temporary ``LDNCARE_DATA_DIR`` on a
free 127.0.0.1 port. One patient with an active plan is logged in on
``SESSIONS`` sessions (rows made with ``SessionStore`` and the auth session
keys, plus a CSRF cookie the API checks). A bounded load generator (``THREADS``
threads, ``http.client``, loopback only, a fixed number of requests, it stops by
itself) then, in ``ROUNDS`` interleaved rounds:

- GETs ``/bench-empty``: a view that returns an empty 200, mounted beside the
  real URLs, so it passes the very same middleware (sessions, CSRF, auth, OTP,
  CSP, audit, axes) as the API. This is the baseline. (``/healthz`` does work
  of its own, and the log-in page renders a template; neither is "nothing".)
- POSTs ``/api/journal/check-ins``, each for a different day (a new record,
  not a revision), which also queues the decision-support task, as in
  production.

The empty view and the URL conf are served through a settings module and a
URL module written into the temporary directory (they import the real ones and
change only ``ROOT_URLCONF``), so nothing in the project is modified for this.
Every process started here is stopped in ``finally``.

The load test runs on SQLite (WAL, IMMEDIATE transactions, as in settings; the
report reads the mode back from the database) and, where a server answers at
``LDNCARE_BENCH_POSTGRES`` (default ``postgres://postgres@127.0.0.1:5432``), on a
throwaway PostgreSQL database created and dropped here, since production runs
on PostgreSQL. ``LDNCARE_BENCH_CHECKIN_PARTS`` (default
``sqlite,postgres,attention``) picks the parts to run.

**Attention list.** In a child process with its own data dir: a synthetic
clinic (``ldncare.web.synthetic``, bulk-loaded) of ``ATTENTION_PATIENTS`` patients
with ``ATTENTION_MONTHS`` months of check-ins, decision support run over every
patient (the nightly evaluation, timed per patient), then
``journal.queries.attention_list`` (the clinic home's first 20, and everyone) and
the ``journal:attention`` page (first and last page of 50) timed.
Sizes can be lowered with ``LDNCARE_BENCH_CHECKIN_PATIENTS`` / ``_MONTHS``.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from benchmarks.harness import Report, Timing

ROOT = Path(__file__).resolve().parent.parent
THREADS = 8
SESSIONS = THREADS
ROUNDS = 3
REQUESTS_PER_ROUND = 300
WORKERS = 2
ATTENTION_PATIENTS = int(os.environ.get("LDNCARE_BENCH_CHECKIN_PATIENTS", "5000"))
ATTENTION_MONTHS = int(os.environ.get("LDNCARE_BENCH_CHECKIN_MONTHS", "12"))
POSTGRES = os.environ.get("LDNCARE_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")

SETTINGS_MODULE = "ldncare_bench_settings"
SETTINGS_SOURCE = '''from ldncare.web.settings import *  # noqa: F403
ROOT_URLCONF = "ldncare_bench_urls"
'''
URLS_SOURCE = '''from django.http import HttpResponse
from django.urls import path

from ldncare.web.urls import urlpatterns as real


def bench_empty(request):
    return HttpResponse("")


urlpatterns = [path("bench-empty", bench_empty), *real]
'''


# --- the server side (child processes) --------------------------------------------

def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    django.setup()


def prepare_site(sessions: int, days_back: int) -> dict[str, Any]:
    """Migrate, make a patient on an active plan started ``days_back`` days ago,
    and ``sessions`` logged-in sessions; return their cookies."""
    _django()
    from datetime import timedelta

    from django.conf import settings
    from django.core.management import call_command

    from ldncare.consent import load_library
    from ldncare.pathway import State
    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.identity_services import accept_consents
    from ldncare.web.care.services import register_patient
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.journal.demo import ensure_prescription

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    pharmacy = Organisation.objects.create(name="Bench pharmacy", slug="bench-rx", kind="pharmacy")
    clinic.partner_pharmacies.add(pharmacy)
    prescriber = User.objects.create_user(email="doc@bench.example", password=None,
                                          role="prescriber", organisation=clinic)
    user = User.objects.create_user(email="pat@bench.example", password=None, role="patient")
    patient = register_patient(user, clinic)
    # The consents every patient accepts at sign-up (else every page asks for them).
    accept_consents(patient, [d.code for d in load_library().required])
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    today = patient_today(patient)
    ensure_prescription(patient, prescriber, pharmacy, today - timedelta(days=days_back))
    cookies = [logged_in_cookie(user) for _ in range(sessions)]
    return {"today": today.isoformat(), "cookies": cookies,
            "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME,
            "database": _database_in_force()}


def logged_in_cookie(user: Any, **session_data: Any) -> dict[str, str]:
    """A new database session logged in as ``user`` (plus ``session_data``, e.g.
    the two-factor device), as the cookies a client sends."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.update(session_data)
    session.create()
    return {"session": session.session_key, "csrf": get_random_string(32)}


def _database_in_force() -> str:
    """What the workers will run on, read back from the database itself (the
    report must not claim WAL and IMMEDIATE unless they are in force)."""
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA synchronous")
        synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
    mode = settings.DATABASES["default"]["OPTIONS"].get("transaction_mode", "DEFERRED")
    return f"SQLite journal_mode={journal}, synchronous={synchronous}, {mode} transactions"


def attention(patients: int, months: int) -> dict[str, Any]:
    """Load a synthetic clinic, run decision support for all, time the attention list."""
    _django()
    from django.core.management import call_command
    from django.test import Client
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from benchmarks.harness import measure
    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.models import Patient
    from ldncare.web.journal import queries
    from ldncare.web.journal.models import CheckIn, Suggestion
    from ldncare.web.synthetic import load_synthetic_clinic

    call_command("migrate", interactive=False, verbosity=0)
    clinic = Organisation.objects.create(name="Bench clinic", slug="bench", kind="clinic")
    pharmacy = Organisation.objects.create(name="Bench pharmacy", slug="bench-rx", kind="pharmacy")
    started = time.perf_counter()
    load_synthetic_clinic(clinic, pharmacy, patients, months, seed=1, keep_courses=False)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    _plant_suggestions(Patient.objects.filter(clinic=clinic).values_list("pk", flat=True))
    evaluate_s = time.perf_counter() - started
    prescriber = User.objects.get(role="prescriber", organisation=clinic)
    listed = len(queries.attention_list(prescriber))
    # The clinic home's slice, a page of the attention list, and (for scale)
    # ranking everyone, which is what the list did before it read by slices.
    home = measure(lambda: queries.attention_list(prescriber)[:20], repeat=5)
    whole = measure(lambda: list(queries.attention_list(prescriber)), repeat=3)
    client = Client()
    client.force_login(prescriber)
    device, _ = TOTPDevice.objects.get_or_create(user=prescriber, defaults={"confirmed": True})
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()

    def page(number: int) -> Any:
        def get() -> None:
            response = client.get(f"/journal/attention?page={number}")
            assert response.status_code == 200, response.status_code
        return get

    first = measure(page(1), repeat=5)
    last = measure(page(max(1, -(-listed // 50))), repeat=5)
    return {"patients": patients, "months": months, "load_s": load_s, "evaluate_s": evaluate_s,
            "check_ins": CheckIn.objects.count(),
            "open_suggestions": Suggestion.objects.filter(status="open").count(),
            "listed": listed, "home": list(home.runs), "whole": list(whole.runs),
            "page": list(first.runs), "last_page": list(last.runs)}


def _plant_suggestions(patient_ids: Any) -> None:
    """One open suggestion per patient, urgencies in turn: every patient is on the
    list (the worst case for it). The nightly evaluation cannot run here: the
    synthetic loader stores check-ins without the core ``data`` dict the journal's
    queries read (reported as a gap). Synthetic rows, so written in bulk like the
    loader's."""
    from django.utils import timezone

    from ldncare.journal.rules import Action, Urgency
    from ldncare.journal.rules import Suggestion as CoreSuggestion
    from ldncare.web.journal.models import Suggestion

    today = timezone.localdate()
    urgencies = [Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE]
    rows = []
    for n, pk in enumerate(patient_ids):
        core = CoreSuggestion(code="missed_doses", urgency=urgencies[n % 3], action=Action.REVIEW,
                              message="Missed doses", rationale="bench", source="bench",
                              key=f"missed_doses:{pk}", day=today, rules_version="bench")
        rows.append(Suggestion(patient_id=pk, key=core.key, code=core.code,
                               urgency=str(core.urgency), action=str(core.action),
                               message=core.message, rationale=core.rationale, source=core.source,
                               day=today, rules_version=core.rules_version, data=core.as_dict()))
    Suggestion._base_manager.bulk_create(rows, batch_size=1000)


# --- the load generator (this process) ----------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/bench-empty")
            if connection.getresponse().status in (200, 302):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def _request(port: int, method: str, path: str, cookie: dict[str, str], site: dict[str, Any],
             body: bytes | None = None) -> tuple[int, float]:
    headers = {"Cookie": f"{site['session_cookie']}={cookie['session']}; "
                         f"{site['csrf_cookie']}={cookie['csrf']}",
               "Host": "127.0.0.1"}
    if body is not None:
        headers |= {"Content-Type": "application/json", "X-CSRFToken": cookie["csrf"]}
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response.status, time.perf_counter() - started


def _burst(port: int, site: dict[str, Any], jobs: list[tuple[str, str, bytes | None]],
           expect: int, *, cookies: list[dict[str, str]] | None = None,
           threads: int = THREADS) -> tuple[float, list[float]]:
    """Run ``jobs`` on ``threads`` client threads, thread n with session
    ``cookies[n]`` (default: the site's patient sessions); return the wall time
    and each request's latency."""
    sessions = cookies or site["cookies"]
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    queue = list(reversed(jobs))

    def worker(n: int) -> None:
        cookie = sessions[n % len(sessions)]
        while True:
            with lock:
                if not queue:
                    return
                method, path, body = queue.pop()
            status, took = _request(port, method, path, cookie, site, body)
            with lock:
                latencies.append(took)
                if status != expect:
                    failures.append(f"{method} {path}: {status}")

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    started = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    wall = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed, e.g. {failures[:3]}")
    return wall, latencies


def _check_in_jobs(today: str, first: int, count: int) -> list[tuple[str, str, bytes | None]]:
    from datetime import date, timedelta

    end = date.fromisoformat(today)
    return [("POST", "/api/journal/check-ins", json.dumps({
        "day": (end - timedelta(days=first + n)).isoformat(), "dose_taken": True,
        "ratings": {"pain": 4, "sleep_quality": 6}, "note": "bench"}).encode())
        for n in range(count)]


def _child_env(data_dir: str, site_dir: str, database_url: str = "") -> dict[str, str]:
    path = os.pathsep.join([site_dir, str(ROOT), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE, "PYTHONPATH": path,
            "LDNCARE_LOCKOUT": "0"}


@contextmanager
def bench_site(prefix: str, database_url: str = "") -> Iterator[dict[str, str]]:
    """A temporary data directory and site directory (the bench settings and URL
    modules); yields the environment a child process runs the site with."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        site_dir, data_dir = Path(tmp, "site"), Path(tmp, "data")
        site_dir.mkdir()
        data_dir.mkdir()
        (site_dir / f"{SETTINGS_MODULE}.py").write_text(SETTINGS_SOURCE)
        (site_dir / "ldncare_bench_urls.py").write_text(URLS_SOURCE)
        yield _child_env(str(data_dir), str(site_dir), database_url)


def prepared(env: dict[str, str], module: str, *args: object) -> dict[str, Any]:
    """Run ``python -m <module> prepare ARGS`` in the site; return the JSON it prints last."""
    done = subprocess.run([sys.executable, "-m", module, "prepare", *map(str, args)], env=env,
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@contextmanager
def gunicorn(env: dict[str, str], workers: int) -> Iterator[int]:
    """gunicorn with ``workers`` sync workers on a free port, up and answering;
    yields the port and stops the whole process group afterwards."""
    port = _free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "ldncare.web.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", "sync",
         "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    try:
        _wait_until_up(port, server)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if server.stderr is not None:
            server.stderr.close()


def load_test(database_url: str = "") -> dict[str, Any]:
    """Start gunicorn on a fresh database (SQLite in a temporary data dir, or the
    empty PostgreSQL database at ``database_url``), drive it, stop it; return timings."""
    total = ROUNDS * REQUESTS_PER_ROUND
    empty = [("GET", "/bench-empty", None)] * REQUESTS_PER_ROUND
    with bench_site("ldncare-bench-checkin-", database_url) as env:
        site = prepared(env, "benchmarks.bench_checkin", SESSIONS, total + 30)
        empty_runs, post_runs, empty_lat, post_lat = [], [], [], []
        with gunicorn(env, WORKERS) as port:
            _burst(port, site, empty[:50], 200)  # warm both workers
            for r in range(ROUNDS):
                wall, lat = _burst(port, site, empty, 200)
                empty_runs.append(wall)
                empty_lat += lat
                wall, lat = _burst(port, site, _check_in_jobs(site["today"], r * REQUESTS_PER_ROUND,
                                                              REQUESTS_PER_ROUND), 201)
                post_runs.append(wall)
                post_lat += lat
        rows = _count_check_ins(env)
    return {"empty": empty_runs, "post": post_runs, "empty_latency": empty_lat,
            "post_latency": post_lat, "stored": rows, "sent": total, "database": site["database"]}


def _count_check_ins(env: dict[str, str]) -> int:
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_checkin", "count"], env=env,
                          cwd=ROOT, check=True, capture_output=True, text=True)
    return int(done.stdout.strip().splitlines()[-1])


def count_check_ins() -> int:
    _django()
    from ldncare.web.journal.models import CheckIn

    return CheckIn.objects.count()


def attention_in_child() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="ldncare-bench-attention-") as data_dir:
        env = {**os.environ, "LDNCARE_DATA_DIR": data_dir, "DATABASE_URL": ""}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_checkin", "attention",
                               str(ATTENTION_PATIENTS), str(ATTENTION_MONTHS)], env=env, cwd=ROOT,
                              check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the report ------------------------------------------------------------------------

def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _latency(values: list[float]) -> str:
    return (f"p50 {statistics.median(values) * 1e3:.1f} ms · p99 {_percentile(values, 0.99) * 1e3:.1f}"
            f" ms · max {max(values) * 1e3:.1f} ms ({len(values)} requests)")


def _load_rows(report: Report, label: str, found: dict[str, Any]) -> None:
    report.section(f"Journal check-ins under concurrent load (gunicorn, {WORKERS} sync workers, "
                   f"{label})", ".venv/bin/python -m benchmarks checkin")
    report.note(f"Database in force (read back by the site): {found['database']}.")
    report.note(f"The load generator runs on the same machine ({os.cpu_count()} cores) and "
                "competes with the workers for CPU. No task worker runs: the queued "
                "decision-support tasks (one per check-in) wait in the database queue.")
    report.note(f"{THREADS} client threads on loopback, {ROUNDS} interleaved rounds of "
                f"{REQUESTS_PER_ROUND} requests each kind; each POST is a new day's check-in "
                f"({found['stored']} of {found['sent']} stored). Baseline: GET /bench-empty, an "
                "empty 200 view behind the same middleware and session (settings and URL "
                "modules written into the temporary directory); ratio = check-in throughput / "
                "empty-view throughput.")
    empty = Timing(tuple(found["empty"]), REQUESTS_PER_ROUND)
    post = Timing(tuple(found["post"]), REQUESTS_PER_ROUND)
    report.row("empty view GET /bench-empty (baseline)", empty)
    report.row("check-in POST /api/journal/check-ins", post, baseline=empty, goal="≥ 0.4")
    report.row("check-in latency", _latency(found["post_latency"]), goal="p99 < 100 ms")
    report.row("empty view latency", _latency(found["empty_latency"]))


def _postgres(action: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'{action} DATABASE "{name}"')  # the name is ours: a uuid's hex


def load_test_postgres() -> dict[str, Any] | str:
    """The load test on a throwaway PostgreSQL database (created and dropped
    here), or why it could not run."""
    name = f"ldncare_bench_checkin_{uuid.uuid4().hex[:12]}"
    try:
        _postgres("CREATE", name)
    except Exception as error:  # noqa: BLE001 - no server here: the report says so
        return f"not measured: {error}"
    try:
        return load_test(f"{POSTGRES}/{name}")
    finally:
        _postgres("DROP", name)


def run(report: Report) -> None:
    parts = os.environ.get("LDNCARE_BENCH_CHECKIN_PARTS", "sqlite,postgres,attention").split(",")
    if "sqlite" in parts:
        _load_rows(report, "SQLite", load_test())
    if "postgres" in parts:
        found = load_test_postgres()
        if isinstance(found, str):
            report.section("Journal check-ins under concurrent load (PostgreSQL)",
                           ".venv/bin/python -m benchmarks checkin")
            report.row("PostgreSQL", found)
        else:
            _load_rows(report, "PostgreSQL", found)
    if "attention" in parts:
        _attention_rows(report, attention_in_child())


def _attention_rows(report: Report, att: dict[str, Any]) -> None:
    report.section(f"Journal: the prescriber's attention list, {att['patients']:,} patients × "
                   f"{att['months']} months (SQLite, in-process)",
                   ".venv/bin/python -m benchmarks checkin")
    report.note(f"Bulk load of {att['check_ins']:,} check-ins: {att['load_s']:.0f} s; "
                f"one open suggestion planted per patient ({att['evaluate_s']:.1f} s; planted "
                "so that every patient is on the list, the worst case for ranking); "
                f"{att['open_suggestions']:,} open suggestions, "
                f"{att['listed']:,} patients on the list.")
    report.note("The list ranks in the database (one GROUP BY patient ordered by the core's "
                "key) and builds rows for the slice asked for; the page shows 50.")
    report.row("attention_list(prescriber)[:20] (clinic home)", Timing(tuple(att["home"])))
    report.row("GET /journal/attention (page 1 of 50)", Timing(tuple(att["page"])),
               goal="well under 1 s")
    report.row("GET /journal/attention (last page)", Timing(tuple(att["last_page"])))
    report.row("everyone ranked and built (the list before paging)", Timing(tuple(att["whole"])))


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        print(json.dumps(prepare_site(int(sys.argv[2]), int(sys.argv[3]))))
    elif command == "count":
        print(count_check_ins())
    elif command == "attention":
        print(json.dumps(attention(int(sys.argv[2]), int(sys.argv[3]))))
