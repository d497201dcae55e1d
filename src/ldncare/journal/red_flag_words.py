"""Words in a patient's free-text problem report that may mean an emergency.

A patient who reports a problem in their own words does not tick a check-in
box, so the structured triggers of :mod:`ldncare.journal.guidance` never see
it. :func:`red_flags_in` maps a few unmistakable phrases to the same guidance
codes the check-in raises, so the report takes the same urgent path (the
patient is shown the guidance at once, the care team is alerted).

Any opioid the safety screening knows by name (its vocabulary's generic, brand,
combination and supplement names whose ingredients are opioids, e.g.
hydromorphone, OxyContin, kratom) also counts as a new opioid, so the report
and the screening never disagree about what an opioid is. Street names are
left out: many are everyday words ("smack"), and the check-in and the
medication list screen those.

The phrase list is a product choice, not a clinical instrument: it is
UNVERIFIED against any published list, it catches only plain phrasings, and it
errs towards alerting. The page asking for the report always tells the patient
to call their emergency number in an emergency, whatever they write.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ldncare.screening.vocabulary import load_vocabulary

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

#: The kinds of vocabulary names that count as naming an opioid (not street names).
NAMED_KINDS = frozenset({"generic", "brand", "combination", "supplement"})


def opioid_names() -> frozenset[str]:
    """The screening vocabulary's names of opioids (lower case, of :data:`NAMED_KINDS`)."""
    vocabulary = load_vocabulary()
    # A name's own full stops ("m.o.s.") are abbreviation marks, not part of the word.
    return frozenset(product.name.lower().rstrip(".") for product in vocabulary.by_tokens.values()
                     if product.is_opioid and product.kind in NAMED_KINDS)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    """Each code's phrases as one pattern, longest first; built once per process."""
    phrases = {code: set(words) for code, words in PHRASES.items()}
    phrases["new_opioid"] |= opioid_names()
    return {code: re.compile(r"\b(?:" + "|".join(re.escape(p) for p in
                                                 sorted(words, key=len, reverse=True)) + r")\b")
            for code, words in phrases.items()}


def red_flags_in(text: str) -> tuple[str, ...]:
    """The guidance codes whose phrases occur in ``text``, in the guidance
    book's order (most urgent first)."""
    words = " ".join(text.lower().replace("’", "'").split())
    patterns = _patterns()
    return tuple(code for code in PHRASES if patterns[code].search(words))
