"""Shipping puts the tracking number where the patient and prescriber see it;
a refill inherits the prescription and follows the plan's current step;
labels and batch records are PDFs; bad input never answers 500."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def verified_order(world):  # type: ignore[no-untyped-def]
    """A first fill made, weighed and verified, for a patient whose pathway is at 'prescribed'."""
    from ldncare.pathway import State
    from ldncare.web.care.services import record_step
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.queries import fill_plan

    patient = world.patient
    for state in (State.INTAKE_SUBMITTED, State.SCREENED, State.PRESCRIBED):
        record_step(patient, state, actor=world.users["prescriber"], summary=state.label)
    order = pharmacy_world.make_order(world)
    tech, rph = world.users["pharmacy_technician"], world.users["pharmacist"]
    for line in fill_plan(order).lines:
        batch = services.start_batch(order, by=tech, line=line.key,
                                     formula_key="ldn-capsules-mcc", source="api")
        services.record_weights(batch, by=tech, weights=["225", "226"])
        services.verify_batch(batch, pharmacist=rph)
    order.refresh_from_db()
    return order


def test_shipping_moves_the_patient_to_shipped_and_they_see_the_tracking_number(world, client,
                                                                                 login):
    from ldncare.web.pharmacy import services

    order = verified_order(world)
    assert order.status == "verified"
    services.ship_order(order, by=world.users["pharmacy_technician"], carrier="Royal Mail",
                        tracking_number="RM123456789GB")
    world.patient.refresh_from_db()
    assert world.patient.state == "shipped"
    states = list(world.patient.events.values_list("state", flat=True))
    assert states[-4:] == ["sent_to_pharmacy", "compounded", "verified", "shipped"]
    for who in ("patient", "prescriber"):
        login(world.users[who])
        page = client.get(reverse("pharmacy:patient_orders", args=[world.patient.pk]))
        assert "RM123456789GB" in page.content.decode() and "Royal Mail" in page.content.decode()


def test_an_order_cannot_ship_before_it_is_verified_nor_without_a_tracking_number(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    with pytest.raises(services.PharmacyError, match="verified"):
        services.ship_order(order, by=world.users["pharmacist"], carrier="Royal Mail",
                            tracking_number="RM1234GB")
    with pytest.raises(services.PharmacyError, match="tracking number"):
        services.ship_order(order, by=world.users["pharmacist"], carrier="Royal Mail",
                            tracking_number="  ")


def test_a_refill_inherits_the_prescription_and_uses_the_plans_current_step(world):
    from django.utils import timezone

    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.queries import fill_plan

    prescription = pharmacy_world.make_prescription(
        world, start=timezone.localdate() - dt.timedelta(days=45), refills=1)
    first = services.create_order(prescription)
    with pytest.raises(services.PharmacyError, match="still being made"):
        services.request_refill(prescription, requested_by=world.users["patient"])
    first.status = "shipped"
    first.save(update_fields=["status"])
    refill = services.request_refill(prescription, requested_by=world.users["patient"])
    assert (refill.prescription, refill.fill_number, refill.pharmacy) == (
        prescription, 1, prescription.pharmacy)
    assert [(line.key, int(line.quantity)) for line in fill_plan(refill).lines] == [("4.5", 30)]
    refill.status = "shipped"
    refill.save(update_fields=["status"])
    with pytest.raises(services.PharmacyError, match="No refills"):
        services.request_refill(prescription)


def test_the_label_and_the_batch_record_are_pdfs(world, client, login):
    pytest.importorskip("weasyprint")
    order = verified_order(world)
    batch = order.batches.first()
    login(world.users["pharmacist"])
    for name in ("pharmacy:label_pdf", "pharmacy:batch_record_pdf"):
        response = client.get(reverse(name, args=[batch.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), name


def test_the_label_says_dose_lot_bud_storage_and_warnings(world):
    from ldncare.web.pharmacy.documents import label_for

    order = verified_order(world)
    batch = order.batches.get(strength="1.5")
    label = label_for(batch)
    assert label.lot == batch.lot and "1.5 mg" in label.directions and "bedtime" in label.directions
    assert label.beyond_use_date.isoformat() == batch.beyond_use["beyond_use_date"]
    assert label.storage and any("opioid" in w for w in label.warnings)


@pytest.mark.parametrize("weights", ["", "abc", "-5", "1e999", "225 NaN"])
def test_bad_weights_answer_a_message_beside_the_field_and_change_nothing(world, client, login,
                                                                          weights):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                 formula_key="ldn-capsules-mcc", source="api")
    login(world.users["pharmacy_technician"])
    order.refresh_from_db()
    response = client.post(reverse("pharmacy:record_weights", args=[batch.pk]),
                           {"version": order.version, "weights": weights})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == "prepared" and batch.weight_check is None


@pytest.mark.parametrize("data", [
    {"line": "nope", "formula": "ldn-capsules-mcc", "source": "api"},
    {"line": "4.5", "formula": "nope", "source": "api"},
    {"line": "4.5", "formula": "ldn-capsules-mcc", "source": "api", "quantity": "-3"},
    {"line": "4.5", "formula": "ldn-capsules-mcc", "source": "api", "quantity": "1e9"},
    {"line": "4.5", "formula": "ldn-capsules-mcc", "source": "api", "naltrexone_lot": "999999"},
    {"line": "4.5", "formula": "ldn-capsules-mcc", "source": "api", "version": "x"},
    {"line": "4.5", "formula": "ldn-capsules-mcc", "source": "api", "naltrexone_lot": "abc"},
])
def test_bad_batch_input_answers_a_message_and_starts_nothing(world, client, login, data):
    from ldncare.web.pharmacy.models import Batch

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    response = client.post(reverse("pharmacy:start_batch", args=[order.pk]),
                           {"version": order.version, **data})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Batch.objects.exists()


def test_the_api_declares_its_errors_and_never_answers_500(world, client, login):
    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    url = reverse("api:pharmacy_start_batch", args=[order.pk])
    bad = client.post(url, {"line": "3", "formula": "ldn-capsules-mcc", "source": "tablets"},
                      content_type="application/json")
    assert bad.status_code == 400 and "tablets are whole" in bad.json()["detail"]
    assert client.post(url, {"line": 3}, content_type="application/json").status_code == 422
    assert client.post(url, "not json", content_type="application/json").status_code in (400, 422)
    made = client.post(url, {"line": "4.5", "formula": "ldn-capsules-mcc"},
                       content_type="application/json")
    assert made.status_code == 201
    batch_id = made.json()["id"]
    weights = client.post(reverse("api:pharmacy_record_weights", args=[batch_id]),
                          {"weights": ["225", "x"]}, content_type="application/json")
    assert weights.status_code == 400
    stale = client.post(reverse("api:pharmacy_record_weights", args=[batch_id]),
                        {"weights": ["225"], "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    verify = client.post(reverse("api:pharmacy_verify_batch", args=[batch_id]), {},
                         content_type="application/json")
    assert verify.status_code == 403
