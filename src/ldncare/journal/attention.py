"""The prescriber's attention list: patients ordered by what needs attention.

:func:`rank_patients` is pure: given each patient's open (not accepted, not
dismissed) suggestions, it returns one :class:`AttentionEntry` per patient
with anything open, the most urgent first; within an urgency level, more
urgent items first, then the oldest finding (it has waited longest), then the
patient reference so the order is stable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from ldncare.journal.rules import Suggestion, Urgency


@dataclass(frozen=True)
class AttentionEntry:
    patient_ref: str
    top: Suggestion
    urgent: int
    soon: int
    routine: int

    @property
    def open_count(self) -> int:
        return self.urgent + self.soon + self.routine

    def as_dict(self) -> dict[str, Any]:
        return {"patient_ref": self.patient_ref, "top": self.top.as_dict(), "urgent": self.urgent,
                "soon": self.soon, "routine": self.routine}


def rank_patients(open_suggestions: Mapping[str, Iterable[Suggestion]]) -> list[AttentionEntry]:
    """One entry per patient with an open suggestion, most urgent first."""
    entries = [entry for ref, found in open_suggestions.items()
               if (entry := _entry(ref, list(found))) is not None]
    entries.sort(key=_sort_key)
    return entries


def _entry(ref: str, found: list[Suggestion]) -> AttentionEntry | None:
    if not found:
        return None
    top = min(found, key=lambda s: (s.urgency.rank, s.day, s.code))
    counts = {u: sum(1 for s in found if s.urgency is u) for u in Urgency}
    return AttentionEntry(ref, top, counts[Urgency.URGENT], counts[Urgency.SOON], counts[Urgency.ROUTINE])


def _sort_key(entry: AttentionEntry) -> tuple[int, int, int, int, date, str]:
    return (entry.top.urgency.rank, -entry.urgent, -entry.soon, -entry.routine,
            entry.top.day, entry.patient_ref)
