"""The n-of-1 report speaks to the patient ("Your pain fell…"). The care team
reads the same sentences about someone else: :func:`for_clinician` turns the
report's own second-person phrasing into the third person ("The patient's
pain fell…"). It knows only the phrasings the outcomes package writes."""

from __future__ import annotations

import re

# Order matters: the longer phrases first.
_REWRITES: tuple[tuple[str, str], ...] = (
    (r"; tell your prescriber\.", "."),
    (r"\bWhen you\b", "When they"),
    (r"\bYour\b", "The patient's"),
    (r"\byour\b", "their"),
    (r"\bYou\b", "They"),
    (r"\byou\b", "they"),
)


def for_clinician(text: str) -> str:
    """``text`` (a sentence the report wrote for the patient) about the patient."""
    for pattern, replacement in _REWRITES:
        text = re.sub(pattern, replacement, text)
    return text


#: Stop reasons the synthetic cohort and the export use as codes, in words.
STOP_REASON_WORDS: dict[str, str] = {
    "side_effects": "Side effects", "no_benefit": "No benefit noticed",
    "lost_to_follow_up": "Lost to follow-up", "cost": "The cost",
    "not_recorded": "Not recorded",
}


def stop_reason_words(reason: str) -> str:
    """A stop reason as a person reads it: a known code in words, free text unchanged."""
    return STOP_REASON_WORDS.get(reason, reason)


def condition_words(key: str, names: dict[str, str]) -> str:
    """A condition key (``chronic_pain`` or ``chronic-pain``) as its name in
    ``names`` (knowledge id → name), else the key in words ("Chronic pain")."""
    slug = key.strip().replace("_", "-")
    if slug in names:
        return names[slug]
    words = key.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else key
