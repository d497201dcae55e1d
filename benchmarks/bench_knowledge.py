"""Knowledge base: load, condition lookup, search and the integrity check."""

from __future__ import annotations

from benchmarks.harness import Report
from ldncare.knowledge import check, find_condition, load_knowledge, search
from ldncare.knowledge.citations import internal_note_references, shipped_files
from ldncare.knowledge.grading import assess
from ldncare.knowledge.loader import DATA_DIR, read_knowledge


def run(report: Report) -> None:
    report.section("Knowledge base", ".venv/bin/python -m benchmarks knowledge")
    report.row("read and validate all YAML (uncached)", report.measure(lambda: read_knowledge(DATA_DIR), repeat=5))
    kb = load_knowledge()
    queries = ["MS", "fibromyalga", "long covd", "crohns disese"]
    report.row("find_condition (alias/typo), 4 queries",
               report.measure(lambda: [find_condition(kb, q) for q in queries], repeat=20, operations=4))
    kb.search_index  # noqa: B018 - build once so the search row times queries only
    words = ["vivid drems", "breastfeeding", "FINAL", "surgery opioids"]
    report.row("search, 4 queries", report.measure(lambda: [search(kb, q) for q in words], repeat=20, operations=4),
               goal="well under 50 ms per query for the web page")
    report.row("integrity check (includes the grading rule for every condition)",
               report.measure(lambda: check(kb), repeat=10))
    report.row(f"grading rule, {len(kb.conditions)} conditions",
               report.measure(lambda: [assess(kb.studies_for(c)) for c in kb.conditions], repeat=20,
                              operations=len(kb.conditions)))
    files = len(list(shipped_files()))
    report.row(f"internal-note scan of every shipped data file and template ({files} files)",
               report.measure(lambda: list(internal_note_references()), repeat=5),
               goal="a small share of `ldncare knowledge check`")
