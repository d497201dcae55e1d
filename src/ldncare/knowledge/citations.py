"""Shipped files must cite what a reader can follow, never this project's research notes.

The product's data files (YAML/JSON/text) and templates show their sources to
clinicians and patients. A source such as ``clinical-facts.md §4.1`` points at a
working note that is not part of the product, so a reader cannot follow it.
:func:`internal_note_references` finds every such reference in every shipped file
under the ``ldncare`` package (knowledge, screening, dosing, compounding, journal,
outcomes, pharmacology and any package added later, plus the web templates);
``ldncare knowledge check`` reports each one as rule ``internal-note-reference``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from ldncare.knowledge.integrity import Problem

#: The package root: every shipped data file and template lives below it.
PACKAGE_ROOT = Path(__file__).resolve().parent.parent

#: File kinds that carry text shown to users or loaded as data.
SHIPPED_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".html", ".txt", ".md"})

#: The research notes kept outside the product, and the folder they live in.
INTERNAL_NOTES = ("clinical-facts", "product-anchors", "evidence", "pkpd", "engineering")
_NOTE_REFERENCE = re.compile(
    r"(?<![\w-])(?:" + "|".join(re.escape(n) for n in INTERNAL_NOTES) + r")\.md\b"
    r"|shared/research\b",
    re.IGNORECASE,
)


def shipped_files(root: Path = PACKAGE_ROOT) -> Iterator[Path]:
    """Every data or template file below ``root``, in a stable order (caches skipped)."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__" and not d.startswith(".")]
        found.extend(Path(folder, n) for n in names if os.path.splitext(n)[1].lower() in SHIPPED_SUFFIXES)
    yield from sorted(found)


def internal_note_references(roots: Iterable[Path] = (PACKAGE_ROOT,)) -> Iterator[Problem]:
    """One problem per line of a shipped file that cites an internal research note.

    ``entry`` is ``path:line`` relative to the scanned root, so the message says
    exactly which source line to replace with a followable citation.
    """
    for root in roots:
        for path in shipped_files(root):
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue  # not a text file we ship as data; nothing a reader sees
            lowered = text.lower()
            if ".md" not in lowered and "shared/research" not in lowered:
                continue  # the common case: a plain substring test, no regex, no line splitting
            for number, line in enumerate(text.splitlines(), start=1):
                found = _NOTE_REFERENCE.search(line)
                if found:
                    yield Problem(
                        "internal-note-reference",
                        f"{path.relative_to(root).as_posix()}:{number}",
                        f"cites the internal research note {found.group(0)!r}; replace it with the "
                        "real citation (title, year, PMID/DOI/URL) or mark the claim UNVERIFIED",
                    )
