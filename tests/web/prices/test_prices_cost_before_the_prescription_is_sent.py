"""Before a prescription is sent, the patient (on their page) and the
prescriber (beside the approval form) see what the plan will cost a month; a
pack with no price says "price not set", never zero."""

from __future__ import annotations

from django.urls import reverse

from web.prescribing.prescribing_setup import screen
from web.prices.price_setup import price_list


def test_the_patient_waiting_for_review_sees_the_monthly_cost_of_the_usual_plan(world, login):
    price_list(world)
    screen(world.patient)
    page = login(world.users["patient"]).get(reverse("home")).content.decode()
    assert 'data-testid="plan-cost"' in page
    # Steady at 4.5 mg nightly: 30 capsules of 4.5 mg (£22.00) + £4.95 shipping.
    assert "£26.95" in page
    assert "Nothing is charged until the pharmacy makes your medicine" in page


def test_a_missing_price_says_price_not_set_rather_than_zero(world, login):
    price_list(world, skip=("4.5",))
    screen(world.patient)
    page = login(world.users["patient"]).get(reverse("home")).content.decode()
    assert "price not set" in page
    assert "4.5 mg capsules" in page
    assert "£0.00" not in page


def test_the_prescriber_sees_the_cost_beside_the_approval_form(world, login):
    price_list(world)
    screen(world.patient)
    client = login(world.users["prescriber"])
    page = client.get(reverse("care:review", args=[world.patient.pk])).content.decode()
    assert 'data-testid="proposal-monthly-cost">£26.95<' in page


def test_the_cost_panel_follows_the_form_as_the_prescriber_changes_it(world, login):
    price_list(world)
    screen(world.patient)
    client = login(world.users["prescriber"])
    form = {"protocol": "standard", "start_date": "2026-12-10", "time_of_day": "bedtime",
            "form": "capsules", "strengths": "1.5, 3, 4.5", "concentration": "1",
            "days_per_fill": "90", "refills": "1", "pharmacy": world.pharmacy.pk,
            "version": "0"}
    response = client.post(reverse("care:approval_cost", args=[world.patient.pk]), form)
    assert response.status_code == 200
    # 90 days at 4.5 mg: one pack of 90 (£55.00) + £4.95, spread over three months.
    assert "£19.98" in response.content.decode()
    response = client.post(reverse("care:approval_cost", args=[world.patient.pk]),
                           {**form, "strengths": "1.5, 3, banana"})
    assert "Complete the plan above" in response.content.decode()


def test_after_approval_the_patient_sees_their_own_plans_cost(world, login):
    from web.prescribing.prescribing_setup import prescribe

    price_list(world)
    prescribe(world.patient, world.users["prescriber"], world.pharmacy)
    page = login(world.users["patient"]).get(reverse("home")).content.decode()
    assert "Your plan from" in page
    assert 'data-testid="monthly-cost">£26.95<' in page
    assert 'data-testid="first-fill-cost">£64.95<' in page


def test_a_start_date_centuries_away_is_answered_in_words_not_with_an_error(world, login):
    price_list(world)
    screen(world.patient)
    client = login(world.users["prescriber"])
    response = client.post(reverse("care:approval_cost", args=[world.patient.pk]), {
        "protocol": "standard", "start_date": "9999-12-20", "time_of_day": "bedtime",
        "form": "capsules", "strengths": "1.5, 3, 4.5", "concentration": "1",
        "days_per_fill": "180", "refills": "12", "pharmacy": world.pharmacy.pk,
        "version": "0"})
    assert response.status_code == 200
    assert "£" not in response.content.decode()
