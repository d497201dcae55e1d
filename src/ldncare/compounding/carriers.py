"""Carriers as data (``data/carriers.yaml``): each with a tracking-URL
template, so a tracking number becomes a link the patient can follow.

Pure core: no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

import yaml

from ldncare.compounding.errors import CompoundingError

_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{2,39}$")


@dataclass(frozen=True)
class Carrier:
    key: str
    name: str
    tracking_url: str  # "" when the carrier has no online tracking

    def link(self, tracking_number: str) -> str:
        """The tracking page for ``tracking_number`` ("" without online tracking)."""
        number = checked_tracking_number(tracking_number)
        return self.tracking_url.replace("{number}", quote(number.replace(" ", ""), safe=""))


@dataclass(frozen=True)
class Carriers:
    version: str
    source: str
    carriers: tuple[Carrier, ...]

    def get(self, key_or_name: str) -> Carrier:
        """The carrier by key or by name (case and spaces ignored)."""
        wanted = " ".join((key_or_name or "").split()).casefold()
        for carrier in self.carriers:
            if wanted in (carrier.key, carrier.name.casefold()):
                return carrier
        names = ", ".join(c.name for c in self.carriers)
        raise CompoundingError(f"choose one of the listed carriers ({names})")


def checked_tracking_number(text: str) -> str:
    """A tracking number: 3-40 letters, digits, spaces or dashes."""
    number = " ".join((text or "").split())
    if not _NUMBER.match(number):
        raise CompoundingError("a tracking number is 3 to 40 letters, digits, spaces or dashes")
    return number


@cache
def load_carriers() -> Carriers:
    text = resources.files("ldncare.compounding").joinpath("data/carriers.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    carriers = tuple(Carrier(c["key"], c["name"], c.get("tracking_url") or "")
                     for c in data["carriers"])
    for carrier in carriers:
        if carrier.tracking_url and (not carrier.tracking_url.startswith("https://")
                                     or "{number}" not in carrier.tracking_url):
            raise CompoundingError(f"carrier {carrier.key}: a tracking URL is https:// with {{number}}")
    return Carriers(str(data["version"]), " ".join(str(data["source"]).split()), carriers)


__all__ = ["Carrier", "Carriers", "checked_tracking_number", "load_carriers"]
