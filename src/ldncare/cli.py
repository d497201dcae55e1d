"""The ``ldncare`` command.

Each capability registers its own sub-commands from ``<package>/cli.py`` via a
``register(app)`` function, so the core packages stay independent of each
other. Errors that a person can fix exit with status 2 and a message.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="ldncare",
    help="LDN Care: low-dose naltrexone therapy end to end.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

#: Modules whose ``register(app)`` adds commands. Web commands import Django
#: lazily inside their functions, so core commands start fast.
COMMAND_MODULES = (
    "ldncare.knowledge.cli",
    "ldncare.screening.cli",
    "ldncare.dosing.cli",
    "ldncare.compounding.cli",
    "ldncare.pharmacology.cli",
    "ldncare.outcomes.cli",
    "ldncare.journal.cli",
    "ldncare.web.cli",
    "ldncare.web.insights.cli",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
