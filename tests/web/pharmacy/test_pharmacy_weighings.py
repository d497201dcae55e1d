"""The batch form takes the powder lot's water content, and the batch page
lists every weighing, none below the balance's minimum weight."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def _start(client, order, line: str, water: str):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return client.post(reverse("pharmacy:start_batch", args=[order.pk]), {
        "version": order.version, "line": line, "formula": "ldn-capsules-mcc",
        "source": "api", "assay_percent": "100", "water_percent": water}, follow=True)


def test_the_water_content_entered_on_the_form_raises_the_powder_weighed(world, client, login):
    from ldncare.web.pharmacy.models import Batch

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    response = _start(client, order, "3", "8.7")  # 14 × 3 mg = 42 mg of pure drug
    assert response.status_code == 200
    batch = Batch.objects.get()
    assert batch.calculation["powder_mg"] == "46"  # 42 × 100 / 91.3 = 46.0
    body = response.content.decode()
    assert "naltrexone hydrochloride powder: <strong>46 mg</strong>" in body


def test_two_capsules_are_made_through_a_trituration_shown_weighing_by_weighing(
        world, client, login):
    from ldncare.web.pharmacy.models import Batch

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    body = _start(client, order, "4.5", "0").content.decode()  # 2 × 4.5 mg = 9 mg
    weighings = Batch.objects.get().calculation["weighings"]
    assert weighings[0]["what"] == "naltrexone hydrochloride powder for the trituration"
    assert all(float(w["mg"]) >= 20 for w in weighings)
    assert "trituration for the batch" in body


def test_a_water_content_that_is_not_a_number_is_refused_beside_the_field(world, client, login):
    from ldncare.web.pharmacy.models import Batch

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    response = _start(client, order, "3", "lots")
    assert response.status_code == 200
    assert "Enter a number" in response.content.decode()
    assert not Batch.objects.exists()
