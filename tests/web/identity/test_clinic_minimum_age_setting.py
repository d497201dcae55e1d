"""The youngest age a clinic accepts is one of its settings: 18 unless it
chooses otherwise, shown with where the default comes from."""

from __future__ import annotations

import pytest

from ldncare.web.accounts.clinic_settings import (
    ClinicSettingsError,
    minimum_age_for,
    update_clinic_settings,
)

pytestmark = pytest.mark.django_db

URL = "/accounts/clinic-settings/"


def test_a_clinic_on_the_defaults_accepts_adults_from_18(world):
    assert minimum_age_for(world.clinic) == 18


def test_the_settings_page_shows_the_minimum_age_and_says_it_is_clinic_policy(world, client,
                                                                              login):
    login(world.users["prescriber"])
    html = client.get(URL).content.decode()
    assert "Who may sign up" in html and "minimum_age_years" in html
    assert "Clinic policy" in html


def test_the_admin_can_set_another_age_and_the_default_is_stored_as_no_override(world):
    admin = world.users["clinic_admin"]
    update_clinic_settings(world.clinic, admin=admin, minimum_age_years=16)
    assert minimum_age_for(world.clinic) == 16
    row = update_clinic_settings(world.clinic, admin=admin, minimum_age_years=18)
    assert row.minimum_age_years is None


@pytest.mark.parametrize("age", [-1, 31, "eighteen"])
def test_an_age_out_of_range_is_refused_beside_the_field(world, age):
    with pytest.raises(ClinicSettingsError) as caught:
        update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                               minimum_age_years=age)
    assert "minimum_age_years" in caught.value.errors
    assert minimum_age_for(world.clinic) == 18
