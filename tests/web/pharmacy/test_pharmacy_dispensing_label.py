"""The dispensing label, on 4 × 2 inch stock and as an A4 sheet: pharmacy,
Rx number with its barcode, patient, drug, directions, prescriber, dates, lot,
refills left and the LDN warnings."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def _batch(world):  # type: ignore[no-untyped-def]
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world, refills=2)
    return services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                formula_key="ldn-capsules-mcc", source="api")


def test_the_label_names_the_pharmacy_rx_refills_prescriber_and_warnings(world):
    from django.template.loader import render_to_string

    from ldncare.web.pharmacy.documents import barcode_svg, dispensing_label_for

    batch = _batch(world)
    doc = dispensing_label_for(batch)
    html = render_to_string("pharmacy/pdf/label.html", {"doc": doc,
                                                         "barcode": barcode_svg(doc.rx_number)})
    order = batch.order
    assert doc.rx_number == f"RX{order.prescription_id:07d}-0" and doc.refills_left == 2
    for text in ("Pharmacy P", "1 High Street", "01234 567890", doc.rx_number, batch.lot,
                 "Refills left: 2", "opioid", doc.prescriber, "<svg"):
        assert text in html, text
    assert "size: 4in 2in" in html


@pytest.mark.parametrize(("name", "template", "size"), [
    ("pharmacy:label_pdf", "pharmacy/pdf/label.html", (384, 192)),  # 4 × 2 in at 96 px/in
    ("pharmacy:label_sheet_pdf", "pharmacy/pdf/label_sheet.html", (794, 1123)),  # A4
])
def test_the_label_pdfs_are_one_page_of_label_stock_or_of_a4(world, client, login, name,
                                                             template, size):
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from ldncare.web.pharmacy.documents import barcode_svg, dispensing_label_for

    batch = _batch(world)
    login(world.users["pharmacist"])
    response = client.get(reverse(name, args=[batch.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    doc = dispensing_label_for(batch)
    pages = HTML(string=render_to_string(template, {
        "doc": doc, "barcode": barcode_svg(doc.rx_number), "copies": range(10)})).render().pages
    assert len(pages) == 1
    assert (round(pages[0].width), round(pages[0].height)) == size


def test_without_the_pharmacys_address_the_label_says_what_to_record(world, client, login):
    from ldncare.web.pharmacy.models import DispensingDetails

    batch = _batch(world)
    DispensingDetails.objects.filter(pharmacy=batch.order.pharmacy).delete()
    login(world.users["pharmacist"])
    response = client.get(reverse("pharmacy:label_pdf", args=[batch.pk]))
    assert response.status_code == 409
    assert "pharmacy address" in response.content.decode()


def test_a_pharmacist_records_the_address_and_phone_and_a_technician_cannot(world, client,
                                                                            login):
    from ldncare.web.pharmacy.models import DispensingDetails

    login(world.users["pharmacy_technician"])
    assert client.post(reverse("pharmacy:details"),
                       {"address": "2 Mill Lane", "phone": "0207 000 0000"}).status_code == 403
    login(world.users["pharmacist"])
    missing = client.post(reverse("pharmacy:details"), {"address": "2 Mill Lane", "phone": "none"})
    assert "Give a phone number" in missing.content.decode()
    client.post(reverse("pharmacy:details"), {"address": "2 Mill Lane", "phone": "0207 000 0000"})
    assert DispensingDetails.objects.get(pharmacy=world.pharmacy).phone == "0207 000 0000"
