"""``ldncare trial design|analyse``: a blinded n-of-1 trial's schedule, and its
analysis from a JSON file. Bad input exits 2 with the reason."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from ldncare.clitools import fail, print_json

trial_app = typer.Typer(help="Blinded n-of-1 trials: the randomised schedule and its analysis.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add ``ldncare trial`` to ``app``."""
    app.add_typer(trial_app, name="trial")


@trial_app.command("design")
def design_command(
    arms: Annotated[str, typer.Option("--arms", help="active,comparator in mg, e.g. 4.5,0 (0 = placebo)")],
    start: Annotated[str, typer.Option("--start", help="first day, YYYY-MM-DD")],
    seed: Annotated[int, typer.Option("--seed", help="random seed; the same seed gives the same order")],
    pairs: Annotated[int, typer.Option("--pairs", help="pairs of periods (2-10)")] = 3,
    period_days: Annotated[int, typer.Option("--period-days", help="days per period")] = 14,
    run_in_days: Annotated[int, typer.Option("--run-in-days", help="days at the start of each period that are not analysed")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Print the randomised schedule of periods (kept by the pharmacy; the patient and
    prescriber see period codes only)."""
    from ldncare.dateranges import planning_window
    from ldncare.trials import TrialError, design_trial, parse_arms

    try:
        first_day = date.fromisoformat(start)
    except ValueError:
        fail(f"--start {start!r} is not a date like 2027-01-04")
    try:
        planning_window(datetime.now(UTC).date()).check(first_day, "--start", TrialError)
        active, comparator = parse_arms(arms)
        design = design_trial(active, comparator, pairs=pairs, period_days=period_days,
                              run_in_days=run_in_days, start=first_day, seed=seed)
    except TrialError as error:
        fail(str(error))
    if as_json:
        print_json(design.as_dict())
        return
    for period in design.periods:
        typer.echo(f"pair {period.pair} · period {period.period}: {period.arm} "
                   f"({format(period.dose_mg.normalize(), 'f')} mg) {period.start} to {period.end}")


@trial_app.command("analyse")
def analyse_command(
    file: Annotated[Path, typer.Argument(help="JSON: periods, outcomes, primary, direction, meaningful")],
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Analyse a finished trial: the difference between the arms on the primary
    measure, its 95% interval and the probability that the active arm is better."""
    from ldncare.trials import Period, TrialError, analyse_trial, parse_outcomes

    payload = _read(file)
    try:
        periods = [Period.from_dict(item) for item in _list(payload.get("periods"))]
        primary = str(payload.get("primary") or "")
        result = analyse_trial(periods, parse_outcomes(payload.get("outcomes"), primary),
                               primary=primary, direction=str(payload.get("direction")),
                               meaningful=_number(payload.get("meaningful", 1)))
    except TrialError as error:
        fail(str(error))
    if as_json:
        print_json(result.as_dict())
        return
    typer.echo(f"{result.verdict}: {result.estimate:+.2f} ({result.low:+.2f} to "
               f"{result.high:+.2f}); {result.sentence}")


def _read(file: Path) -> dict[str, Any]:
    try:
        payload = json.loads(file.read_text(encoding="utf-8"))
    except OSError as error:
        fail(f"cannot read {file}: {error.strerror}")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(f"{file} is not JSON ({error})")
    if not isinstance(payload, dict):
        fail(f"{file} must hold one JSON object with periods, outcomes and primary")
    return payload


def _list(value: Any) -> list[dict[str, Any]]:
    from ldncare.trials import TrialError

    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise TrialError("periods must be the list the design printed")
    return value


def _number(value: Any) -> float:
    from ldncare.trials import TrialError

    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TrialError(f"meaningful must be a number (got {value!r})")
    return float(value)
