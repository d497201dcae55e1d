"""The clinic settings page: what it shows, who may change it, bad input,
two admins at once, and the audit log."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from ldncare.journal.rules import load_rulebook
from ldncare.screening import describe_defaults
from ldncare.web.accounts.clinic_settings import (
    ClinicSettingsError,
    SettingsChangedMeanwhile,
    dosing_limits_for,
    screening_settings_for,
    stored_settings,
    update_clinic_settings,
)
from ldncare.web.accounts.models import ClinicSettings
from ldntest.world import make_user

URL = reverse("accounts:clinic_settings")


def _form_data(**changes):
    """Every field as the page fills it in for a clinic on the defaults."""
    data = {d["setting"]: str(d["default"]) for d in describe_defaults()}
    data.update({name: str(s.value) for name, s in load_rulebook().settings.items()})
    data.update(action="settings", clinic_ceiling_mg="", hard_maximum_mg="",
                default_protocol="standard", version="0")
    data.update(changes)
    return data


def test_the_page_shows_each_setting_with_its_default_source_and_alternatives(world, client, login):
    login(world.users["clinic_admin"])
    html = client.get(URL).content.decode()
    for described in describe_defaults():
        assert described["setting"] in html
    assert "prescriberpoint" in html  # a screening default's source
    assert "7 d after short-acting opioids" in html  # ...and the alternatives the sources give
    assert "trial_days_at_target" in html and "Save settings" in html


def test_a_prescriber_reads_the_settings_but_gets_no_form_and_cannot_post(world, client, login):
    login(world.users["prescriber"])
    page = client.get(URL)
    assert page.status_code == 200 and "Save settings" not in page.content.decode()
    refused = client.post(URL, _form_data(opioid_washout_days="14"))
    assert refused.status_code == 403
    assert stored_settings(world.clinic) is None


def test_the_admin_saves_a_washout_and_the_page_shows_the_clinics_choice(world, client, login):
    login(world.users["clinic_admin"])
    response = client.post(URL, _form_data(opioid_washout_days="12"))
    assert response.status_code == 302
    assert screening_settings_for(world.clinic).opioid_washout_days == 12
    assert "(the clinic's choice)" in client.get(URL).content.decode()


def test_a_clinic_cannot_raise_the_hard_maximum_above_the_sourced_one(world, client, login):
    with pytest.raises(ClinicSettingsError) as refused:
        update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                               hard_maximum_mg=Decimal("12"))
    assert "hard_maximum_mg" in refused.value.errors
    login(world.users["clinic_admin"])
    page = client.post(URL, _form_data(hard_maximum_mg="12"))
    assert page.status_code == 400
    assert "never raised above" in page.content.decode()
    assert dosing_limits_for(world.clinic).hard_maximum.mg == Decimal("10")


def test_a_clinic_may_lower_the_hard_maximum(world):
    update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                           hard_maximum_mg=Decimal("6"), clinic_ceiling_mg=Decimal("4.5"))
    assert dosing_limits_for(world.clinic).hard_maximum.mg == Decimal("6")


@pytest.mark.parametrize("field, value, message", [
    ("surgery_hold_days", "1", "surgery_hold_days"),
    ("opioid_washout_days", "lots", "whole number"),
    ("opioid_washout_days_long_acting", "5", "opioid_washout_days_long_acting"),
    ("clinic_ceiling_mg", "11", "hard maximum"),
    ("trial_days_at_target", "0", "trial_days_at_target"),
])
def test_bad_input_is_shown_beside_the_field_and_nothing_changes(world, client, login, field,
                                                                 value, message):
    login(world.users["clinic_admin"])
    page = client.post(URL, _form_data(**{field: value}))
    assert page.status_code == 400
    form = page.context["settings_form"]
    assert message in " ".join(form.errors[field])
    assert stored_settings(world.clinic) is None or stored_settings(world.clinic).version == 0


def test_a_bad_protocol_is_refused_beside_the_text_with_the_cores_reason(world, client, login):
    login(world.users["clinic_admin"])
    page = client.post(URL, {"action": "add_protocol", "version": "0",
                             "definition": "name: no-refs\ntitle: No refs\nstart_mg: '1'\n"
                                           "step_mg: '1'\ninterval_days: 7\ntarget_mg: '3'\n"})
    assert page.status_code == 400
    assert "references" in " ".join(page.context["protocol_form"].errors["definition"])
    assert not (stored_settings(world.clinic) and stored_settings(world.clinic).protocols)


def test_a_protocol_added_as_yaml_is_listed_and_can_be_removed(world, client, login):
    login(world.users["clinic_admin"])
    response = client.post(URL, {"action": "add_protocol", "version": "0", "definition": (
        "name: clinic-slow\ntitle: Clinic slow\nstart_mg: '1'\nstep_mg: '1'\n"
        "interval_days: 21\ntarget_mg: '3'\nreferences: ['Clinic A policy']\n")})
    assert response.status_code == 302
    assert "Clinic A policy" in client.get(URL).content.decode()
    client.post(URL, {"action": "remove_protocol", "name": "clinic-slow"})
    assert stored_settings(world.clinic).protocols == []


@pytest.mark.parametrize("role", ["pharmacy_admin", "clinic_staff", "pharmacist", "patient"])
def test_people_outside_the_clinics_admin_and_prescribers_cannot_see_or_change_it(
        world, client, login, role):
    login(world.users[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, _form_data(opioid_washout_days="14")).status_code == 403
    assert not ClinicSettings.objects.exists()


def test_another_clinics_admin_changes_only_their_own_clinic(world, client, login):
    other_admin = make_user("admin@b.example", "org_admin", world.other_clinic)
    update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                           screening={"opioid_washout_days": 13})
    login(other_admin)
    assert "Clinic B" in client.get(URL).content.decode()
    client.post(URL, _form_data(opioid_washout_days="11"))
    assert screening_settings_for(world.clinic).opioid_washout_days == 13
    assert screening_settings_for(world.other_clinic).opioid_washout_days == 11
    with pytest.raises(PermissionError):
        update_clinic_settings(world.clinic, admin=other_admin,
                               screening={"opioid_washout_days": 7})


def test_two_admins_at_once_the_second_is_told_and_keeps_their_input(world, client, login):
    update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                           screening={"opioid_washout_days": 12})  # version 0 → 1
    with pytest.raises(SettingsChangedMeanwhile):
        update_clinic_settings(world.clinic, admin=world.users["clinic_admin"],
                               expected_version=0, screening={"opioid_washout_days": 7})
    login(world.users["clinic_admin"])
    page = client.post(URL, _form_data(opioid_washout_days="7", version="0"))
    assert page.status_code == 400 and "Someone else changed" in page.content.decode()
    assert page.context["settings_form"]["opioid_washout_days"].value() == "7"
    assert screening_settings_for(world.clinic).opioid_washout_days == 12


def test_a_settings_change_is_in_the_audit_log(world, client, login):
    login(world.users["clinic_admin"])
    client.post(URL, _form_data(opioid_washout_days="14"))
    row = stored_settings(world.clinic)
    entries = LogEntry.objects.get_for_object(row)
    assert entries.exists()
    assert any("screening" in (e.changes_dict or {}) for e in entries)
    assert any(e.actor == world.users["clinic_admin"] for e in entries)
