"""``ldncare journal guidance`` shows which red flag raises which guidance,
with its source, and a country's crisis numbers; a bad country exits 2."""

from __future__ import annotations

import json

import typer
from typer.testing import CliRunner

from ldncare.journal.cli import register

runner = CliRunner()


def invoke(*args: str):
    root = typer.Typer()

    @root.callback()
    def _root() -> None:
        pass

    register(root)
    return runner.invoke(root, ["journal", "guidance", *args])


def test_it_lists_each_guidance_with_what_raises_it_and_the_countrys_numbers():
    result = invoke("--country", "us", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    by_code = {g["code"]: g for g in payload["guidance"]}
    assert "self_harm_thoughts" in by_code["self_harm"]["raised_by"]
    assert by_code["new_opioid"]["raised_by"] == ["new_opioid"]
    assert [c["phone"] for c in payload["crisis"]] == ["988", "911"]


def test_an_unknown_country_exits_2_with_a_message():
    result = invoke("--country", "XX")
    assert result.exit_code == 2 and "country" in result.output
