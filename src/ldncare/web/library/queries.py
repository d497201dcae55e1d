"""Reads of the public library: the knowledge base shaped for pages and the API.

Nothing here touches patient data or the database; the knowledge base is the
frozen, cached value from :func:`ldncare.knowledge.load_knowledge`. Each function
takes plain values and returns plain values, so views and the API stay thin.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ldncare.knowledge import (
    Condition,
    KnowledgeBase,
    Study,
    UnknownConditionError,
    find_condition,
    load_knowledge,
    search,
)
from ldncare.knowledge.grading import RULE_IN_PLAIN_WORDS, assess
from ldncare.knowledge.handout import DIRECTION_MEANING, GRADE_MEANING
from ldncare.knowledge.models import GarbledCitation, Source

#: Most characters of a search query we look at (search is word-by-word fuzzy).
MAX_QUERY_CHARS = 200
#: Study results that are not a benefit: shown with the same weight as positive ones.
NOT_A_BENEFIT = ("null", "negative")


def knowledge() -> KnowledgeBase:
    """The shipped knowledge base (cached by the core)."""
    return load_knowledge()


@dataclass(frozen=True)
class Reference:
    """A cited study or source, ready to show: label, links and whether it was verified."""

    id: str
    label: str
    links: tuple[tuple[str, str], ...]
    verified: bool
    missing: tuple[str, ...] = ()
    kind: str = "study"


def study_links(study: Study) -> tuple[tuple[str, str], ...]:
    """(text, address) pairs for a study's identifiers: PubMed, DOI, PMC, registry pages."""
    links = []
    if study.pmid:
        links.append((f"PMID {study.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{study.pmid}/"))
    if study.doi:
        links.append((f"doi:{study.doi}", f"https://doi.org/{study.doi}"))
    if study.pmc:
        links.append((study.pmc, f"https://www.ncbi.nlm.nih.gov/pmc/articles/{study.pmc}/"))
    links.extend((source, source) for source in study.sources if source.startswith("http"))
    return tuple(links)


def source_links(source: Source) -> tuple[tuple[str, str], ...]:
    links = []
    if source.pmid:
        links.append((f"PMID {source.pmid}", f"https://pubmed.ncbi.nlm.nih.gov/{source.pmid}/"))
    if source.doi:
        links.append((f"doi:{source.doi}", f"https://doi.org/{source.doi}"))
    if source.url:
        links.append((source.url, source.url))
    return tuple(links)


def reference(kb: KnowledgeBase, ref_id: str) -> Reference:
    """What a ``references`` id points at; an id that resolves to nothing is shown as unverified."""
    found = kb.reference(ref_id)
    if isinstance(found, Study):
        return Reference(found.id, found.citation(), study_links(found), found.verified, found.missing)
    if isinstance(found, Source):
        return Reference(found.id, found.title, source_links(found), not found.unverified,
                         kind="source")
    return Reference(ref_id, ref_id, (), False, ("the entry itself",), kind="missing")


def references(kb: KnowledgeBase, ref_ids: tuple[str, ...]) -> list[Reference]:
    return [reference(kb, ref_id) for ref_id in ref_ids]


def grade_meanings() -> dict[str, str]:
    """Grade → what it means (the core's handout wording of the grading rule)."""
    return {grade.value: text for grade, text in GRADE_MEANING.items()}


def grading_rule() -> tuple[str, ...]:
    """The grading rule in plain words, as the conditions page lists it."""
    return RULE_IN_PLAIN_WORDS


def direction_meanings() -> dict[str, str]:
    return dict(DIRECTION_MEANING)


def find(kb: KnowledgeBase, key: str) -> Condition:
    """The condition named by an id, name or alias (typos forgiven).

    Raises :class:`UnknownConditionError` (with ``suggestions``) otherwise.
    """
    return find_condition(kb, key[:MAX_QUERY_CHARS])


def closest_conditions(kb: KnowledgeBase, error: UnknownConditionError) -> list[Condition]:
    """The suggested conditions of a failed lookup, as conditions (for links)."""
    by_name = {c.name: c for c in kb.conditions}
    return [by_name[name] for name in error.suggestions if name in by_name]


def result_counts(studies: tuple[Study, ...]) -> dict[str, int]:
    """How many studies found each result, so a null trial is counted as visibly as a positive one."""
    return dict(Counter(s.result.value for s in studies))


def condition_page(kb: KnowledgeBase, condition: Condition) -> dict:
    """Everything one condition's page shows."""
    studies = kb.studies_for(condition)
    return {
        "condition": condition,
        "studies": [(s, study_links(s)) for s in studies],
        "result_counts": result_counts(studies),
        "not_a_benefit": sum(1 for s in studies if s.result.value in NOT_A_BENEFIT),
        "unverified_count": sum(1 for s in studies if not s.verified),
        "grade_meaning": GRADE_MEANING[condition.grade],
        "grade_reason": assess(studies).reason,
        "direction_meaning": DIRECTION_MEANING[condition.direction.value],
        "references": references(kb, condition.references),
        "faq": [q for q in kb.faq if condition.id in q.conditions],
    }


@dataclass(frozen=True)
class GarbledEntry:
    citation: GarbledCitation
    real: tuple[Study, ...]


def garbled_citations(kb: KnowledgeBase) -> list[GarbledEntry]:
    """Citations found in the wild that match no real paper, with the real studies they blur."""
    return [GarbledEntry(g, tuple(kb.study(s) for s in g.real_studies if kb.reference(s)))
            for g in kb.garbled_citations]


def search_hits(kb: KnowledgeBase, query: str, limit: int = 30):
    """Hits for ``query`` (trimmed to :data:`MAX_QUERY_CHARS`); empty query gives none."""
    query = (query or "").strip()[:MAX_QUERY_CHARS]
    return search(kb, query, limit=limit) if query else ()


#: Where each kind of search hit lives in the library: (url name, needs the id as kwarg, anchor prefix).
HIT_PAGES = {
    "condition": ("library:condition", True, ""),
    "study": ("library:references", False, "study-"),
    "garbled-citation": ("library:references", False, "garbled-"),
    "mechanism": ("library:monograph", False, "mechanism-"),
    "side-effect": ("library:side_effects", False, "effect-"),
    "red-flag": ("library:side_effects", False, "flag-"),
    "contraindication": ("library:contraindications", False, "ci-"),
    "faq": ("library:faq", False, "faq-"),
    "dose-band": ("library:monograph", False, "band-"),
    "dosage-form": ("library:monograph", False, "form-"),
    "drug-fact": ("library:monograph", False, "fact-"),
}
