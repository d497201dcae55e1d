"""The pharmacy's order page names the patient by their legal name and shows
the address the medicine is posted to."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ldntest.world import log_in

pytestmark = pytest.mark.django_db


def test_the_order_page_shows_the_legal_name_birth_date_and_shipping_address(client, world):
    patient = world.patient
    log_in(client, world.users["pharmacist"])
    page = client.get(reverse("pharmacy:order", args=[world.order.pk])).content.decode()
    assert f"Legal name: <strong>{patient.user.full_name}</strong>" in page
    assert ", ".join(patient.shipping_address) in page
    assert patient.phone in page
