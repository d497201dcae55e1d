"""Search understands aliases and typos; unverified citations, null trials and the
garbled citation are visible; a condition handout is a real PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.knowledge import load_knowledge

KB = load_knowledge()
pytestmark = pytest.mark.django_db


def _search(client, q: str) -> str:
    response = client.get(reverse("library:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_searching_an_alias_finds_the_condition(client):
    page = _search(client, "long covid")
    assert reverse("library:condition", kwargs={"condition": "long-covid"}) in page


def test_searching_with_a_typo_still_finds_the_side_effect(client):
    assert "Vivid dreams or nightmares" in _search(client, "vivid drems")


def test_searching_a_short_alias_finds_multiple_sclerosis(client):
    assert reverse("library:condition", kwargs={"condition": "multiple-sclerosis"}) in _search(client, "MS")


def test_a_search_that_matches_nothing_says_so(client):
    assert "Nothing matched" in _search(client, "qwertyuiop")


def test_a_very_long_query_is_refused_beside_the_field_not_with_a_500(client):
    page = _search(client, "x" * 500)
    assert 'class="error"' in page


def test_an_alias_in_the_condition_address_redirects_to_the_condition(client):
    response = client.get(reverse("library:condition", kwargs={"condition": "fibro"}))
    assert response.status_code == 302
    assert response.url == reverse("library:condition", kwargs={"condition": "fibromyalgia"})


def test_an_unknown_condition_answers_404_with_the_closest_matches(client):
    response = client.get(reverse("library:condition", kwargs={"condition": "arthritis"}))
    assert response.status_code == 404
    assert "Rheumatoid arthritis" in response.content.decode()


def test_unverified_citations_are_marked_with_what_was_not_seen(client):
    study = KB.study("bruun-2025")
    assert not study.verified
    page = client.get(reverse("library:condition", kwargs={"condition": "fibromyalgia"})).content.decode()
    row = page.split(f'id="study-{study.id}"')[1].split("</tr>")[0]
    assert "unverified" in row
    for missing in study.missing:
        assert missing in row


def test_the_references_page_marks_every_unverified_study(client):
    page = client.get(reverse("library:references")).content.decode()
    for study in KB.studies:
        item = page.split(f'id="study-{study.id}"')[1].split("</li>")[0]
        assert ("unverified" in item) is (not study.verified)


def test_a_null_trial_is_shown_with_its_result_on_the_condition_page(client):
    condition = KB.condition("depression")
    nulls = [s for s in KB.studies_for(condition) if s.result.value == "null"]
    assert nulls
    page = client.get(reverse("library:condition", kwargs={"condition": condition.id})).content.decode()
    row = page.split(f'id="study-{nulls[0].id}"')[1].split("</tr>")[0]
    assert 'class="badge null">null<' in row
    assert "null</span>" in page.split('data-testid="result-counts"')[1].split("</p>")[0]


def test_the_references_page_explains_the_garbled_citation(client):
    page = client.get(reverse("library:references")).content.decode()
    garbled = KB.garbled_citations[0]
    assert 'id="garbled-' + garbled.id + '"' in page
    for real in garbled.real_studies:
        assert f'href="#study-{real}"' in page


def test_studies_link_to_pubmed_and_doi(client):
    with_pmid = next(s for s in KB.studies if s.pmid)
    page = client.get(reverse("library:references")).content.decode()
    assert f"https://pubmed.ncbi.nlm.nih.gov/{with_pmid.pmid}/" in page


def test_the_conditions_index_explains_grade_and_direction(client):
    page = client.get(reverse("library:conditions")).content.decode()
    for word in ("gold", "silver", "bronze", "positive", "mixed", "conflicting", "null", "insufficient"):
        assert f'class="badge {word}"' in page


def test_the_condition_handout_is_a_pdf(client):
    response = client.get(reverse("library:condition_handout", kwargs={"condition": "long-covid"}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_handout_of_an_unknown_condition_is_a_404(client):
    response = client.get(reverse("library:condition_handout", kwargs={"condition": "nothing-like-it"}))
    assert response.status_code == 404


def test_a_condition_page_labels_each_diagnosis_code_with_its_system(client):
    page = client.get(reverse("library:condition", kwargs={"condition": "crps"})).content.decode()
    assert "G90.5 (ICD-10-CM (US))" in page and "M89.0 (WHO ICD-10)" in page


def test_the_conditions_page_writes_down_the_grading_rule(client):
    page = client.get(reverse("library:conditions")).content.decode()
    assert 'id="grading"' in page and "prescribing-register proxy" in page


def test_a_condition_page_says_why_it_has_its_grade_and_which_studies_were_set_aside(client):
    page = client.get(reverse("library:condition", kwargs={"condition": "autism"})).content.decode()
    assert "Why this grade:" in page
    assert "Not counted toward the grade: weight-based dose" in page
