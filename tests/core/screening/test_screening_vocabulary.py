"""The vocabulary data validates, cites its sources and covers four regions."""

from __future__ import annotations

import pytest

from ldncare.screening.vocabulary import (
    VocabularyError,
    build_vocabulary,
    load_vocabulary,
)


def _doc(**changes):
    doc = {
        "version": "t",
        "sources": {"s": "a source", "labelling": "labelling"},
        "ingredients": {"x": {"classes": ["other"], "references": ["s"]}},
        "products": [{"names": ["xname"], "ingredients": ["x"], "kind": "generic"}],
    }
    doc.update(changes)
    return doc


def test_the_packaged_vocabulary_loads_with_a_version():
    vocabulary = load_vocabulary()
    assert vocabulary.version
    assert len(vocabulary.by_tokens) > 500


def test_it_has_brands_from_the_us_uk_eu_and_australia():
    from importlib import resources

    import yaml

    raw = yaml.safe_load(resources.files("ldncare.screening").joinpath(
        "data/medications.yaml").read_text(encoding="utf-8"))
    regions = {r for p in raw["products"] for r in p.get("regions", [])}
    assert regions == {"US", "UK", "EU", "AU"}


def test_every_ingredient_cites_a_known_source():
    vocabulary = load_vocabulary()
    for product in vocabulary.by_tokens.values():
        assert product.references
        assert all(ref in vocabulary.sources for ref in product.references)


def test_it_rejects_a_product_naming_an_unknown_ingredient():
    bad = _doc(products=[{"names": ["y"], "ingredients": ["nope"], "kind": "brand"}])
    with pytest.raises(VocabularyError, match="unknown ingredient 'nope'"):
        build_vocabulary(bad)


def test_it_rejects_an_ingredient_citing_an_unknown_source():
    bad = _doc(ingredients={"x": {"classes": ["other"], "references": ["ghost"]}})
    with pytest.raises(VocabularyError, match="unknown source 'ghost'"):
        build_vocabulary(bad)


def test_it_rejects_one_name_mapped_to_two_different_products():
    bad = _doc(ingredients={"x": {"classes": ["other"], "references": ["s"]},
                            "y": {"classes": ["other"], "references": ["s"]}},
               products=[{"names": ["same"], "ingredients": ["x"], "kind": "brand"},
                         {"names": ["Same"], "ingredients": ["y"], "kind": "brand"}])
    with pytest.raises(VocabularyError, match="maps to"):
        build_vocabulary(bad)
