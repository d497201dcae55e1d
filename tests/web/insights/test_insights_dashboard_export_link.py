"""The dashboard points the clinic's prescribers and admin to the research export."""

from __future__ import annotations

import pytest

EXPORT = "/insights/export/"


@pytest.mark.parametrize("role", ["prescriber", "clinic_admin"])
def test_prescribers_and_the_clinic_admin_see_the_export_link(world, login, client, role):
    login(world.users[role])
    page = client.get("/insights/").content.decode()
    assert f'href="{EXPORT}"' in page


def test_clinic_staff_see_the_dashboard_without_the_export_link(world, login, client):
    login(world.users["clinic_staff"])
    response = client.get("/insights/")
    assert response.status_code == 200
    assert EXPORT not in response.content.decode()
    assert client.get(EXPORT).status_code == 403
