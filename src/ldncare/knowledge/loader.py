"""Load the knowledge data files into one frozen, cached :class:`KnowledgeBase`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ldncare.datafile import load_yaml
from ldncare.knowledge.models import (
    Condition,
    ConditionsFile,
    Contraindication,
    ContraindicationsFile,
    DrugFacts,
    DrugFile,
    FaqEntry,
    FaqFile,
    GarbledCitation,
    MechanismFile,
    MechanismStatement,
    RedFlag,
    SideEffect,
    SideEffectsFile,
    Source,
    SourcesFile,
    StudiesFile,
    Study,
)

if TYPE_CHECKING:
    from ldncare.knowledge.search import SearchIndex

DATA_DIR = Path(__file__).parent / "data"

#: The codes screening rules point at; the integrity check insists they exist.
REQUIRED_CONTRAINDICATION_CODES = (
    "opioid-use", "opioid-washout", "opioid-use-disorder-treatment", "surgery",
    "pregnancy", "breastfeeding", "liver-severe", "thyroid-replacement",
    "immunosuppressant", "hypersensitivity", "full-dose-naltrexone",
)

_FILES: dict[str, type[BaseModel]] = {
    "studies.yaml": StudiesFile,
    "sources.yaml": SourcesFile,
    "conditions.yaml": ConditionsFile,
    "drug.yaml": DrugFile,
    "mechanism.yaml": MechanismFile,
    "side_effects.yaml": SideEffectsFile,
    "contraindications.yaml": ContraindicationsFile,
    "faq.yaml": FaqFile,
}

M = TypeVar("M", bound=BaseModel)


class KnowledgeDataError(ValueError):
    """A data file is missing, is not YAML, or does not match its model."""


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the monograph knows, as immutable values.

    Build one with :func:`load_knowledge`; tests may build one directly (or with
    ``dataclasses.replace``) to plant faults for :func:`ldncare.knowledge.check`.
    """

    version: str
    studies: tuple[Study, ...]
    sources: tuple[Source, ...]
    conditions: tuple[Condition, ...]
    drug: DrugFacts
    mechanism: tuple[MechanismStatement, ...]
    side_effects: tuple[SideEffect, ...]
    red_flags: tuple[RedFlag, ...]
    contraindications: tuple[Contraindication, ...]
    faq: tuple[FaqEntry, ...]
    garbled_citations: tuple[GarbledCitation, ...] = ()
    file_versions: tuple[tuple[str, str], ...] = field(default=())

    @cached_property
    def _studies_by_id(self) -> dict[str, Study]:
        return {s.id: s for s in self.studies}

    @cached_property
    def _sources_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def _conditions_by_id(self) -> dict[str, Condition]:
        return {c.id: c for c in self.conditions}

    @cached_property
    def search_index(self) -> SearchIndex:
        """Word index for :func:`ldncare.knowledge.search.search`, built on first use."""
        from ldncare.knowledge.search import SearchIndex

        return SearchIndex.build(self)

    def study(self, study_id: str) -> Study:
        """The study with ``study_id``; KeyError when there is none."""
        return self._studies_by_id[study_id]

    def condition(self, condition_id: str) -> Condition:
        """The condition with exactly this id; for names and aliases use find_condition."""
        return self._conditions_by_id[condition_id]

    def contraindication(self, code: str) -> Contraindication:
        """The contraindication or caution with this stable ``code``."""
        for entry in self.contraindications:
            if entry.code == code:
                return entry
        raise KeyError(code)

    def reference(self, ref_id: str) -> Study | Source | None:
        """What a ``references`` id points at (a study or a source), or None."""
        return self._studies_by_id.get(ref_id) or self._sources_by_id.get(ref_id)

    def studies_for(self, condition: Condition) -> tuple[Study, ...]:
        """The condition's studies in its own order (best and most recent first)."""
        return tuple(self._studies_by_id[s] for s in condition.studies if s in self._studies_by_id)

    def conditions_citing(self, study_id: str) -> tuple[Condition, ...]:
        return tuple(c for c in self.conditions if study_id in c.studies)


def _read(path: Path, model: type[M]) -> M:
    try:
        raw: Any = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise KnowledgeDataError(f"knowledge data file {path} is missing") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeDataError(f"{path.name} is not valid YAML: {exc}") from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise KnowledgeDataError(f"{path.name} does not match its schema:\n{exc}") from exc


def _combined_version(file_versions: tuple[tuple[str, str], ...]) -> str:
    versions = {v for _, v in file_versions}
    if len(versions) == 1:
        return versions.pop()
    return ";".join(f"{name}={v}" for name, v in file_versions)


def read_knowledge(data_dir: Path) -> KnowledgeBase:
    """Read and validate every data file under ``data_dir`` (uncached)."""
    parsed: dict[str, Any] = {name: _read(data_dir / name, model) for name, model in _FILES.items()}
    file_versions = tuple((name, parsed[name].version) for name in _FILES)
    drug: DrugFile = parsed["drug.yaml"]
    return KnowledgeBase(
        version=_combined_version(file_versions),
        studies=parsed["studies.yaml"].studies,
        garbled_citations=parsed["studies.yaml"].garbled_citations,
        sources=parsed["sources.yaml"].sources,
        conditions=parsed["conditions.yaml"].conditions,
        drug=DrugFacts(salt_forms=drug.salt_forms, dose_bands=drug.dose_bands,
                       dosage_forms=drug.dosage_forms, facts=drug.facts),
        mechanism=parsed["mechanism.yaml"].statements,
        side_effects=parsed["side_effects.yaml"].side_effects,
        red_flags=parsed["side_effects.yaml"].red_flags,
        contraindications=parsed["contraindications.yaml"].entries,
        faq=parsed["faq.yaml"].faq,
        file_versions=file_versions,
    )


@functools.cache
def _load_cached(data_dir: Path) -> KnowledgeBase:
    return read_knowledge(data_dir)


def load_knowledge(data_dir: Path | str | None = None) -> KnowledgeBase:
    """The knowledge base from ``data_dir`` (default: the packaged data), cached per directory.

    Raises :class:`KnowledgeDataError` naming the file when a file is missing or invalid.
    """
    return _load_cached(Path(data_dir).resolve() if data_dir else DATA_DIR)
