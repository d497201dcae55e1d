"""Research export: no direct identifiers, shifted dates, small cells suppressed."""

from __future__ import annotations

import io
from datetime import date

import pytest

from ldncare.outcomes.deidentify import (
    CHECK_IN_COLUMNS,
    SUPPRESSED,
    ColumnSpec,
    deidentify,
    export_to_strings,
    suppress_small_counts,
    write_csv,
)
from ldncare.outcomes.errors import OutcomesError


def _rows():
    rows = []
    for i in range(12):
        condition = "fibromyalgia" if i < 10 else "hailey_hailey"
        for day in (date(2025, 1, 1), date(2025, 1, 15)):
            rows.append({"patient_id": f"P{i}", "name": f"Patient Name {i}",
                         "email": f"p{i}@example.org", "condition": condition, "day": day,
                         "dose_mg": "4.5", "pain": 5})
    return rows


COLUMNS = {k: CHECK_IN_COLUMNS[k] for k in ("patient_id", "condition", "day", "dose_mg", "pain")}


def test_the_export_contains_no_direct_identifiers():
    data, dictionary = export_to_strings(deidentify(_rows(), COLUMNS, seed=1))
    for i in range(12):
        assert f"Patient Name {i}" not in data and f"p{i}@example.org" not in data
        assert f"P{i}," not in data
    assert "email" not in data.splitlines()[0] and "name" not in data.splitlines()[0]
    assert "patient_id" in dictionary


def test_dates_move_by_one_offset_per_patient_so_intervals_are_kept():
    export = deidentify(_rows(), COLUMNS, seed=1)
    day = export.columns.index("day")
    by_patient: dict[str, list[date]] = {}
    for row in export.rows:
        by_patient.setdefault(row[0], []).append(date.fromisoformat(row[day]))
    assert all((b - a).days == 14 for a, b in by_patient.values())
    assert len({a for a, _ in by_patient.values()}) > 1


def test_a_category_held_by_fewer_than_k_patients_is_suppressed():
    export = deidentify(_rows(), COLUMNS, seed=1, k=5)
    conditions = {row[1] for row in export.rows}
    assert conditions == {"fibromyalgia", SUPPRESSED}
    assert export.suppressed_cells == 4


def test_it_refuses_to_export_a_column_named_like_a_direct_identifier():
    with pytest.raises(OutcomesError, match="direct identifiers"):
        deidentify(_rows(), {**COLUMNS, "email": ColumnSpec("text", "e-mail")}, seed=1)


def test_it_is_deterministic_for_a_seed():
    assert deidentify(_rows(), COLUMNS, seed=4) == deidentify(_rows(), COLUMNS, seed=4)


def test_it_rejects_a_bad_date():
    rows = _rows()
    rows[0]["day"] = "yesterday"
    with pytest.raises(OutcomesError, match="not a date"):
        deidentify(rows, COLUMNS, seed=1)


def test_small_aggregate_counts_are_shown_as_less_than_k():
    assert suppress_small_counts({"a": 3, "b": 0, "c": 12}) == {"a": "<5", "b": 0, "c": 12}


def test_the_csv_has_a_header_and_one_line_per_row():
    stream = io.StringIO()
    export = deidentify(_rows(), COLUMNS, seed=1)
    write_csv(export, stream)
    assert len(stream.getvalue().splitlines()) == len(export.rows) + 1
