from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ldncare.compounding import (
    BudCategory,
    ReferenceDataError,
    load_bud_rules,
    load_formulas,
    load_reference,
)
from ldncare.compounding.reference import DATA_DIR


def test_every_data_file_has_a_version():
    assert load_reference().version and load_bud_rules().version and load_formulas().version


def test_every_bud_category_and_study_carries_a_source():
    rules = load_bud_rules()
    assert set(rules.categories) == set(BudCategory)
    assert "USP <795>" in rules.rule_source
    assert all(study.citation for study in rules.stability_studies)


def test_every_filler_and_limit_carries_a_source_and_assumptions_are_marked():
    reference = load_reference()
    assert all(filler.source for filler in reference.fillers)
    assert reference.limits.hard_maximum_source and reference.capsule_sizes.source
    assert reference.oral_syringe.assumption  # the 0.2 mL floor is our choice: labelled so
    assert reference.tolerances.average_unverified


def test_every_formula_warns_about_opioids_and_immediate_release():
    for formula in load_formulas().formulas:
        text = " ".join(formula.label_warnings)
        assert "opioid" in text and "immediate release" in text
        assert formula.references and formula.method


def test_a_pharmacy_can_load_its_own_edited_formula_book(tmp_path: Path):
    book = yaml.safe_load((DATA_DIR / "formulas.yaml").read_text())
    book["formulas"][0]["version"] = 2
    book["formulas"][0]["capsule_size"] = "4"
    path = tmp_path / "formulas.yaml"
    path.write_text(yaml.safe_dump(book))
    formula = load_formulas(path).formula("ldn-capsules-mcc")
    assert formula.record_id == "ldn-capsules-mcc@2" and formula.capsule_size == "4"


def test_a_formula_with_a_slow_release_filler_is_refused_at_load(tmp_path: Path):
    book = yaml.safe_load((DATA_DIR / "formulas.yaml").read_text())
    book["formulas"][0]["filler"] = "methylcellulose"
    path = tmp_path / "formulas.yaml"
    path.write_text(yaml.safe_dump(book))
    with pytest.raises(ReferenceDataError, match="must avoid"):
        load_formulas(path)


def test_a_malformed_formula_book_is_refused_with_the_file_named(tmp_path: Path):
    path = tmp_path / "formulas.yaml"
    path.write_text("version: x\nformulas: [{key: a}]\n")
    with pytest.raises(ReferenceDataError, match="formulas.yaml"):
        load_formulas(path)


def test_a_batch_and_its_label_follow_the_pharmacy_book_and_record_its_version(tmp_path: Path):
    import datetime as dt

    from ldncare.compounding import (
        CompoundingError,
        beyond_use_date,
        capsule_batch,
        capsule_label,
    )

    book = yaml.safe_load((DATA_DIR / "formulas.yaml").read_text())
    book["formulas"][0]["version"] = 3
    book["formulas"][0]["capsule_size"] = "1"
    path = tmp_path / "formulas.yaml"
    path.write_text(yaml.safe_dump(book))
    own = load_formulas(path)
    batch = capsule_batch("4.5", 30, book=own)
    assert batch.formula == "ldn-capsules-mcc@3" and batch.capsule_size == "1"
    bud = beyond_use_date(dt.date(2026, 11, 22), "solid", "room_temperature")
    label = capsule_label(batch, patient="Jo", dose="4.5", when="at bedtime",
                          lot="LDN-20261122-001", bud=bud, book=own)
    assert label.formula == "ldn-capsules-mcc@3"
    with pytest.raises(CompoundingError, match="version the batch used"):
        capsule_label(batch, patient="Jo", dose="4.5", when="at bedtime",
                      lot="LDN-20261122-001", bud=bud)
