"""The integrity check behind ``ldncare knowledge check``.

Each rule is a small function returning problems; :func:`check` runs them all.
Rules (``Problem.rule``):

- ``missing-identifier``: a study marked verified has neither PMID nor DOI (a
  registry record counts as identified by its registry number).
- ``unverified-without-reason``: a study marked unverified does not say what is missing.
- ``statement-without-reference``: a statement (condition, drug fact, dose band,
  dosage form, mechanism, side effect, red flag, contraindication, FAQ) cites nothing,
  or a condition lists no studies.
- ``same-paper-different-data``: two studies with the same first author and title
  disagree on year, journal or pages.
- ``dangling-reference``: a reference, study list, FAQ condition or garbled-citation
  target points at nothing.
- ``duplicate-id``, ``duplicate-identifier`` (same PMID/DOI twice),
  ``malformed-identifier``, ``ambiguous-alias``, ``missing-contraindication-code``.
- ``grade-not-per-rule``: a condition's grade or direction differs from what the
  written grading rule (:mod:`ldncare.knowledge.grading`) gives for its studies.
- ``code-without-system-source``: a diagnosis code is marked verified but names no
  source for it.

``ldncare knowledge check`` also runs :mod:`ldncare.knowledge.citations`
(``internal-note-reference``) over every shipped data file of every package.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ldncare.knowledge.grading import assess
from ldncare.knowledge.loader import REQUIRED_CONTRAINDICATION_CODES, KnowledgeBase
from ldncare.knowledge.models import StudyKind
from ldncare.knowledge.text import normalise

_PMID = re.compile(r"^[1-9][0-9]{0,8}$")
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data: which rule, which entry, and what to fix."""

    rule: str
    entry: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "entry": self.entry, "message": self.message}

    def __str__(self) -> str:
        return f"[{self.rule}] {self.entry}: {self.message}"


def check(kb: KnowledgeBase) -> list[Problem]:
    """Every problem found in ``kb`` (empty when the data is sound)."""
    return [problem for rule in RULES for problem in rule(kb)]


def missing_identifier(kb: KnowledgeBase) -> Iterator[Problem]:
    for s in kb.studies:
        identified = s.pmid or s.doi or (s.kind is StudyKind.REGISTRY_RECORD and s.registry)
        if s.verified and not identified:
            yield Problem("missing-identifier", s.id,
                          "has neither PMID nor DOI; add one or set verified: false with what is missing")


def unverified_without_reason(kb: KnowledgeBase) -> Iterator[Problem]:
    for s in kb.studies:
        if not s.verified and not s.missing:
            yield Problem("unverified-without-reason", s.id,
                          "is marked unverified but `missing` does not say what could not be confirmed")


def _statements(kb: KnowledgeBase) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(entry label, references) for everything that states a fact."""
    yield "drug:salt-forms", kb.drug.salt_forms.references
    for band in kb.drug.dose_bands:
        yield f"dose-band:{band.id}", band.references
    for form in kb.drug.dosage_forms:
        yield f"dosage-form:{form.id}", form.references
    for fact in kb.drug.facts:
        yield f"drug-fact:{fact.id}", fact.references
    for m in kb.mechanism:
        yield f"mechanism:{m.id}", m.references
    for c in kb.conditions:
        yield f"condition:{c.id}", c.references
    for e in kb.side_effects:
        yield f"side-effect:{e.id}", e.references
    for f in kb.red_flags:
        yield f"red-flag:{f.id}", f.references
    for ci in kb.contraindications:
        yield f"contraindication:{ci.code}", ci.references
    for q in kb.faq:
        yield f"faq:{q.id}", q.references


def statement_without_reference(kb: KnowledgeBase) -> Iterator[Problem]:
    for label, references in _statements(kb):
        if not references:
            yield Problem("statement-without-reference", label, "states something but cites no reference")
    for c in kb.conditions:
        if not c.studies:
            yield Problem("statement-without-reference", f"condition:{c.id}", "lists no studies")


def same_paper_different_data(kb: KnowledgeBase) -> Iterator[Problem]:
    groups = defaultdict(list)
    for s in kb.studies:
        if s.first_author and s.title:
            groups[(normalise(s.first_author), normalise(s.title))].append(s)
    for same in groups.values():
        first = same[0]
        for other in same[1:]:
            differs = [f for f in ("year", "journal", "pages") if getattr(first, f) != getattr(other, f)]
            if differs:
                yield Problem("same-paper-different-data", other.id,
                              f"looks like the same paper as {first.id} but differs in "
                              f"{', '.join(differs)}; keep one correct citation")


def dangling_reference(kb: KnowledgeBase) -> Iterator[Problem]:
    for label, references in _statements(kb):
        for ref in references:
            if kb.reference(ref) is None:
                yield Problem("dangling-reference", label, f"cites {ref!r}, which is neither a study nor a source")
    study_ids = {s.id for s in kb.studies}
    condition_ids = {c.id for c in kb.conditions}
    for c in kb.conditions:
        for sid in c.studies:
            if sid not in study_ids:
                yield Problem("dangling-reference", f"condition:{c.id}", f"lists unknown study {sid!r}")
    for q in kb.faq:
        for cid in q.conditions:
            if cid not in condition_ids:
                yield Problem("dangling-reference", f"faq:{q.id}", f"links unknown condition {cid!r}")
    for g in kb.garbled_citations:
        for sid in g.real_studies:
            if sid not in study_ids:
                yield Problem("dangling-reference", f"garbled-citation:{g.id}", f"points at unknown study {sid!r}")


def duplicate_id(kb: KnowledgeBase) -> Iterator[Problem]:
    namespaces = {
        "study or source": [s.id for s in kb.studies] + [s.id for s in kb.sources],
        "condition": [c.id for c in kb.conditions],
        "contraindication": [c.code for c in kb.contraindications],
    }
    for kind, ids in namespaces.items():
        for dup, count in Counter(ids).items():
            if count > 1:
                yield Problem("duplicate-id", dup, f"{count} {kind} entries share this id")


def duplicate_identifier(kb: KnowledgeBase) -> Iterator[Problem]:
    for field_name in ("pmid", "doi"):
        owners = defaultdict(list)
        for s in kb.studies:
            value = getattr(s, field_name)
            if value:
                owners[value.lower()].append(s.id)
        for value, ids in owners.items():
            if len(ids) > 1:
                yield Problem("duplicate-identifier", ids[1],
                              f"{field_name.upper()} {value} is also on {', '.join(ids[:1])}")


def malformed_identifier(kb: KnowledgeBase) -> Iterator[Problem]:
    for s in kb.studies:
        if s.pmid and not _PMID.match(s.pmid):
            yield Problem("malformed-identifier", s.id, f"PMID {s.pmid!r} is not a number")
        if s.doi and not _DOI.match(s.doi):
            yield Problem("malformed-identifier", s.id, f"DOI {s.doi!r} does not look like 10.NNNN/...")


def ambiguous_alias(kb: KnowledgeBase) -> Iterator[Problem]:
    owners = defaultdict(set)
    for c in kb.conditions:
        for name in (c.id, c.name, *c.aliases):
            owners[normalise(name)].add(c.id)
    for name, ids in owners.items():
        if len(ids) > 1:
            yield Problem("ambiguous-alias", name, f"names more than one condition: {', '.join(sorted(ids))}")


def missing_contraindication_code(kb: KnowledgeBase) -> Iterator[Problem]:
    present = {c.code for c in kb.contraindications}
    for code in REQUIRED_CONTRAINDICATION_CODES:
        if code not in present:
            yield Problem("missing-contraindication-code", code, "screening rules point at this code but it is absent")


def grade_not_per_rule(kb: KnowledgeBase) -> Iterator[Problem]:
    for c in kb.conditions:
        expected = assess(kb.studies_for(c))
        if (c.grade, c.direction) != (expected.grade, expected.direction):
            yield Problem("grade-not-per-rule", f"condition:{c.id}",
                          f"is {c.grade.value}/{c.direction.value} but the grading rule gives "
                          f"{expected.grade.value}/{expected.direction.value} ({expected.reason})")


def code_without_source(kb: KnowledgeBase) -> Iterator[Problem]:
    for c in kb.conditions:
        for code in c.codes:
            if code.verified and not code.sources:
                yield Problem("code-without-system-source", f"condition:{c.id}",
                              f"{code} is marked verified but cites no source")


RULES: tuple[Callable[[KnowledgeBase], Iterator[Problem]], ...] = (
    missing_identifier, unverified_without_reason, statement_without_reference,
    same_paper_different_data, dangling_reference, duplicate_id, duplicate_identifier,
    malformed_identifier, ambiguous_alias, missing_contraindication_code,
    grade_not_per_rule, code_without_source,
)
