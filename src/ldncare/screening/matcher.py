"""Reading what patients write about their medicines.

``match_medication("Percocet 10/325")`` finds every product named in the text,
longest name first (a benign brand inside a longer product name can carry
codeine: "Tylenol" vs "Tylenol #3"), strips strengths, forms and dosing words,
asks the broad drug dictionary (drug-named-entity-recognition) for exact names
of other medicines, and tries rapidfuzz on what is still left (misspellings,
with a confidence). The broad dictionary never decides anything on its own:
our vocabulary always wins, and a dictionary hit is kept with *every*
ingredient its name lists, method ``"dictionary"``, so the screening sends it
to a prescriber (never "ok"). Ambiguous short names ("T3") keep every reading
(method ``"ambiguous"``). Generic words ("oil", "night", "forte") are never
fuzzy-matched or looked up on their own.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from ldncare.screening.vocabulary import (
    OPIOID_CLASSES,
    Product,
    Vocabulary,
    load_vocabulary,
    normalise,
    tokens,
)
from ldncare.units import Dose, DoseBand, DoseError, dose_band

#: Fuzzy matches below this rapidfuzz score (0-100) are not offered at all.
FUZZY_FLOOR = 80
#: Words shorter than this are never fuzzy-matched ("ox" is not "oxy").
FUZZY_MIN_LENGTH = 4
#: Confidence given to a broad-dictionary hit: an exact dictionary name, but a
#: dictionary we do not curate. Whatever the number, a dictionary hit is never
#: "recognised": only the curated vocabulary can make a medicine "ok".
DICTIONARY_CONFIDENCE = 0.95
#: Confidence given to a dictionary hit that looks like an opioid we do not know.
UNKNOWN_OPIOID_CONFIDENCE = 0.5
#: Methods whose products a prescriber must confirm whatever their confidence.
UNCONFIRMED_METHODS = frozenset({"dictionary", "ambiguous"})

#: Words that name no medicine on their own: never fuzzy-matched or looked up
#: alone ("omega-3 fish oil" is not iron, "Night Nurse" is not a nurse).
GENERIC_WORDS = frozenset("""
    oil oils fish cod liver night day nurse plus forte extra max ultra super strength
    strong mild relief pain pains cold colds flu cough sinus allergy allergies sleep sleeping
    care health healthy natural complex formula original advanced rapid fast quick action
    gel cream lotion ointment drops oral vitamin vitamins mineral minerals herbal herb tea
    powder capsule softgel gummy gummies chewable kids baby women men senior plant
    sugar free sugar-free pm am liquid syrup tablets caplets relief+ cool warm heat
    blue green red white black yellow pink orange purple gold silver
    medicine medication meds drug drugs tablet pill pills stuff something
""".split())

_STRENGTH = re.compile(
    r"^(?:\d+(?:[.,]\d+)?(?:/\d+(?:[.,]\d+)?)*)"
    r"(?:mg|mcg|µg|ug|g|ml|mls|%|iu|units?|mcg/hr?|mg/ml|mg/5ml|x|h|hr|hrs|hours?|d|days?|am|pm)?$")
_NOISE_WORDS = frozenset("""
    mg mcg µg ug g ml mls iu unit units % mcg/hr mcg/h mg/ml mg/5ml per hr h
    tab tabs tablet tablets cap caps capsule capsules pill pills film films strip
    patch patches lozenge lozenges liquid solution oral syrup suspension elixir drops spray
    nasal sublingual buccal injection injectable cream gel effervescent soluble dispersible
    inhaler inhalers puffer puffers nebuliser nebulizer implant implants depot
    er xr sr cr la ir xl ld dr ec ds es odt pr mr ret retard continus modified release
    extended immediate controlled sustained slow prolonged delayed long short acting
    hydrochloride hcl sulfate sulphate phosphate citrate tartrate bitartrate sodium potassium
    acetate maleate succinate besylate bromide hydrobromide mesylate fumarate mofetil contin
    monohydrochloride dihydrochloride anhydrous hydrate monohydrate dihydrate trihydrate
    hemihydrate sesquihydrate hyclate disodium dipotassium
    daily twice once three four times a day nightly night morning evening bedtime at in the
    every as needed prn bid tid qid qd qhs hs od bd tds qds nocte mane weekly week monthly
    take takes taking taken for with and or of on to my i about approx approximately
    generic brand current currently still sometimes occasionally only when if otc dose doses
    half one two strength regular original adult adults children's
    childrens junior infant
""".split())


@dataclass(frozen=True)
class MatchedProduct:
    """One product found in the text, and how sure we are of it."""

    matched_text: str
    name: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]
    references: tuple[str, ...]
    confidence: float
    method: str  # "exact", "fuzzy", "dictionary" or "ambiguous"
    long_acting: bool = False
    #: Ambiguous names: every product the name may mean (the classes above are
    #: only those all readings share).
    readings: tuple[MatchedProduct, ...] = ()
    #: Why the name is ambiguous, or what the broad dictionary called it.
    note: str = ""

    @property
    def is_opioid(self) -> bool:
        return any(c in OPIOID_CLASSES for c in self.classes)

    @property
    def may_be_opioid(self) -> bool:
        """True when this product, or any reading of an ambiguous name, is an opioid."""
        return self.is_opioid or any(r.is_opioid for r in self.readings)

    @property
    def confirmed(self) -> bool:
        """Read from the curated vocabulary alone, with one reading."""
        return self.method not in UNCONFIRMED_METHODS

    def as_dict(self) -> dict[str, Any]:
        return {
            "matched_text": self.matched_text, "name": self.name,
            "ingredients": list(self.ingredients), "classes": list(self.classes),
            "references": list(self.references), "confidence": self.confidence,
            "method": self.method, "long_acting": self.long_acting,
            "readings": [r.as_dict() for r in self.readings], "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchedProduct:
        return cls(
            matched_text=data["matched_text"], name=data["name"],
            ingredients=tuple(data["ingredients"]), classes=tuple(data["classes"]),
            references=tuple(data["references"]), confidence=float(data["confidence"]),
            method=data["method"], long_acting=bool(data.get("long_acting", False)),
            readings=tuple(cls.from_dict(r) for r in data.get("readings", ())),
            note=str(data.get("note", "")),
        )


@dataclass(frozen=True)
class MedicationMatch:
    """What one line of the medication list was understood to be.

    ``recognised`` is true only when every meaningful word was understood,
    every product came from the curated vocabulary with one reading (not the
    broad dictionary, not an ambiguous name) and was matched at or above the
    high-confidence threshold; ``unrecognised_text`` names what was not understood.
    """

    input: str
    products: tuple[MatchedProduct, ...]
    unrecognised_text: str
    high_confidence: float

    @property
    def ingredients(self) -> tuple[str, ...]:
        return _unique(i for p in self.products for i in p.ingredients)

    @property
    def classes(self) -> tuple[str, ...]:
        return _unique(c for p in self.products for c in p.classes)

    @property
    def confidence(self) -> float:
        """The weakest product's confidence; 0 when nothing was found."""
        if not self.products:
            return 0.0
        return min(p.confidence for p in self.products)

    @property
    def recognised(self) -> bool:
        return (bool(self.products) and not self.unrecognised_text
                and self.confidence >= self.high_confidence
                and all(p.confirmed for p in self.products))

    @property
    def is_opioid(self) -> bool:
        return any(p.is_opioid for p in self.products)

    @property
    def may_be_opioid(self) -> bool:
        return any(p.may_be_opioid for p in self.products)

    def as_dict(self) -> dict[str, Any]:
        return {
            "input": self.input, "recognised": self.recognised,
            "ingredients": list(self.ingredients), "classes": list(self.classes),
            "confidence": self.confidence, "unrecognised_text": self.unrecognised_text,
            "high_confidence": self.high_confidence,
            "products": [p.as_dict() for p in self.products],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MedicationMatch:
        return cls(
            input=data["input"],
            products=tuple(MatchedProduct.from_dict(p) for p in data["products"]),
            unrecognised_text=data["unrecognised_text"],
            high_confidence=float(data["high_confidence"]),
        )


def _unique(items: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def is_noise(word: str) -> bool:
    """Strengths, forms, salts and dosing words carry no ingredient. "#3" does."""
    return word in _NOISE_WORDS or bool(_STRENGTH.match(word))


def is_generic(word: str) -> bool:
    """A word that names no medicine on its own (see :data:`GENERIC_WORDS`)."""
    return word in GENERIC_WORDS or is_noise(word)


def _from_product(product: Product, matched: str, confidence: float, method: str
                  ) -> MatchedProduct:
    if product.is_ambiguous:
        method = "ambiguous"
    return MatchedProduct(
        matched_text=matched, name=product.display_name, ingredients=product.ingredients,
        classes=product.classes, references=product.references,
        confidence=round(confidence, 3), method=method, long_acting=product.long_acting,
        readings=tuple(_from_product(r, matched, confidence, "exact") for r in product.readings),
        note=product.why,
    )


#: The ingredient key of entries that name a condition, not a medicine.
NOT_A_MEDICINE = "not-a-medicine"


def _names_a_condition(product: Product, before: tuple[str, ...]) -> bool:
    """An ambiguous name right after "for" that may name a condition ("for MS")."""
    return (product.is_ambiguous and bool(before) and before[-1] == "for"
            and any(r.ingredients == (NOT_A_MEDICINE,) for r in product.readings))


def _exact_matches(words: tuple[str, ...], vocabulary: Vocabulary
                   ) -> tuple[list[MatchedProduct], list[list[str]]]:
    """Greedy longest-name-first scan; returns products and runs of leftover words."""
    found: list[MatchedProduct] = []
    leftovers: list[list[str]] = [[]]
    i = 0
    while i < len(words):
        for n in range(min(vocabulary.longest_name, len(words) - i), 0, -1):
            product = vocabulary.lookup(words[i:i + n])
            if product is not None and _names_a_condition(product, words[:i]):
                # "LDN for MS": the condition LDN is taken for, not morphine sulfate.
                leftovers.append([])
                i += n
                break
            if product is not None:
                found.append(_from_product(product, " ".join(words[i:i + n]), 1.0, "exact"))
                leftovers.append([])
                i += n
                break
        else:
            if is_noise(words[i]):
                leftovers.append([])
            else:
                leftovers[-1].append(words[i])
            i += 1
    return found, [run for run in leftovers if run]


@lru_cache(maxsize=4)
def _fuzzy_choices(vocabulary: Vocabulary) -> dict[str, Product]:
    return {" ".join(key): product for key, product in vocabulary.by_tokens.items()
            if len(" ".join(key)) >= FUZZY_MIN_LENGTH}


def _letters(word: str) -> int:
    return sum(c.isalpha() for c in word)


@lru_cache(maxsize=256)
def _fuzzy_window(vocabulary: Vocabulary, length: int) -> list[str]:
    """The names that could score FUZZY_FLOOR against a text of ``length``
    characters, in vocabulary order (so ties resolve as before).

    fuzz.ratio is at most 2*min(a, b)/(a + b); at 80 that needs the longer
    length within 1.5 times the shorter. The window is a little wider.
    """
    low, high = int(length * 0.6), math.ceil(length * 1.6)
    return [name for name in _fuzzy_choices(vocabulary) if low <= len(name) <= high]


def _fuzzy_match(run: list[str], vocabulary: Vocabulary) -> MatchedProduct | None:
    """The closest vocabulary name to a run of leftover words, if close enough.

    Generic words are dropped first, so a run of them alone never matches; so
    are words with fewer than three letters ("#2x", "b/d"), which cannot be a
    misspelt medicine name.
    """
    text = " ".join(w for w in run if not is_generic(w) and _letters(w) >= 3)
    if len(text) < FUZZY_MIN_LENGTH:
        return None
    choices = _fuzzy_choices(vocabulary)
    best = process.extractOne(text, _fuzzy_window(vocabulary, len(text)), scorer=fuzz.ratio,
                              score_cutoff=FUZZY_FLOOR)
    if best is None:
        return None
    return _from_product(choices[best[0]], text, best[1] / 100, "fuzzy")


_dictionary_finder: Any = None
#: MeSH ids the broad dictionary uses for opioid drugs ("Narcotics",
#: "Analgesics, Opioid"); a hit carrying one that we do not know goes to review.
_OPIOID_MESH = frozenset({"D009294", "D000701"})


def _find_drugs(words: list[str]) -> list[tuple[dict[str, Any], int, int]]:
    """drug_named_entity_recognition.find_drugs, imported on first use (it takes ~2 s)."""
    global _dictionary_finder
    if _dictionary_finder is None:
        from drug_named_entity_recognition import find_drugs

        _dictionary_finder = find_drugs
    return _dictionary_finder(words, is_ignore_case=True)


_PARTS = re.compile(r"\s*(?:,|/|\+|&|\band\b|\bwith\b|\bw/)\s*")


def _dictionary_parts(name: str, vocabulary: Vocabulary
                      ) -> tuple[list[Product], list[str]]:
    """Split a dictionary name ("Benzhydrocodone and Acetaminophen") into its
    ingredients: those our vocabulary knows, and the rest by name."""
    known: list[Product] = []
    unknown: list[str] = []
    for part in _PARTS.split(normalise(name)):
        words = tuple(w for w in tokens(part) if not is_noise(w))
        if not words:
            continue
        product = vocabulary.lookup(words)
        if product is None or product.is_ambiguous:
            unknown.append(" ".join(words))
        else:
            known.append(product)
    return known, unknown


def _dictionary_match(run: list[str], vocabulary: Vocabulary) -> MatchedProduct | None:
    """Ask the broad dictionary; keep every ingredient its answer names.

    The result has method ``"dictionary"`` whatever it maps to, so the
    screening never reads it as "ok"; ingredients our vocabulary knows carry
    their classes (an opioid part still makes the medicine contraindicated).
    """
    if all(is_generic(w) for w in run):
        return None
    hits = _find_drugs(run)
    if not hits:
        return None
    drugs = list({str(h[0].get("name", "")): h[0] for h in hits}.values())
    names = [str(d.get("name") or " ".join(run)) for d in drugs]
    known: list[Product] = []
    unknown: list[str] = []
    for name in names:
        ours, other = _dictionary_parts(name, vocabulary)
        known += ours
        unknown += other
    looks_opioid = any(p.is_opioid for p in known) or any(
        d.get("mesh_id") in _OPIOID_MESH or "opioid" in n.lower()
        for d, n in zip(drugs, names, strict=True))
    classes = _unique(c for p in known for c in p.classes)
    if unknown:
        classes = _unique((*classes, "other"))
    return MatchedProduct(
        matched_text=" ".join(run), name=" + ".join(names),
        ingredients=_unique([*(i for p in known for i in p.ingredients), *unknown]),
        classes=classes,
        references=_unique([*(r for p in known for r in p.references), "dner"]),
        confidence=UNKNOWN_OPIOID_CONFIDENCE if looks_opioid else DICTIONARY_CONFIDENCE,
        method="dictionary", long_acting=any(p.long_acting for p in known),
        note="looks like an opioid in the general drug dictionary" if looks_opioid else "",
    )


_MG = re.compile(r"(\d+(?:\.\d+)?)\s*mg\b")


def _naltrexone_strength(text: str, product: MatchedProduct) -> MatchedProduct:
    """Read naltrexone's strength: "naltrexone 4.5 mg" is LDN; any strength above
    the LDN range (12.5 mg, 25 mg, 50 mg, even on an "LDN" line) is naltrexone
    above the LDN range, not LDN."""
    if "naltrexone" not in product.ingredients:
        return product
    try:
        doses = [Dose(s) for s in _MG.findall(text)]
    except DoseError:
        return product
    if not doses:
        return product
    above = any(dose_band(d) in (DoseBand.INTERMEDIATE, DoseBand.STANDARD) for d in doses)
    classes = tuple(c for c in product.classes if c not in ("naltrexone", "low-dose-naltrexone"))
    if above:
        return replace(product, classes=(*classes, "naltrexone"))
    if "low-dose-naltrexone" not in product.classes and len(product.ingredients) == 1:
        return replace(product, classes=(*classes, "low-dose-naltrexone"))
    return product


def match_medication(text: str, vocabulary: Vocabulary | None = None,
                     high_confidence: float = 0.9, use_dictionary: bool = True
                     ) -> MedicationMatch:
    """Understand one medication line, e.g. "Percocet 10/325" or "tramadol ER 100".

    Never raises on odd text: what it cannot read ends up in
    ``unrecognised_text`` so the screening can name it.
    """
    vocabulary = vocabulary or load_vocabulary()
    return _match_cached(text, vocabulary, high_confidence, use_dictionary)


#: "Extra strength" and "maximum strength" name a higher dose of the same
#: product; alone, "extra", "max", "plus", "forte" may name an added
#: ingredient (Nurofen Plus has codeine), so they are left for review.
_STRENGTH_PHRASES = re.compile(r"\b(?:extra|max(?:imum)?)[ -]strength\b")


@lru_cache(maxsize=4096)
def _match_cached(text: str, vocabulary: Vocabulary, high_confidence: float,
                  use_dictionary: bool) -> MedicationMatch:
    normalised = _STRENGTH_PHRASES.sub(" ", normalise(text))
    found, runs = _exact_matches(tokens(normalised), vocabulary)
    not_understood: list[str] = []
    for run in runs:
        # An exact name in the broad dictionary ("estradiol") is a real medicine,
        # not a misspelling of one of ours ("stadol"); so ask it before fuzzing.
        product = _dictionary_match(run, vocabulary) if use_dictionary else None
        if product is None:
            product = _fuzzy_match(run, vocabulary)
        if product is None:
            not_understood.append(" ".join(run))
        else:
            found.append(product)
    found = [_naltrexone_strength(normalised, p) for p in found]
    return MedicationMatch(
        input=text, products=tuple(found), unrecognised_text="; ".join(not_understood),
        high_confidence=high_confidence,
    )
