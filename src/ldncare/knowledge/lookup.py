"""Find a condition by its id, name or an alias, forgiving small typos."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from ldncare.knowledge.loader import KnowledgeBase
from ldncare.knowledge.models import Condition
from ldncare.knowledge.text import normalise

#: A fuzzy match at or above this score (0-100) is accepted as the condition meant.
TYPO_THRESHOLD = 85
#: Below the threshold, names scoring at least this much are offered as suggestions.
SUGGESTION_FLOOR = 60


class UnknownConditionError(ValueError):
    """No condition matches; ``suggestions`` holds the closest condition names."""

    def __init__(self, query: str, suggestions: tuple[str, ...]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Closest matches: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(f"No condition called {query!r} in the knowledge base.{hint}")


def condition_names(kb: KnowledgeBase) -> dict[str, str]:
    """Every normalised id, name and alias mapped to its condition id."""
    names: dict[str, str] = {}
    for condition in kb.conditions:
        for name in (condition.id, condition.name, *condition.aliases):
            names.setdefault(normalise(name), condition.id)
    return names


def find_condition(kb: KnowledgeBase, query: str) -> Condition:
    """The condition ``query`` names (id, name or alias; case, punctuation and small
    typos forgiven). Raises :class:`UnknownConditionError` with suggestions otherwise."""
    names = condition_names(kb)
    key = normalise(query)
    if key in names:
        return kb.condition(names[key])
    # Accept a typo only when the whole name is close (plain edit ratio, not a
    # partial match) and points at a single condition, so "MS" never becomes "ME".
    close = {names[name] for name, _ in _ranked(names, key, fuzz.ratio)
             if _ >= TYPO_THRESHOLD}
    if len(key) > 3 and len(close) == 1:
        return kb.condition(close.pop())
    raise UnknownConditionError(query, _suggestions(kb, names, _ranked(names, key, fuzz.WRatio)))


def _ranked(names: dict[str, str], key: str, scorer) -> list[tuple[str, float]]:
    if not key:
        return []
    found = process.extract(key, list(names), scorer=scorer, limit=12)
    return [(name, score) for name, score, _ in found]


def _suggestions(kb: KnowledgeBase, names: dict[str, str],
                 matches: list[tuple[str, float]]) -> tuple[str, ...]:
    seen: list[str] = []
    for name, score in matches:
        condition_id = names[name]
        if score >= SUGGESTION_FLOOR and condition_id not in seen:
            seen.append(condition_id)
    return tuple(kb.condition(c).name for c in seen[:3])
