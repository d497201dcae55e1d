"""Command-line cold start: each ``ldncare`` command as a whole new process,
beside a bare ``python -c pass`` from the same virtualenv in the same run."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.harness import Report

BIN = Path(sys.executable).parent

COMMANDS = {
    "ldncare --help": ["--help"],
    "ldncare screen --med ibuprofen --json": ["screen", "--med", "ibuprofen", "--json"],
    "ldncare plan --protocol standard --start 2026-12-01 --json":
        ["plan", "--protocol", "standard", "--start", "2026-12-01", "--json"],
    "ldncare compound capsules --strength 4.5 --quantity 30 --source api --json":
        ["compound", "capsules", "--strength", "4.5", "--quantity", "30", "--source", "api",
         "--json"],
    "ldncare evidence": ["evidence"],
}

#: What every command cost before commands were imported lazily: the whole
#: application built, as ``ldncare`` used to do on every start.
EAGER = [str(BIN / "python"), "-c", "from ldncare.cli import build_app; build_app()"]


def _process(argv: list[str], env: dict[str, str]) -> None:
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=env)


def run(report: Report) -> None:
    section = report.section("Command line: cold start of each command (whole process)",
                             ".venv/bin/python -m benchmarks cli")
    env = {**os.environ, "LDNCARE_DATA_DIR": tempfile.mkdtemp(), "COLUMNS": "100"}
    bare = report.measure(lambda: _process([str(BIN / "python"), "-c", "pass"], env), repeat=9)
    report.row("bare `python -c pass` (baseline)", bare, bare)
    report.row("import every command (the start-up before lazy commands)",
               report.measure(lambda: _process(EAGER, env), repeat=7), bare)
    for case, args in COMMANDS.items():
        report.row(f"`{case}`", report.measure(lambda a=args: _process([str(BIN / "ldncare"), *a],
                                                                        env), repeat=7),
                   bare, goal="≤ 300 ms")
    section.notes.append("Each row is one new process from the same virtualenv; the ratio is the "
                         "bare interpreter's time divided by the command's (1.0 would be free).")
