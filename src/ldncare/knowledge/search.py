"""Full-text search across every knowledge entry, understanding aliases and typos.

Each query word must match a word of the entry, exactly or within a small typo
(words of three letters or fewer must match exactly, so "MS" never matches "ME").
A query that names a condition (by alias, with typos) also brings up everything
linked to that condition: its page, its studies and its FAQ answers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from ldncare.knowledge.loader import KnowledgeBase
from ldncare.knowledge.lookup import UnknownConditionError, find_condition
from ldncare.knowledge.text import normalise, tokens

WORD_TYPO_THRESHOLD = 80
_STOPWORDS = frozenset("a an and the of for in on to with is it does do can i my ldn".split())
_LINKED_BOOST = 150.0
_TITLE_BOOST = 1.5


@dataclass(frozen=True)
class SearchHit:
    """One entry that matched: what kind it is, its id, a title and a snippet."""

    kind: str
    id: str
    title: str
    snippet: str
    score: float

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "id": self.id, "title": self.title,
                "snippet": self.snippet, "score": round(self.score, 1)}


@dataclass(frozen=True)
class _Document:
    kind: str
    id: str
    title: str
    body: str
    conditions: tuple[str, ...]


class SearchIndex:
    """Words of every entry, built once per knowledge base."""

    def __init__(self, documents: list[_Document]) -> None:
        self.documents = documents
        self.title_words: list[set[str]] = [set(tokens(d.title)) for d in documents]
        self.postings: dict[str, set[int]] = defaultdict(set)
        for i, doc in enumerate(documents):
            for word in tokens(f"{doc.title} {doc.body}"):
                self.postings[word].add(i)
        self.vocabulary = list(self.postings)

    @classmethod
    def build(cls, kb: KnowledgeBase) -> SearchIndex:
        return cls(list(_documents(kb)))

    def word_matches(self, word: str) -> dict[str, float]:
        """Vocabulary words that ``word`` matches, with a 0-100 score."""
        if word in self.postings and len(word) <= 3:
            return {word: 100.0}
        if len(word) <= 3:
            return {}
        found = process.extract(word, self.vocabulary, scorer=fuzz.ratio,
                                score_cutoff=WORD_TYPO_THRESHOLD, limit=8)
        return {match: score for match, score, _ in found}


def _documents(kb: KnowledgeBase):
    for c in kb.conditions:
        yield _Document("condition", c.id, c.name,
                        " ".join((*c.aliases, *(code.code for code in c.codes), c.grade, c.direction, c.summary)), (c.id,))
    for s in kb.studies:
        linked = tuple(c.id for c in kb.conditions_citing(s.id))
        body = " ".join(filter(None, (s.citation(), s.design, s.primary_outcome, s.acronym,
                                      s.result, *s.registry)))
        yield _Document("study", s.id, s.title or s.citation(), body, linked)
    for g in kb.garbled_citations:
        yield _Document("garbled-citation", g.id, g.as_found, g.verdict, ())
    for m in kb.mechanism:
        yield _Document("mechanism", m.id, m.claim, m.statement, ())
    for e in kb.side_effects:
        yield _Document("side-effect", e.id, e.name,
                        " ".join(filter(None, (e.frequency_note, e.onset, e.duration, *e.what_helps))), ())
    for f in kb.red_flags:
        yield _Document("red-flag", f.id, f.sign, f"{f.why} {f.action}", ())
    for ci in kb.contraindications:
        yield _Document("contraindication", ci.code, ci.title, f"{ci.code} {ci.rationale}", ())
    for q in kb.faq:
        yield _Document("faq", q.id, q.question, q.answer, q.conditions)
    for band in kb.drug.dose_bands:
        yield _Document("dose-band", band.id, band.name, band.description, ())
    for form in kb.drug.dosage_forms:
        yield _Document("dosage-form", form.id, form.name, form.description, ())
    for fact in kb.drug.facts:
        yield _Document("drug-fact", fact.id, fact.text[:80], fact.text, ())


def search(kb: KnowledgeBase, query: str, limit: int = 20) -> tuple[SearchHit, ...]:
    """Entries matching ``query``, best first (at most ``limit``). Empty query: no hits."""
    index = kb.search_index
    words = [w for w in tokens(query) if w not in _STOPWORDS] or tokens(query)
    scores = _word_scores(index, words)
    linked = _linked_condition(kb, query)
    if linked:
        for i, doc in enumerate(index.documents):
            if linked in doc.conditions:
                scores[i] = scores.get(i, 0.0) + _LINKED_BOOST * (2 if doc.kind == "condition" else 1)
    ranked = sorted(scores.items(), key=lambda item: (-item[1], index.documents[item[0]].id))
    return tuple(_hit(index.documents[i], score) for i, score in ranked[:limit])


def _word_scores(index: SearchIndex, words: list[str]) -> dict[int, float]:
    """Documents matching every word, scored by match quality (title words weigh more)."""
    if not words:
        return {}
    totals: dict[int, float] | None = None
    for word in words:
        per_doc: dict[int, float] = {}
        for match, score in index.word_matches(word).items():
            for i in index.postings[match]:
                weight = _TITLE_BOOST if match in index.title_words[i] else 1.0
                per_doc[i] = max(per_doc.get(i, 0.0), score * weight)
        if totals is None:
            totals = per_doc
        else:
            totals = {i: totals[i] + s for i, s in per_doc.items() if i in totals}
    return totals or {}


def _linked_condition(kb: KnowledgeBase, query: str) -> str | None:
    try:
        return find_condition(kb, query).id
    except UnknownConditionError:
        return None


def _hit(doc: _Document, score: float) -> SearchHit:
    snippet = doc.body if len(doc.body) <= 200 else doc.body[:197].rstrip() + "..."
    return SearchHit(doc.kind, doc.id, doc.title, snippet, score)


__all__ = ["SearchHit", "SearchIndex", "normalise", "search"]
