"""The durability test's harness: a real `ldncare serve` (gunicorn, task worker,
reminder planner) on a free local port and its own database, a bounded
client that sends check-ins with idempotency keys, an SMTP sink, and direct
reads of the database to count what was stored."""

from __future__ import annotations

import asyncio
import email
import http.client
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from aiosmtpd.controller import Controller

from ldntest.ports import free_port

TESTS_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF = "d" * 32  # the double-submit token: the same value as cookie and header




# --- the mail sink ------------------------------------------------------------

class SlowSink:
    """Accepts each message after ``delay`` seconds (so a worker can be killed
    mid-delivery); a message counts only once the server has accepted it."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.messages: list[tuple[str, str]] = []  # (Message-ID, Subject)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # noqa: N802
        await asyncio.sleep(self.delay)  # cancelled if the client vanishes meanwhile
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append((str(message["Message-ID"]), str(message["Subject"])))
        return "250 OK"

    def delivered(self, subject_prefix: str) -> list[str]:
        """The Message-IDs of every accepted message whose subject starts so."""
        with self.lock:
            return [mid for mid, subject in self.messages if subject.startswith(subject_prefix)]


def start_sink(delay: float) -> tuple[SlowSink, Controller, int]:
    sink, port = SlowSink(delay), free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    return sink, controller, port


# --- the database -------------------------------------------------------------

def durability_database_url() -> str:
    """'' for SQLite (a file in the data dir), else a fresh PostgreSQL database
    beside the one the test run uses (DATABASE_URL + '_durability')."""
    base = os.environ.get("DATABASE_URL", "")
    if not base:
        return ""
    import psycopg

    parts = urlsplit(base)
    name = parts.path.lstrip("/") + "_durability"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path="/" + name))


@dataclass
class Database:
    url: str
    data_dir: Path

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        if not self.url:
            conn = sqlite3.connect(self.data_dir / "ldncare.sqlite3", timeout=30)
            try:
                return conn.execute(sql).fetchall()
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.url) as conn:
            return conn.execute(sql).fetchall()

    def scalar(self, sql: str) -> Any:
        return self.rows(sql)[0][0]


# --- the server ---------------------------------------------------------------

@dataclass
class Server:
    env: dict[str, str]
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "ldncare"), "serve", "--no-demo", "--port", str(self.port),
                 "--workers", "2"], env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.healthz() is not None:
                return
            time.sleep(0.2)
        raise AssertionError(f"the server did not start; see {self.log}")

    def healthz(self) -> dict[str, Any] | None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            conn.request("GET", "/healthz")
            response = conn.getresponse()
            return json.loads(response.read()) if response.status == 200 else None
        except (OSError, http.client.HTTPException, ValueError):
            return None

    def kill_everything(self) -> None:
        """kill -9 the supervisor, gunicorn and its workers, the task worker, the planner."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        time.sleep(0.5)

    def task_worker_pids(self) -> list[int]:
        assert self.process is not None
        out = []
        for proc in Path("/proc").iterdir():
            if not proc.name.isdigit():
                continue
            try:
                args = (proc / "cmdline").read_bytes().split(b"\0")
                if os.getpgid(int(proc.name)) != self.process.pid:
                    continue
            except (OSError, ProcessLookupError):
                continue
            if b"worker" in args and any(a.endswith(b"ldncare") for a in args):
                out.append(int(proc.name))
        return out

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def environment(data_dir: Path, database_url: str, smtp_port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LDNCARE_") and k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    return env | {
        "DJANGO_SETTINGS_MODULE": "ldncare.web.settings", "DATABASE_URL": database_url,
        "LDNCARE_DATA_DIR": str(data_dir), "LDNCARE_SECRET_KEY": "durability-" + "k" * 40,
        "LDNCARE_TASK_LEASE_SECONDS": "3", "LDNCARE_EMAIL_HOST": "127.0.0.1",
        "LDNCARE_EMAIL_PORT": str(smtp_port), "PYTHONPATH": str(TESTS_DIR),
    }


def run_python(env: dict[str, str], *args: str) -> str:
    result = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True,
                            timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


# --- the client ---------------------------------------------------------------

@dataclass
class Write:
    """One check-in a patient sends, and what the client knows about it."""

    session: str
    patient_id: int
    day: str
    key: str = field(default_factory=lambda: uuid.uuid4().hex)
    outcome: str = "pending"  # acknowledged | unknown (sent, no answer) | refused (not sent)
    tries: int = 0


def send(port: int, write: Write) -> str:
    """POST the check-in once; return its outcome."""
    write.tries += 1
    body = json.dumps({"day": write.day, "dose_taken": True, "ratings": {"pain": 3}})
    headers = {"Content-Type": "application/json", "Idempotency-Key": write.key,
               "Cookie": f"sessionid={write.session}; csrftoken={CSRF}", "X-CSRFToken": CSRF}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.connect()
    except OSError:
        return "refused"
    try:
        conn.request("POST", "/api/journal/check-ins", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
    except (OSError, http.client.HTTPException):
        return "unknown"
    finally:
        conn.close()
    if response.status == 201:
        return "acknowledged"
    if response.status >= 500:
        return "unknown"
    raise AssertionError(f"check-in {write.day} answered {response.status}")
