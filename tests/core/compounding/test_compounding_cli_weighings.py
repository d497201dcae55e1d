"""``ldncare compound``: the lot's water, the balance's minimum weight, and
every weighing in the JSON; a batch that cannot be weighed exits 2 with the
smallest batch that can."""

from __future__ import annotations

import json
from decimal import Decimal

from typer.testing import CliRunner

from ldncare.cli import app

runner = CliRunner()


def _capsules(*args: str):
    return runner.invoke(app, ["compound", "capsules", *args])


def test_the_json_lists_every_weighing_each_at_least_the_minimum_weight():
    result = _capsules("--strength", "0.5", "--quantity", "10", "--balance-min-weight-mg", "20",
                       "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["weighings"][0] == {"what": "naltrexone hydrochloride powder for the trituration",
                                    "mg": "20"}
    assert all(Decimal(w["mg"]) >= 20 for w in data["weighings"])
    assert data["trituration"]["dilution"] == 4


def test_water_content_raises_the_powder_to_weigh():
    result = _capsules("--strength", "4.5", "--quantity", "30", "--water-percent", "8.7", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["powder_mg"] == "148"


def test_without_trituration_it_exits_2_with_the_smallest_batch():
    result = _capsules("--strength", "0.5", "--quantity", "10", "--no-trituration")
    assert result.exit_code == 2
    assert "smallest batch that can be weighed is 40 capsules" in " ".join(result.output.split())


def test_a_minimum_weight_that_is_not_a_number_exits_2():
    result = _capsules("--strength", "4.5", "--quantity", "30", "--balance-min-weight-mg", "lots")
    assert result.exit_code == 2
    assert "balance minimum weight" in " ".join(result.output.split())


def test_a_liquid_too_small_to_weigh_exits_2_with_the_smallest_volume():
    result = runner.invoke(app, ["compound", "liquid", "--concentration", "1", "--volume", "10"])
    assert result.exit_code == 2
    assert "smallest volume in which everything can be weighed is 20 mL" in " ".join(result.output.split())
