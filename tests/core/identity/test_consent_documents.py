"""The consent documents are data: versioned, required or optional, and a
patient owes the current version of every required one."""

from __future__ import annotations

import pytest

from ldncare.consent import ConsentError, load_library, parse_library


def test_the_shipped_documents_are_the_four_the_clinic_needs():
    library = load_library()
    assert [d.code for d in library.documents] == ["telehealth", "off_label",
                                                   "data_processing", "research"]
    assert [d.code for d in library.documents if not d.required] == ["research"]


def test_the_texts_say_they_are_a_template_the_clinic_must_review():
    notice = load_library().template_notice
    assert "template" in notice and "not legal advice" in notice


def test_the_off_label_text_explains_the_term_and_cites_its_source():
    document = load_library().get("off_label")
    assert any('called "off-label"' in p for p in document.paragraphs)
    assert any("doi:10.3390/medsci6040082" in s for s in document.sources)


def test_a_patient_owes_every_required_document_they_have_not_accepted():
    library = load_library()
    assert {d.code for d in library.outstanding([])} == {"telehealth", "off_label",
                                                         "data_processing"}
    held = [(d.code, d.version) for d in library.required]
    assert library.outstanding(held) == ()


def test_an_older_version_is_still_owed():
    library = load_library()
    held = [(d.code, "1999-01-01" if d.code == "telehealth" else d.version)
            for d in library.required]
    assert [d.code for d in library.outstanding(held)] == ["telehealth"]


@pytest.mark.parametrize(("data", "message"), [
    ({}, "list of 'documents'"),
    ({"documents": [{"code": "a"}]}, "lacks"),
    ({"documents": [{"code": "a", "version": "1", "title": "t", "summary": "s",
                     "paragraphs": [], "required": True}] * 2}, "appears twice"),
])
def test_a_malformed_file_is_refused_with_what_is_wrong(data, message):
    with pytest.raises(ConsentError, match=message):
        parse_library(data)


def test_an_unknown_code_is_refused():
    with pytest.raises(ConsentError, match="no consent document called"):
        load_library().get("marketing")
