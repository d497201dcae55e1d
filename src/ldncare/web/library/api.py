"""Read-only JSON API of the public library, plus the simulator (``/api/library/``).

Every operation is public (``auth=None``): nothing here is patient data. Errors
are the declared ``{"detail": ..., "errors": [...]}`` bodies: 404 with the closest matches for an
unknown condition, 422 for input the simulator will not run.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict

from ldncare.knowledge import UnknownConditionError, condition_as_dict, study_as_dict
from ldncare.pharmacology import PharmacologyError
from ldncare.units import DoseError, parse_dose
from ldncare.web.apierrors import ApiError, responses
from ldncare.web.doses import DoseText
from ldncare.web.library import queries, simulator

router = Router(tags=["library"])


class ConditionSummaryOut(Schema):
    id: str
    name: str
    aliases: list[str]
    grade: str
    direction: str
    research_direction: str
    summary: str
    study_count: int


class StudyOut(Schema):
    id: str
    citation: str
    authors: list[str]
    year: int | None
    title: str | None
    journal: str | None
    pmid: str | None
    doi: str | None
    kind: str
    design: str
    n: int | None
    dose: str | None
    duration: str | None
    primary_outcome: str | None
    result: str
    result_note: str | None
    verified: bool
    missing: list[str]
    pools_rcts: bool = Field(description="a review or meta-analysis restricted to randomised trials")
    not_counted: str | None = Field(description="why the study does not count toward the grade, if it does not")


class DiagnosisCodeOut(Schema):
    system: str = Field(description='"ICD-10" (WHO) or "ICD-10-CM" (US); the same code can differ')
    code: str
    verified: bool
    sources: list[str]
    note: str | None


class ConditionOut(ConditionSummaryOut):
    codes: list[DiagnosisCodeOut]
    grade_reason: str = Field(description="why the grading rule gives this grade and direction")
    references: list[str]
    studies: list[StudyOut]
    knowledge_version: str


class SideEffectsOut(Schema):
    side_effects: list[dict[str, Any]]
    red_flags: list[dict[str, Any]]
    knowledge_version: str


class EntriesOut(Schema):
    entries: list[dict[str, Any]]
    knowledge_version: str


class MonographOut(Schema):
    drug: dict[str, Any]
    mechanism: list[dict[str, Any]]
    knowledge_version: str


class SearchHitOut(Schema):
    kind: str
    id: str
    title: str
    snippet: str
    score: float


class SearchIn(Schema):
    q: str = Field("", max_length=queries.MAX_QUERY_CHARS)
    limit: int = Field(20, ge=1, le=100)


class SearchOut(Schema):
    query: str
    hits: list[SearchHitOut]
    knowledge_version: str


def _summary(condition) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {**condition.as_dict(), "study_count": len(condition.studies)}


@router.get("/conditions", response=responses(list[ConditionSummaryOut]), auth=None,
            url_name="library_conditions")
def library_conditions(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Every condition with its grade (kind of evidence) and direction (what it found)."""
    return [_summary(c) for c in queries.knowledge().conditions]


@router.get("/conditions/{condition}", response=responses(ConditionOut), auth=None,
            url_name="library_condition")
def library_condition(request: HttpRequest, condition: str):  # type: ignore[no-untyped-def]
    """One condition by id, name or alias (typos forgiven), with its studies; 404 names the closest."""
    kb = queries.knowledge()
    try:
        found = queries.find(kb, condition)
    except UnknownConditionError as error:
        raise HttpError(404, str(error)) from None
    return {**condition_as_dict(kb, found), "study_count": len(found.studies)}


@router.get("/studies", response=responses(list[StudyOut]), auth=None, url_name="library_studies")
def library_studies(request: HttpRequest, unverified_only: bool = False):  # type: ignore[no-untyped-def]
    """Every study with its citation and whether it was verified (and what was not seen)."""
    studies = queries.knowledge().studies
    return [study_as_dict(s) for s in studies if not (unverified_only and s.verified)]


@router.get("/side-effects", response=responses(SideEffectsOut), auth=None,
            url_name="library_side_effects")
def library_side_effects(request: HttpRequest):  # type: ignore[no-untyped-def]
    kb = queries.knowledge()
    return {"side_effects": [e.as_dict() for e in kb.side_effects],
            "red_flags": [f.as_dict() for f in kb.red_flags], "knowledge_version": kb.version}


@router.get("/contraindications", response=responses(EntriesOut), auth=None,
            url_name="library_contraindications")
def library_contraindications(request: HttpRequest):  # type: ignore[no-untyped-def]
    kb = queries.knowledge()
    return {"entries": [c.as_dict() for c in kb.contraindications], "knowledge_version": kb.version}


@router.get("/faq", response=responses(EntriesOut), auth=None, url_name="library_faq")
def library_faq(request: HttpRequest):  # type: ignore[no-untyped-def]
    kb = queries.knowledge()
    return {"entries": [q.as_dict() for q in kb.faq], "knowledge_version": kb.version}


@router.get("/monograph", response=responses(MonographOut), auth=None, url_name="library_monograph")
def library_monograph(request: HttpRequest):  # type: ignore[no-untyped-def]
    """Drug facts (salt forms, dose bands, dosage forms) and mechanism statements with evidence status."""
    kb = queries.knowledge()
    return {"drug": kb.drug.as_dict(), "mechanism": [m.as_dict() for m in kb.mechanism],
            "knowledge_version": kb.version}


@router.get("/search", response=responses(SearchOut), auth=None, url_name="library_search")
def library_search(request: HttpRequest, params: Query[SearchIn]):  # type: ignore[no-untyped-def]
    """Entries matching ``q`` (aliases and small typos understood), best first."""
    kb = queries.knowledge()
    hits = queries.search_hits(kb, params.q, params.limit)
    return {"query": params.q, "hits": [h.as_dict() for h in hits], "knowledge_version": kb.version}


class SimulateIn(Schema):
    """The fields of ``ldncare simulate``; the dose is a decimal string (mg naltrexone HCl).

    Strict: ``true`` is not a seed and 4.5 (a float) is not a dose string.
    """

    model_config = ConfigDict(strict=True)

    dose_mg: str = Field(..., max_length=20, examples=["4.5"],
                         description="mg naltrexone HCl, above 0 and at most 50, e.g. \"4.5\" or \"500 mcg\"")
    hours: float | None = Field(None, gt=0, le=simulator.MAX_HOURS)
    step_h: float = Field(0.25, ge=0.01, le=24)
    doses: int = Field(1, ge=1, le=simulator.MAX_DOSES)
    interval_hours: float = Field(24.0, ge=1, le=168)
    population: int = Field(0, ge=0, le=simulator.API_MAX_POPULATION)
    seed: int | None = Field(None, ge=0, le=2**32 - 1)
    model: str | None = Field(None, max_length=40, examples=["brain-retention"],
                              description="brain-retention or plasma-driven; default: the one that passes validation")


class SimulateOut(Schema):
    dose_mg: DoseText
    doses: int
    interval_hours: float
    parameters_version: str
    model: str
    model_summary: str
    validation: list[dict[str, Any]]
    caveats: list[str]
    comparison: dict[str, Any]
    cmax_ng_per_ml: dict[str, float]
    tmax_h: dict[str, float]
    peak_mu_occupancy: float
    peak_mu_occupancy_time_h: float
    hours_above_mu_occupancy: dict[str, float]
    extrapolated_below_human_data: bool
    series: list[dict[str, float]]
    population: dict[str, Any] | None = None


@router.post("/simulate", response=responses(SimulateOut), auth=None, url_name="library_simulate")
def library_simulate(request: HttpRequest, body: SimulateIn):  # type: ignore[no-untyped-def]
    """Typical-patient curves (and percentile bands when ``population`` > 0): the CLI's JSON.

    A model, not a measurement; below 50 mg it extrapolates. Sizes are bounded:
    422 for a dose outside 0-50 mg, too many time points or too much population work.
    """
    try:
        dose = parse_dose(body.dose_mg)
        request_ = simulator.ApiRequest(dose, body.hours, body.step_h, body.doses,
                                        body.interval_hours, body.population, body.seed, body.model)
        payload = simulator.api_payload(request_)
    except DoseError as error:
        raise ApiError(422, f"dose_mg: {error}", "dose_mg") from None
    except simulator.SimulatorInputError as error:
        raise ApiError(422, f"{error.field}: {error}", error.field) from None
    except PharmacologyError as error:
        raise HttpError(422, str(error)) from None
    if "population" not in payload:
        payload["population"] = None
    return payload
