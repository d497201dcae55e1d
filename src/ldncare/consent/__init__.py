"""Consent documents as versioned data, and which of them a patient still owes.

The documents live in ``data/consent.yaml`` (a template the clinic must
review: see its ``template_notice``). The core only reads them and answers
questions about acceptances it is given as plain values; storing an acceptance
is the web shell's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ldncare.datafile import load_yaml

DATA = Path(__file__).parent / "data" / "consent.yaml"


class ConsentError(ValueError):
    """The consent data is malformed, or a code names no document."""


@dataclass(frozen=True)
class ConsentDocument:
    """One consent document at one version."""

    code: str
    version: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    required: bool
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConsentLibrary:
    documents: tuple[ConsentDocument, ...]
    template_notice: str

    def get(self, code: str) -> ConsentDocument:
        for document in self.documents:
            if document.code == code:
                return document
        raise ConsentError(f"There is no consent document called {code!r}.")

    @property
    def required(self) -> tuple[ConsentDocument, ...]:
        return tuple(d for d in self.documents if d.required)

    def outstanding(self, accepted: Iterable[tuple[str, str]]) -> tuple[ConsentDocument, ...]:
        """The required documents whose current version is not among ``accepted``
        (pairs of code and version, withdrawn ones already left out)."""
        held = set(accepted)
        return tuple(d for d in self.required if (d.code, d.version) not in held)

    def is_current(self, code: str, version: str) -> bool:
        return self.get(code).version == version


def parse_library(data: object) -> ConsentLibrary:
    """Build the library from parsed YAML; raise :class:`ConsentError` naming what is wrong."""
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ConsentError("The consent file needs a list of 'documents'.")
    documents, seen = [], set()
    for raw in data["documents"]:
        try:
            document = ConsentDocument(
                code=str(raw["code"]), version=str(raw["version"]), title=str(raw["title"]),
                summary=str(raw["summary"]), paragraphs=tuple(str(p) for p in raw["paragraphs"]),
                required=bool(raw["required"]), sources=tuple(str(s) for s in raw.get("sources", ())))
        except (KeyError, TypeError) as error:
            raise ConsentError(f"A consent document lacks {error}.") from None
        if document.code in seen:
            raise ConsentError(f"The consent document {document.code!r} appears twice.")
        seen.add(document.code)
        documents.append(document)
    return ConsentLibrary(tuple(documents), str(data.get("template_notice", "")))


@cache
def load_library(path: Path = DATA) -> ConsentLibrary:
    """The consent documents shipped with LDN Care."""
    return parse_library(load_yaml(path.read_text(encoding="utf-8")))


__all__ = ["ConsentDocument", "ConsentError", "ConsentLibrary", "load_library", "parse_library"]
