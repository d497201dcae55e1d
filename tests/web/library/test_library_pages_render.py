"""Every library page renders for a visitor who is not logged in, with real data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.knowledge import load_knowledge

KB = load_knowledge()
PAGES = ["library:index", "library:monograph", "library:conditions", "library:side_effects",
         "library:contraindications", "library:faq", "library:references", "library:search",
         "library:simulator"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_without_a_login_and_shows_the_knowledge_version(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert KB.version in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("condition_id", [c.id for c in KB.conditions])
def test_every_condition_has_a_page_with_its_grade_direction_and_studies(client, condition_id):
    condition = KB.condition(condition_id)
    page = client.get(reverse("library:condition", kwargs={"condition": condition_id})).content.decode()
    assert f'class="badge {condition.grade.value}"' in page
    assert f'class="badge {condition.direction.value}"' in page
    for study in KB.studies_for(condition):
        assert f'id="study-{study.id}"' in page


@pytest.mark.django_db
def test_the_monograph_shows_salt_and_base_dose_bands_and_contradicted_claims(client):
    page = client.get(reverse("library:monograph")).content.decode()
    assert str(KB.drug.salt_forms.hydrochloride_mw) in page
    assert str(KB.drug.salt_forms.base_mw) in page
    for band in KB.drug.dose_bands:
        assert band.name in page
    assert "Human data contradict this popular claim" in page
    for statement in KB.mechanism:
        assert statement.evidence_status.value in page


@pytest.mark.django_db
def test_the_side_effects_page_shows_onset_duration_what_helps_and_red_flags(client):
    page = client.get(reverse("library:side_effects")).content.decode()
    for effect in KB.side_effects:
        assert effect.name in page
    for flag in KB.red_flags:
        assert flag.action in page
