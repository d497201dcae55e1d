"""``ldncare journal ...``: questionnaires, scoring, schedules and decision support.

Every bad input exits 2 with a message (``ldncare.clitools.fail``).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ldncare.clitools import fail, print_json
from ldncare.journal.checkin import CheckIn
from ldncare.journal.errors import JournalError
from ldncare.journal.instruments import InstrumentScore, load_instruments, score
from ldncare.journal.rules import PlanStep, evaluate, load_rulebook, rule_settings
from ldncare.journal.schedules import QuestionnaireSchedule, next_due

journal_app = typer.Typer(help="Patient journal: questionnaires, schedules, decision support.",
                          no_args_is_help=True)
console = Console()


def register(app: typer.Typer) -> None:
    """Add the ``journal`` command group to the ``ldncare`` app."""
    app.add_typer(journal_app, name="journal")


def _day(text: str | None, flag: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{flag} {text!r} is not a date; write it as YYYY-MM-DD")


@journal_app.command("guidance")
def guidance_command(
    country: str = typer.Option("", "--country", help="Show this country's crisis numbers "
                                "(e.g. US, GB, IE, EU)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """What a patient is told at once for each red flag: which answers raise which
    guidance, the sourced text, and the crisis numbers for a country."""
    from ldncare.journal.guidance import (
        ClinicGuidance,
        check_clinic_guidance,
        crisis_contacts,
        load_guidance,
    )

    book = load_guidance()
    choices = ClinicGuidance(country=country.upper())
    try:
        check_clinic_guidance(choices)
    except JournalError as error:
        fail(str(error))
    raised_by: dict[str, list[str]] = {g.code: [] for g in book.guidance}
    for t in book.triggers:
        raised_by[t.guidance] += ([*t.side_effects, *t.events, *t.instrument_flags]
                                  + (["any severe side effect"] if t.any_severe else []))
    contacts = crisis_contacts(choices, book)
    if as_json:
        print_json({"version": book.version, "crisis": [c.as_dict() for c in contacts],
                    "guidance": [{"code": g.code, "level": str(g.level), "title": g.title,
                                  "text": g.text, "source": g.source, "unverified": g.unverified,
                                  "raised_by": raised_by[g.code]} for g in book.guidance]})
        return
    table = Table(title=f"Patient guidance for red flags ({book.version})")
    for column in ("guidance", "level", "raised by", "source"):
        table.add_column(column)
    for g in book.guidance:
        table.add_row(g.title, g.level.words, ", ".join(raised_by[g.code]),
                      g.source + (" (unverified)" if g.unverified else ""))
    console.print(table)
    for c in contacts:
        console.print(f"{c.name}: {c.phone} ({c.how}). Source: {c.source}")


@journal_app.command("instruments")
def instruments_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the questionnaires, with their licence and scoring source."""
    library = load_instruments()
    if as_json:
        print_json({"version": library.version, "instruments": [
            {"code": i.code, "name": i.name, "items": len(i.items), "licence": i.licence,
             "licence_source": i.licence_source, "scoring_source": i.scoring_source,
             "loinc_total": i.loinc_total} for i in library.instruments]})
        return
    table = Table(title=f"Questionnaires ({library.version})")
    for column in ("code", "name", "items", "licence"):
        table.add_column(column)
    for i in library.instruments:
        table.add_row(i.code, i.name, str(len(i.items)), i.licence)
    console.print(table)


@journal_app.command("score")
def score_command(
    instrument: Annotated[str, typer.Argument(help="Questionnaire code, e.g. phq-9.")],
    answer: Annotated[list[str] | None, typer.Option("--answer", "-a", help="ITEM=VALUE, repeat per item.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score one completed questionnaire: ``ldncare journal score gad-7 -a 1=2 -a 2=1 ...``."""
    answers: dict[str, int | None] = {}
    for text in answer or []:
        item, sep, value = text.partition("=")
        if not sep or not item.strip():
            fail(f"--answer {text!r}: write it as ITEM=VALUE, e.g. 1=2")
        try:
            answers[item.strip()] = int(value) if value.strip() else None
        except ValueError:
            fail(f"--answer {text!r}: the value must be a whole number")
    try:
        result = score(instrument, answers)
    except JournalError as error:
        fail(str(error))
    if as_json:
        print_json(result.as_dict())
        return
    total = "incomplete" if result.total is None else str(result.total)
    console.print(f"{result.instrument}: {total}" + (f" ({result.band})" if result.band else ""))
    if result.missing:
        console.print(f"unanswered items: {', '.join(result.missing)}")
    for flag in result.flags:
        console.print(f"[bold red]flag:[/] {flag}")


@journal_app.command("rules")
def rules_command(as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """List the decision-support rules and their settings, with sources."""
    book = load_rulebook()
    if as_json:
        print_json(book.model_dump(mode="json"))
        return
    table = Table(title=f"Decision-support rules ({book.version})")
    for column in ("code", "urgency", "action", "source"):
        table.add_column(column)
    for rule in book.rules:
        table.add_row(rule.code, str(rule.urgency), str(rule.action), rule.source)
    console.print(table)
    for name, setting in book.settings.items():
        mark = " (unverified)" if setting.unverified else ""
        console.print(f"{name} = {setting.value}{mark}: {setting.source}")


@journal_app.command("due")
def due_command(
    instrument: Annotated[str, typer.Option("--instrument", help="Questionnaire code.")],
    start: Annotated[str, typer.Option("--start", help="First due day, YYYY-MM-DD.")],
    every: Annotated[int, typer.Option("--every", help="Interval in days.")],
    today: Annotated[str | None, typer.Option("--today", help="Day to ask about (default: today).")] = None,
    last_completed: Annotated[str | None, typer.Option("--last-completed", help="Day last completed.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """When is a scheduled questionnaire next due?"""
    first = _day(start, "--start")
    asked = _day(today, "--today") or datetime.now(UTC).date()
    done = _day(last_completed, "--last-completed")
    try:
        schedule = QuestionnaireSchedule(instrument, first, every)  # type: ignore[arg-type]
    except JournalError as error:
        fail(str(error))
    due = next_due(schedule, asked, done)
    payload = {"instrument": instrument, "next_due": None if due is None else due.isoformat(),
               "overdue": due is not None and due < asked}
    if as_json:
        print_json(payload)
    else:
        console.print(f"{instrument}: next due {payload['next_due']}"
                      + (" (overdue)" if payload["overdue"] else ""))


@journal_app.command("evaluate")
def evaluate_command(
    path: Annotated[Path, typer.Argument(help="JSON file: {check_ins: [...], plan_steps: [...], scores: [...]}")],
    today: Annotated[str | None, typer.Option("--today", help="Evaluate as of this day (default: today).")] = None,
    setting: Annotated[list[str] | None, typer.Option("--set", help="Override a rule setting: NAME=DAYS.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run the decision-support rules over a patient's journal file."""
    asked = _day(today, "--today") or datetime.now(UTC).date()
    data = _read_json(path)
    try:
        check_ins = [CheckIn.from_dict(c) for c in data.get("check_ins", [])]
        steps = [_plan_step(s) for s in data.get("plan_steps", [])]
        scores = [InstrumentScore.from_dict(s) for s in data.get("scores", [])]
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        fail(f"{path}: an entry could not be read ({error.__class__.__name__}: {error})")
    try:
        found = evaluate(check_ins, steps, asked, scores=scores,
                         settings=rule_settings(_overrides(setting or [])))
    except JournalError as error:
        fail(str(error))
    if as_json:
        print_json([s.as_dict() for s in found])
        return
    if not found:
        console.print("no suggestions")
    for s in found:
        console.print(f"[{s.urgency}] {s.code} -> {s.action}: {s.message}", highlight=False)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        fail(f"cannot read {path}: {error.strerror}")
    except json.JSONDecodeError as error:
        fail(f"{path} is not valid JSON: {error}")
    if not isinstance(data, dict):
        fail(f"{path}: expected a JSON object with check_ins, plan_steps and scores")
    return data


def _plan_step(data: dict[str, Any]) -> PlanStep:
    time_of_day = data.get("time_of_day", "bedtime")
    if time_of_day not in ("bedtime", "morning", "split"):
        raise ValueError(f"time_of_day {time_of_day!r} is not bedtime, morning or split")
    mg = Decimal(str(data["dose_mg"]))
    if mg < 0:
        raise ValueError("a dose cannot be negative")
    return PlanStep(date.fromisoformat(data["start"]), mg, time_of_day)


def _overrides(pairs: list[str]) -> dict[str, int]:
    out = {}
    for text in pairs:
        name, sep, value = text.partition("=")
        if not sep:
            fail(f"--set {text!r}: write it as NAME=NUMBER, e.g. trial_days_at_target=84")
        try:
            out[name.strip()] = int(value)
        except ValueError:
            fail(f"--set {text!r}: the value must be a whole number")
    return out
