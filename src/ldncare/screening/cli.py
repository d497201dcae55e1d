"""``ldncare screen``: screen a medication list and a few answers from the shell."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from ldncare.clitools import fail, print_json

_LIVER_HELP = "none|mild|moderate|severe|acute-hepatitis"


def _parse_date(flag: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{flag} {value!r} is not a date; write it as YYYY-MM-DD")


def screen_command(
    med: Annotated[list[str] | None, typer.Option("--med", help="A medicine as written; repeat.")] = None,
    pregnant: Annotated[bool, typer.Option("--pregnant", help="Pregnant or may be.")] = False,
    breastfeeding: Annotated[bool, typer.Option("--breastfeeding")] = False,
    liver: Annotated[str, typer.Option("--liver", help=_LIVER_HELP)] = "none",
    last_opioid_dose: Annotated[str | None, typer.Option(
        "--last-opioid-dose", help="YYYY-MM-DD")] = None,
    surgery: Annotated[str | None, typer.Option("--surgery", help="YYYY-MM-DD")] = None,
    depot: Annotated[str | None, typer.Option(
        "--depot", help="Buprenorphine depot or implant: sublocade, buvidal-weekly, "
        "buvidal-monthly, brixadi-weekly, brixadi-monthly, probuphine, sixmo")] = None,
    last_injection: Annotated[str | None, typer.Option(
        "--last-injection", help="YYYY-MM-DD of the last depot injection (or implant "
        "removal)")] = None,
    today: Annotated[str | None, typer.Option("--today", help="YYYY-MM-DD (default: today)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Screen medicines and answers for LDN; exits 0 whatever the verdict."""
    from ldncare.screening.engine import (
        LIVER_STATES,
        ScreeningInput,
        ScreeningInputError,
        screen,
    )

    if liver not in LIVER_STATES:
        fail(f"--liver {liver!r} is not one of {', '.join(LIVER_STATES)}")
    on = _parse_date("--today", today) or date.today()  # noqa: DTZ011 - the user's local day
    try:
        inputs = ScreeningInput(
            medications=tuple(med or ()), pregnant=pregnant, breastfeeding=breastfeeding,
            liver=liver, last_opioid_dose=_parse_date("--last-opioid-dose", last_opioid_dose),
            planned_surgery=_parse_date("--surgery", surgery),
            depot_product=depot,
            last_depot_date=_parse_date("--last-injection", last_injection),
        )
        result = screen(inputs, None, on)
    except ScreeningInputError as problem:
        flag = {"medications": "--med", "last_opioid_dose": "--last-opioid-dose",
                "planned_surgery": "--surgery", "depot_product": "--depot",
                "last_depot_date": "--last-injection"}.get(problem.field, f"--{problem.field}")
        fail(f"{flag}: {str(problem).split(': ', 1)[1]}")
    if as_json:
        print_json(result.as_dict())
        return
    _print_table(result)


def _print_table(result) -> None:  # noqa: ANN001 - ScreeningResult, imported lazily
    console = Console()
    console.print(f"[bold]Verdict: {result.verdict}[/]  (rules {result.rule_set_version}, "
                  f"vocabulary {result.vocabulary_version}, {result.screened_on.isoformat()})",
                  highlight=False)
    meds = Table("medicine", "recognised", "ingredients", "classes", "confidence")
    for match in result.medications:
        meds.add_row(match.input, "yes" if match.recognised else "NO",
                     ", ".join(match.ingredients), ", ".join(match.classes),
                     f"{match.confidence:.0%}")
    if result.medications:
        console.print(meds)
    findings = Table("severity", "code", "message", "until")
    for finding in result.findings:
        findings.add_row(finding.severity, finding.code, finding.message,
                         finding.until.isoformat() if finding.until else "")
    console.print(findings if result.findings else "No findings.")
    if result.opioid_free_from is not None:
        console.print(f"LDN may start on {result.opioid_free_from.isoformat()} at the earliest "
                      "(opioid-free interval).", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``screen`` to ``app``."""
    app.command("screen")(screen_command)
