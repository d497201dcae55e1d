"""The medication vocabulary: what people write, mapped to ingredients and classes.

Loaded once from the files in ``data/`` named by :data:`VOCABULARY_FILES` and
validated with pydantic, so a typo in the data fails at load time, not in
front of a patient. Each product name maps to ingredients; each ingredient
carries the classes the rules act on and the references that put it there.
Ambiguous short names ("T3", "MS", "oxy") map to every reading they may have;
the screening shows them all and asks a prescriber.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ldncare.datafile import load_yaml

#: Classes a medicine can belong to. The rules decide what each one means.
MedicationClass = Literal[
    "full-opioid-agonist",
    "partial-opioid-agonist",
    "mixed-agonist-antagonist",
    "opioid-active-supplement",
    "other-mu-agonist",
    "peripheral-opioid-agonist",
    "opioid-use-disorder-treatment",
    "naltrexone",
    "low-dose-naltrexone",
    "opioid-antagonist",
    "opioid-withdrawal-treatment",
    "non-opioid-antitussive",
    "thyroid-hormone",
    "immunosuppressant",
    "dextromethorphan",
    "other",
]

#: Classes that make a medicine an opioid for the opioid rules (kratom included:
#: case reports of precipitated withdrawal; sources in the vocabulary's data files).
OPIOID_CLASSES = frozenset({
    "full-opioid-agonist",
    "partial-opioid-agonist",
    "mixed-agonist-antagonist",
    "opioid-active-supplement",
    "other-mu-agonist",
})


#: Markets whose brand names the vocabulary covers (LATAM: Latin America).
Region = Literal["US", "UK", "IE", "EU", "CA", "AU", "NZ", "IN", "LATAM"]

#: The packaged data files, merged in this order. A name may appear in only one.
VOCABULARY_FILES = ("medications.yaml", "opioid_classes.yaml", "common_medicines.yaml",
                    "ambiguous_names.yaml")


class VocabularyError(ValueError):
    """The vocabulary data file is inconsistent; the message names the entry."""


class _Ingredient(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    classes: tuple[MedicationClass, ...]
    references: tuple[str, ...] = Field(min_length=1)
    long_acting: bool = False


class _Product(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    names: tuple[str, ...] = Field(min_length=1)
    ingredients: tuple[str, ...] = Field(min_length=1)
    kind: Literal["generic", "salt", "brand", "combination", "abbreviation", "street",
                  "supplement"]
    regions: tuple[Region, ...] = ()
    classes: tuple[MedicationClass, ...] = ()
    verified_by: str = "labelling"
    #: True only when a person checked this mapping against the cited source.
    verified: bool = False
    #: WHO ATC code, where the entry gives one.
    atc: str = ""


class _Ambiguous(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    names: tuple[str, ...] = Field(min_length=1)
    #: Vocabulary names of every reading, e.g. ["tylenol #3", "liothyronine"].
    readings: tuple[str, ...] = Field(min_length=2)
    why: str
    source: str


class _Group(BaseModel):
    """A pharmacological class (a WHO ATC group, or "other mu-agonists") as data."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    title: str
    source: str
    members: tuple[str, ...] = Field(min_length=1)


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    sources: dict[str, str]
    ingredients: dict[str, _Ingredient]
    products: list[_Product]
    ambiguous: list[_Ambiguous] = []
    groups: dict[str, _Group] = {}

    @model_validator(mode="after")
    def _references_resolve(self) -> _VocabularyFile:
        for name, ingredient in self.ingredients.items():
            for ref in ingredient.references:
                if ref not in self.sources:
                    raise VocabularyError(f"ingredient {name!r} cites unknown source {ref!r}")
        for product in self.products:
            for ingredient_name in product.ingredients:
                if ingredient_name not in self.ingredients:
                    raise VocabularyError(
                        f"product {product.names[0]!r} names unknown ingredient {ingredient_name!r}")
            if product.verified_by not in self.sources:
                raise VocabularyError(
                    f"product {product.names[0]!r} cites unknown source {product.verified_by!r}")
        for code, group in self.groups.items():
            if group.source not in self.sources:
                raise VocabularyError(f"group {code!r} cites unknown source {group.source!r}")
            for member in group.members:
                if member not in self.ingredients:
                    raise VocabularyError(f"group {code!r} names unknown ingredient {member!r}")
        for entry in self.ambiguous:
            if entry.source not in self.sources:
                raise VocabularyError(
                    f"ambiguous name {entry.names[0]!r} cites unknown source {entry.source!r}")
        return self


@dataclass(frozen=True)
class Product:
    """One entry of the vocabulary: the name matched and what it contains."""

    name: str
    display_name: str
    ingredients: tuple[str, ...]
    classes: tuple[str, ...]
    kind: str
    references: tuple[str, ...]
    long_acting: bool
    #: For an ambiguous name, every product it may mean; empty otherwise.
    readings: tuple[Product, ...] = ()
    #: Why the name is ambiguous (ambiguous names only).
    why: str = ""
    #: Markets the name is sold under, and whether a person checked the mapping.
    regions: tuple[str, ...] = ()
    verified: bool = False

    @property
    def is_opioid(self) -> bool:
        return any(c in OPIOID_CLASSES for c in self.classes)

    @property
    def is_ambiguous(self) -> bool:
        return bool(self.readings)


_SPACES = re.compile(r"\s+")
# "No. 3", "no 3", "number 3" all mean "#3" on a codeine product.
_NUMBER_SIGN = re.compile(r"\b(?:no\.?|number|nr\.?)\s*(?=\d)")
_SPLIT_TOKENS = re.compile(r"[^\w#/\-.]+")


def normalise(text: str) -> str:
    """Lower-case, unify "No. 3"/"#3", and collapse spaces: the key for every lookup."""
    text = _NUMBER_SIGN.sub("#", text.lower())
    text = text.replace("# ", "#").replace("’", "'")
    return _SPACES.sub(" ", text).strip(" ,;:()[]")


def tokens(text: str) -> tuple[str, ...]:
    """Split normalised text into words; keeps "10/325", "#3", "7-oh", "a-d" whole."""
    return tuple(t.strip(".-") or t for t in _SPLIT_TOKENS.split(text) if t.strip(".-"))


@dataclass(frozen=True, eq=False)
class Vocabulary:
    """The loaded vocabulary: names (as token tuples) to products, and the sources.

    Compared and hashed by identity, so match results can be cached per vocabulary.
    """

    version: str
    sources: dict[str, str]
    by_tokens: dict[tuple[str, ...], Product]
    by_ingredient: dict[str, Product]
    longest_name: int
    ingredient_classes: dict[str, tuple[str, ...]]
    #: Pharmacological groups (ATC code or name) to their member ingredients.
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def lookup(self, words: tuple[str, ...]) -> Product | None:
        return self.by_tokens.get(words)


def _product_for(name: str, product: _Product, data: _VocabularyFile) -> Product:
    classes: list[str] = []
    references: list[str] = []
    for ingredient in product.ingredients:
        entry = data.ingredients[ingredient]
        classes += [c for c in entry.classes if c not in classes]
        references += [r for r in entry.references if r not in references]
    classes += [c for c in product.classes if c not in classes]
    if "low-dose-naltrexone" in classes:
        # LDN itself is a duplicate to check, not full-dose naltrexone.
        classes.remove("naltrexone")
    if product.verified_by not in references:
        references.append(product.verified_by)
    # A bag of different supplements under one ingredient shows the name matched.
    bag = product.ingredients == ("common-supplement",)
    return Product(
        name=name,
        display_name=name if bag else product.names[0],
        ingredients=product.ingredients,
        classes=tuple(classes),
        kind=product.kind,
        references=tuple(references),
        long_acting=any(data.ingredients[i].long_acting for i in product.ingredients),
        regions=product.regions, verified=product.verified,
    )


def merge_documents(documents: list[dict]) -> dict:
    """One vocabulary document from several; a source or ingredient key defined
    twice must say the same thing, so files cannot silently override each other."""
    versions = dict.fromkeys(str(d.get("version", "")) for d in documents)
    merged: dict = {"version": "+".join(versions),
                    "sources": {}, "ingredients": {}, "products": [], "ambiguous": [],
                    "groups": {}}
    for document in documents:
        for section in ("sources", "ingredients", "groups"):
            for key, value in (document.get(section) or {}).items():
                if key in merged[section] and merged[section][key] != value:
                    raise VocabularyError(f"{section[:-1]} {key!r} is defined twice, differently")
                merged[section][key] = value
        merged["products"] += document.get("products") or []
        merged["ambiguous"] += document.get("ambiguous") or []
    return merged


def _ambiguous_product(entry: _Ambiguous, name: str,
                       by_tokens: dict[tuple[str, ...], Product]) -> Product:
    readings = []
    for reading in entry.readings:
        product = by_tokens.get(tokens(normalise(reading)))
        if product is None:
            raise VocabularyError(f"ambiguous name {name!r}: reading {reading!r} is not a "
                                  "vocabulary name")
        readings.append(product)
    # Only what every reading shares is certain; the rules act on that alone.
    shared = [c for c in readings[0].classes if all(c in r.classes for r in readings[1:])]
    return Product(
        name=name, display_name=name, kind="ambiguous",
        ingredients=tuple(dict.fromkeys(i for r in readings for i in r.ingredients)),
        classes=tuple(shared), references=(entry.source,),
        long_acting=any(r.long_acting for r in readings),
        readings=tuple(readings), why=entry.why,
    )


def build_vocabulary(raw: dict) -> Vocabulary:
    """Validate a parsed vocabulary document and index it by normalised name tokens."""
    try:
        data = _VocabularyFile.model_validate(raw)
    except ValidationError as problem:
        raise VocabularyError(f"medication vocabulary is invalid: {problem}") from None
    by_tokens: dict[tuple[str, ...], Product] = {}
    for product in data.products:
        for name in product.names:
            key = tokens(normalise(name))
            if key in by_tokens and by_tokens[key].ingredients != product.ingredients:
                raise VocabularyError(
                    f"name {name!r} maps to {by_tokens[key].ingredients} and {product.ingredients}")
            by_tokens[key] = _product_for(name, product, data)
    for entry in data.ambiguous:
        for name in entry.names:
            key = tokens(normalise(name))
            if key in by_tokens:
                raise VocabularyError(f"ambiguous name {name!r} is also a product name; "
                                      "remove it from the product")
            by_tokens[key] = _ambiguous_product(entry, name, by_tokens)
    by_ingredient = {p.ingredients[0]: p for p in by_tokens.values()
                     if len(p.ingredients) == 1 and p.kind == "generic"}
    return Vocabulary(
        version=data.version,
        sources=dict(data.sources),
        by_tokens=by_tokens,
        by_ingredient=by_ingredient,
        longest_name=max(len(k) for k in by_tokens),
        ingredient_classes={name: i.classes for name, i in data.ingredients.items()},
        groups={code: g.members for code, g in data.groups.items()},
    )


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The packaged vocabulary (:data:`VOCABULARY_FILES`), loaded once per process."""
    data = resources.files("ldncare.screening").joinpath("data")
    documents = [load_yaml(data.joinpath(name).read_text(encoding="utf-8"))
                 for name in VOCABULARY_FILES]
    return build_vocabulary(merge_documents(documents))
