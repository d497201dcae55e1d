"""The LDN monograph as data: drug facts, mechanism, conditions graded by kind and
direction of evidence, studies with verified citations, side effects,
contraindications and FAQ, plus lookup, search, a handout and an integrity check.

Public API (pure; no Django)::

    kb = load_knowledge()                      # frozen, cached KnowledgeBase
    find_condition(kb, "long covd")            # -> Condition (aliases, small typos)
    search(kb, "vivid drems")                  # -> tuple[SearchHit, ...]
    condition_as_dict(kb, condition)           # JSON for the API / CLI
    condition_handout(kb, "MS").as_dict()      # plain data for the PDF handout
    check(kb)                                  # -> list[Problem]; empty when sound
"""

from __future__ import annotations

from ldncare.knowledge.handout import Handout, condition_handout
from ldncare.knowledge.integrity import Problem, check
from ldncare.knowledge.loader import (
    REQUIRED_CONTRAINDICATION_CODES,
    KnowledgeBase,
    KnowledgeDataError,
    load_knowledge,
    read_knowledge,
)
from ldncare.knowledge.lookup import UnknownConditionError, find_condition
from ldncare.knowledge.models import (
    Condition,
    Contraindication,
    Direction,
    FaqEntry,
    Grade,
    MechanismStatement,
    SideEffect,
    Study,
)
from ldncare.knowledge.search import SearchHit, search
from ldncare.knowledge.views import condition_as_dict, study_as_dict

__all__ = [
    "REQUIRED_CONTRAINDICATION_CODES", "Condition", "Contraindication", "Direction", "FaqEntry",
    "Grade", "Handout", "KnowledgeBase", "KnowledgeDataError", "MechanismStatement", "Problem",
    "SearchHit", "SideEffect", "Study", "UnknownConditionError", "check", "condition_as_dict",
    "condition_handout", "find_condition", "load_knowledge", "read_knowledge", "search",
    "study_as_dict",
]
