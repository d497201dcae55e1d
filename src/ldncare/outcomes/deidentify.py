"""Research export: a de-identified data set as CSV, with a data dictionary.

Safeguards, in order:

1. **Allow-list, not deny-list.** Only the columns described in ``columns``
   are written; anything else (names, e-mails, addresses …) never leaves. A
   column whose name looks like a direct identifier is refused even if listed.
2. **Pseudonymous ids.** Each patient id becomes a random study id ("S0001")
   drawn from a seeded generator; the mapping is not part of the export.
3. **Dates shifted per patient.** Every date of one patient moves by the same
   random number of days (±``max_shift_days``), so intervals within a patient
   are kept but calendar dates are not.
4. **Small cells suppressed.** In category columns marked as quasi-identifiers,
   a value shared by fewer than ``k`` distinct patients is replaced by
   ``SUPPRESSED``. Default k = 5: the long-standing "cell size of five"
   convention of data custodians (El Emam, *Guide to the De-Identification of
   Personal Health Information*, CRC Press 2013, chapter "Cell size
   precedents", doi:10.1201/b14764-29; some custodians use 3, public US releases
   11). It is a convention, configurable per clinic, not a legal guarantee.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, TextIO

import numpy as np

from ldncare.outcomes.errors import OutcomesError

EXPORT_VERSION = "research-export-1"
SUPPRESSED = "SUPPRESSED"
DEFAULT_K = 5

#: Column names that are direct identifiers and are never exported (lower case,
#: compared after removing "_" and "-").
DIRECT_IDENTIFIERS = frozenset({
    "name", "firstname", "lastname", "surname", "fullname", "email", "emailaddress", "phone",
    "phonenumber", "mobile", "address", "street", "city", "postcode", "zipcode", "zip",
    "dateofbirth", "dob", "birthdate", "nhsnumber", "ssn", "socialsecuritynumber",
    "medicalrecordnumber", "mrn", "insurancenumber", "ipaddress", "username", "photo",
})

Kind = Literal["id", "date", "category", "number", "text"]


@dataclass(frozen=True)
class ColumnSpec:
    """How one exported column is described and treated."""

    kind: Kind
    description: str
    quasi_identifier: bool = False


@dataclass(frozen=True)
class DictionaryEntry:
    column: str
    kind: str
    description: str
    treatment: str

    def as_dict(self) -> dict[str, str]:
        return {"column": self.column, "kind": self.kind, "description": self.description,
                "treatment": self.treatment}


@dataclass(frozen=True)
class ResearchExport:
    """De-identified rows, their data dictionary and what was done to them."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    dictionary: tuple[DictionaryEntry, ...]
    suppressed_cells: int
    k: int
    version: str = EXPORT_VERSION

    def as_dict(self) -> dict[str, object]:
        return {"columns": list(self.columns), "rows": [list(r) for r in self.rows],
                "dictionary": [d.as_dict() for d in self.dictionary],
                "suppressed_cells": self.suppressed_cells, "k": self.k, "version": self.version}


def _normalise(column: str) -> str:
    return column.lower().replace("_", "").replace("-", "").replace(" ", "")


def _check_columns(columns: Mapping[str, ColumnSpec], id_column: str) -> None:
    leaked = [c for c in columns if _normalise(c) in DIRECT_IDENTIFIERS]
    if leaked:
        raise OutcomesError(f"direct identifiers cannot be exported: {', '.join(sorted(leaked))}")
    if columns.get(id_column, ColumnSpec("id", "")).kind != "id":
        raise OutcomesError(f"the id column {id_column!r} must be described with kind 'id'")


def _as_date(value: object, column: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OutcomesError(f"column {column!r} holds {value!r}, which is not a date") from None


def _cell(value: object, spec: ColumnSpec, column: str, shift: timedelta) -> str:
    if value is None or value == "":
        return ""
    if spec.kind == "date":
        return (_as_date(value, column) + shift).isoformat()
    return str(value)


def deidentify(rows: Sequence[Mapping[str, object]], columns: Mapping[str, ColumnSpec], *,
               id_column: str = "patient_id", seed: int, k: int = DEFAULT_K,
               max_shift_days: int = 182) -> ResearchExport:
    """De-identify ``rows`` (one dict per row, several rows per patient allowed).

    Only ``columns`` are kept, in their order; the id column is replaced by a
    study id, dates are shifted per patient, and quasi-identifier categories
    held by fewer than ``k`` patients are suppressed. Deterministic for ``seed``.
    """
    if k < 1:
        raise OutcomesError(f"k must be at least 1 (got {k})")
    if max_shift_days < 1:
        raise OutcomesError("max_shift_days must be at least 1")
    _check_columns(columns, id_column)
    rng = np.random.default_rng(seed)
    patients = sorted({str(row.get(id_column, "")) for row in rows})
    if "" in patients:
        raise OutcomesError(f"every row needs a {id_column!r}")
    order = rng.permutation(len(patients))
    study_ids = {p: f"S{order[i] + 1:0{max(4, len(str(len(patients))))}d}"
                 for i, p in enumerate(patients)}
    shifts = {p: timedelta(days=int(rng.integers(-max_shift_days, max_shift_days + 1)))
              for p in patients}
    names = tuple(columns)
    table = []
    for row in rows:
        patient = str(row[id_column])
        table.append([study_ids[patient] if c == id_column else
                      _cell(row.get(c), columns[c], c, shifts[patient]) for c in names])
    suppressed = _suppress(table, names, columns, [str(r[id_column]) for r in rows], k)
    return ResearchExport(names, tuple(tuple(r) for r in table),
                          data_dictionary(columns, id_column, k, max_shift_days), suppressed, k)


def _suppress(table: list[list[str]], names: Sequence[str], columns: Mapping[str, ColumnSpec],
              patient_of_row: Sequence[str], k: int) -> int:
    """Blank out quasi-identifier values held by fewer than ``k`` distinct patients."""
    suppressed = 0
    for index, name in enumerate(names):
        if not columns[name].quasi_identifier:
            continue
        holders: dict[str, set[str]] = {}
        for row, patient in zip(table, patient_of_row, strict=True):
            holders.setdefault(row[index], set()).add(patient)
        rare = {value for value, who in holders.items() if len(who) < k and value != ""}
        for row in table:
            if row[index] in rare:
                row[index] = SUPPRESSED
                suppressed += 1
    return suppressed


def data_dictionary(columns: Mapping[str, ColumnSpec], id_column: str, k: int,
                    max_shift_days: int) -> tuple[DictionaryEntry, ...]:
    """One entry per exported column: what it is and what was done to it."""
    entries = []
    for name, spec in columns.items():
        if name == id_column:
            treatment = "replaced by a random study id; the key is not exported"
        elif spec.kind == "date":
            treatment = (f"shifted by one random offset per patient (within ±{max_shift_days} "
                         "days); intervals within a patient are kept")
        elif spec.quasi_identifier:
            treatment = f"values held by fewer than {k} patients replaced by {SUPPRESSED}"
        else:
            treatment = "unchanged"
        entries.append(DictionaryEntry(name, spec.kind, spec.description, treatment))
    return tuple(entries)


def suppress_small_counts(counts: Mapping[str, int], k: int = DEFAULT_K) -> dict[str, int | str]:
    """For aggregate tables: counts between 1 and ``k``-1 become ``"<k"``."""
    return {group: (f"<{k}" if 0 < n < k else n) for group, n in counts.items()}


def write_csv(export: ResearchExport, stream: TextIO) -> None:
    """Write the de-identified rows, with a header row."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(export.columns)
    writer.writerows(export.rows)


def write_dictionary_csv(export: ResearchExport, stream: TextIO) -> None:
    """Write the data dictionary as CSV (column, kind, description, treatment)."""
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(("column", "kind", "description", "treatment"))
    writer.writerows((d.column, d.kind, d.description, d.treatment) for d in export.dictionary)


def export_to_strings(export: ResearchExport) -> tuple[str, str]:
    """(data CSV, dictionary CSV) as strings, for a download response."""
    data, dictionary = io.StringIO(), io.StringIO()
    write_csv(export, data)
    write_dictionary_csv(export, dictionary)
    return data.getvalue(), dictionary.getvalue()


#: Columns for exporting a synthetic or real clinic's daily check-ins.
CHECK_IN_COLUMNS: Mapping[str, ColumnSpec] = {
    "patient_id": ColumnSpec("id", "study id of the patient"),
    "condition": ColumnSpec("category", "condition LDN is taken for", quasi_identifier=True),
    "day": ColumnSpec("date", "day of the check-in (shifted)"),
    "dose_mg": ColumnSpec("number", "nightly dose that day, mg naltrexone hydrochloride"),
    "pain": ColumnSpec("number", "pain, 0 (none) to 10 (worst)"),
    "fatigue": ColumnSpec("number", "fatigue, 0 to 10 (higher is worse)"),
    "mood": ColumnSpec("number", "mood, 0 to 10 (higher is better)"),
    "brain_fog": ColumnSpec("number", "brain fog, 0 to 10 (higher is worse)"),
    "sleep": ColumnSpec("number", "sleep quality, 0 to 10 (higher is better)"),
}
