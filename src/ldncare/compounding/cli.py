"""``ldncare compound capsules|liquid``: batch math, BUD and working on the command line.

Every request the core refuses (zero or negative amounts, a strength above the
hard maximum, tablets that do not divide, an unmeasurable dose volume) exits 2
with the reason on stderr.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ldncare.clitools import fail, print_json
from ldncare.compounding.bud import BeyondUseDate, beyond_use_date
from ldncare.compounding.capsules import CapsuleBatch, capsule_batch
from ldncare.compounding.common import Weighing
from ldncare.compounding.errors import CompoundingError
from ldncare.compounding.liquid import LiquidBatch, liquid_batch
from ldncare.compounding.reference import Storage, load_formulas
from ldncare.dateranges import DateOutOfRange, planning_window
from ldncare.units import DoseError, format_mg, parse_dose

compound = typer.Typer(help="Compounding batch math: capsules and oral liquids, with "
                            "beyond-use dates and the working shown.", no_args_is_help=True)

SOURCE_HELP = "api (USP naltrexone hydrochloride powder) or tablets (whole 50 mg tablets)"
WATER_HELP = "water content % of the powder lot, from its certificate of analysis (0-<20)"
MIN_WEIGHT_HELP = ("your balance's minimum weight in mg (default 20: a 1 mg balance at 5% "
                   "error); nothing is weighed below it")
TRITURATION_HELP = ("below the minimum weight, dilute the powder in the filler first "
                    "(default), or refuse with the smallest batch that can be weighed")


def register(app: typer.Typer) -> None:
    """Add ``ldncare compound`` to ``app``."""
    app.add_typer(compound, name="compound")


def _day(text: str | None) -> dt.date:
    """``--compounded-on`` (default today), within the planning horizon."""
    today = dt.datetime.now(dt.UTC).date()
    if text is None:
        return today
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        fail(f"--compounded-on {text!r} is not a date like 2026-11-22")
    try:
        return planning_window(today).check(day, "--compounded-on")
    except DateOutOfRange as error:
        fail(str(error))


def _mg(text: str, flag: str) -> Any:
    try:
        return parse_dose(text)
    except DoseError as error:
        fail(f"{flag}: {error}")


def _bud_fields(bud: BeyondUseDate) -> dict[str, Any]:
    return {"beyond_use_days": bud.days, "beyond_use_date": bud.beyond_use_date.isoformat(),
            "storage": bud.storage.value, "storage_text": bud.storage_text,
            "bud_basis": bud.basis, "bud": bud.as_dict()}


def _show(title: str, rows: list[tuple[str, str]], working: tuple[str, ...],
          bud: BeyondUseDate) -> None:
    console = Console()
    table = Table(title=title, show_header=False)
    for name, value in rows:
        table.add_row(name, value)
    table.add_row("beyond-use date", f"{bud.beyond_use_date.isoformat()} ({bud.days} days)")
    table.add_row("BUD basis", bud.basis)
    table.add_row("storage", bud.storage_text)
    console.print(table)
    console.print("[bold]Working[/]")
    for number, step in enumerate(working + bud.working, start=1):
        console.print(f"  {number}. {step}", highlight=False)
    if bud.caveat:
        console.print(f"[yellow]note:[/] {bud.caveat}", highlight=False)


@compound.command("capsules")
def capsules_command(
    strength: Annotated[str, typer.Option("--strength", help="mg per capsule, e.g. 4.5")],
    quantity: Annotated[int, typer.Option("--quantity", help="number of capsules")],
    source: Annotated[str, typer.Option("--source", help=SOURCE_HELP)] = "api",
    overage: Annotated[str, typer.Option("--overage", help="extra blend, % (0-100)")] = "0",
    capsule_size: Annotated[str | None, typer.Option("--capsule-size", help="000-5; default the formula's (3)")] = None,
    filler: Annotated[str | None, typer.Option("--filler", help="filler key, e.g. mcc or lactose")] = None,
    assay: Annotated[str, typer.Option("--assay", help="API assay % from the certificate")] = "100",
    water: Annotated[str, typer.Option("--water-percent", help=WATER_HELP)] = "0",
    min_weight: Annotated[str | None, typer.Option("--balance-min-weight-mg", help=MIN_WEIGHT_HELP)] = None,
    trituration: Annotated[bool, typer.Option("--trituration/--no-trituration", help=TRITURATION_HELP)] = True,
    max_strength: Annotated[str | None, typer.Option("--max-strength", help="hard maximum mg (default 10)")] = None,
    stability_study: Annotated[str | None, typer.Option("--stability-study", help="e.g. cote-2018")] = None,
    compounded_on: Annotated[str | None, typer.Option("--compounded-on", help="YYYY-MM-DD, default today")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Work out a capsule batch: drug, filler, fill weight, BUD."""
    dose = _mg(strength, "--strength")
    ceiling = _mg(max_strength, "--max-strength").mg if max_strength else None
    day = _day(compounded_on)
    try:
        batch = capsule_batch(dose, quantity, source=source, overage_percent=overage,
                              capsule_size=capsule_size, filler=filler, assay_percent=assay,
                              water_percent=water, minimum_weight_mg=min_weight,
                              allow_trituration=trituration, maximum_mg=ceiling)
        formula = load_formulas().formula(batch.formula.partition("@")[0])
        bud = beyond_use_date(day, formula.bud_category, formula.storage, study=stability_study,
                              strength=batch.strength_mg, container=formula.container)
    except CompoundingError as error:
        fail(str(error))
    if as_json:
        print_json(_capsule_json(batch, bud))
        return
    _show(f"{batch.quantity} × {format_mg(batch.strength_mg)} mg capsules ({batch.formula})",
          _capsule_rows(batch), batch.working, bud)


def _capsule_json(batch: CapsuleBatch, bud: BeyondUseDate) -> dict[str, Any]:
    payload = batch.as_dict()
    payload["api_mg"] = format(batch.api_mg, "f")
    if batch.tablets_50mg is None:
        payload.pop("tablets_50mg")
    return payload | _bud_fields(bud)


def _capsule_rows(batch: CapsuleBatch) -> list[tuple[str, str]]:
    rows = [("naltrexone HCl needed", f"{format_mg(batch.api_mg)} mg"),
            ("fill weight per capsule", f"{format_mg(batch.fill_weight_mg)} mg (size {batch.capsule_size})")]
    rows += [(i.name, f"{format_mg(i.amount)} {i.unit}") for i in batch.ingredients]
    return rows + _weighing_rows(batch.weighings)


def _weighing_rows(weighings: tuple[Weighing, ...]) -> list[tuple[str, str]]:
    return [(f"weigh {number}: {w.what}", f"{format_mg(w.mg)} mg")
            for number, w in enumerate(weighings, start=1)]


@compound.command("liquid")
def liquid_command(
    concentration: Annotated[str, typer.Option("--concentration", help="mg per mL, e.g. 1")],
    volume: Annotated[str, typer.Option("--volume", help="mL to make")],
    source: Annotated[str, typer.Option("--source", help=SOURCE_HELP)] = "api",
    preserved: Annotated[bool, typer.Option("--preserved/--nonpreserved",
                                            help="preserved Fawcett 1997 formula (default) or water only")] = True,
    dose: Annotated[str | None, typer.Option("--dose", help="patient's dose in mg, for the syringe volume")] = None,
    storage: Annotated[str | None, typer.Option("--storage", help="refrigerator or room_temperature; default the formula's")] = None,
    assay: Annotated[str, typer.Option("--assay", help="API assay % from the certificate")] = "100",
    water: Annotated[str, typer.Option("--water-percent", help=WATER_HELP)] = "0",
    min_weight: Annotated[str | None, typer.Option("--balance-min-weight-mg", help=MIN_WEIGHT_HELP)] = None,
    max_strength: Annotated[str | None, typer.Option("--max-strength", help="hard maximum dose mg (default 10)")] = None,
    stability_study: Annotated[str | None, typer.Option("--stability-study", help="e.g. fawcett-1997-refrigerated")] = None,
    compounded_on: Annotated[str | None, typer.Option("--compounded-on", help="YYYY-MM-DD, default today")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Work out an oral liquid batch: drug, excipients, dose volume, BUD."""
    patient_dose = _mg(dose, "--dose") if dose is not None else None
    ceiling = _mg(max_strength, "--max-strength").mg if max_strength else None
    day = _day(compounded_on)
    try:
        batch = liquid_batch(concentration, volume, source=source, preserved=preserved,
                             dose=patient_dose, assay_percent=assay, water_percent=water,
                             minimum_weight_mg=min_weight, maximum_mg=ceiling)
        formula = load_formulas().formula(batch.formula.partition("@")[0])
        bud = beyond_use_date(day, formula.bud_category, storage or formula.storage,
                              study=stability_study, strength=batch.concentration_mg_per_ml,
                              container=formula.container)
    except CompoundingError as error:
        fail(str(error))
    if as_json:
        print_json(_liquid_json(batch, bud))
        return
    _show(f"{format_mg(batch.volume_ml)} mL at {format_mg(batch.concentration_mg_per_ml)} mg/mL "
          f"({batch.formula})", _liquid_rows(batch), batch.working, bud)


def _liquid_json(batch: LiquidBatch, bud: BeyondUseDate) -> dict[str, Any]:
    payload = batch.as_dict()
    if batch.tablets_50mg is None:
        payload.pop("tablets_50mg")
    if batch.dose is not None:
        payload["dose_volume_ml"] = format(batch.dose.volume_ml, "f")
    return payload | _bud_fields(bud)


def _liquid_rows(batch: LiquidBatch) -> list[tuple[str, str]]:
    rows = [("naltrexone HCl needed", f"{format_mg(batch.api_mg)} mg")]
    rows += [(i.name, f"{format_mg(i.amount)} {i.unit}") for i in batch.ingredients]
    if batch.dose is not None:
        rows.append(("dose volume", f"{format_mg(batch.dose.volume_ml)} mL for "
                                    f"{format_mg(batch.dose.dose_mg)} mg"))
    return rows + _weighing_rows(batch.weighings)


__all__ = ["register", "Storage"]
