"""Each integrity rule is shown to catch a fault planted in otherwise sound data."""

from __future__ import annotations

from dataclasses import replace

from ldncare.knowledge import check, load_knowledge


def rules(kb):
    return {p.rule for p in check(kb)}


def with_study(kb, study_id, **changes):
    studies = tuple(s.model_copy(update=changes) if s.id == study_id else s for s in kb.studies)
    return replace(kb, studies=studies)


def test_the_packaged_data_is_clean():
    assert check(load_knowledge()) == []


def test_it_flags_a_verified_study_without_pmid_or_doi():
    kb = with_study(load_knowledge(), "smith-2007", pmid=None)
    assert "missing-identifier" in rules(kb)


def test_it_accepts_a_study_without_identifiers_when_marked_unverified():
    kb = with_study(load_knowledge(), "smith-2007", pmid=None, verified=False, missing=("PMID",))
    assert check(kb) == []


def test_it_flags_an_unverified_study_that_does_not_say_what_is_missing():
    kb = with_study(load_knowledge(), "rodriguez-freire-innova", missing=())
    assert "unverified-without-reason" in rules(kb)


def test_it_flags_a_statement_without_a_reference():
    kb = load_knowledge()
    mechanism = (kb.mechanism[0].model_copy(update={"references": ()}), *kb.mechanism[1:])
    assert "statement-without-reference" in rules(replace(kb, mechanism=mechanism))


def test_it_flags_the_same_paper_with_different_bibliographic_data():
    kb = load_knowledge()
    garbled = kb.study("smith-2007").model_copy(
        update={"id": "smith-2011-ajg", "year": 2011, "volume": "106", "pages": "1-6", "pmid": None,
                "verified": False, "missing": ("PMID",)})
    planted = replace(kb, studies=(*kb.studies, garbled))
    problems = [p for p in check(planted) if p.rule == "same-paper-different-data"]
    assert problems and "year" in problems[0].message and "pages" in problems[0].message


def test_it_flags_a_reference_that_points_at_nothing():
    kb = load_knowledge()
    faq = (kb.faq[0].model_copy(update={"references": ("no-such-paper",)}), *kb.faq[1:])
    assert "dangling-reference" in rules(replace(kb, faq=faq))


def test_it_flags_a_condition_listing_an_unknown_study():
    kb = load_knowledge()
    conditions = (kb.conditions[0].model_copy(update={"studies": ("ghost-2020",)}), *kb.conditions[1:])
    assert "dangling-reference" in rules(replace(kb, conditions=conditions))


def test_it_flags_duplicate_ids_and_identifiers():
    kb = load_knowledge()
    twin = kb.study("bruun-2024").model_copy(update={"id": "bruun-2024-copy", "title": "Another"})
    found = rules(replace(kb, studies=(*kb.studies, twin, kb.studies[0])))
    assert {"duplicate-id", "duplicate-identifier"} <= found


def test_it_flags_a_malformed_pmid():
    assert "malformed-identifier" in rules(with_study(load_knowledge(), "smith-2007", pmid="PMID17222320"))


def test_it_flags_an_alias_shared_by_two_conditions():
    kb = load_knowledge()
    first = kb.conditions[0].model_copy(update={"aliases": ("MS",)})
    assert "ambiguous-alias" in rules(replace(kb, conditions=(first, *kb.conditions[1:])))


def test_it_flags_a_missing_screening_code():
    kb = load_knowledge()
    entries = tuple(c for c in kb.contraindications if c.code != "opioid-use")
    assert "missing-contraindication-code" in rules(replace(kb, contraindications=entries))
