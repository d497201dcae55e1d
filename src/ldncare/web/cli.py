"""Sub-commands of this capability (placeholder until it is built)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this capability's commands to ``app``."""
