"""`ldncare knowledge check` refuses shipped files that cite our internal research notes."""

from __future__ import annotations

from typer.testing import CliRunner

import ldncare.knowledge.cli as cli
from ldncare.cli import app
from ldncare.knowledge.citations import internal_note_references

runner = CliRunner()
PACKAGES = ("knowledge", "screening", "dosing", "compounding", "journal", "outcomes", "pharmacology")


def test_no_shipped_file_cites_an_internal_research_note():
    assert list(internal_note_references()) == []


def test_a_planted_note_reference_in_any_package_data_file_is_caught(tmp_path):
    for package in PACKAGES:
        data = tmp_path / package / "data"
        data.mkdir(parents=True)
        (data / "rules.yaml").write_text('version: "1"\nsource: "Younger 2013 (PMID 1)"\n'
                                         'other: "clinical-facts.md §4.1 (label)"\n')
    problems = list(internal_note_references([tmp_path]))
    assert sorted(p.entry for p in problems) == sorted(f"{pkg}/data/rules.yaml:3" for pkg in PACKAGES)
    assert {p.rule for p in problems} == {"internal-note-reference"}
    assert "clinical-facts.md" in problems[0].message


def test_every_research_note_and_the_notes_folder_are_recognised(tmp_path):
    lines = ["product-anchors.md §6 [6.22]", "evidence.md §1", "pkpd.md §1.1", "engineering.md",
             "see shared/research for details", "json too: Clinical-Facts.MD"]
    (tmp_path / "a.json").write_text("\n".join(lines))
    assert len(list(internal_note_references([tmp_path]))) == len(lines)


def test_followable_citations_and_lookalike_names_pass(tmp_path):
    (tmp_path / "ok.yaml").write_text(
        'source: "Bruun KD et al. Lancet Rheumatol 2024, doi:10.1016/S2665-9913(23)00278-3"\n'
        'doc: "docs/evidence-grading.md describes the rule"\n'
        'url: "https://example.org/research/pmid123"\n')
    assert list(internal_note_references([tmp_path])) == []


def test_a_template_citing_a_note_is_caught(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>Source: pkpd.md §2.3</p>")
    assert [p.entry for p in internal_note_references([tmp_path])] == ["templates/page.html:1"]


def test_knowledge_check_exits_1_naming_the_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "dosing" / "data").mkdir(parents=True)
    (tmp_path / "dosing" / "data" / "dosing.yaml").write_text('a: 1\nsource: "product-anchors.md §1 [1.4]"\n')
    monkeypatch.setattr(cli, "SCAN_ROOTS", (tmp_path,))
    result = runner.invoke(app, ["knowledge", "check"])
    assert result.exit_code == 1
    assert "[internal-note-reference] dosing/data/dosing.yaml:2" in result.stdout
