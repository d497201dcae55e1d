"""The batch takes the powder lot's certificate water content, and the batch
page lists every weighing, none below the balance's minimum weight."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def _order(world, water: str = "0"):  # type: ignore[no-untyped-def]
    """An order whose pharmacy's only powder lot has ``water`` % water (assay 100%)."""
    order = pharmacy_world.make_order(world, stock=False)
    pharmacy_world.stock_lots(world, order.pharmacy, assay="100", water=water)
    return order


def _start(client, order, line: str):  # type: ignore[no-untyped-def]
    from django.urls import reverse

    return client.post(reverse("pharmacy:start_batch", args=[order.pk]), {
        "version": order.version, "line": line, "formula": "ldn-capsules-mcc",
        "source": "api"}, follow=True)


def test_the_water_content_of_the_powder_lot_raises_the_powder_weighed(world, client, login):
    from ldncare.web.pharmacy.models import Batch

    order = _order(world, water="8.7")
    login(world.users["pharmacy_technician"])
    response = _start(client, order, "3")  # 14 × 3 mg = 42 mg of pure drug
    assert response.status_code == 200
    batch = Batch.objects.get()
    assert batch.calculation["powder_mg"] == "46"  # 42 × 100 / 91.3 = 46.0
    body = response.content.decode()
    assert "naltrexone hydrochloride powder: <strong>46 mg</strong>" in body


def test_two_capsules_are_made_through_a_trituration_shown_weighing_by_weighing(
        world, client, login):
    from ldncare.web.pharmacy.models import Batch

    order = _order(world)
    login(world.users["pharmacy_technician"])
    body = _start(client, order, "4.5").content.decode()  # 2 × 4.5 mg = 9 mg
    weighings = Batch.objects.get().calculation["weighings"]
    assert weighings[0]["what"] == "naltrexone hydrochloride powder for the trituration"
    assert all(float(w["mg"]) >= 20 for w in weighings)
    assert "trituration for the batch" in body
