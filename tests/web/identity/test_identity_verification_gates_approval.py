"""The clinic team verifies a patient's identity before a prescriber can
approve; a later change to verified details asks for it again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.care.identity_services import VerificationRefused, verify_identity
from ldncare.web.care.prescribing_services import IdentityNotVerified, approve_prescription
from ldntest.world import log_in, make_patient
from web.identity.identity_setup import identity_data
from web.prescribing.prescribing_setup import approval, screen

pytestmark = pytest.mark.django_db


@pytest.fixture
def unverified(world):  # type: ignore[no-untyped-def]
    patient = make_patient("new@a.example", world.clinic, verified=False)
    screen(patient)
    patient.refresh_from_db()
    return patient


def test_approval_is_refused_with_a_plain_reason_until_the_identity_is_verified(world,
                                                                                unverified):
    with pytest.raises(IdentityNotVerified, match="nobody has verified this patient's identity"):
        approve_prescription(unverified, prescriber=world.users["prescriber"],
                             request=approval(world.pharmacy), expected_version=None)
    unverified.refresh_from_db()
    assert unverified.pathway_state == State.SCREENED
    assert not unverified.prescriptions.exists()


def test_the_review_page_shows_the_identity_and_why_approval_waits(client, world, unverified):
    log_in(client, world.users["prescriber"])
    page = client.get(reverse("care:review", args=[unverified.pk])).content.decode()
    assert unverified.address_line1 in page and unverified.phone in page
    assert "Not verified yet" in page
    assert "Approval is blocked: nobody has verified this patient" in page
    assert 'data-testid="approval-form"' not in page


def test_a_member_of_staff_verifies_and_then_the_prescriber_can_approve(client, world,
                                                                         unverified):
    log_in(client, world.users["clinic_staff"])
    response = client.post(reverse("care:verify_identity", args=[unverified.pk]),
                           {"method": "Passport seen on a video call", "version":
                            unverified.version})
    assert response.status_code == 302
    unverified.refresh_from_db()
    assert unverified.identity_verified_by == world.users["clinic_staff"]
    note = unverified.events.filter(summary="Identity verified").get()
    assert note.reason == "Passport seen on a video call"
    client.logout()
    log_in(client, world.users["prescriber"])
    page = client.get(reverse("care:review", args=[unverified.pk])).content.decode()
    assert 'data-testid="approval-form"' in page
    assert "Identity verified by" in page


def test_verification_needs_a_word_on_how_it_was_checked(world, unverified):
    with pytest.raises(VerificationRefused, match="Say how you checked"):
        verify_identity(unverified, actor=world.users["clinic_staff"], method="  ")
    unverified.refresh_from_db()
    assert not unverified.identity_verified


def test_verification_waits_for_the_details_the_patient_has_not_given(world, unverified):
    unverified.phone = ""
    unverified.save(update_fields=["phone"])
    with pytest.raises(VerificationRefused, match="phone number"):
        verify_identity(unverified, actor=world.users["clinic_staff"], method="ID seen")


def test_a_pharmacy_cannot_verify_a_patients_identity(world, unverified):
    with pytest.raises(VerificationRefused):
        verify_identity(unverified, actor=world.users["pharmacist"], method="ID seen")


def test_changing_a_verified_address_asks_the_clinic_to_verify_again(client, world):
    patient = world.patient
    assert patient.identity_verified
    log_in(client, patient.user)
    response = client.post(reverse("care:identity"),
                           identity_data(patient, address_line1="9 New Road"))
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.address_line1 == "9 New Road"
    assert not patient.identity_verified
    assert patient.events.filter(summary__startswith="Identity details changed").exists()


def test_changing_only_the_preferred_name_keeps_the_verification(client, world):
    patient = world.patient
    log_in(client, patient.user)
    client.post(reverse("care:identity"), identity_data(patient, preferred_name="Pat"))
    patient.refresh_from_db()
    assert patient.greeting_name == "Pat" and patient.identity_verified


def test_a_legal_name_change_is_what_the_prescription_then_carries(client, world):
    patient = world.patient
    log_in(client, patient.user)
    client.post(reverse("care:identity"), identity_data(patient, full_name="Patricia Jones"))
    patient.refresh_from_db()
    assert patient.user.full_name == "Patricia Jones" and not patient.identity_verified


def test_a_patient_cannot_make_themselves_too_young_on_the_identity_page(client, world):
    patient = world.patient
    before = patient.date_of_birth
    log_in(client, patient.user)
    response = client.post(reverse("care:identity"),
                           identity_data(patient, date_of_birth="2020-01-01"))
    assert response.status_code == 400 and "aged 18 or over" in response.content.decode()
    patient.refresh_from_db()
    assert patient.date_of_birth == before and patient.identity_verified


def test_the_patient_is_greeted_by_their_preferred_name(client, world):
    patient = world.patient
    log_in(client, patient.user)
    assert f"Hello {patient.preferred_name}" in client.get(reverse("home")).content.decode()


def test_the_prescription_pdf_source_carries_the_legal_name_address_and_birth_date(world):
    from django.template.loader import render_to_string

    from web.prescribing.prescribing_setup import prescribe

    prescription = prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    patient = world.patient
    patient.refresh_from_db()
    html = render_to_string("care/pdf/prescription.html", {
        "prescription": prescription, "patient": patient,
        "plan": prescription.current_plan().titration_plan()})
    assert patient.user.full_name in html
    assert patient.address_line1 in html and patient.postcode in html
    assert "verified" in html and "NOT VERIFIED" not in html
