"""Agreeing to the cost is the patient's own act, once: a second press, an old
page, a stopped prescription, another patient or anyone on the staff sends
nothing more to the pharmacy, and says why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ldncare.web.care.prescribing_services import (
    CostAlreadyAgreed,
    CostChanged,
    PrescribingError,
    SeenCost,
    agree_to_cost,
    apply_dose_change,
)
from ldncare.web.pharmacy.models import Order
from web.prescribing.prescribing_setup import agree, prescribe
from web.prices.price_setup import price_list


@pytest.fixture
def waiting(world):  # type: ignore[no-untyped-def]
    price_list(world)
    return prescribe(world.patient, world.users["prescriber"], world.pharmacy, agreed=False)


def _form(rx, **changes) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"prescription": str(rx.pk), "plan_version": "1", "first_fill": "64.95",
            "per_month": "26.95", **changes}


def _url(world) -> str:  # type: ignore[no-untyped-def]
    return reverse("care:agree_to_cost", args=[world.patient.pk])


def test_pressing_agree_twice_makes_one_order_and_says_it_was_already_agreed(world, login,
                                                                             waiting):
    client = login(world.users["patient"])
    client.post(_url(world), _form(waiting))
    response = client.post(_url(world), _form(waiting), follow=True)
    assert "You already agreed to this cost" in response.content.decode()
    assert Order.objects.filter(prescription=waiting).count() == 1
    with pytest.raises(CostAlreadyAgreed):
        agree(waiting)
    assert Order.objects.filter(prescription=waiting).count() == 1


def test_a_stopped_prescription_cannot_be_agreed_to(world, login, waiting):
    apply_dose_change(waiting, kind="stop", actor=world.users["prescriber"],
                      reason="The patient changed their mind.",
                      on_date=timezone.localdate() + timedelta(days=1))
    response = login(world.users["patient"]).post(_url(world), _form(waiting, plan_version="2"),
                                                  follow=True)
    assert "Your prescriber has stopped this prescription" in response.content.decode()
    assert not Order.objects.filter(prescription=waiting).exists()


def test_a_page_older_than_the_price_list_or_the_plan_sends_nothing(world, login, waiting):
    from ldncare.web.pharmacy import pricing

    client = login(world.users["patient"])
    pricing.set_price(by=world.users["pharmacist"], form="capsule", strength="4.5",
                      quantity="30", price="25.00")
    response = client.post(_url(world), _form(waiting), follow=True)
    assert "Your plan or its price changed since you opened the page" in response.content.decode()
    assert not Order.objects.filter(prescription=waiting).exists()
    apply_dose_change(waiting, kind="hold", actor=world.users["prescriber"], reason="Go slower.",
                      on_date=timezone.localdate() + timedelta(days=14))
    with pytest.raises(CostChanged):
        agree_to_cost(waiting, patient_user=world.users["patient"],
                      seen=SeenCost(1, None, None))
    assert not Order.objects.filter(prescription=waiting).exists()


def test_a_form_naming_another_prescription_sends_nothing(world, login, waiting):
    response = login(world.users["patient"]).post(_url(world), _form(waiting, prescription="999"),
                                                  follow=True)
    assert "This page was out of date" in response.content.decode()
    assert not Order.objects.filter(prescription=waiting).exists()


def test_another_patient_is_not_found_and_staff_are_refused(world, login, waiting):
    from web.prescribing.prescribing_setup import prescribed_patient

    prescribed_patient(world, own=False)
    other = world.other_patient
    response = login(world.users["patient"]).post(
        reverse("care:agree_to_cost", args=[other.pk]), _form(waiting))
    assert response.status_code == 404
    for role in ("prescriber", "clinic_staff", "clinic_admin", "pharmacist"):
        response = login(world.users[role]).post(_url(world), _form(waiting))
        assert response.status_code == 403, role
    assert not Order.objects.filter(prescription=waiting).exists()


def test_the_service_refuses_anyone_but_the_patient(world, waiting):
    for role in ("prescriber", "clinic_staff"):
        with pytest.raises(PrescribingError, match="Only the patient"):
            agree_to_cost(waiting, patient_user=world.users[role],
                          seen=SeenCost(1, None, None))
    assert not Order.objects.filter(prescription=waiting).exists()
