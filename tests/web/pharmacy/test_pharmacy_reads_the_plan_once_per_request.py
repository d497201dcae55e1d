"""A pharmacy request parses and validates the stored plan once: the order
page, and a batch refused by the service and shown again with its message."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location("pharmacy_world",
                                               Path(__file__).parent / "pharmacy_world.py")
pharmacy_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pharmacy_world)


@pytest.fixture
def parses(monkeypatch):  # type: ignore[no-untyped-def]
    """How many times a stored plan is parsed (``TitrationPlan.from_dict``)."""
    from ldncare.dosing import TitrationPlan

    counted = []
    real = TitrationPlan.from_dict.__func__

    def counting(cls, data):  # type: ignore[no-untyped-def]
        counted.append(1)
        return real(cls, data)

    monkeypatch.setattr(TitrationPlan, "from_dict", classmethod(counting))
    return counted


def test_the_order_page_parses_the_plan_once(world, client, login, parses):
    from django.urls import reverse

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    parses.clear()
    response = client.get(reverse("pharmacy:order", args=[order.pk]))
    assert response.status_code == 200 and len(parses) == 1


def test_a_refused_batch_reads_the_plan_once_and_shows_the_message(world, client, login, parses):
    from django.urls import reverse

    order = pharmacy_world.make_order(world)
    login(world.users["pharmacy_technician"])
    parses.clear()
    response = client.post(reverse("pharmacy:start_batch", args=[order.pk]), {
        "version": order.version, "line": "3", "formula": "ldn-capsules-mcc",
        "source": "tablets"})
    assert response.status_code == 200 and "tablets are whole" in response.content.decode()
    assert len(parses) == 1


def test_a_started_batch_reads_the_plan_once(world, parses):
    from ldncare.web.pharmacy import services
    from ldncare.web.pharmacy.queries import fill_plan

    order = pharmacy_world.make_order(world)
    parses.clear()
    fill_plan(order)
    services.start_batch(order, by=world.users["pharmacy_technician"], line="4.5",
                         formula_key="ldn-capsules-mcc", source="api")
    # At most once: pricing the new order may already have read (and kept) it.
    assert len(parses) <= 1


def test_a_changed_plan_is_read_again_after_the_row_is_locked(world, parses):
    from ldncare.dosing import advance
    from ldncare.web.care.models import PlanVersion
    from ldncare.web.pharmacy.queries import fill_plan

    order = pharmacy_world.make_order(world)
    fill_plan(order)
    current = order.prescription.current_plan()
    newer = advance(current.titration_plan(), current.titration_plan().start, actor="dr",
                    reason="doing well")
    PlanVersion.objects.create(prescription=order.prescription, version=2, plan=newer.as_dict(),
                               data_version=newer.data_version, change_kind="advanced",
                               created_by=world.users["prescriber"])
    parses.clear()
    from ldncare.web.pharmacy.models import Order

    fresh = Order.objects.get(pk=order.pk)
    assert fill_plan(fresh, known=order).plan.version == 2 and len(parses) == 1
