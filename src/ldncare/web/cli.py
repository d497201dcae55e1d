"""Commands that need the web shell: serve, worker, demo, backup, restore, audit, manage.

Django is imported inside each command, so the core commands start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ldncare.clitools import fail
from ldncare.web.bootstrap import setup_django


def register(app: typer.Typer) -> None:
    app.command(help="Migrate, load the demo clinic, and run the web server, the task worker and the reminder planner.")(serve)
    app.command(help="Run background tasks (e-mails, reminders, decision support) with a lease: "
                     "a task whose worker died is run again.")(worker)
    app.add_typer(audit_app, name="audit")
    app.command(help="Load the demo clinic (idempotent).")(demo)
    app.command(help="Write a consistent copy of all data to FILE (.json or .json.gz), with a "
                     "manifest; encrypted when LDNCARE_BACKUP_KEY is set.")(backup)
    app.command(help="Replace all data with the copy in FILE made by `ldncare backup`, after "
                     "checking the whole file against its manifest.")(restore)
    app.command("backup-key", help="Print a new key for LDNCARE_BACKUP_KEY (encrypted backups).")(
        backup_key)
    app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
                help="Run a Django management command, e.g. `ldncare manage migrate`.")(manage)


def _migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def demo(
    patients: Annotated[int, typer.Option(min=0, max=100_000,
                                          help="Also load N synthetic patients.")] = 0,
    months: Annotated[int, typer.Option(min=1, max=60, help="Months of synthetic history.")] = 12,
    seed: Annotated[int, typer.Option(help="Seed of the synthetic clinic.")] = 1,
) -> None:
    setup_django()
    from ldncare.web.demo import load_demo_clinic

    _migrate()
    orgs = load_demo_clinic()
    if patients:
        from ldncare.web.demo import CLINIC, PHARMACY
        from ldncare.web.synthetic import load_synthetic_clinic

        load_synthetic_clinic(orgs[CLINIC[0]], orgs[PHARMACY[0]], patients, months, seed)
    typer.echo(f"Demo clinic loaded{f' with {patients} synthetic patients' if patients else ''}.")


def serve(
    port: Annotated[int, typer.Option(envvar="PORT", help="Port on 127.0.0.1.")] = 8000,
    workers: Annotated[int, typer.Option(help="Web server worker processes.")] = 2,
    load_demo: Annotated[bool, typer.Option("--demo/--no-demo", help="Load the demo clinic.")] = True,
) -> None:
    if not 1 <= port <= 65535:
        fail(f"port {port} is not between 1 and 65535")
    os.umask(0o077)  # the database, backups and logs hold health data: owner-only
    if load_demo:
        os.environ.setdefault("LDNCARE_DEMO", "1")
    os.environ.setdefault("LDNCARE_SITE_URL", f"http://127.0.0.1:{port}")
    setup_django()
    from django.conf import settings

    from ldncare.web import runlock
    from ldncare.web.demo import DEMO_PASSWORD, load_demo_clinic
    from ldncare.web.supervisor import Child, supervise

    try:
        lock = runlock.hold_shared(settings.DATA_DIR)
    except runlock.Busy:
        fail("a restore is running on this data; start the server when it has finished")
    _migrate()
    if load_demo:
        load_demo_clinic()
    bin_dir = Path(sys.executable).parent
    children = [
        Child("web server", [str(bin_dir / "gunicorn"), "ldncare.web.wsgi",
                             "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                             "--access-logfile", "-",
                             "--config", "python:ldncare.web.gunicorn_conf",
                             # gunicorn's control socket is one path per user: a second
                             # server on the machine would take it over. Not used here.
                             "--no-control-socket"]),
        Child("task worker", [str(bin_dir / "ldncare"), "worker"]),
        # Plans due reminders every 5 minutes; each is sent once (unique key per reminder).
        Child("reminder planner", [sys.executable, "-m", "ldncare.web.manage", "send_reminders",
                                   "--every", "300"]),
    ]
    typer.echo(f"\nLDN Care is running at http://127.0.0.1:{port}/  (data in {settings.DATA_DIR})")
    if load_demo:
        typer.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in _demo_logins():
            typer.echo(f"  {role:<38} {email}")
    typer.echo("Press Ctrl-C to stop the web server and the task worker.\n")
    with lock:
        supervise(children)


def worker(
    interval: Annotated[float, typer.Option(min=0.05, max=60, help="Seconds between polls.")] = 1.0,
) -> None:
    setup_django()
    from django.conf import settings

    from ldncare.web import runlock
    from ldncare.web.operations.worker import run

    try:
        lock = runlock.hold_shared(settings.DATA_DIR)
    except runlock.Busy:
        fail("a restore is running on this data; start the worker when it has finished")
    with lock:
        run(interval)


audit_app = typer.Typer(help="The audit log's tamper-evident hash chain.", no_args_is_help=True)


@audit_app.command("verify", help="Check every audit entry against the hash chain; exit 1 at "
                                  "the first broken link.")
def audit_verify() -> None:
    setup_django()
    from ldncare.web.operations.auditchain import verify

    verdict = verify()
    if verdict.broken:
        typer.echo(f"BROKEN after {verdict.links} good links: {verdict.broken}", err=True)
        raise typer.Exit(1)
    typer.echo(f"The audit log is intact: {verdict.links} entries chained; head {verdict.head}")


def _backup_key() -> str | None:
    return os.environ.get("LDNCARE_BACKUP_KEY") or None


def backup(file: Annotated[Path, typer.Argument(help="Where to write the copy.")]) -> None:
    if file.suffix not in {".json", ".gz"}:
        fail("the backup file must end in .json or .json.gz")
    if not file.parent.exists():
        fail(f"folder {file.parent} does not exist")
    setup_django()
    from ldncare.web.backup import BackupError, make_backup

    try:
        manifest = make_backup(file, key=_backup_key())
    except (BackupError, OSError) as error:
        fail(f"no backup was written: {error}")
    sealed = "encrypted" if _backup_key() else "NOT encrypted (set LDNCARE_BACKUP_KEY)"
    typer.echo(f"Backup written to {file}: {manifest['objects']} objects, {sealed}, "
               f"sha256 {manifest['sha256'][:16]}…")


def backup_key() -> None:
    from cryptography.fernet import Fernet

    typer.echo(Fernet.generate_key().decode())


def restore(
    file: Annotated[Path, typer.Argument(help="A file made by `ldncare backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing all data.")] = False,
) -> None:
    if not file.is_file():
        fail(f"{file} does not exist")
    setup_django()
    from django.core.management.base import CommandError
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError

    from ldncare.web import runlock
    from ldncare.web.backup import BackupError, data_dir, read_backup, replace_all_data, row_counts

    try:
        lock = runlock.hold_exclusive(data_dir())
    except runlock.Busy:
        fail("LDN Care is running on this data (ldncare serve or a task worker): stop it "
             "first; nothing was changed")
    with lock:
        _migrate()
        try:
            verified = read_backup(file, key=_backup_key())
        except (BackupError, OSError) as error:
            fail(f"{file} is refused; nothing was changed: {error}")
        _show_replacement(row_counts(), verified.counts, verified.manifest)
        if not yes and not typer.confirm("This replaces ALL data in the database. Continue?"):
            raise typer.Exit(1)
        try:
            replace_all_data(verified)
        except (CommandError, DeserializationError, DatabaseError, ValueError) as error:
            fail(f"could not restore {file}; nothing was changed ({error})")
    typer.echo(f"Restored from {file}")


def _show_replacement(now: dict[str, int], then: dict[str, int], manifest: dict[str, object]) -> None:
    """What restore replaces: every table whose row count changes, and the totals."""
    typer.echo(f"Backup made {manifest.get('created_at')} by LDN Care "
               f"{manifest.get('app_version')} ({manifest.get('database')}).")
    typer.echo(f"{'table':<36} {'now':>8} {'backup':>8}")
    for label in sorted(set(now) | set(then)):
        if now.get(label, 0) != then.get(label, 0):
            typer.echo(f"{label:<36} {now.get(label, 0):>8} {then.get(label, 0):>8}")
    typer.echo(f"{'all tables':<36} {sum(now.values()):>8} {sum(then.values()):>8}")


def manage(ctx: typer.Context) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ldncare manage", *ctx.args])


def _demo_logins() -> list[tuple[str, str]]:
    """(role, e-mail) of every demo account, for `make run` to print."""
    from ldncare.web.accounts.roles import Role
    from ldncare.web.demo import PATIENTS, STAFF
    from ldncare.web.trials.demo import DEMO_TRIALS

    rows = [(Role(role).label, email) for email, _, role, _ in STAFF]
    rows += [(f"Patient ({states[-1].label.lower()})", email) for email, _, states in PATIENTS]
    return rows + [(f"Patient (n-of-1 trial, {trial.stage})", trial.email)
                   for trial in DEMO_TRIALS]
