from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ldncare.knowledge import REQUIRED_CONTRAINDICATION_CODES, KnowledgeDataError, load_knowledge
from ldncare.knowledge.loader import DATA_DIR, read_knowledge

EVIDENCE_CONDITIONS = [
    "fibromyalgia", "multiple-sclerosis", "crohns-disease", "ulcerative-colitis", "crps", "me-cfs",
    "long-covid", "hashimotos-thyroiditis", "rheumatoid-arthritis", "psoriasis", "depression",
    "cancer", "autism", "diabetic-neuropathy", "parkinsons-disease", "hiv", "hailey-hailey-disease",
    "lichen-planopilaris", "pruritus", "chronic-pain",
]


def test_it_loads_the_packaged_data_with_a_version():
    kb = load_knowledge()
    assert kb.version == "2026.12.1"
    assert len(kb.studies) > 80


def test_it_returns_the_same_cached_knowledge_base_each_time():
    assert load_knowledge() is load_knowledge()


def test_every_condition_in_the_research_is_present():
    kb = load_knowledge()
    assert {c.id for c in kb.conditions} == set(EVIDENCE_CONDITIONS)


def test_every_screening_code_has_a_contraindication_entry():
    kb = load_knowledge()
    for code in REQUIRED_CONTRAINDICATION_CODES:
        assert kb.contraindication(code).references


def test_studies_carry_identifiers_exactly_as_the_research_gives_them():
    kb = load_knowledge()
    assert kb.study("bruun-2024").doi == "10.1016/S2665-9913(23)00278-3"
    assert kb.study("bruun-2024").pmid == "38258677"
    assert kb.study("smith-2011").pmid == "21380937"
    assert kb.study("smith-2011").doi == "10.1007/s10620-011-1653-7"
    assert kb.study("younger-2013").doi == "10.1002/art.37734"
    assert kb.study("younger-2013").pmid is None


def test_the_garbled_crohns_citation_points_at_the_two_real_papers():
    kb = load_knowledge()
    garbled = kb.garbled_citations[0]
    assert "2011;106(10):1-6" in garbled.as_found
    assert garbled.real_studies == ("smith-2007", "smith-2011")
    assert kb.study("smith-2007").year == 2007
    assert kb.study("smith-2007").pages == "820-828"


def test_unconfirmed_studies_are_marked_unverified_with_what_is_missing():
    kb = load_knowledge()
    innova = kb.study("rodriguez-freire-innova")
    assert innova.verified is False
    assert "journal" in innova.missing


def test_the_fibromyalgia_verdict_shows_gold_grade_with_conflicting_direction():
    fm = load_knowledge().condition("fibromyalgia")
    assert (fm.grade, fm.direction) == ("gold", "conflicting")
    assert fm.studies[:2] == ("bruun-2024", "rodriguez-freire-innova")


def test_pet_data_contradict_the_short_blockade_story():
    kb = load_knowledge()
    blockade = next(m for m in kb.mechanism if m.id == "transient-blockade")
    assert blockade.contradicted_by_human_data and blockade.evidence_status == "hypothesis"


def test_it_rejects_a_file_with_an_unknown_field(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    text = (data / "faq.yaml").read_text().replace("topic: alcohol", "topic: alcohol\n    colour: red")
    (data / "faq.yaml").write_text(text)
    with pytest.raises(KnowledgeDataError, match="faq.yaml"):
        read_knowledge(data)


def test_it_names_a_missing_file(tmp_path: Path):
    with pytest.raises(KnowledgeDataError, match="missing"):
        read_knowledge(tmp_path)
