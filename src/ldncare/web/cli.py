"""Commands that need the web shell: serve, demo, backup, restore, manage.

Django is imported inside each command, so the core commands start fast.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from ldncare.clitools import fail


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    import django

    django.setup()


def register(app: typer.Typer) -> None:
    app.command(help="Migrate, load the demo clinic, and run the web server, the task worker and the reminder planner.")(serve)
    app.command(help="Load the demo clinic (idempotent).")(demo)
    app.command(help="Write a consistent copy of all data to FILE (.json or .json.gz).")(backup)
    app.command(help="Replace all data with the copy in FILE made by `ldncare backup`.")(restore)
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
    if load_demo:
        os.environ.setdefault("LDNCARE_DEMO", "1")
    os.environ.setdefault("LDNCARE_SITE_URL", f"http://127.0.0.1:{port}")
    setup_django()
    from django.conf import settings

    from ldncare.web.demo import DEMO_PASSWORD, demo_logins, load_demo_clinic

    _migrate()
    if load_demo:
        load_demo_clinic()
    python = sys.executable
    processes = [
        subprocess.Popen([str(Path(python).with_name("gunicorn")), "ldncare.web.wsgi",
                          "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                          "--config", "python:ldncare.web.gunicorn_conf",
                          "--access-logfile", "-"]),
        subprocess.Popen([python, "-m", "ldncare.web.manage", "db_worker", "--interval", "1"]),
        # Plans due reminders every 5 minutes; each is sent once (unique key per reminder).
        subprocess.Popen([python, "-m", "ldncare.web.manage", "send_reminders", "--every", "300"]),
    ]
    typer.echo(f"\nLDN Care is running at http://127.0.0.1:{port}/  (data in {settings.DATA_DIR})")
    if load_demo:
        typer.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for role, email in demo_logins():
            typer.echo(f"  {role:<38} {email}")
    typer.echo("Press Ctrl-C to stop the web server and the task worker.\n")
    _wait_then_stop(processes)


def _wait_then_stop(processes: list[subprocess.Popen[bytes]]) -> None:
    def stop(*_: object) -> None:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        raise typer.Exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    stop()


BACKUP_EXCLUDE = ["sessions", "axes.accesslog"]


def backup(file: Annotated[Path, typer.Argument(help="Where to write the copy.")]) -> None:
    if file.suffix not in {".json", ".gz"}:
        fail("the backup file must end in .json or .json.gz")
    if not file.parent.exists():
        fail(f"folder {file.parent} does not exist")
    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One snapshot for every table: the copy is consistent even while people work.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command("dumpdata", natural_foreign=True, natural_primary=True,
                     exclude=BACKUP_EXCLUDE, output=str(file), verbosity=0)
    typer.echo(f"Backup written to {file}")


def restore(
    file: Annotated[Path, typer.Argument(help="A file made by `ldncare backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing all data.")] = False,
) -> None:
    if not file.is_file():
        fail(f"{file} does not exist")
    if not yes and not typer.confirm("This replaces ALL data in the database. Continue?"):
        raise typer.Exit(1)
    setup_django()
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.core.serializers.base import DeserializationError
    from django.db import DatabaseError, transaction

    _migrate()
    try:
        with transaction.atomic():
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            ContentType.objects.clear_cache()  # cached ids belong to the flushed rows
            call_command("loaddata", str(file), verbosity=0)
    except (CommandError, DeserializationError, DatabaseError, ValueError) as error:
        fail(f"could not restore {file}; nothing was changed ({error})")
    typer.echo(f"Restored from {file}")


def manage(ctx: typer.Context) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ldncare manage", *ctx.args])
