"""``ldncare`` imports only the capability its command line names, and its
listing of commands stays equal to what the capabilities register."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
import typer
from typer.main import get_group

from ldncare.cli import COMMAND_MODULES, COMMANDS


def _registered(module: str) -> dict[str, str]:
    app = typer.Typer()
    importlib.import_module(module).register(app)
    return {name: command.get_short_help_str(limit=300)
            for name, command in get_group(app).commands.items()}


def test_the_listing_names_every_command_each_module_registers_with_its_own_help():
    registered = {name: (module, short) for module in COMMAND_MODULES
                  for name, short in _registered(module).items()}
    listed = {name: (command.module, command.help) for name, command in COMMANDS.items()}
    assert listed == registered


def _modules_loaded_by(*args: str) -> set[str]:
    script = ("import sys, json\n"
              f"sys.argv = ['ldncare', *{list(args)!r}]\n"
              "from ldncare.cli import main\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_screening_a_medicine_loads_neither_numpy_nor_django_nor_the_knowledge_base():
    loaded = _modules_loaded_by("screen", "--med", "ibuprofen", "--json")
    assert "ldncare.screening.engine" in loaded
    assert not {"numpy", "django", "ldncare.knowledge", "ldncare.pharmacology"} & loaded


def test_the_help_lists_the_commands_without_importing_any_capability():
    loaded = _modules_loaded_by("--help")
    assert not [name for name in loaded if name.startswith(("ldncare.screening",
                                                            "ldncare.knowledge", "django"))]


@pytest.mark.parametrize("args", [["--help"], []])
def test_the_help_lists_every_command(args):
    done = subprocess.run([sys.executable, "-m", "ldncare.cli", *args], capture_output=True,
                          text=True, env={"COLUMNS": "200", "PATH": ""})
    for name in COMMANDS:
        assert f" {name} " in done.stdout


def test_an_unknown_command_exits_2_and_says_so():
    done = subprocess.run([sys.executable, "-m", "ldncare.cli", "prescribe-everything"],
                          capture_output=True, text=True, env={"COLUMNS": "200", "PATH": ""})
    assert done.returncode == 2
    assert "No such command" in done.stderr
