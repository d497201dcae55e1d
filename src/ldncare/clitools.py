"""Small helpers shared by the sub-commands of ``ldncare``."""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

import typer
from rich.console import Console

err_console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print ``message`` to stderr and exit 2: the user gave something we cannot use."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code=2)


def print_json(payload: Any) -> None:
    """Write ``payload`` as JSON on stdout (Decimals and dates as strings)."""
    json.dump(payload, sys.stdout, indent=2, default=str, ensure_ascii=False)
    sys.stdout.write("\n")
