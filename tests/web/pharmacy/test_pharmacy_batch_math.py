"""Starting a batch shows the core's working, refuses tablets that do not
divide (with the proposed quantities), and dates the batch by its formula's
category and storage — never by an ingredient's expiry alone."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


def test_the_order_lines_come_from_the_plans_supply_for_this_fill(world):
    from ldncare.web.pharmacy.queries import fill_plan

    order = pharmacy_world.make_order(world)
    lines = {line.key: int(line.quantity) for line in fill_plan(order).lines}
    assert lines == {"4.5": 2, "3": 14, "1.5": 14}


def test_tablets_that_do_not_divide_are_refused_with_the_nearest_quantities(world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Batch

    order = pharmacy_world.make_order(world)
    with pytest.raises(services.PharmacyError) as refused:
        services.start_batch(order, by=world.users["pharmacy_technician"], line="3",
                             formula_key="ldn-capsules-mcc", source="tablets")
    assert "tablets are whole" in str(refused.value)
    assert refused.value.proposal.more == 50
    assert not Batch.objects.exists()


def test_the_page_shows_the_tablet_message_and_the_proposal(world, client, login):
    from django.urls import reverse

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    response = client.post(reverse("pharmacy:start_batch", args=[order.pk]), {
        "version": order.version, "line": "3", "formula": "ldn-capsules-mcc",
        "source": "tablets"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "tablets are whole" in body and "50 capsules" in body


def test_the_bud_follows_the_formula_category_and_says_its_basis(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                 formula_key="ldn-capsules-mcc", source="api",
                                 prepared_on=dt.date(2026, 3, 1))
    assert batch.beyond_use["beyond_use_date"] == "2026-08-27"  # 180 days, 1 March as day 1
    assert "USP <795>" in batch.beyond_use["basis"]
    assert batch.lot.startswith("LDN-20260301-")


def test_an_ingredient_expiring_sooner_caps_the_bud_and_the_basis_says_so(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    pharmacy_world.add_lot(world, order.pharmacy, lot_number="A1", expires_on=dt.date(2026, 4, 1))
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                 formula_key="ldn-capsules-mcc", source="api",
                                 prepared_on=dt.date(2026, 3, 1))
    assert batch.beyond_use["beyond_use_date"] == "2026-04-01"
    assert "capped at the expiry" in batch.beyond_use["basis"]


def test_a_cited_stability_study_is_named_and_capped(world):
    from ldncare.web.pharmacy import services

    order = pharmacy_world.make_order(world)
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                                 formula_key="ldn-capsules-mcc", source="api",
                                 prepared_on=dt.date(2026, 3, 1), study="cote-2018")
    assert batch.beyond_use["days"] == 180 and "cote-2018" in batch.beyond_use["basis"]
    assert "limited to 180 days" in batch.beyond_use["basis"]


def test_a_liquid_study_is_refused_for_a_strength_it_did_not_test(world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.models import Batch
    from ldncare.web.pharmacy.queries import fill_plan

    order = pharmacy_world.make_order(world, form="oral_liquid", concentration="2")
    (line,) = fill_plan(order).lines
    with pytest.raises(services.PharmacyError, match="tested 1 mg/mL only, not 2 mg/mL"):
        services.start_batch(order, by=world.users["pharmacy_technician"], line=line.key,
                             formula_key="ldn-liquid-fawcett", source="api",
                             study="fawcett-1997-refrigerated")
    assert not Batch.objects.exists()


def test_a_liquid_order_is_one_line_and_uses_a_liquid_formula(world):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.queries import fill_plan

    order = pharmacy_world.make_order(world, form="oral_liquid", concentration="1")
    (line,) = fill_plan(order).lines
    assert line.kind == "liquid"
    batch = services.start_batch(order, by=world.users["pharmacy_technician"], line=line.key,
                                 formula_key="ldn-liquid-fawcett", source="api")
    assert batch.is_liquid and batch.beyond_use["storage"] in ("refrigerator", "room_temperature")
    with pytest.raises(services.PharmacyError, match="needs a liquid"):
        order2 = pharmacy_world.make_order(world, form="oral_liquid", concentration="1")
        services.start_batch(order2, by=world.users["pharmacy_technician"], line=line.key,
                             formula_key="ldn-capsules-mcc", source="api")
