"""The medication vocabulary: what people write, mapped to ingredients and classes.

Loaded once from ``data/medications.yaml`` and validated with pydantic, so a
typo in the data fails at load time, not in front of a patient. Each product
name maps to ingredients; each ingredient carries the classes the rules act on
and the references that put it there (clinical-facts.md section 4).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    "peripheral-opioid-agonist",
    "opioid-use-disorder-treatment",
    "naltrexone",
    "low-dose-naltrexone",
    "opioid-antagonist",
    "thyroid-hormone",
    "immunosuppressant",
    "dextromethorphan",
    "other",
]

#: Classes that make a medicine an opioid for the opioid rules (kratom included:
#: case reports of precipitated withdrawal, clinical-facts.md 4.1).
OPIOID_CLASSES = frozenset({
    "full-opioid-agonist",
    "partial-opioid-agonist",
    "mixed-agonist-antagonist",
    "opioid-active-supplement",
})


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
    regions: tuple[Literal["US", "UK", "EU", "AU"], ...] = ()
    classes: tuple[MedicationClass, ...] = ()
    verified_by: str = "labelling"


class _VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    sources: dict[str, str]
    ingredients: dict[str, _Ingredient]
    products: list[_Product]

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

    @property
    def is_opioid(self) -> bool:
        return any(c in OPIOID_CLASSES for c in self.classes)


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
    return Product(
        name=name,
        display_name=product.names[0],
        ingredients=product.ingredients,
        classes=tuple(classes),
        kind=product.kind,
        references=tuple(references),
        long_acting=any(data.ingredients[i].long_acting for i in product.ingredients),
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
    by_ingredient = {p.ingredients[0]: p for p in by_tokens.values()
                     if len(p.ingredients) == 1 and p.kind == "generic"}
    return Vocabulary(
        version=data.version,
        sources=dict(data.sources),
        by_tokens=by_tokens,
        by_ingredient=by_ingredient,
        longest_name=max(len(k) for k in by_tokens),
        ingredient_classes={name: i.classes for name, i in data.ingredients.items()},
    )


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The packaged vocabulary (``data/medications.yaml``), loaded once per process."""
    text = resources.files("ldncare.screening").joinpath("data/medications.yaml").read_text(
        encoding="utf-8")
    return build_vocabulary(load_yaml(text))
