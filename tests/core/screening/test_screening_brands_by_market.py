"""Brands cover every market LDN patients come from; each says its source and
whether a person has checked it."""

from __future__ import annotations

from importlib import resources

import yaml

from ldncare.screening import load_vocabulary
from ldncare.screening.vocabulary import VOCABULARY_FILES

MARKETS = {"US", "UK", "IE", "EU", "CA", "AU", "NZ", "IN", "LATAM"}


def _raw_products():
    data = resources.files("ldncare.screening").joinpath("data")
    for name in VOCABULARY_FILES:
        yield from yaml.safe_load(data.joinpath(name).read_text(encoding="utf-8"))["products"]


def test_opioid_brands_cover_every_market():
    vocabulary = load_vocabulary()
    opioid_regions = {r for p in vocabulary.by_tokens.values() if p.is_opioid for r in p.regions}
    assert opioid_regions == MARKETS


def test_every_product_names_a_source_and_is_marked_verified_or_not():
    vocabulary = load_vocabulary()
    for product in vocabulary.by_tokens.values():
        assert product.references, product.name
        assert isinstance(product.verified, bool)
    assert all(isinstance(p.get("verified", False), bool) for p in _raw_products())


def test_nothing_is_claimed_verified_without_a_named_source():
    for product in _raw_products():
        if product.get("verified"):
            assert product.get("verified_by", "labelling") != "labelling", product["names"][0]
