"""The labelled corpus: no opioid-containing entry is ever judged anything but contraindicated."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from ldncare.screening import ScreeningInput, screen

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus.yaml").read_text(encoding="utf-8"))
ENTRIES = CORPUS["entries"]
TODAY = date(2025, 6, 1)


def _verdict(text: str) -> str:
    return screen(ScreeningInput(medications=(text,)), None, TODAY).verdict


def test_the_corpus_holds_at_least_400_labelled_strings():
    assert len(ENTRIES) >= 400
    assert len({e["text"] for e in ENTRIES}) == len(ENTRIES)


@pytest.mark.parametrize("text", [e["text"] for e in ENTRIES if e["opioid"]])
def test_no_opioid_containing_entry_is_ever_judged_anything_but_contraindicated(text):
    assert _verdict(text) == "contraindicated"


@pytest.mark.parametrize("entry", [e for e in ENTRIES if not e["opioid"]], ids=lambda e: e["text"])
def test_every_other_entry_gets_its_labelled_verdict(entry):
    verdict = _verdict(entry["text"])
    if entry["verdict"] == "needs_review":
        # Text we cannot read may be fuzzily close to an opioid: stricter is allowed.
        assert verdict in ("needs_review", "contraindicated")
    else:
        assert verdict == entry["verdict"]
