"""Long-acting opioid depots and implants: how long they keep releasing drug.

A weekly or monthly buprenorphine injection, or an implant, goes on
releasing buprenorphine long after the "last dose", so the ordinary washout
after a last tablet does not apply. Each product in
``data/depot_products.yaml`` states how long one injection is meant to last
(its dosing interval) and its terminal half-life afterwards, with sources; the
washout is the release period plus a number of half-lives (a clinic setting).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ldncare.datafile import load_yaml


class DepotDataError(ValueError):
    """The depot data file is inconsistent; the message names the entry."""


class _Depot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    brand_names: tuple[str, ...] = Field(min_length=1)
    name: str
    form: Literal["injection", "implant"]
    ingredients: tuple[str, ...] = Field(min_length=1)
    release_days: int = Field(ge=0)
    half_life_days: Decimal = Field(gt=0)
    references: tuple[str, ...] = Field(min_length=1)
    verified: bool = False
    note: str = ""


class _DepotFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str
    products: dict[str, _Depot]


@dataclass(frozen=True)
class DepotProduct:
    """One depot or implant, keyed as the intake and the CLI name it."""

    key: str
    brand_names: tuple[str, ...]
    name: str
    form: str
    ingredients: tuple[str, ...]
    release_days: int
    half_life_days: Decimal
    references: tuple[str, ...]
    verified: bool
    note: str

    def washout_days(self, half_lives: int) -> int:
        """Release period plus ``half_lives`` terminal half-lives, rounded up."""
        return self.release_days + math.ceil(self.half_life_days * half_lives)

    def explain_washout(self, settings: Any) -> str:
        """The sum in words, e.g. "release 28 days + 5 half-lives of 60 days"."""
        text = (f"release period {self.release_days} days + {settings.depot_half_lives} "
                f"half-lives of {self.half_life_days} days")
        if not self.verified:
            text += " (figures not yet checked by a pharmacist)"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "form": self.form,
                "ingredients": list(self.ingredients), "release_days": self.release_days,
                "half_life_days": str(self.half_life_days),
                "references": list(self.references), "verified": self.verified,
                "note": self.note}


def build_depot_products(raw: dict) -> dict[str, DepotProduct]:
    """Validate a parsed depot document; keys are lower-case slugs."""
    try:
        data = _DepotFile.model_validate(raw)
    except ValidationError as problem:
        raise DepotDataError(f"depot products are invalid: {problem}") from None
    return {key: DepotProduct(key=key, **entry.model_dump())
            for key, entry in data.products.items()}


@lru_cache(maxsize=1)
def load_depot_products() -> dict[str, DepotProduct]:
    """The packaged depots and implants (``data/depot_products.yaml``), by key."""
    text = resources.files("ldncare.screening").joinpath("data/depot_products.yaml").read_text(
        encoding="utf-8")
    return build_depot_products(load_yaml(text))


@lru_cache(maxsize=1)
def depot_brand_names() -> frozenset[str]:
    """Every depot or implant brand, lower-case ("sublocade", "buvidal", ...)."""
    return frozenset(n for p in load_depot_products().values() for n in p.brand_names)


def depot_product(key: str) -> DepotProduct | None:
    """The depot called ``key`` (case and spaces forgiven), or None."""
    products = load_depot_products()
    return products.get(key.strip().lower().replace(" ", "-"))
