"""With the clinic's default, approval issues the prescription and waits: the
patient sees the plan in plain words and its cost (the numbers the prescriber
saw), agrees, and only then does the first fill reach the pharmacy, priced
at the amount they agreed to."""

from __future__ import annotations

from decimal import Decimal

from django.core import mail
from django.urls import reverse

from ldncare.pathway import State
from ldncare.web.pharmacy.models import Order
from web.prescribing.prescribing_setup import prescribe
from web.prices.price_setup import price_list


def _waiting(world, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    price_list(world)
    with django_capture_on_commit_callbacks(execute=True):
        return prescribe(world.patient, world.users["prescriber"], world.pharmacy, agreed=False)


def _agree_form(page: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"',
                           page.split('data-testid="agree-form"')[1].split("</form>")[0]))


def test_approval_issues_the_prescription_and_sends_nothing_to_the_pharmacy(
        world, django_capture_on_commit_callbacks):
    prescription = _waiting(world, django_capture_on_commit_callbacks)
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.PRESCRIBED
    assert prescription.awaits_cost_agreement
    assert not Order.objects.filter(prescription=prescription).exists()
    assert world.patient.events.filter(summary="Waiting for the patient to agree to the cost").exists()


def test_the_patient_is_asked_by_e_mail_without_health_details(world,
                                                               django_capture_on_commit_callbacks):
    _waiting(world, django_capture_on_commit_callbacks)
    sent = mail.outbox[-1]
    assert sent.to == [world.patient.user.email]
    assert sent.subject == "Your plan is ready for you to check"
    for word in ("naltrexone", "LDN", "mg", "£", "capsule"):
        assert word not in sent.subject + sent.body


def test_the_patient_sees_the_plan_and_the_exact_cost_the_prescriber_saw(
        world, login, django_capture_on_commit_callbacks):
    _waiting(world, django_capture_on_commit_callbacks)
    page = login(world.users["patient"]).get(reverse("home")).content.decode()
    assert "Your plan is ready: check what it costs" in page
    assert "capsules of 1.5 mg, 3 mg and 4.5 mg" in page
    assert "go up step by step to 4.5 mg" in page
    assert "30 days of medicine at a time, with 2 refills, from Pharmacy P" in page
    # The same figures as the prescriber's panel: 4.5 mg x 30 (£22.00) + £4.95 a month.
    assert 'data-testid="monthly-cost">£26.95<' in page
    assert 'data-testid="first-fill-cost">£64.95<' in page
    assert "Agree and send to the pharmacy" in page
    assert reverse("care:requests") in page
    assert "Waiting for you to agree to the cost of your plan" in page


def test_agreeing_stores_the_amounts_and_sends_the_first_fill_charged_at_them(
        world, login, django_capture_on_commit_callbacks):
    prescription = _waiting(world, django_capture_on_commit_callbacks)
    client = login(world.users["patient"])
    form = _agree_form(client.get(reverse("home")).content.decode())
    response = client.post(reverse("care:agree_to_cost", args=[world.patient.pk]), form,
                           follow=True)
    assert "Your prescription was sent to Pharmacy P" in response.content.decode()
    prescription.refresh_from_db()
    assert prescription.cost_agreed_by == world.users["patient"]
    assert prescription.cost_agreed_at is not None
    assert (prescription.agreed_monthly_cost, prescription.agreed_first_fill_cost,
            prescription.agreed_currency) == (Decimal("26.95"), Decimal("64.95"), "GBP")
    order = Order.objects.get(prescription=prescription)
    assert order.fill_number == 0 and order.pharmacy == world.pharmacy
    assert order.charge_amount == prescription.agreed_first_fill_cost
    world.patient.refresh_from_db()
    assert world.patient.pathway_state == State.SENT_TO_PHARMACY
    sent = world.patient.events.get(state=State.SENT_TO_PHARMACY)
    assert sent.actor == world.users["patient"]
    assert "£26.95 a month, first fill £64.95" in sent.summary


def test_the_prescriber_and_the_chart_show_that_the_patient_has_still_to_agree(
        world, login, django_capture_on_commit_callbacks):
    _waiting(world, django_capture_on_commit_callbacks)
    client = login(world.users["prescriber"])
    for name in ("care:review", "care:prescription", "care:patient_chart"):
        page = client.get(reverse(name, args=[world.patient.pk])).content.decode()
        assert "Waiting for the patient to agree to the cost" in page, name
    page = client.get(reverse("care:prescription", args=[world.patient.pk])).content.decode()
    assert "£26.95 a month, first fill £64.95" in page
    assert "Send refill to the pharmacy" not in page


def test_a_refill_cannot_be_sent_before_the_patient_agrees(world, django_capture_on_commit_callbacks):
    import pytest

    from ldncare.web.pharmacy.services import PharmacyError, request_refill

    prescription = _waiting(world, django_capture_on_commit_callbacks)
    with pytest.raises(PharmacyError, match="not agreed to the cost"):
        request_refill(prescription, requested_by=world.users["prescriber"])
    assert not Order.objects.filter(prescription=prescription).exists()


def test_the_approval_button_says_what_happens_next(world, login):
    from web.prescribing.prescribing_setup import screen

    screen(world.patient)
    page = login(world.users["prescriber"]).get(
        reverse("care:review", args=[world.patient.pk])).content.decode()
    assert ">Approve</button>" in page
    assert "Approve and send to pharmacy" not in page
    assert "agrees to it; then it goes to the pharmacy" in page
