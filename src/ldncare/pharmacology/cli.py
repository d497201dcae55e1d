"""``ldncare simulate``: concentrations and mu occupancy for a dose or repeated doses."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import Any

import typer

from ldncare.clitools import fail, print_json
from ldncare.units import DoseError, format_mg, parse_dose


def register(app: typer.Typer) -> None:
    """Add ``simulate`` to ``app``."""
    app.command("simulate")(simulate_command)


def simulate_command(
    dose: str = typer.Option(..., "--dose", help="Dose of naltrexone HCl, e.g. 4.5 or '500 mcg'."),
    hours: float | None = typer.Option(None, "--hours", help="Hours to simulate (default: 24 h after the last dose)."),
    step_h: float = typer.Option(0.25, "--step-h", help="Time step in hours."),
    doses: int = typer.Option(1, "--doses", help="Number of doses."),
    interval_hours: float = typer.Option(24.0, "--interval-hours", help="Hours between doses."),
    population: int = typer.Option(0, "--population", help="Virtual patients for percentile bands (0 = typical only)."),
    seed: int | None = typer.Option(None, "--seed", help="Random seed for a reproducible population."),
    model: str | None = typer.Option(
        None, "--model",
        help="Structural model: brain-retention or plasma-driven (default: the one that passes validation)."),
    svg: Path | None = typer.Option(None, "--svg", help="Write an SVG chart to this file."),  # noqa: B008
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Simulate plasma naltrexone, 6beta-naltrexol and mu-receptor occupancy (a model, not a measurement)."""
    from ldncare.pharmacology import (
        PharmacologyError,
        repeated_doses,
        simulate,
        simulate_population,
        time_grid,
    )
    from ldncare.pharmacology.comparison import compare_models
    from ldncare.pharmacology.limits import SimulationLimitError, check_limits
    from ldncare.pharmacology.models import model_names
    from ldncare.pharmacology.simulation import simulation_report

    try:
        amount = parse_dose(dose)
    except DoseError as error:
        fail(f"--dose: {error}")
    if amount.mg <= 0:
        fail("--dose must be more than 0 mg")
    if seed is not None and not 0 <= seed < 2**32:
        fail("--seed must be 0 to 4294967295")
    if model is not None and model not in model_names():
        fail(f"--model: choose one of {', '.join(model_names())}, not {model!r}")
    span = hours if hours is not None else (doses - 1) * interval_hours + 24.0
    try:  # the API's limits (ldncare.pharmacology.limits): 60 doses, six weeks
        check_limits(doses=doses, hours=span, step_h=step_h, interval_hours=interval_hours,
                     population=population)
    except SimulationLimitError as error:
        fail(f"--{error.field.replace('_', '-')}: {error}")
    try:
        regimen = repeated_doses(amount, doses, interval_hours)
        times = time_grid(span, step_h)
        result = simulate(regimen, times, model=model)
        comparison = compare_models(regimen, times)
        bands = None
        if population:
            run = functools.partial(simulate_population, model=result.model)
            bands = _population(run, regimen, times, population, seed, as_json)
    except PharmacologyError as error:
        fail(str(error))
    payload = simulation_report(format_mg(amount.mg), doses, interval_hours, result,
                                None if bands is None else bands.as_dict(), comparison.as_dict())
    if svg is not None:
        try:
            svg.write_text(_chart(result, bands, comparison), encoding="utf-8")
        except OSError as error:
            fail(f"--svg: could not write {svg}: {error.strerror}")
    if as_json:
        print_json(payload)
        return
    _print_summary(payload)


def _population(run, regimen, times, count, seed, quiet):
    if quiet or not sys.stderr.isatty():
        return run(regimen, times, count, seed)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(f"{count:,} virtual patients", total=len(times))
        return run(regimen, times, count, seed, progress=lambda done, total: bar.update(task, completed=done))


def _chart(result, bands, comparison) -> str:
    from ldncare.charts import Band, Series, line_chart

    x = result.times_h.tolist()
    band = None
    if bands is not None:
        low, high = bands.percentiles[0], bands.percentiles[-1]
        band = Band(f"{low:g}th-{high:g}th percentile", x,
                    (bands.band("mu_occupancy", low) * 100).tolist(), (bands.band("mu_occupancy", high) * 100).tolist())
    return line_chart(
        "Modelled mu-opioid receptor occupancy",
        [Series(f"{f.title} (typical patient)", x, (f.simulation.mu_occupancy * 100).tolist(),
                colour=None if f.model == result.model else "#7a4e9c")
         for f in comparison.figures],
        description="Model output, not a measurement: two structural models side by side. "
                    "Below 50 mg the model extrapolates.",
        x_label="hours after first dose", y_label="occupancy (%)", band=band, y_min=0, y_max=100,
    )


def _print_summary(payload: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"naltrexone HCl {payload['dose_mg']} mg × {payload['doses']} ({payload['model']} model)")
    table.add_column("quantity")
    table.add_column("value")
    table.add_row("naltrexone Cmax", f"{payload['cmax_ng_per_ml']['naltrexone']:.3g} ng/mL at {payload['tmax_h']['naltrexone']:g} h")
    table.add_row("6β-naltrexol Cmax", f"{payload['cmax_ng_per_ml']['6beta_naltrexol']:.3g} ng/mL at {payload['tmax_h']['6beta_naltrexol']:g} h")
    table.add_row("peak μ occupancy", f"{payload['peak_mu_occupancy']:.1%}")
    for threshold, value in payload["hours_above_mu_occupancy"].items():
        table.add_row(f"hours ≥ {float(threshold):.0%} occupancy", f"{value:.1f}")
    console = Console()
    console.print(table)
    for sentence in payload["comparison"]["sentences"]:
        console.print(sentence)
    failing = [row["quantity"] for row in payload["validation"] if not row["passes"]]
    if failing:
        console.print(f"This model misses {len(failing)} published point(s): " + "; ".join(failing))
    console.print("Caveats: " + " ".join(payload["caveats"]))
