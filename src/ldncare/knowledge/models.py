"""Typed shapes of the knowledge data files, validated when they are loaded.

Every model is frozen and forbids unknown keys, so a typo in a YAML file fails at
load time with the file and field named. Structural validity lives here; whether
the content hangs together (references resolve, citations are complete) is the job
of :mod:`ldncare.knowledge.integrity`, so that a faulty file can still be loaded
and reported on.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Grade(StrEnum):
    """What KIND of evidence exists, not whether LDN works (rule: docs/evidence-grading.md)."""

    GOLD = "gold"
    SILVER = "silver"
    BRONZE = "bronze"


class Direction(StrEnum):
    """What the evidence FOUND, shown beside the grade."""

    POSITIVE = "positive"
    MIXED = "mixed"
    CONFLICTING = "conflicting"
    NULL = "null"
    INSUFFICIENT = "insufficient"


class StudyResult(StrEnum):
    """Result on the study's primary outcome."""

    POSITIVE = "positive"
    NULL = "null"
    NEGATIVE = "negative"
    MIXED = "mixed"
    PENDING = "pending"
    NOT_ASSESSABLE = "not-assessable"
    NOT_APPLICABLE = "not-applicable"


class StudyKind(StrEnum):
    RANDOMISED_TRIAL = "randomised-trial"
    NON_RANDOMISED_TRIAL = "non-randomised-trial"
    OBSERVATIONAL = "observational"
    CASE_SERIES = "case-series"
    CASE_REPORT = "case-report"
    SYSTEMATIC_REVIEW = "systematic-review"
    META_ANALYSIS = "meta-analysis"
    NARRATIVE_REVIEW = "narrative-review"
    PROTOCOL = "protocol"
    REGISTRY_RECORD = "registry-record"
    EXPERT_OPINION = "expert-opinion"


class EvidenceStatus(StrEnum):
    MEASURED_IN_HUMANS = "measured-in-humans"
    ANIMAL_OR_IN_VITRO = "animal-or-in-vitro"
    HYPOTHESIS = "hypothesis"


class Severity(StrEnum):
    CONTRAINDICATED = "contraindicated"
    RELATIVE = "relative"
    CAUTION = "caution"
    INFO = "info"


class Frequency(StrEnum):
    COMMON = "common"
    LESS_COMMON = "less-common"
    OCCASIONAL = "occasional"
    UNKNOWN = "unknown"


class Entry(BaseModel):
    """Base of every data entry: frozen, strict about unknown keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def as_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (Decimals as strings, enums as values)."""
        return self.model_dump(mode="json")


class Study(Entry):
    """One publication, registry record or abstract, with what could not be confirmed.

    ``verified`` is false when the journal, year, volume, pages or identifiers could
    not be confirmed; ``missing`` lists what was not seen either way.
    """

    id: str
    authors: tuple[str, ...] = ()
    et_al: bool = False
    year: int | None = None
    title: str | None = None
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    pmid: str | None = None
    doi: str | None = None
    pmc: str | None = None
    registry: tuple[str, ...] = ()
    acronym: str | None = None
    identifier_note: str | None = None
    kind: StudyKind
    design: str
    n: int | None = None
    n_note: str | None = None
    dose: str | None = None
    duration: str | None = None
    primary_outcome: str | None = None
    result: StudyResult
    result_note: str | None = None
    caveat: str | None = None
    verified: bool
    missing: tuple[str, ...] = ()
    section: str | None = None
    sources: tuple[str, ...] = ()
    #: A review or meta-analysis restricted to randomised trials (counts like a trial).
    pools_rcts: bool = False
    #: Why this study may not decide a grade or direction (shown to readers), if it may not.
    not_counted: str | None = None

    @property
    def first_author(self) -> str | None:
        """Surname of the first author, or None when authors were not seen."""
        return self.authors[0].split()[0] if self.authors else None

    def citation(self) -> str:
        """A Vancouver-style one-line citation; gaps are left out, not invented."""
        authors = ", ".join(self.authors) + (", et al." if self.et_al else "")
        parts = [authors.rstrip(".") + "." if authors else "Authors not seen.",
                 f"{self.title}." if self.title else ""]
        where = self.journal or ""
        if self.year:
            where += f" {self.year}"
        if self.volume:
            where += f";{self.volume}" + (f"({self.issue})" if self.issue else "")
        if self.pages:
            where += f":{self.pages}"
        parts.append(where.strip() + "." if where.strip() else "")
        if self.pmid:
            parts.append(f"PMID {self.pmid}.")
        if self.doi:
            parts.append(f"doi:{self.doi}.")
        return " ".join(p for p in parts if p)


class GarbledCitation(Entry):
    """A citation found in the wild that matches no real paper as written."""

    id: str
    as_found: str
    verdict: str
    why_it_matters: str
    real_studies: tuple[str, ...]
    section: str | None = None


class Source(Entry):
    """A non-study source: a label, a charity page, a PK/PD paper."""

    id: str
    title: str
    tier: str
    url: str | None = None
    doi: str | None = None
    pmid: str | None = None
    unverified: bool = False


class CodeSystem(StrEnum):
    """Which classification a diagnosis code belongs to; the same code can differ between them."""

    ICD10 = "ICD-10"        # WHO ICD-10 (2019 edition)
    ICD10CM = "ICD-10-CM"   # US clinical modification

    @property
    def label(self) -> str:
        return "WHO ICD-10" if self is CodeSystem.ICD10 else "ICD-10-CM (US)"


class DiagnosisCode(Entry):
    """One diagnosis code, always with its system; ``verified`` only with a followable source."""

    system: CodeSystem
    code: str
    verified: bool = False
    sources: tuple[str, ...] = ()
    note: str | None = None

    def __str__(self) -> str:
        return f"{self.code} ({self.system.value})"


class Condition(Entry):
    """A condition LDN is used for, graded by kind of evidence and by direction."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    codes: tuple[DiagnosisCode, ...] = ()
    grade: Grade
    direction: Direction
    research_direction: str
    summary: str
    studies: tuple[str, ...]
    references: tuple[str, ...] = ()


class DoseBand(Entry):
    id: str
    name: str
    lower_mg: Decimal
    upper_mg: Decimal | None = None
    description: str
    note: str | None = None
    references: tuple[str, ...] = ()


class DosageForm(Entry):
    id: str
    name: str
    description: str
    references: tuple[str, ...] = ()


class Fact(Entry):
    id: str
    text: str
    references: tuple[str, ...] = ()


class SaltForms(Entry):
    hydrochloride_mw: Decimal
    base_mw: Decimal
    convention: str
    convention_verified: bool
    references: tuple[str, ...] = ()


class DrugFacts(Entry):
    salt_forms: SaltForms
    dose_bands: tuple[DoseBand, ...]
    dosage_forms: tuple[DosageForm, ...]
    facts: tuple[Fact, ...]


class MechanismStatement(Entry):
    id: str
    claim: str
    evidence_status: EvidenceStatus
    statement: str
    contradicted_by_human_data: bool = False
    references: tuple[str, ...] = ()


class SideEffect(Entry):
    id: str
    name: str
    frequency: Frequency
    frequency_note: str | None = None
    onset: str | None = None
    duration: str | None = None
    what_helps: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


class RedFlag(Entry):
    id: str
    sign: str
    why: str
    action: str
    references: tuple[str, ...] = ()


class Contraindication(Entry):
    """A contraindication or caution; ``code`` is what screening rules point at."""

    code: str
    title: str
    severity: Severity
    rationale: str
    configurable: bool = False
    theoretical: bool = False
    references: tuple[str, ...] = ()


class FaqEntry(Entry):
    id: str
    topic: str
    question: str
    answer: str
    conditions: tuple[str, ...] = ()
    references: tuple[str, ...] = ()


# --- file shapes -------------------------------------------------------------

class StudiesFile(Entry):
    version: str
    studies: tuple[Study, ...]
    garbled_citations: tuple[GarbledCitation, ...] = ()


class SourcesFile(Entry):
    version: str
    sources: tuple[Source, ...]


class ConditionsFile(Entry):
    version: str
    conditions: tuple[Condition, ...]


class DrugFile(DrugFacts):
    version: str


class MechanismFile(Entry):
    version: str
    statements: tuple[MechanismStatement, ...]


class SideEffectsFile(Entry):
    version: str
    side_effects: tuple[SideEffect, ...]
    red_flags: tuple[RedFlag, ...] = Field(default=())


class ContraindicationsFile(Entry):
    version: str
    entries: tuple[Contraindication, ...]


class FaqFile(Entry):
    version: str
    faq: tuple[FaqEntry, ...]
