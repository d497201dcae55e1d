"""The ``ldncare`` command.

Each capability registers its own sub-commands from ``<package>/cli.py`` via a
``register(app)`` function, so the core packages stay independent of each
other. Errors that a person can fix exit with status 2 and a message.

The command starts fast because it imports only the capability that the
command line names: ``ldncare screen …`` never loads numpy, the knowledge base
or Django. :data:`COMMANDS` says which module registers each top-level command,
with the one-line help ``ldncare --help`` lists without importing anything; a
test keeps it equal to what the modules register.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any, NamedTuple

import typer


class Command(NamedTuple):
    """A top-level command: the module whose ``register(app)`` adds it, and its
    one-line help as that module declares it."""

    module: str
    help: str


COMMANDS: dict[str, Command] = {
    "evidence": Command("ldncare.knowledge.cli", "Conditions with evidence grade, direction and "
                        "studies; one condition when named."),
    "knowledge": Command("ldncare.knowledge.cli", "The LDN knowledge base: integrity checks."),
    "screen": Command("ldncare.screening.cli", "Screen medicines and answers for LDN; exits 0 "
                      "whatever the verdict."),
    "plan": Command("ldncare.dosing.cli", "Build a titration plan and show its steps (doses are "
                    "mg naltrexone HCl)."),
    "compound": Command("ldncare.compounding.cli", "Compounding batch math: capsules and oral "
                        "liquids, with beyond-use dates and the working shown."),
    "simulate": Command("ldncare.pharmacology.cli", "Simulate plasma naltrexone, 6beta-naltrexol "
                        "and mu-receptor occupancy (a model, not a measurement)."),
    "outcomes": Command("ldncare.outcomes.cli", "n-of-1 and clinic outcome statistics."),
    "trial": Command("ldncare.trials.cli", "Blinded n-of-1 trials: the randomised schedule and "
                     "its analysis."),
    "journal": Command("ldncare.journal.cli", "Patient journal: questionnaires, schedules, "
                       "decision support."),
    "serve": Command("ldncare.web.cli", "Migrate, load the demo clinic, and run the web server, "
                     "the task worker and the reminder planner."),
    "demo": Command("ldncare.web.cli", "Load the demo clinic (idempotent)."),
    "worker": Command("ldncare.web.cli", "Run background tasks (e-mails, reminders, decision "
                      "support) with a lease: a task whose worker died is run again."),
    "backup": Command("ldncare.web.cli", "Write a consistent copy of all data to FILE (.json or "
                      ".json.gz), with a manifest; encrypted when LDNCARE_BACKUP_KEY is set."),
    "restore": Command("ldncare.web.cli", "Replace all data with the copy in FILE made by "
                       "`ldncare backup`, after checking the whole file against its manifest."),
    "backup-key": Command("ldncare.web.cli", "Print a new key for LDNCARE_BACKUP_KEY (encrypted "
                          "backups)."),
    "audit": Command("ldncare.web.cli", "The audit log's tamper-evident hash chain."),
    "manage": Command("ldncare.web.cli", "Run a Django management command, e.g."),
    "recall": Command("ldncare.web.pharmacy.cli", "Recall a lot: who received a batch lot, or "
                      "which batches used an ingredient lot."),
    "demo-clinic": Command("ldncare.web.insights.cli", "Load a synthetic clinic of N patients "
                           "over M months into the demo clinic (fictional data)."),
}

#: Every module that registers commands, in the order ``--help`` lists them.
COMMAND_MODULES = tuple(dict.fromkeys(command.module for command in COMMANDS.values()))

_HELP = "LDN Care: low-dose naltrexone therapy end to end."


def _new_app() -> typer.Typer:
    return typer.Typer(name="ldncare", help=_HELP, no_args_is_help=True,
                       pretty_exceptions_enable=False)


def build_app(modules: tuple[str, ...] = COMMAND_MODULES) -> typer.Typer:
    """The ``ldncare`` application with the commands of ``modules`` registered."""
    app = _new_app()
    for name in modules:
        importlib.import_module(name).register(app)
    return app


def _listing_app() -> typer.Typer:
    """An application that only lists the commands, for ``ldncare --help``: each
    entry has the real command's name and help and nothing behind it, because a
    named command is always dispatched to its real module first."""
    app = _new_app()
    for name, command in COMMANDS.items():
        app.command(name, help=command.help)(lambda: None)
    return app


def _named_command(args: list[str]) -> str | None:
    """The top-level command the arguments name (the first word that is not an
    option), or None."""
    return next((arg for arg in args if not arg.startswith("-")), None)


def _run(app: typer.Typer) -> None:
    # As a group even when one command is registered: Typer would otherwise make
    # that command the root and refuse its own name as an extra argument.
    typer.main.get_group(app)(prog_name="ldncare")


def main() -> None:
    name = _named_command(sys.argv[1:])
    if name in COMMANDS:
        _run(build_app((COMMANDS[name].module,)))
    elif name is None:
        _run(_listing_app())
    else:  # an unknown word: the full application says so, with the real list
        _run(build_app())


def __getattr__(attribute: str) -> Any:
    # ``from ldncare.cli import app`` (tests, embedding) gets every command.
    if attribute == "app":
        return build_app()
    raise AttributeError(attribute)


if __name__ == "__main__":
    main()
