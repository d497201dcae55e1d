"""JSON-ready shapes of knowledge entries for the CLI and the read-only API."""

from __future__ import annotations

from typing import Any

from ldncare.knowledge.grading import assess
from ldncare.knowledge.loader import KnowledgeBase
from ldncare.knowledge.models import Condition, Study


def study_as_dict(study: Study) -> dict[str, Any]:
    """A study with every bibliographic field plus ``citation`` and ``first_author``."""
    data = study.as_dict()
    data["citation"] = study.citation()
    return data


def condition_as_dict(kb: KnowledgeBase, condition: Condition) -> dict[str, Any]:
    """A condition with its studies expanded and why it has its grade (the ``ldncare evidence --json`` shape)."""
    data = condition.as_dict()
    data["condition"] = condition.name
    data["studies"] = [study_as_dict(s) for s in kb.studies_for(condition)]
    data["grade_reason"] = assess(kb.studies_for(condition)).reason
    data["knowledge_version"] = kb.version
    return data
