"""Words in a patient's free-text problem report that may mean an emergency.

A patient who reports a problem in their own words does not tick a check-in
box, so the structured triggers of :mod:`ldncare.journal.guidance` never see
it. :func:`red_flags_in` maps a few unmistakable phrases to the same guidance
codes the check-in raises, so the report takes the same urgent path (the
patient is shown the guidance at once, the care team is alerted).

The phrase list is a product choice, not a clinical instrument: it is
UNVERIFIED against any published list, it catches only plain phrasings, and it
errs towards alerting. The page asking for the report always tells the patient
to call their emergency number in an emergency, whatever they write.
"""

from __future__ import annotations

import re

#: guidance code (``data/guidance.yaml``) -> phrases (lower case, matched on word boundaries).
PHRASES: dict[str, tuple[str, ...]] = {
    "self_harm": ("suicide", "suicidal", "kill myself", "end my life", "self harm", "self-harm",
                  "hurt myself", "harm myself", "want to die", "better off dead"),
    "allergic_reaction": ("throat swelling", "swollen throat", "throat is swelling",
                          "face swelling", "swollen face", "swollen lips", "lips swelling",
                          "tongue swelling", "swollen tongue", "anaphylaxis", "hives"),
    "new_opioid": ("opioid", "opioids", "opiate", "opiates", "tramadol", "codeine", "morphine",
                   "oxycodone", "fentanyl", "methadone", "buprenorphine", "hydrocodone"),
    "opioid_withdrawal": ("withdrawal", "withdrawals"),
    "liver_warning": ("jaundice", "yellow skin", "yellow eyes", "dark urine"),
}

#: Gives the order of the codes (the guidance book's: most urgent first).
_ORDER = tuple(PHRASES)

_PATTERNS = {code: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")
             for code, phrases in PHRASES.items()}


def red_flags_in(text: str) -> tuple[str, ...]:
    """The guidance codes whose phrases occur in ``text``, most urgent first."""
    words = " ".join(text.lower().replace("’", "'").split())
    return tuple(code for code in _ORDER if _PATTERNS[code].search(words))
