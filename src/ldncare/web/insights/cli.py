"""`ldncare demo-clinic`: load a synthetic clinic (fictional patients with known,
planted effects) into the database, for demos and benchmarks.

Register with ``ldncare.web.insights.cli.register(app)`` in ``ldncare/cli.py``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ldncare.clitools import fail


def register(app: typer.Typer) -> None:
    app.command("demo-clinic", help="Load a synthetic clinic of N patients over M months "
                                    "into the demo clinic (fictional data).")(demo_clinic)


def demo_clinic(
    patients: Annotated[int, typer.Option("--patients", help="Number of synthetic patients.")] = 200,
    months: Annotated[int, typer.Option("--months", help="Months of journal data (30-day).")] = 6,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same clinic).")] = 1,
) -> None:
    if patients < 1 or patients > 100_000:
        fail(f"--patients must be between 1 and 100000 (got {patients})")
    if months < 1 or months > 60:
        fail(f"--months must be between 1 and 60 (got {months})")
    from ldncare.web.cli import _migrate, setup_django

    setup_django()
    from ldncare.web.demo import load_demo_clinic
    from ldncare.web.synthetic import load_synthetic_clinic

    _migrate()
    orgs = load_demo_clinic()
    clinic, pharmacy = orgs["riverside"], orgs["northgate"]
    loaded = load_synthetic_clinic(clinic, pharmacy, patients, months, seed)
    typer.echo(f"Loaded {len(loaded.patient_ids)} synthetic patients with "
               f"{loaded.check_ins} check-ins into {clinic.name}.")
