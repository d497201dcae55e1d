"""``ldncare outcomes …``: responder definitions and a synthetic-clinic report.

(No ``demo`` command here: the web shell owns ``ldncare demo``.)
"""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console
from rich.table import Table

from ldncare.clitools import fail, print_json

outcomes_app = typer.Typer(help="n-of-1 and clinic outcome statistics.", no_args_is_help=True)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--start must be a date written YYYY-MM-DD, not {text!r}")


@outcomes_app.command("responders")
def responders(json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the responder definition of each condition, with sources."""
    from ldncare.outcomes.responders import load_definitions

    definitions = load_definitions()
    if json_out:
        print_json({"version": definitions.version,
                    "conditions": {c: {"match": d.match, "match_source": d.match_source,
                                       "primary_measure": d.primary_measure,
                                       "primary_source": d.primary_source,
                                       "rules": [r.as_dict() for r in d.rules]}
                                   for c, d in definitions.conditions.items()}})
        return
    table = Table(title=f"Responder definitions ({definitions.version})")
    for column in ("condition", "rule", "verified", "source"):
        table.add_column(column)
    for condition, definition in definitions.conditions.items():
        table.add_row(condition, f"main measure: {definition.primary_measure}", "",
                      definition.primary_source)
        table.add_row("", f"responder if {definition.match} of:", "", definition.match_source)
        for rule in definition.rules:
            table.add_row("", rule.describe(), "yes" if rule.verified else "NO", rule.source)
    Console().print(table)


@outcomes_app.command("synthetic-report")
def synthetic_report(
    patients: int = typer.Option(200, "--patients", help="Number of synthetic patients."),
    months: int = typer.Option(12, "--months", help="Months the synthetic clinic runs."),
    seed: int = typer.Option(1, "--seed", help="Random seed (same seed, same clinic)."),
    start: str = typer.Option("2025-01-01", "--start", help="First day, YYYY-MM-DD."),
    json_out: bool = typer.Option(False, "--json", help="Print the cohort report as JSON."),
) -> None:
    """Generate a synthetic clinic and print its cohort statistics."""
    from ldncare.outcomes.cohort import cohort_report, summarise_synthetic_patient
    from ldncare.outcomes.errors import OutcomesError
    from ldncare.outcomes.synthetic import generate_clinic

    if not 1 <= patients <= 100_000:
        fail(f"--patients must be between 1 and 100000 (got {patients})")
    if not 1 <= months <= 120:
        fail(f"--months must be between 1 and 120 (got {months})")
    first = _parse_date(start)
    try:
        clinic = generate_clinic(patients, months, seed, first)
        report = cohort_report([summarise_synthetic_patient(p) for p in clinic.patients],
                               as_of=clinic.end)
    except OutcomesError as error:
        fail(str(error))
    if json_out:
        print_json(report.as_dict())
        return
    table = Table(title=f"Synthetic clinic: {patients} patients, {months} months (seed {seed})")
    for column in ("condition", "responders", "rate", "95% interval"):
        table.add_column(column)
    for row in report.by_condition:
        p = row.proportion
        table.add_row(row.group, f"{p.events}/{p.total}", f"{p.rate:.0%}",
                      f"{p.low:.0%}–{p.high:.0%}")
    console = Console()
    console.print(table)
    median = report.retention.median_days
    console.print(f"Median time on LDN: {median if median is not None else 'not reached'} days; "
                  f"stop reasons: {report.retention.stop_reasons}")
    for caveat in report.caveats:
        console.print(f"- {caveat}")


@outcomes_app.command("operating-characteristics")
def operating_characteristics(
    patients: int = typer.Option(400, "--patients", help="Simulated patients per scenario."),
    seed: int = typer.Option(2026, "--seed", help="Random seed (same seed, same table)."),
) -> None:
    """How often the n-of-1 analysis says "improved" or "worsened", by scenario (Markdown)."""
    from ldncare.outcomes.operating import as_markdown, operating_table

    if not 20 <= patients <= 20_000:
        fail(f"--patients must be between 20 and 20000 (got {patients})")
    print(as_markdown(operating_table(patients=patients, seed=seed)))


def register(app: typer.Typer) -> None:
    """Add ``ldncare outcomes`` to ``app``."""
    app.add_typer(outcomes_app, name="outcomes")
