"""The sourced defaults of a trial design (``data/trials.yaml``): each value with
the reason it is the default and the references a reader can follow."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ldncare.datafile import load_yaml

DATA = Path(__file__).parent / "data" / "trials.yaml"


@dataclass(frozen=True)
class TrialDefault:
    """One default: its value (as written in the file), its basis in words, and
    the full text of each reference it cites."""

    name: str
    value: str
    basis: str
    references: tuple[str, ...]


@dataclass(frozen=True)
class TrialDefaults:
    version: str
    values: dict[str, TrialDefault]

    def value(self, name: str) -> str:
        return self.values[name].value


@cache
def load_defaults() -> TrialDefaults:
    """The defaults of ``data/trials.yaml`` with their references resolved."""
    raw = load_yaml(DATA.read_text(encoding="utf-8"))
    references = raw["references"]
    values = {name: TrialDefault(name, str(entry["value"]), " ".join(entry["basis"].split()),
                                 tuple(" ".join(references[key].split())
                                       for key in entry["references"]))
              for name, entry in raw["defaults"].items()}
    return TrialDefaults(str(raw["version"]), values)
