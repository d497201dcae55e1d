"""``ldncare plan``: build a titration plan from a protocol or custom numbers."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ldncare.clitools import fail, print_json
from ldncare.dateranges import DateOutOfRange, planning_window
from ldncare.dosing.errors import CeilingExceeded, DosingError
from ldncare.dosing.plan import TimeOfDay, TitrationPlan, build_plan
from ldncare.dosing.protocols import DosingLimits, Protocol, custom_protocol, load_library
from ldncare.units import DoseError, parse_dose

#: How far past the start of maintenance the .ics runs: four weeks of daily
#: reminders (a product choice; the feed in the web app runs on).
ICS_MAINTENANCE_DAYS = 28


def _choose_protocol(name: str | None, start_dose: str | None, step: str | None,
                     every: int | None, target: str | None) -> Protocol:
    custom = {"--start-dose": start_dose, "--step": step, "--every": every, "--target": target}
    given = [flag for flag, value in custom.items() if value is not None]
    if name == "custom":
        name = None  # "--protocol custom" with the numbers is the same as the numbers alone
    if name and given:
        fail(f"use either --protocol or the custom numbers, not both (got --protocol and {', '.join(given)})")
    if name:
        return load_library().get(name)
    if not given:
        fail("say which schedule: --protocol NAME, or --start-dose, --step, --every and --target")
    missing = [flag for flag, value in custom.items() if value is None]
    if missing:
        fail(f"a custom schedule also needs {', '.join(missing)}")
    return custom_protocol(parse_dose(start_dose), parse_dose(step), every, parse_dose(target))  # type: ignore[arg-type]


def _start_date(text: str) -> date:
    """The ``--start`` day, within the planning horizon (``ldncare.dateranges``)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        fail(f"--start {text!r} is not a date; write it as YYYY-MM-DD")
    try:
        return planning_window(date.today()).check(day, "--start")  # noqa: DTZ011 (the user's day)
    except DateOutOfRange as error:
        fail(str(error))


def _show(plan: TitrationPlan) -> None:
    table = Table(title=f"Titration plan: {plan.protocol} (to {plan.target})")
    for column in ("step", "dose", "from", "to", "time"):
        table.add_column(column)
    for number, step in enumerate(plan.steps, start=1):
        table.add_row(str(number), str(step.dose), step.start.isoformat(),
                      "maintenance" if step.end is None else step.end.isoformat(),
                      step.time_of_day.value)
    console = Console()
    console.print(table)
    if plan.override_reason:
        console.print(f"Above the clinic ceiling of {plan.limits.clinic_ceiling}: {plan.override_reason}")


def _write_ics(plan: TitrationPlan, path: Path, tz: str) -> None:
    from ldncare.interop.ical import CalendarError, plan_to_ical

    last = plan.steps[-1].start + timedelta(days=ICS_MAINTENANCE_DAYS - 1)
    try:
        path.write_bytes(plan_to_ical(plan, tz=tz, last=last))
    except CalendarError as error:
        fail(str(error))
    except OSError as error:
        fail(f"could not write {path}: {error.strerror}")


def plan_command(
    start: Annotated[str, typer.Option("--start", metavar="YYYY-MM-DD",
                                       help="Day of the first dose.")],
    protocol: Annotated[str | None, typer.Option("--protocol", help="A protocol from the library.")] = None,
    start_dose: Annotated[str | None, typer.Option("--start-dose", metavar="MG",
                                                   help="Custom: first dose.")] = None,
    step: Annotated[str | None, typer.Option("--step", metavar="MG",
                                             help="Custom: added at each step.")] = None,
    every: Annotated[int | None, typer.Option("--every", metavar="DAYS",
                                              help="Custom: days per step.")] = None,
    target: Annotated[str | None, typer.Option("--target", metavar="MG",
                                               help="Custom: maintenance dose.")] = None,
    time_of_day: Annotated[TimeOfDay, typer.Option("--time", help="bedtime or morning.")] = TimeOfDay.BEDTIME,
    override_reason: Annotated[str | None, typer.Option(
        "--override-reason", metavar="TEXT", help="Why a dose above the clinic ceiling is right.")] = None,
    increment: Annotated[str | None, typer.Option(
        "--increment", metavar="MG",
        help="The clinic's smallest dose increment (default 0.25 mg); every dose is a multiple.")] = None,
    ics: Annotated[Path | None, typer.Option("--ics", metavar="FILE",
                                             help="Also write an .ics calendar.")] = None,
    tz: Annotated[str, typer.Option("--tz", help="The patient's time zone for --ics (IANA name).")] = "UTC",
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
) -> None:
    """Build a titration plan and show its steps (doses are mg naltrexone HCl)."""
    first_day = _start_date(start)
    try:
        chosen = _choose_protocol(protocol, start_dose, step, every, target)
        limits = _limits(increment)
        plan = build_plan(chosen, first_day, limits=limits, override_reason=override_reason,
                          time_of_day=time_of_day, actor="ldncare plan")
    except CeilingExceeded as error:
        fail(f"{error} (pass --override-reason TEXT)")
    except (DosingError, DoseError) as error:
        fail(str(error))
    if ics is not None:
        _write_ics(plan, ics, tz)
    if as_json:
        print_json(plan.as_dict())
    else:
        _show(plan)


def _limits(increment: str | None) -> DosingLimits:
    """The default limits, with the clinic's own increment when given."""
    if increment is None:
        return DosingLimits()
    chosen = parse_dose(increment)
    if chosen.mg <= 0:
        raise DosingError("--increment must be more than 0 mg")
    return DosingLimits(smallest_increment=chosen,
                        smallest_increment_source="given with --increment")


def register(app: typer.Typer) -> None:
    """Add ``ldncare plan`` to ``app``."""
    app.command("plan")(plan_command)
