"""The patient's check-ins as CSV: one row per day (latest revision), one
column per rating, side effect and event, so a spreadsheet opens it as is.

Doses are written as decimal strings in mg (never floats); empty cells mean
"not answered".
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from ldncare.journal.checkin import CheckIn, load_catalogue
from ldncare.units import format_mg

FIXED_COLUMNS = ("day", "recorded_at", "late", "revision", "dose_taken", "dose_mg", "dose_time",
                 "vivid_dreams")


def check_in_columns() -> tuple[str, ...]:
    """Header row: fixed columns, then ``rating_*``, ``side_effect_*``, ``event_*``, ``note``."""
    catalogue = load_catalogue()
    return (*FIXED_COLUMNS,
            *(f"rating_{r.code}" for r in catalogue.ratings),
            *(f"side_effect_{s.code}" for s in catalogue.side_effects),
            *(f"event_{e.code}" for e in catalogue.events),
            "note")


def write_check_ins_csv(check_ins: Iterable[CheckIn], out: TextIO) -> int:
    """Write the latest revision of each day, oldest first, to ``out``; return rows written."""
    latest: dict = {}
    for c in check_ins:
        if c.day not in latest or c.revision > latest[c.day].revision:
            latest[c.day] = c
    writer = csv.DictWriter(out, fieldnames=check_in_columns(), lineterminator="\n")
    writer.writeheader()
    for day in sorted(latest):
        writer.writerow(_row(latest[day]))
    return len(latest)


def check_ins_csv(check_ins: Sequence[CheckIn]) -> str:
    """The CSV as a string (for a download response)."""
    buffer = io.StringIO()
    write_check_ins_csv(check_ins, buffer)
    return buffer.getvalue()


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _safe_text(text: str) -> str:
    """Free text that a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text


def _row(c: CheckIn) -> dict[str, str]:
    catalogue = load_catalogue()
    row = {
        "day": c.day.isoformat(), "recorded_at": c.recorded_at.isoformat(), "late": _yes_no(c.late),
        "revision": str(c.revision),
        "dose_taken": "" if c.dose is None else _yes_no(c.dose.taken),
        "dose_mg": "" if c.dose is None or c.dose.mg is None else format_mg(c.dose.mg),
        "dose_time": "" if c.dose is None or c.dose.at is None else c.dose.at.isoformat("minutes"),
        "vivid_dreams": _yes_no(c.vivid_dreams), "note": _safe_text(c.note),
    }
    for r in catalogue.ratings:
        row[f"rating_{r.code}"] = str(c.ratings[r.code]) if r.code in c.ratings else ""
    for s in catalogue.side_effects:
        severity = c.severity_of(s.code)
        row[f"side_effect_{s.code}"] = "" if severity is None else str(severity)
    for e in catalogue.events:
        row[f"event_{e.code}"] = "yes" if e.code in c.events else ""
    return row
