"""The labelled corpus: no opioid ever reads "ok" or "caution", and no
non-opioid is ever judged contraindicated.

Opioid entries must be contraindicated, or needs_review where the text is
ambiguous or known only to the general dictionary (a prescriber then reads
every reading). Other entries get their labelled verdict; those labelled
needs_review may only be stricter, never "ok".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from ldncare.screening import ScreeningInput, screen

HERE = Path(__file__).parent
FIRST = "first corpus: hand-labelled from product labelling (corpus.yaml header)"


def _load(name: str, default_source: str | None = None) -> list[dict]:
    entries = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))["entries"]
    for entry in entries:
        entry.setdefault("source", default_source)
        # The first corpus let unreadable text be judged stricter than needs_review.
        entry.setdefault("may_be_contraindicated", default_source is not None)
    return entries


ENTRIES = _load("corpus.yaml", FIRST) + _load("corpus_classes.yaml")
TODAY = date(2025, 6, 1)


def _verdict(text: str) -> str:
    return screen(ScreeningInput(medications=(text,)), None, TODAY).verdict


def test_the_corpus_holds_at_least_1500_distinct_sourced_strings():
    assert len(ENTRIES) >= 1500
    assert len({e["text"] for e in ENTRIES}) == len(ENTRIES)
    assert all(e.get("source") for e in ENTRIES)


@pytest.mark.parametrize("text", [e["text"] for e in ENTRIES if e["opioid"]])
def test_no_opioid_containing_entry_ever_reads_ok_or_caution(text):
    assert _verdict(text) in ("contraindicated", "needs_review")


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e["opioid"]], ids=lambda e: e["text"])
def test_every_other_entry_gets_its_labelled_verdict_and_is_never_contraindicated_by_mistake(
        entry):
    verdict = _verdict(entry["text"])
    if entry["verdict"] == "needs_review":
        assert verdict in ("needs_review", "contraindicated") if entry.get(
            "may_be_contraindicated") else verdict == "needs_review"
    else:
        assert verdict == entry["verdict"]
