"""Forms and write APIs refuse dates beyond the planning horizon, amounts no
one could mean (1e308 mg) and text the database cannot hold, with a message
beside the field and nothing written: never a 500."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from django.urls import reverse

from ldncare.web.care.models import Prescription
from ldncare.web.journal.models import FollowUp, QuestionnairePlan
from ldncare.web.pharmacy.models import Shipment
from web.prescribing.prescribing_setup import screen

_spec = importlib.util.spec_from_file_location(
    "shipping", Path(__file__).parent / "pharmacy" / "test_pharmacy_shipping_and_refills.py")
shipping = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(shipping)  # type: ignore[union-attr]

APPROVAL = {"protocol": "standard", "time_of_day": "bedtime", "form": "capsules",
            "strengths": "1.5, 3, 4.5", "days_per_fill": "30", "refills": "1"}


@pytest.mark.parametrize(("bad", "field"), [
    ({"start_date": "9999-12-31"}, "start_date"),
    ({"start_date": "0001-01-01"}, "start_date"),
    ({"strengths": "1e308"}, "strengths"),
    ({"protocol": "custom", "custom_start": "1.5", "custom_step": "1.5", "custom_every": "7",
      "custom_target": "1e308"}, "custom_target"),
])
def test_an_approval_with_a_far_date_or_an_impossible_dose_is_refused(world, client, login,
                                                                      bad, field):
    from datetime import date

    screen(world.patient)
    world.patient.refresh_from_db()
    login(world.users["prescriber"])
    data = {**APPROVAL, "start_date": date.today().isoformat(),  # noqa: DTZ011
            "pharmacy": world.pharmacy.pk, "version": world.patient.version, **bad}
    response = client.post(reverse("care:approve", args=[world.patient.pk]), data)
    assert response.status_code == 400
    assert not Prescription.objects.exists()


def test_a_follow_up_in_year_9999_is_refused_beside_the_day(world, client, login):
    login(world.users["prescriber"])
    response = client.post(reverse("journal:schedule_follow_up", args=[world.patient.pk]),
                           {"day": "9999-12-31", "time": "23:00", "mode": "video"})
    assert response.status_code == 400
    assert "planned dates" in response.content.decode()
    assert not FollowUp.objects.exists()


def test_a_questionnaire_schedule_in_year_9999_is_refused(world, client, login):
    login(world.users["prescriber"])
    response = client.post(reverse("journal:schedule_questionnaire", args=[world.patient.pk]),
                           {"instrument": "phq-9", "start": "9999-12-01", "every_days": "28"})
    assert response.status_code == 400
    assert not QuestionnairePlan.objects.exists()


@pytest.mark.parametrize("carrier", ["x" * 5000, "Royal\x00Mail"])
def test_a_carrier_too_long_or_with_a_nul_is_refused_by_the_api(world, client, login, carrier):
    order = shipping.verified_order(world)
    login(world.users["pharmacist"])
    response = client.post(reverse("api:pharmacy_ship_order", args=[order.pk]),
                           json.dumps({"carrier": carrier, "tracking_number": "T1"}),
                           content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "carrier"
    assert not Shipment.objects.exists()


def test_the_shipping_service_itself_refuses_an_over_long_carrier(world):
    from ldncare.web.pharmacy import services

    order = shipping.verified_order(world)
    with pytest.raises(services.PharmacyError, match="carrier"):
        services.ship_order(order, by=world.users["pharmacist"], carrier="x" * 61,
                            tracking_number="T1")
    assert not Shipment.objects.exists()
