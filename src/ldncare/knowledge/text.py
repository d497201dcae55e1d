"""Text normalisation shared by lookup and search."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Lower-case, accents and apostrophes removed, punctuation to single spaces.

    "Crohn’s" and "crohns" both become "crohns", so apostrophes never cost a match.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    folded = folded.lower().replace("'", "")
    return _NON_WORD.sub(" ", folded).strip()


def tokens(text: str) -> list[str]:
    return normalise(text).split()
