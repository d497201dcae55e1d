"""When the prescriber stops a blinded trial early, the pharmacy's kit order
that has not shipped is cancelled with the reason, through the pharmacy's own
service (audited like any cancellation): the pharmacy's kit queue and kit page
say to make and ship no more kits, and kit batches already made stay on
record. A kit order that already shipped is left as it is."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.urls import reverse

from ldntest.world import log_in

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db

CLINICAL_REASON = "New severe insomnia and vivid dreams"


def _trial_with_one_kit_batch(world):  # type: ignore[no-untyped-def]
    """A designed trial whose first kit's batch the bench has started."""
    from ldncare.web.trials.services import start_kit_batch

    trial = trials_world.make_trial(world)
    trials_world.pharmacy_world.dispensing_details(trial.pharmacy)
    batch = start_kit_batch(trial.periods.first(), by=world.users["pharmacy_technician"])
    trial.refresh_from_db()
    return trial, batch


def _stop_on_the_page(client, world, trial):  # type: ignore[no-untyped-def]
    log_in(client, world.users["prescriber"])
    response = client.post(reverse("trials:stop", args=[trial.pk]),
                           {"stop-reason": CLINICAL_REASON})
    assert response.status_code == 302, response.content[:400]
    client.logout()


def test_stopping_the_trial_cancels_the_kit_order_and_keeps_the_batch(world, client):
    from ldncare.web.pharmacy.models import Batch

    trial, batch = _trial_with_one_kit_batch(world)
    assert trial.kit_order.status == "in_progress"
    _stop_on_the_page(client, world, trial)
    order = trial.kit_order
    order.refresh_from_db()
    assert order.status == "cancelled" and order.closed_by == world.users["prescriber"]
    assert "stopped early" in order.closed_reason and "no more kits" in order.closed_reason
    # The batch already made stays on the order, on record.
    assert Batch.objects.filter(pk=batch.pk, order=order).exists()


def test_the_pharmacys_kit_queue_and_kit_page_say_why_no_more_kits_are_made(world, client):
    trial, batch = _trial_with_one_kit_batch(world)
    _stop_on_the_page(client, world, trial)
    log_in(client, world.users["pharmacist"])
    queue = client.get(reverse("trials:index")).content.decode()
    assert 'data-testid="kit-order-cancelled"' in queue
    assert "make and ship no more kits" in queue and "stopped early" in queue
    kits = client.get(reverse("trials:kits", args=[trial.pk])).content.decode()
    assert 'data-testid="kit-order-cancelled"' in kits and batch.lot in kits
    assert 'data-testid="start-batch-' not in kits
    order = client.get(reverse("pharmacy:order", args=[trial.kit_order_id])).content.decode()
    assert "Cancelled" in order and "stopped early" in order


def test_the_pharmacy_reads_that_the_trial_stopped_but_not_the_clinical_reason(world, client):
    trial, _ = _trial_with_one_kit_batch(world)
    _stop_on_the_page(client, world, trial)
    trial.kit_order.refresh_from_db()
    assert CLINICAL_REASON not in trial.kit_order.closed_reason
    log_in(client, world.users["pharmacist"])
    assert CLINICAL_REASON not in client.get(reverse("trials:kits", args=[trial.pk])).content.decode()


def test_the_cancellation_of_the_kit_order_is_audited(world, client):
    from auditlog.models import LogEntry

    trial, _ = _trial_with_one_kit_batch(world)
    _stop_on_the_page(client, world, trial)
    entry = LogEntry.objects.get_for_object(trial.kit_order).order_by("-timestamp", "-id").first()
    assert entry.changes_dict["status"][1] == "cancelled"
    assert "stopped early" in entry.changes_dict["closed_reason"][1]
    assert entry.actor == world.users["prescriber"]


def test_a_kit_order_that_already_shipped_stays_shipped(world):
    from ldncare.web.trials.services import stop_trial

    trial, _ = _trial_with_one_kit_batch(world)
    trial.kit_order.status = "shipped"  # (as if every kit had gone out to the patient)
    trial.kit_order.save(update_fields=["status"])
    stop_trial(trial, by=world.users["prescriber"], reason=CLINICAL_REASON)
    trial.kit_order.refresh_from_db()
    assert trial.kit_order.status == "shipped" and trial.kit_order.closed_reason == ""


def test_a_trial_stopped_before_any_kit_was_started_has_no_order_to_cancel(world):
    from ldncare.web.trials.services import stop_trial

    trial = trials_world.make_trial(world)
    trial = stop_trial(trial, by=world.users["prescriber"], reason=CLINICAL_REASON)
    assert trial.status == "stopped" and trial.kit_order_id is None


def test_only_a_trials_prescriber_or_a_pharmacist_cancels_a_kit_order_and_only_a_kit_order(world):
    from ldncare.web.pharmacy.services import PharmacyError, cancel_kit_order

    trial, _ = _trial_with_one_kit_batch(world)
    with pytest.raises(PharmacyError, match="Only the patient's prescriber"):
        cancel_kit_order(trial.kit_order, by=world.users["pharmacy_technician"],
                         reason="Trial stopped")
    ordinary = trials_world.pharmacy_world.make_order(world)
    with pytest.raises(PharmacyError, match="no trial kits"):
        cancel_kit_order(ordinary, by=world.users["pharmacist"], reason="Trial stopped")
    trial.kit_order.refresh_from_db()
    ordinary.refresh_from_db()
    assert trial.kit_order.status == "in_progress" and ordinary.status == "received"
