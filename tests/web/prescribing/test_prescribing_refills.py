"""A prescriber sends a refill from the prescription page or the API: the
screening runs again, the next fill goes to the pharmacy, and every refusal
(blocked screening, no refills left, a fill still being made) is said clearly
with nothing ordered. Only a prescriber of the patient's clinic may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldncare.web.pharmacy.models import Order
from web.prescribing.prescribing_setup import OK_ANSWERS, prescribe


@pytest.fixture
def prescription(world):
    """A prescription with two refills whose first fill has shipped."""
    found = prescribe(world.patient, world.users["prescriber"], world.pharmacy, refills=2)
    ship_every_fill(found)
    return found


def ship_every_fill(prescription):  # type: ignore[no-untyped-def]
    for order in Order.objects.filter(prescription=prescription).exclude(status="shipped"):
        order.status = "shipped"
        order.save(update_fields=["status"])


def refill_url(patient) -> str:  # type: ignore[no-untyped-def]
    return reverse("care:request_refill", kwargs={"patient_id": patient.pk})


def api_url(patient) -> str:  # type: ignore[no-untyped-def]
    return reverse("api:post_refill", kwargs={"patient_id": patient.pk})


def fills(prescription) -> list[int]:  # type: ignore[no-untyped-def]
    return list(Order.objects.filter(prescription=prescription)
                .order_by("fill_number").values_list("fill_number", flat=True))


def test_the_prescription_page_shows_refills_used_and_left_and_the_button(world, client, login,
                                                                         prescription):
    login(world.users["prescriber"])
    page = client.get(reverse("care:prescription", args=[world.patient.pk])).content.decode()
    assert "0 of 2 refills used" in page and 'data-testid="refills-left">2<' in page
    assert "Send refill to the pharmacy" in page


def test_a_refill_creates_the_next_fill_at_the_pharmacy_and_says_so(world, client, login,
                                                                     prescription):
    login(world.users["prescriber"])
    response = client.post(refill_url(world.patient), {"next_fill": "1"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Refill 1 was sent to Pharmacy P" in page
    assert fills(prescription) == [0, 1]
    refill = Order.objects.get(prescription=prescription, fill_number=1)
    assert refill.pharmacy == world.pharmacy and refill.status == "received"
    assert "1 of 2 refills used" in page and "is still at Pharmacy P" in page
    assert world.patient.screenings.filter(trigger="refill").exists()


def test_a_blocked_refill_screening_refuses_with_a_message_and_orders_nothing(world, client, login,
                                                                             prescription):
    from ldncare.screening import answers_to_input
    from ldncare.web.care.screening_services import run_screening

    # The patient has since said they take an opioid: the refill screening must stop it.
    run_screening(world.patient, trigger="new_medication", actor=None,
                  inputs=answers_to_input({**OK_ANSWERS, "currently_taking_opioids": True}))
    login(world.users["prescriber"])
    response = client.post(refill_url(world.patient), {"next_fill": "1"})
    assert response.status_code == 400
    problem = response.content.decode()
    assert 'data-testid="refill-problem"' in problem and "no refill was ordered" in problem
    assert fills(prescription) == [0]


def test_no_refill_is_sent_when_none_are_left(world, client, login):
    found = prescribe(world.patient, world.users["prescriber"], world.pharmacy, refills=0)
    ship_every_fill(found)
    login(world.users["prescriber"])
    page = client.get(reverse("care:prescription", args=[world.patient.pk])).content.decode()
    assert "No refills are left" in page and "Send refill to the pharmacy" not in page
    response = client.post(refill_url(world.patient))
    assert response.status_code == 400
    assert "No refills are left on this prescription" in response.content.decode()
    assert fills(found) == [0]


def test_a_refill_waits_for_the_fill_still_being_made(world, client, login):
    found = prescribe(world.patient, world.users["prescriber"], world.pharmacy, refills=2)
    login(world.users["prescriber"])
    page = client.get(reverse("care:prescription", args=[world.patient.pk])).content.decode()
    assert "The first fill is still at Pharmacy P" in page
    response = client.post(refill_url(world.patient))
    assert response.status_code == 400 and "still being made" in response.content.decode()
    assert fills(found) == [0]


def test_a_page_left_open_while_someone_else_sent_the_refill_orders_nothing(world, client, login,
                                                                          prescription):
    login(world.users["prescriber"])
    assert client.post(refill_url(world.patient), {"next_fill": "1"}).status_code == 302
    ship_every_fill(prescription)
    stale = client.post(refill_url(world.patient), {"next_fill": "1"})
    assert stale.status_code == 409 and "Someone else has sent a refill" in stale.content.decode()
    assert fills(prescription) == [0, 1]
    assert client.post(refill_url(world.patient), {"next_fill": "x"}).status_code == 409


@pytest.mark.parametrize("who", ["pharmacist", "pharmacy_technician", "patient", "clinic_staff",
                                 "clinic_admin"])
def test_pharmacy_staff_patients_and_non_prescribers_cannot_send_a_refill(world, client, login,
                                                                           prescription, who):
    login(world.users[who])
    assert client.post(refill_url(world.patient)).status_code == 403
    assert client.post(api_url(world.patient), content_type="application/json").status_code == 403
    assert fills(prescription) == [0]


def test_a_prescriber_of_another_clinic_gets_404(world, client, login, prescription):
    from web.prescribing.prescribing_setup import other_prescriber

    login(other_prescriber(world))
    assert client.post(refill_url(world.patient)).status_code == 404
    assert client.post(api_url(world.patient)).status_code == 404
    assert fills(prescription) == [0]


def test_the_api_sends_a_refill_and_declares_its_refusals(world, client, login, prescription):
    login(world.users["prescriber"])
    made = client.post(api_url(world.patient), content_type="application/json")
    assert made.status_code == 201
    body = made.json()
    assert (body["fill_number"], body["pharmacy"], body["status"]) == (1, "Pharmacy P", "received")
    assert (body["refills_allowed"], body["refills_left"]) == (2, 1)
    again = client.post(api_url(world.patient), content_type="application/json")
    assert again.status_code == 400 and "still being made" in again.json()["detail"]
    assert fills(prescription) == [0, 1]
