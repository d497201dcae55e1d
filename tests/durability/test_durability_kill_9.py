"""Durability, tested on the real thing: `ldncare serve` (gunicorn, task worker,
reminder planner) on a free port with its own database (SQLite file, or
PostgreSQL when DATABASE_URL is set).

1. A bounded client (8 connections) sends check-ins with Idempotency-Keys; the
   whole server is killed with SIGKILL mid-load and started again; the client
   retries every write it has no answer for with the same key. Every
   acknowledged check-in is stored exactly once (revision 1, one key row).
2. E-mails are queued (and the planner queues the patients' due reminders,
   once each by key, across the kill of part 1); the task worker is killed
   with SIGKILL mid-delivery;
   `serve` starts a new one, the dead worker's task is given back after its
   lease, and every e-mail arrives — none lost, none as two different messages.
3. The audit log written by all those concurrent processes verifies.

Run by `make test-durability` (on SQLite and on PostgreSQL in CI).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from ldntest.durability import (
    BIN,
    Database,
    Server,
    Write,
    durability_database_url,
    environment,
    free_port,
    run_python,
    send,
    start_sink,
)

pytestmark = pytest.mark.durability

PATIENTS, DAYS, CLIENTS, MAILS = 4, 25, 8, 20


def send_all(port: int, writes: list[Write], kill_after: int | None = None,
             kill=None) -> None:  # type: ignore[no-untyped-def]
    """Send each write once from CLIENTS threads; run ``kill`` once ``kill_after``
    writes were acknowledged."""
    done, lock, killed = [0], threading.Lock(), threading.Event()

    def one(write: Write) -> None:
        write.outcome = send(port, write)
        with lock:
            done[0] += write.outcome == "acknowledged"
            due = kill is not None and not killed.is_set() and done[0] >= (kill_after or 0)
            if due:
                killed.set()
        if due:
            kill()

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(one, writes))


def retry_until_acknowledged(port: int, writes: list[Write], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    for write in writes:
        while write.outcome != "acknowledged":
            assert time.monotonic() < deadline, f"{write.day} never acknowledged"
            write.outcome = send(port, write)
            if write.outcome != "acknowledged":
                time.sleep(0.2)


def wait_until(predicate, seconds: float, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.25)


def test_acknowledged_writes_and_queued_emails_survive_kill_9(tmp_path, capsys):
    started = time.monotonic()
    lap = lambda: f"{time.monotonic() - started:.0f}s"  # noqa: E731
    sink, controller, smtp_port = start_sink(delay=0.1)
    database = Database(durability_database_url(), tmp_path)
    vendor = "postgresql" if database.url else "sqlite"
    env = environment(tmp_path, database.url, smtp_port)
    run_python(env, "-m", "ldntest.durability_clinic", str(PATIENTS), str(tmp_path / "c.json"))
    clinic = json.loads((tmp_path / "c.json").read_text())
    server = Server(env, free_port(), tmp_path / "serve.log")
    laps = [f"set-up {lap()}"]
    try:
        server.start()
        laps.append(f"started {lap()}")
        # --- 1. kill -9 of every server process under load ----------------------
        today = datetime.now(UTC).date()
        writes = [Write(session, patient_id, (today - timedelta(days=d)).isoformat())
                  for d in range(1, DAYS + 1)
                  for session, patient_id in zip(clinic["sessions"], clinic["patients"],
                                                 strict=True)]
        send_all(server.port, writes, kill_after=len(writes) // 3, kill=server.kill_everything)
        outcomes = {o: sum(w.outcome == o for w in writes)
                    for o in ("acknowledged", "unknown", "refused")}
        acknowledged_before = {w.key for w in writes if w.outcome == "acknowledged"}
        committed = {row[0] for row in database.rows("SELECT key FROM operations_idempotentwrite")}
        assert acknowledged_before <= committed, "an acknowledged write was lost"
        in_doubt = [w for w in writes if w.outcome != "acknowledged"]
        stored_without_answer = sum(w.key in committed for w in in_doubt)

        laps.append(f"killed under load {lap()}")
        server.start()
        retry_until_acknowledged(server.port, in_doubt)
        laps.append(f"restarted and retried {lap()}")

        ids = ",".join(str(p) for p in clinic["patients"])
        rows = database.rows(f"SELECT patient_id, day, revision FROM journal_checkin "
                             f"WHERE patient_id IN ({ids})")
        stored = {(pid, str(day)) for pid, day, _ in rows}
        assert len(rows) == len(stored) == len(writes)
        assert stored == {(w.patient_id, w.day) for w in writes}
        assert all(revision == 1 for _, _, revision in rows), "a retry wrote a second revision"
        assert database.scalar("SELECT count(*) FROM operations_idempotentwrite") == len(writes)

        # --- 2. kill -9 of the task worker mid-delivery --------------------------
        run_python(env, "-c", "import django; django.setup()\n"
                   "from ldncare.web.accounts.tasks import send_email\n"
                   f"for i in range({MAILS}):\n"
                   "    send_email.enqueue(f'p{i}@durable.example', f'Durable {i}', 'body')")
        wait_until(lambda: len(sink.delivered("Durable ")) >= 5, 90, "the first e-mails")
        workers = server.task_worker_pids()
        assert workers, "no task worker found"
        subprocess.run(["kill", "-9", *map(str, workers)], check=True)
        wait_until(lambda: len(set(sink.delivered("Durable "))) >= MAILS, 90, "every e-mail")
        wait_until(lambda: database.scalar(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status IN ('READY', 'RUNNING')") == 0, 90, "an empty queue")
        delivered = sink.delivered("Durable ")
        failed = database.scalar("SELECT count(*) FROM django_tasks_database_dbtaskresult "
                                 "WHERE status = 'FAILED'")
        assert len(set(delivered)) == MAILS and failed == 0
        # Reminders: planned by the planner (killed with the rest in part 1), each
        # queued once by its key and delivered through the same worker kill.
        everything = sink.delivered("")
        reminders = [mid for mid in everything if mid not in set(delivered)]
        planned = database.scalar("SELECT count(*) FROM journal_sentreminder")
        assert len(set(reminders)) == planned, "a planned reminder was lost or sent as two"
        resent = len(everything) - len(set(everything))
        # The documented window: a message the SMTP server accepted just before a
        # kill, its delivery not yet recorded, goes out again with the same
        # Message-ID. Each killed worker can hold one: the worker killed with the
        # whole server in part 1 (it may be sending a reminder) and those killed here.
        in_flight_at_kills = 1 + len(workers)
        assert resent <= in_flight_at_kills, \
            "more e-mails were sent again than the ones in flight at the kills"
        assert server.task_worker_pids(), "serve did not start a new task worker"
        assert server.healthz() is not None

        laps.append(f"e-mails through a worker kill {lap()}")
        # --- 3. the audit log written by all of them is whole --------------------
        verify = subprocess.run([str(BIN / "ldncare"), "audit", "verify"], env=env,
                                capture_output=True, text=True, timeout=120)
        assert verify.returncode == 0, verify.stdout + verify.stderr
    finally:
        server.stop()
        controller.stop()
    with capsys.disabled():
        print(f"\nDURABILITY {vendor}: check-ins sent={len(writes)} "
              f"acknowledged-before-kill={outcomes['acknowledged']} "
              f"unknown-at-kill={outcomes['unknown']} refused-while-down={outcomes['refused']} "
              f"stored-without-answer={stored_without_answer} "
              f"stored-after-retries={len(stored)} duplicates=0 lost=0 | "
              f"e-mails queued={MAILS} delivered={len(set(delivered))} "
              f"reminders planned={planned} delivered={len(set(reminders))} "
              f"resent-same-message-id={resent} lost=0 | audit chain: {verify.stdout.strip()} | "
              f"{', '.join(laps)}, verified {lap()}")
