"""Plain data for a patient handout about one condition (the web renders it to PDF)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ldncare.knowledge.loader import KnowledgeBase
from ldncare.knowledge.lookup import find_condition
from ldncare.knowledge.models import Condition, Frequency, Grade, Severity

#: Patient wording of the grades and directions (definitions from evidence.md §20).
GRADE_MEANING = {
    Grade.GOLD: "At least one randomised, placebo- or comparator-controlled trial in people exists. "
                "This says what kind of evidence there is, not that LDN works.",
    Grade.SILVER: "No adequate randomised trial, but several independent studies point the same way.",
    Grade.BRONZE: "Only case reports, small uncontrolled studies or indirect data.",
}
DIRECTION_MEANING = {
    "positive": "The studies mostly found a benefit.",
    "mixed": "Some results were positive and some were not.",
    "conflicting": "Good-quality trials disagree with each other.",
    "null": "The better studies found no benefit over placebo or no change.",
    "insufficient": "There is not enough evidence to say whether it helps.",
}
DISCLAIMER = ("This sheet summarises published research for information. It is not advice "
              "for you personally: decide with your prescriber.")


@dataclass(frozen=True)
class HandoutStudy:
    citation: str
    design: str
    people: int | None
    result: str
    verified: bool


@dataclass(frozen=True)
class Handout:
    """Everything the printable sheet shows, as plain values; ``as_dict`` is JSON-ready."""

    condition_id: str
    condition: str
    grade: str
    grade_meaning: str
    direction: str
    direction_meaning: str
    summary: str
    studies: tuple[HandoutStudy, ...]
    common_side_effects: tuple[tuple[str, tuple[str, ...]], ...]
    red_flags: tuple[tuple[str, str], ...]
    do_not_take_if: tuple[str, ...]
    talk_to_prescriber_if: tuple[str, ...]
    questions: tuple[tuple[str, str], ...]
    disclaimer: str
    knowledge_version: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def condition_handout(kb: KnowledgeBase, condition: Condition | str) -> Handout:
    """The handout for ``condition`` (a Condition, or an id/name/alias as for find_condition)."""
    if isinstance(condition, str):
        condition = find_condition(kb, condition)
    return Handout(
        condition_id=condition.id,
        condition=condition.name,
        grade=condition.grade.value,
        grade_meaning=GRADE_MEANING[condition.grade],
        direction=condition.direction.value,
        direction_meaning=DIRECTION_MEANING[condition.direction.value],
        summary=condition.summary,
        studies=tuple(HandoutStudy(s.citation(), s.design, s.n, s.result.value, s.verified)
                      for s in kb.studies_for(condition)),
        common_side_effects=tuple((e.name, e.what_helps) for e in kb.side_effects
                                  if e.frequency is Frequency.COMMON),
        red_flags=tuple((f.sign, f.action) for f in kb.red_flags),
        do_not_take_if=tuple(c.title for c in kb.contraindications
                             if c.severity is Severity.CONTRAINDICATED),
        talk_to_prescriber_if=tuple(c.title for c in kb.contraindications
                                    if c.severity in (Severity.RELATIVE, Severity.CAUTION)),
        questions=tuple((q.question, q.answer) for q in kb.faq
                        if condition.id in q.conditions or q.topic in _ALWAYS_ASKED),
        disclaimer=DISCLAIMER,
        knowledge_version=kb.version,
    )


_ALWAYS_ASKED = ("surgery-and-opioids", "how-long-before-it-works")
