"""Public pages of the library: the monograph, conditions, side effects,
contraindications, FAQ, references, search, condition handouts and the simulator.

No login is needed and no patient data is read. Views parse, call
``queries``/``simulator``, and render.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ldncare.knowledge import UnknownConditionError, condition_handout
from ldncare.pharmacology import PharmacologyError
from ldncare.web.library import queries, simulator
from ldncare.web.library.forms import SearchForm, SimulatorForm
from ldncare.web.pdf import pdf_response


def _page(request: HttpRequest, template: str, context: dict | None = None,
          status: int = 200) -> HttpResponse:
    kb = queries.knowledge()
    return render(request, template, {"kb": kb, "knowledge_version": kb.version,
                                      "search_form": SearchForm(), **(context or {})}, status=status)


def index(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/index.html", {"conditions": kb.conditions})


def monograph(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    drug = kb.drug
    return _page(request, "library/monograph.html", {
        "salt": drug.salt_forms, "salt_refs": queries.references(kb, drug.salt_forms.references),
        "bands": [(b, queries.references(kb, b.references)) for b in drug.dose_bands],
        "forms": [(f, queries.references(kb, f.references)) for f in drug.dosage_forms],
        "facts": [(f, queries.references(kb, f.references)) for f in drug.facts],
        "mechanism": [(m, queries.references(kb, m.references)) for m in kb.mechanism],
    })


def conditions(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/conditions.html", {
        "conditions": kb.conditions, "grade_meanings": queries.grade_meanings(),
        "direction_meanings": queries.direction_meanings(), "grading_rule": queries.grading_rule()})


def _unknown_condition(request: HttpRequest, error: UnknownConditionError) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/condition_not_found.html", {
        "query": error.query, "closest": queries.closest_conditions(kb, error)}, status=404)


def condition(request: HttpRequest, condition: str) -> HttpResponse:
    """One condition by id; a name, alias or typo redirects to the id's page; else 404 with suggestions."""
    kb = queries.knowledge()
    try:
        found = queries.find(kb, condition)
    except UnknownConditionError as error:
        return _unknown_condition(request, error)
    if found.id != condition:
        return redirect("library:condition", condition=found.id)
    return _page(request, "library/condition.html", queries.condition_page(kb, found))


def condition_handout_pdf(request: HttpRequest, condition: str) -> HttpResponse:
    """The printable handout for one condition (PDF)."""
    kb = queries.knowledge()
    try:
        found = queries.find(kb, condition)
    except UnknownConditionError as error:
        return _unknown_condition(request, error)
    handout = condition_handout(kb, found)
    return pdf_response(request, "library/pdf/handout.html",
                        {"handout": handout, "condition": found},
                        f"ldn-handout-{found.id}.pdf")


def side_effects(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/side_effects.html", {
        "effects": [(e, queries.references(kb, e.references)) for e in kb.side_effects],
        "red_flags": [(f, queries.references(kb, f.references)) for f in kb.red_flags]})


def contraindications(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/contraindications.html", {
        "entries": [(c, queries.references(kb, c.references)) for c in kb.contraindications]})


def faq(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/faq.html", {
        "entries": [(q, queries.references(kb, q.references),
                     [kb.condition(c) for c in q.conditions if c in {x.id for x in kb.conditions}])
                    for q in kb.faq]})


@cache
def _glossary() -> list[dict[str, str]]:
    """The plain-language glossary (``glossary.yaml`` beside this module)."""
    data = yaml.safe_load((Path(__file__).parent / "glossary.yaml").read_text(encoding="utf-8"))
    return sorted(data["terms"], key=lambda t: t["term"].lower())


def glossary(request: HttpRequest) -> HttpResponse:
    """Medical and product words in plain language, each with its source where it states a fact."""
    return _page(request, "library/glossary.html", {"terms": _glossary()})


def references(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    return _page(request, "library/references.html", {
        "studies": [(s, queries.study_links(s), kb.conditions_citing(s.id)) for s in kb.studies],
        "sources": [(s, queries.source_links(s)) for s in kb.sources],
        "garbled": queries.garbled_citations(kb),
        "unverified_count": sum(1 for s in kb.studies if not s.verified)})


def _hit_url(hit) -> str:  # type: ignore[no-untyped-def]
    name, by_id, anchor = queries.HIT_PAGES.get(hit.kind, ("library:index", False, ""))
    if by_id:
        return reverse(name, kwargs={"condition": hit.id})
    return f"{reverse(name)}#{anchor}{hit.id}"


def search(request: HttpRequest) -> HttpResponse:
    kb = queries.knowledge()
    form = SearchForm(request.GET)
    hits: list = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        hits = [(hit, _hit_url(hit)) for hit in queries.search_hits(kb, query)]
    return _page(request, "library/search.html", {"form": form, "search_form": form,
                                                  "query": query, "hits": hits})


#: What the simulator shows before anyone changes a field.
SIMULATOR_DEFAULTS = {"dose_mg": "4.5", "doses": "1", "interval_hours": "24", "protocol_days": "28",
                      "hours": "48", "thresholds": "50, 90"}


def simulator_page(request: HttpRequest) -> HttpResponse:
    """The simulator; an htmx request gets only the form-and-result fragment back."""
    form = SimulatorForm(request.GET if request.GET else SIMULATOR_DEFAULTS)
    context: dict[str, Any] = {
        "form": form, "result": None, "error": None,
        "population_size": simulator.PAGE_POPULATION, "seed": simulator.PAGE_SEED,
        "max_dose": simulator.MAX_DOSE_MG, "max_hours": simulator.MAX_HOURS}
    if form.is_valid():
        try:
            result = simulator.run(form.simulator_request())
            context.update(result=result, concentration_svg=simulator.concentration_chart(result),
                           occupancy_svg=simulator.occupancy_chart(result),
                           rebound_svg=simulator.rebound_chart(result.rebound) if result.rebound else None)
        except simulator.SimulatorInputError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        except PharmacologyError as error:
            form.add_error(None, f"The model cannot run this: {error}")
    if request.headers.get("HX-Request"):
        return render(request, "library/simulator.html#simulation", context)
    return _page(request, "library/simulator.html", {
        **context, "parameters": simulator.parameter_rows(),
        "validation": simulator.validation_rows(), "parameters_version":
        simulator.load_parameters().version})
