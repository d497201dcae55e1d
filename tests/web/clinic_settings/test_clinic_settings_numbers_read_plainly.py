"""The settings page writes doses as people do: 10 mg, never "1E+1"."""

from __future__ import annotations

from django.urls import reverse


def test_the_hard_maximum_reads_as_a_plain_number(world, client, login):
    login(world.users["clinic_admin"])
    html = client.get(reverse("accounts:clinic_settings")).content.decode()
    assert "E+" not in html
    assert "10 mg" in html
