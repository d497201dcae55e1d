"""Bad input on the insights pages and API gives a clear message, never a 500."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1000", "", "1e5", "14.5"])
def test_a_bad_baseline_length_is_shown_beside_the_field(world, login, client, value):
    login(world.users["prescriber"])
    response = client.get(f"/insights/patients/{world.patient.pk}/", {"baseline_days": value})
    assert response.status_code == 200
    assert b'class="error"' in response.content


@pytest.mark.parametrize("value", ["abc", "0", "91", "-1", "9" * 30])
def test_the_api_answers_422_for_a_bad_baseline_length(world, login, client, value):
    login(world.users["prescriber"])
    response = client.get(f"/api/insights/patients/{world.patient.pk}/summary",
                          {"baseline_days": value})
    assert response.status_code == 422
    assert "detail" in response.json()


@pytest.mark.parametrize("query", [{"download": "1", "k": "x", "part": "data"},
                                   {"download": "1", "k": "1", "part": "data"},
                                   {"download": "1", "k": "5", "part": "names"}])
def test_bad_export_options_are_shown_beside_the_field(world, login, client, query):
    login(world.users["prescriber"])
    response = client.get("/insights/export/", query)
    assert response.status_code == 400
    assert b'class="error"' in response.content


def test_a_patient_without_a_plan_sees_why_there_is_no_analysis(world, login, client):
    login(world.users["patient"])
    response = client.get("/insights/me/")
    assert response.status_code == 200
    assert b"no dose plan yet" in response.content


def test_the_cli_refuses_a_bad_size_with_exit_code_2():
    import typer

    from ldncare.web.insights.cli import register

    app = typer.Typer()
    register(app)

    @app.command()
    def other() -> None:  # a second command keeps "demo-clinic" a named sub-command
        pass

    result = CliRunner().invoke(app, ["demo-clinic", "--patients", "0"])
    assert result.exit_code == 2
