"""Ingredient lots: received into quarantine, released by a pharmacist, and
the only stock a batch may draw on — released, unexpired and enough of it."""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)

POWDER = "naltrexone hydrochloride powder"
MCC = "microcrystalline cellulose (Avicel)"


def _receive(world, **changes):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from ldncare.web.pharmacy import services

    data = {"material": POWDER, "lot_number": "NX-1", "supplier": "Acme", "certificate": "COA-9",
            "expires_on": timezone.localdate() + dt.timedelta(days=400), "quantity": "25",
            "assay_percent": "99.1", "water_percent": "8.7", **changes}
    return services.receive_lot(by=world.users["pharmacy_technician"], **data)


def _start(world, order, **options):  # type: ignore[no-untyped-def]
    from ldncare.web.pharmacy import services

    return services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                formula_key="ldn-capsules-mcc", source="api", **options)


def test_a_received_lot_waits_in_quarantine_and_no_batch_starts_until_a_pharmacist_releases_it(
        world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Batch

    order = pharmacy_world.make_order(world, stock=False)
    lot = _receive(world)
    pharmacy_world.add_lot(world, world.pharmacy, material=MCC, lot_number="M1")
    assert lot.status == "quarantine" and lot.unit == "g"
    with pytest.raises(services.PharmacyError, match="not released by a pharmacist"):
        _start(world, order)
    assert not Batch.objects.exists()
    services.decide_lot(lot, pharmacist=world.users["pharmacist"], release=True)
    assert _start(world, order).status == "prepared"


def test_only_a_pharmacist_releases_a_lot(world):
    from ldncare.web.pharmacy import services

    lot = _receive(world)
    with pytest.raises(services.PharmacyError, match="Only a pharmacist"):
        services.decide_lot(lot, pharmacist=world.users["pharmacy_technician"], release=True)


def test_the_batch_uses_the_powder_lots_certificate_assay_and_water(world):
    order = pharmacy_world.make_order(world, stock=False)
    pharmacy_world.stock_lots(world, order.pharmacy, assay="100", water="8.7")
    batch = _start(world, order)
    assert "8.70% water" in " ".join(batch.calculation["working"])
    assert Decimal(batch.calculation["powder_mg"]) > Decimal(batch.calculation["api_mg"])


def test_every_ingredient_lot_is_drawn_down_and_linked_to_the_batch(world):
    from ldncare.web.pharmacy.models import IngredientLot

    order = pharmacy_world.make_order(world)
    batch = _start(world, order)
    used = {u.lot.material: u for u in batch.ingredient_lots.select_related("lot")}
    assert set(used) == {POWDER, MCC}
    powder = IngredientLot.objects.get(pk=used[POWDER].lot_id)
    assert powder.on_hand == powder.quantity_received - Decimal(batch.calculation["powder_mg"]) / 1000


def test_an_expired_lot_is_passed_over_for_one_in_date(world):
    order = pharmacy_world.make_order(world, stock=False)
    pharmacy_world.stock_lots(world, order.pharmacy)
    pharmacy_world.add_lot(world, order.pharmacy, lot_number="OLD",
                           expires_on=dt.date(2026, 2, 1))
    batch = _start(world, order, prepared_on=dt.date(2026, 3, 1))
    assert "OLD" not in {u.lot.lot_number for u in batch.ingredient_lots.select_related("lot")}


def test_not_enough_left_in_any_lot_refuses_the_batch_and_changes_no_stock(world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Batch, IngredientLot

    order = pharmacy_world.make_order(world, stock=False)
    pharmacy_world.add_lot(world, order.pharmacy, lot_number="TINY", on_hand="0.01")
    pharmacy_world.add_lot(world, order.pharmacy, material=MCC, lot_number="M1")
    with pytest.raises(services.PharmacyError, match="0.01 g left"):
        _start(world, order)
    assert not Batch.objects.exists()
    assert {lot.on_hand for lot in IngredientLot.objects.all()} == {Decimal("0.01"), Decimal(1000)}


def test_the_earliest_lot_expiry_caps_the_bud_and_the_record_lists_every_lot(world):
    from ldncare.web.pharmacy.documents import record_for

    order = pharmacy_world.make_order(world, stock=False)
    pharmacy_world.add_lot(world, order.pharmacy, lot_number="P1", expires_on=dt.date(2027, 1, 1))
    pharmacy_world.add_lot(world, order.pharmacy, material=MCC, lot_number="M1",
                           expires_on=dt.date(2026, 5, 1))
    batch = _start(world, order, prepared_on=dt.date(2026, 3, 1))
    assert batch.beyond_use["beyond_use_date"] == "2026-05-01"
    assert "lot M1" in batch.beyond_use["basis"]
    record = record_for(batch)
    assert [(line.lot, line.expires_on) for line in record.ingredient_lots] == [
        ("M1", dt.date(2026, 5, 1)), ("P1", dt.date(2027, 1, 1))]


@pytest.mark.parametrize(("changes", "field"), [
    ({"material": "chalk"}, "material"),
    ({"expires_on": dt.date(2020, 1, 1)}, "expires_on"),
    ({"quantity": "-1"}, "quantity"),
    ({"quantity": "lots"}, "quantity"),
    ({"assay_percent": ""}, "assay_percent"),
    ({"assay_percent": "80"}, "assay_percent"),
    ({"water_percent": "25"}, "water_percent"),
    ({"supplier": "  "}, "supplier"),
])
def test_a_lot_with_missing_or_impossible_details_is_not_booked_in(world, changes, field):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import IngredientLot

    with pytest.raises(services.PharmacyError) as refused:
        _receive(world, **changes)
    assert refused.value.field == field
    assert not IngredientLot.objects.exists()


def test_the_same_lot_number_cannot_be_received_twice(world):
    from ldncare.web.pharmacy import services

    _receive(world)
    with pytest.raises(services.PharmacyError, match="already in stock"):
        _receive(world)


def test_the_lots_page_receives_a_lot_and_a_pharmacist_releases_it(world, client, login):
    login(world.users["pharmacy_technician"])
    response = client.post(reverse("pharmacy:lots"), {
        "material": MCC, "lot_number": "AV-7", "supplier": "FMC", "certificate": "COA-AV-7",
        "expires_on": "2030-01-01", "quantity": "500"}, follow=True)
    assert "AV-7" in response.content.decode() and "In quarantine" in response.content.decode()
    from ldncare.web.pharmacy.models import IngredientLot

    lot = IngredientLot.objects.get()
    login(world.users["pharmacist"])
    response = client.post(reverse("pharmacy:decide_lot", args=[lot.pk]),
                           {"decision": "release"}, follow=True)
    assert "Released for use" in response.content.decode()


def test_the_lots_page_shows_a_refusal_beside_its_field(world, client, login):
    login(world.users["pharmacy_technician"])
    response = client.post(reverse("pharmacy:lots"), {
        "material": POWDER, "lot_number": "NX-2", "supplier": "Acme", "certificate": "C",
        "expires_on": "2030-01-01", "quantity": "10"})
    assert response.status_code == 200
    assert "Give the assay from the certificate" in response.content.decode()


def test_the_api_receives_and_releases_a_lot_and_refuses_bad_input_with_400(world, client, login):
    login(world.users["pharmacy_technician"])
    url = reverse("api:pharmacy_receive_lot")
    body = {"material": POWDER, "lot_number": "NX-3", "supplier": "Acme", "certificate": "C",
            "expires_on": "2030-01-01", "quantity": "10", "assay_percent": "99"}
    made = client.post(url, body, content_type="application/json")
    assert made.status_code == 201 and made.json()["status"] == "quarantine"
    bad = client.post(url, {**body, "lot_number": "NX-4", "assay_percent": "50"},
                      content_type="application/json")
    assert bad.status_code == 400 and "assay" in bad.json()["detail"]
    decision = reverse("api:pharmacy_decide_lot", args=[made.json()["id"]])
    assert client.post(decision, {"release": True}, content_type="application/json"
                       ).status_code == 403
    login(world.users["pharmacist"])
    released = client.post(decision, {"release": True}, content_type="application/json")
    assert released.status_code == 200 and released.json()["status"] == "released"


@pytest.mark.parametrize("changes", [
    {"lot_number": "X" * 61}, {"supplier": "S\x00"}, {"quantity": "1.00001"},
    {"assay_percent": "99.555"}, {"quantity": "1e400"}, {"water_percent": "1" * 30},
])
def test_the_api_refuses_lots_the_database_could_not_hold_with_the_error_body(world, client,
                                                                           login, changes):
    from ldncare.web.pharmacy.models import IngredientLot

    login(world.users["pharmacy_technician"])
    body = {"material": POWDER, "lot_number": "NX-5", "supplier": "Acme", "certificate": "C",
            "expires_on": "2030-01-01", "quantity": "10", "assay_percent": "99", **changes}
    answer = client.post(reverse("api:pharmacy_receive_lot"), body,
                         content_type="application/json")
    assert answer.status_code in (400, 422)  # 422: the schema's bounds; 400: the service's
    assert answer.json()["detail"] and answer.json()["errors"]
    assert not IngredientLot.objects.exists()


def test_a_batch_naming_an_impossible_lot_id_is_refused(world, client, login):
    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    answer = client.post(reverse("api:pharmacy_start_batch", args=[order.pk]),
                         {"line": "4.5", "formula": "ldn-capsules-mcc",
                          "lots": {POWDER: 2**70}}, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["errors"]


def test_a_tablet_lot_chosen_for_a_powder_batch_is_refused_not_ignored(world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Batch, IngredientLot

    order = pharmacy_world.make_order(world)
    tablets = IngredientLot.objects.get(pharmacy=order.pharmacy,
                                        material="naltrexone hydrochloride 50 mg tablets")
    with pytest.raises(services.PharmacyError, match="does not use naltrexone hydrochloride 50"):
        _start(world, order, lots={tablets.material: tablets.pk})
    assert not Batch.objects.exists()
