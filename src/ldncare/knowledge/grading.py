"""The evidence-grading rule, as code: a condition's grade and direction follow from its studies.

The rule (also in ``docs/evidence-grading.md``; ``ldncare knowledge check`` fails when a
condition's stored grade or direction differs from what this module computes):

A study **counts** when it is findable (a PMID or DOI, or a full journal citation with
volume and pages), its result on the primary outcome is known (positive, null,
negative or mixed), and it carries no ``not_counted`` reason (dose outside the LDN
range, a mixed population, a co-intervention, a secondary analysis of a trial already
counted).

Grade says what KIND of evidence exists, never whether LDN works:

- **gold**: at least one counting randomised controlled trial of LDN in the condition,
  or a counting systematic review/meta-analysis restricted to such trials
  (``pools_rcts``), whatever they found;
- **silver**: no such trial, but at least two counting non-randomised or observational
  human studies by different first authors, all with the same result;
- **bronze**: anything less (case reports and series, abstracts, registry records,
  reviews of uncontrolled data, or nothing).

Direction says what the CONTROLLED evidence found:

- not gold: **insufficient**, however positive the uncontrolled data (absence of
  evidence, or a prescribing proxy only, is never "null");
- gold with a single counting trial or review: **insufficient** (one unreplicated result);
- otherwise, over the counting trials and reviews: **conflicting** when at least one is
  positive and one null or negative; **positive** when none is null and positives are at
  least as many as mixed results; **null** when none is positive and nulls (with
  negatives) are at least as many as mixed; **mixed** otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ldncare.knowledge.models import Direction, Grade, Study, StudyKind, StudyResult

_KNOWN_RESULTS = frozenset({StudyResult.POSITIVE, StudyResult.NULL, StudyResult.NEGATIVE, StudyResult.MIXED})
_POOLED_KINDS = frozenset({StudyKind.META_ANALYSIS, StudyKind.SYSTEMATIC_REVIEW})
_UNCONTROLLED_KINDS = frozenset({StudyKind.NON_RANDOMISED_TRIAL, StudyKind.OBSERVATIONAL})


#: The rule in plain words, shown on the library's conditions page.
RULE_IN_PLAIN_WORDS: tuple[str, ...] = (
    "A study counts only if a reader can find it (a PMID or DOI, or a full journal "
    "citation), its main result is known, and it is not set aside for a stated reason "
    "(a dose outside the LDN range, a mixed group of conditions, another treatment given "
    "at the same time, or a second report of a trial already counted).",
    "Gold: at least one counting randomised controlled trial of LDN in the condition, or a "
    "counting review that pools only such trials, whatever they found.",
    "Silver: no such trial, but at least two counting studies without randomisation, by "
    "different research groups, all with the same result.",
    "Bronze: anything less: case reports and series, conference abstracts, registered "
    "trials without results, reviews of uncontrolled data, or nothing.",
    "Direction comes only from counting trials and reviews of trials. Without at least two "
    "of them it is 'insufficient', however positive uncontrolled reports are; a lack of "
    "evidence, or a prescribing-register proxy, is never 'null'.",
    "With two or more: 'conflicting' when one found a benefit and another none; "
    "'positive' when none found no benefit and clear benefits are at least as many as "
    "partial ones; 'null' the other way round; 'mixed' otherwise.",
)


@dataclass(frozen=True)
class Assessment:
    """What the rule gives for one condition, with the studies that decided it."""

    grade: Grade
    direction: Direction
    deciding: tuple[str, ...]
    reason: str


def findable(study: Study) -> bool:
    """A reader can find it: PMID or DOI, or journal, volume and pages all known."""
    return bool(study.pmid or study.doi or (study.journal and study.volume and study.pages))


def counts(study: Study) -> bool:
    """Whether the study may decide a grade or direction at all."""
    return findable(study) and study.result in _KNOWN_RESULTS and not study.not_counted


def _controlled(studies: Iterable[Study]) -> list[Study]:
    return [s for s in studies if counts(s) and (
        s.kind is StudyKind.RANDOMISED_TRIAL or (s.kind in _POOLED_KINDS and s.pools_rcts))]


def _consistent_uncontrolled(studies: Iterable[Study]) -> list[Study]:
    found = [s for s in studies if counts(s) and s.kind in _UNCONTROLLED_KINDS]
    authors = {s.first_author for s in found}
    results = {s.result for s in found}
    return found if len(found) >= 2 and len(authors) >= 2 and len(results) == 1 else []


def _direction(controlled: list[Study]) -> tuple[Direction, str]:
    if len(controlled) < 2:
        return Direction.INSUFFICIENT, "a single controlled result, not replicated"
    positive = sum(s.result is StudyResult.POSITIVE for s in controlled)
    null = sum(s.result in (StudyResult.NULL, StudyResult.NEGATIVE) for s in controlled)
    mixed = sum(s.result is StudyResult.MIXED for s in controlled)
    tally = f"{positive} positive, {null} null, {mixed} mixed"
    if positive and null:
        return Direction.CONFLICTING, tally
    if positive and positive >= mixed:
        return Direction.POSITIVE, tally
    if null and null >= mixed:
        return Direction.NULL, tally
    return Direction.MIXED, tally


def assess(studies: Iterable[Study]) -> Assessment:
    """Grade and direction of the evidence in ``studies`` (one condition's list)."""
    studies = list(studies)
    controlled = _controlled(studies)
    if controlled:
        direction, why = _direction(controlled)
        return Assessment(Grade.GOLD, direction, tuple(s.id for s in controlled),
                          f"{len(controlled)} counting randomised trial(s) or review(s) of trials: {why}")
    consistent = _consistent_uncontrolled(studies)
    if consistent:
        return Assessment(Grade.SILVER, Direction.INSUFFICIENT, tuple(s.id for s in consistent),
                          f"no randomised trial; {len(consistent)} consistent uncontrolled studies")
    return Assessment(Grade.BRONZE, Direction.INSUFFICIENT, (),
                      "no randomised trial and no consistent set of uncontrolled studies")
