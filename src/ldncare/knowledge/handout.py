"""Plain data for a patient handout about one condition (the web renders it to PDF)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ldncare.knowledge.loader import KnowledgeBase
from ldncare.knowledge.lookup import find_condition
from ldncare.knowledge.models import Condition, Frequency, Grade, Severity

#: Patient wording of the grades and directions; the rule itself is
#: :mod:`ldncare.knowledge.grading` (and docs/evidence-grading.md).
GRADE_MEANING = {
    Grade.GOLD: "At least one randomised controlled trial of LDN in people with this condition "
                "(or a review of such trials) exists. This says what kind of evidence there is, "
                "not that LDN works.",
    Grade.SILVER: "No randomised trial, but at least two independent studies without a comparison "
                  "group point the same way. That cannot show that LDN works.",
    Grade.BRONZE: "Only case reports, small or uncontrolled studies, registered trials without "
                  "results, or indirect data.",
}
DIRECTION_MEANING = {
    "positive": "The controlled trials found a benefit, and none found no benefit.",
    "mixed": "The controlled trials found a benefit on some measures but not on others.",
    "conflicting": "Some controlled trials found a benefit and others found none.",
    "null": "The controlled trials found no benefit over placebo.",
    "insufficient": "There is not enough controlled evidence to say whether it helps "
                    "(no trial, or a single unreplicated one).",
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
