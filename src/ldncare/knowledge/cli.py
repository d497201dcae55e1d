"""``ldncare evidence`` and ``ldncare knowledge check``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ldncare.clitools import fail, print_json
from ldncare.knowledge.citations import PACKAGE_ROOT, internal_note_references
from ldncare.knowledge.integrity import check
from ldncare.knowledge.loader import KnowledgeBase, KnowledgeDataError, load_knowledge
from ldncare.knowledge.lookup import UnknownConditionError, find_condition
from ldncare.knowledge.models import Condition
from ldncare.knowledge.views import condition_as_dict

knowledge_app = typer.Typer(help="The LDN knowledge base: integrity checks.", no_args_is_help=True)

#: Folders whose shipped files ``knowledge check`` scans for internal-note citations.
SCAN_ROOTS: tuple[Path, ...] = (PACKAGE_ROOT,)


def _kb() -> KnowledgeBase:
    try:
        return load_knowledge()
    except KnowledgeDataError as exc:
        fail(str(exc))


def evidence(
    condition: Annotated[str | None, typer.Argument(help="Condition name or alias (e.g. MS, CFS, long covid).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Conditions with evidence grade, direction and studies; one condition when named."""
    kb = _kb()
    if condition is None:
        _print_all(kb, as_json)
        return
    try:
        found = find_condition(kb, condition)
    except UnknownConditionError as exc:
        fail(str(exc))
    if as_json:
        print_json(condition_as_dict(kb, found))
    else:
        _print_one(kb, found)


def _print_all(kb: KnowledgeBase, as_json: bool) -> None:
    if as_json:
        print_json([condition_as_dict(kb, c) for c in kb.conditions])
        return
    table = Table(title=f"LDN evidence by condition (knowledge {kb.version})")
    for column in ("condition", "grade", "direction", "studies"):
        table.add_column(column)
    for c in kb.conditions:
        table.add_row(c.name, c.grade.value, c.direction.value, str(len(c.studies)))
    Console().print(table)
    Console().print("Grade = kind of evidence; direction = what it found.")


def _print_one(kb: KnowledgeBase, c: Condition) -> None:
    console = Console()
    console.print(f"[bold]{c.name}[/] ({', '.join(c.aliases)})", highlight=False)
    codes = ", ".join(str(code) for code in c.codes) or "-"
    console.print(f"Grade: {c.grade.value} · Direction: {c.direction.value}", highlight=False)
    console.print(f"Diagnosis codes: {codes}", highlight=False, soft_wrap=True)
    console.print(c.summary, highlight=False)
    table = Table()
    for column in ("study", "design", "n", "result", "verified"):
        table.add_column(column)
    for s in kb.studies_for(c):
        table.add_row(s.citation(), s.kind.value, "" if s.n is None else str(s.n), s.result.value,
                      "yes" if s.verified else "NO: missing " + ", ".join(s.missing))
    console.print(table)


def knowledge_check(
    as_json: Annotated[bool, typer.Option("--json", help="Print problems as JSON.")] = False,
) -> None:
    """Check the knowledge data and every shipped data file; exit 1 listing problems, 0 when clean.

    Besides the knowledge base's own rules, every data file and template of every
    package must cite followable sources, never this project's research notes.
    """
    kb = _kb()
    problems = [*check(kb), *internal_note_references(SCAN_ROOTS)]
    if as_json:
        payload: dict[str, Any] = {"version": kb.version, "problems": [p.as_dict() for p in problems]}
        print_json(payload)
    elif problems:
        for problem in problems:
            typer.echo(str(problem))
        typer.echo(f"{len(problems)} problem(s) in knowledge {kb.version}")
    else:
        typer.echo(f"knowledge {kb.version}: {len(kb.conditions)} conditions, "
                   f"{len(kb.studies)} studies, {len(kb.sources)} sources, no problems")
    if problems:
        raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add this capability's commands to ``app``."""
    app.command("evidence")(evidence)
    knowledge_app.command("check")(knowledge_check)
    app.add_typer(knowledge_app, name="knowledge")
