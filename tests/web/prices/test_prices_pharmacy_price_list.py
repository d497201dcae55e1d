"""The pharmacist keeps the price list: packs by form, strength and size, a
currency and shipping. Bad input is refused beside the field with nothing
lost; the bench may read it but not change it; every change is audited."""

from __future__ import annotations

from decimal import Decimal

from auditlog.models import LogEntry
from django.urls import reverse

from ldncare.web.pharmacy.models import Price, PriceSettings

URL = reverse("pharmacy:prices")


def test_a_pharmacist_adds_a_pack_and_sees_it_listed(world, login):
    client = login(world.users["pharmacist"])
    response = client.post(URL, {"action": "price", "form": "capsule", "strength": "4.5",
                                 "quantity": "30", "price": "22.50"})
    assert response.status_code == 302
    price = Price.objects.get(pharmacy=world.pharmacy)
    assert (price.strength, price.quantity, price.price) == (Decimal("4.5"), 30, Decimal("22.50"))
    page = client.get(URL).content.decode()
    assert "£22.50" in page and "4.5 mg" in page and "30 capsules" in page


def test_the_same_pack_again_changes_its_price_rather_than_adding_a_second(world, login):
    client = login(world.users["pharmacist"])
    for price in ("22.50", "24.00"):
        client.post(URL, {"action": "price", "form": "capsule", "strength": "4.5",
                          "quantity": "30", "price": price})
    assert list(Price.objects.values_list("price", flat=True)) == [Decimal("24.00")]


def test_a_negative_price_is_refused_beside_the_field_and_the_input_kept(world, login):
    client = login(world.users["pharmacist"])
    response = client.post(URL, {"action": "price", "form": "capsule", "strength": "4.5",
                                 "quantity": "30", "price": "-3"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A price cannot be negative." in page
    assert 'value="-3"' in page and 'value="4.5"' in page
    assert not Price.objects.exists()


def test_a_pack_of_zero_capsules_is_refused(world, login):
    response = login(world.users["pharmacist"]).post(URL, {
        "action": "price", "form": "capsule", "strength": "4.5", "quantity": "0", "price": "3"})
    assert response.status_code == 400
    assert "Enter a number above zero." in response.content.decode()


def test_currency_and_shipping_are_saved_and_empty_shipping_means_not_set(world, login):
    client = login(world.users["pharmacist"])
    assert client.post(URL, {"action": "settings", "currency": "EUR",
                             "shipping": "6.50"}).status_code == 302
    settings = PriceSettings.objects.get(pharmacy=world.pharmacy)
    assert (settings.currency, settings.shipping) == ("EUR", Decimal("6.50"))
    assert "€6.50" in client.get(URL).content.decode()
    client.post(URL, {"action": "settings", "currency": "EUR", "shipping": ""})
    settings.refresh_from_db()
    assert settings.shipping is None
    assert "price not set" in client.get(URL).content.decode()


def test_the_technician_reads_the_list_but_cannot_change_it(world, login):
    client = login(world.users["pharmacy_technician"])
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"action": "price", "form": "capsule", "strength": "4.5",
                                 "quantity": "30", "price": "1"})
    assert response.status_code == 403
    assert not Price.objects.exists()


def test_a_price_change_is_in_the_audit_log(world, login):
    login(world.users["pharmacist"]).post(URL, {"action": "price", "form": "capsule",
                                                "strength": "3", "quantity": "30",
                                                "price": "20"})
    assert LogEntry.objects.get_for_model(Price).count() == 1


def test_removing_a_pack_takes_it_off_the_list(world, login):
    client = login(world.users["pharmacist"])
    client.post(URL, {"action": "price", "form": "capsule", "strength": "3", "quantity": "30",
                      "price": "20"})
    price = Price.objects.get()
    assert client.post(URL, {"action": "remove", "price_id": price.pk}).status_code == 302
    assert not Price.objects.exists()
