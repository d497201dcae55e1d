"""The check-in form records only what the patient chose: nothing is pre-selected,
a severity counts only under a ticked side-effect chip, a ticked chip needs a
severity, and vivid dreams (asked once, as a chip) set the stored flag."""

from __future__ import annotations

from django.urls import reverse

from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.models import CheckIn, SideEffectEntry


def post(client, patient, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("journal:home"),
                       {"day": patient_today(patient).isoformat(), **data})


def test_a_new_day_opens_with_nothing_chosen(world, client, login):
    login(world.users["patient"])
    page = client.get(reverse("journal:home")).content.decode()
    form = page[page.index('id="check-in"'):page.index("</form>", page.index('id="check-in"'))]
    assert " checked" not in form
    assert form.count('name="dose_taken"') == 2  # yes and no, no "not answered" default


def test_an_untouched_dose_question_is_stored_as_not_answered(world, client, login):
    login(world.users["patient"])
    assert post(client, world.patient, rating_pain="3").status_code == 302
    row = CheckIn.objects.get(patient=world.patient)
    assert row.dose_taken is None and row.pain == 3


def test_a_severity_left_under_an_unticked_chip_is_not_recorded(world, client, login):
    login(world.users["patient"])
    response = post(client, world.patient, dose_taken="yes", side_effects_listed="1",
                    side_effect_headache="mild", side_effects=["nausea"],
                    side_effect_nausea="moderate")
    assert response.status_code == 302
    row = CheckIn.objects.get(patient=world.patient)
    assert {e.code: e.severity for e in SideEffectEntry.objects.filter(check_in=row)} == {
        "nausea": "moderate"}


def test_a_ticked_chip_without_a_severity_is_asked_beside_it_and_nothing_is_saved(world, client,
                                                                               login):
    login(world.users["patient"])
    response = post(client, world.patient, side_effects_listed="1", side_effects=["headache"])
    assert response.status_code == 400
    page = response.content.decode()
    assert "How strong was it?" in page and "headache" in page
    chip = page[page.index('name="side_effects" value="headache"') - 80:][:200]
    assert "checked" in chip  # the tick is kept
    assert not CheckIn.objects.exists()


def test_the_vivid_dreams_chip_sets_the_vivid_dreams_flag(world, client, login):
    login(world.users["patient"])
    post(client, world.patient, side_effects_listed="1", side_effects=["vivid_dreams"],
         side_effect_vivid_dreams="mild")
    row = CheckIn.objects.get(patient=world.patient)
    assert row.vivid_dreams is True


def test_editing_a_day_shows_the_chips_and_severities_already_given(world, client, login):
    login(world.users["patient"])
    post(client, world.patient, side_effects_listed="1", side_effects=["headache"],
         side_effect_headache="severe", rating_pain="6")
    page = client.get(reverse("journal:home")).content.decode()
    assert 'name="side_effects" value="headache"' in page
    chip = page[page.index('name="side_effects" value="headache"') - 80:][:200]
    assert "checked" in chip
    severe = page[page.index('name="side_effect_headache" value="severe"') - 80:][:200]
    assert "checked" in severe
    assert '<details class="side-effects" open>' in page  # the fold opens on what was given
