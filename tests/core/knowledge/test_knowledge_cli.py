from __future__ import annotations

import json

from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def test_evidence_lists_every_condition_as_json():
    result = runner.invoke(app, ["evidence", "--json"])
    assert result.exit_code == 0
    conditions = json.loads(result.stdout)
    assert len(conditions) == 20
    study = conditions[0]["studies"][0]
    for key in ("authors", "year", "title", "journal", "pmid", "doi", "design", "n", "result", "verified"):
        assert key in study
    for key in ("condition", "aliases", "grade", "direction", "summary", "studies"):
        assert key in conditions[0]


def test_evidence_accepts_an_alias():
    result = runner.invoke(app, ["evidence", "CFS", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "me-cfs"


def test_evidence_prints_a_table():
    result = runner.invoke(app, ["evidence"])
    assert result.exit_code == 0 and "Fibromyalgia" in result.stdout


def test_an_unknown_condition_exits_2_with_the_closest_matches():
    result = runner.invoke(app, ["evidence", "fibromylagia syndrom pain"])
    assert result.exit_code == 2
    assert "Fibromyalgia" in result.stderr


def test_knowledge_check_passes_on_the_packaged_data():
    result = runner.invoke(app, ["knowledge", "check"])
    assert result.exit_code == 0, result.stdout
    assert "no problems" in result.stdout


def test_knowledge_check_exits_1_listing_problems(monkeypatch):
    from dataclasses import replace

    import ldncare.knowledge.cli as cli
    from ldncare.knowledge import load_knowledge

    kb = load_knowledge()
    broken = replace(kb, faq=(kb.faq[0].model_copy(update={"references": ()}), *kb.faq[1:]))
    monkeypatch.setattr(cli, "load_knowledge", lambda: broken)
    result = runner.invoke(app, ["knowledge", "check"])
    assert result.exit_code == 1
    assert "statement-without-reference" in result.stdout


def test_evidence_for_one_condition_labels_each_code_with_its_system():
    result = runner.invoke(app, ["evidence", "CRPS"])
    assert result.exit_code == 0
    assert "G90.5 (ICD-10-CM)" in result.stdout and "M89.0 (ICD-10)" in result.stdout


def test_evidence_json_gives_each_code_its_system():
    codes = json.loads(runner.invoke(app, ["evidence", "CRPS", "--json"]).stdout)["codes"]
    assert {(c["system"], c["code"]) for c in codes} == {("ICD-10-CM", "G90.5"), ("ICD-10", "M89.0")}
