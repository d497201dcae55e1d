"""Each trial kit is a real pharmacy batch: ingredient lots drawn and traced,
weights checked, released only by a second person, a batch record that says
the real content (placebo = filler only), and a kit label that names the code
and both possible contents, never the content."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from ldntest.world import log_in

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db


def _kits(trial):  # type: ignore[no-untyped-def]
    periods = list(trial.periods.select_related("batch"))
    return (next(p for p in periods if p.arm == "active"),
            next(p for p in periods if p.arm == "comparator"))


def test_each_kit_batch_draws_traced_lots_and_a_placebo_draws_filler_only(world):
    from ldncare.compounding.inventory import POWDER
    from ldncare.web.trials.services import start_kit_batch

    trial = trials_world.make_trial(world)
    for period in trial.periods.all():
        start_kit_batch(period, by=world.users["pharmacy_technician"])
    trial.refresh_from_db()
    active, placebo = _kits(trial)
    active_lots = {u.lot.material for u in active.batch.ingredient_lots.select_related("lot")}
    placebo_lots = {u.lot.material for u in placebo.batch.ingredient_lots.select_related("lot")}
    assert POWDER in active_lots and len(active_lots) == 2
    assert POWDER not in placebo_lots and len(placebo_lots) == 1
    assert Decimal(placebo.batch.strength) == 0 and Decimal(active.batch.strength) == Decimal("4.5")
    # Same capsule and fill weight: the weight check cannot tell them apart either.
    assert active.batch.calculation["fill_weight_mg"] == placebo.batch.calculation["fill_weight_mg"]
    assert active.kit_lot == active.batch.lot and active.batch.order == trial.kit_order
    assert trial.periods.values("batch__order").distinct().count() == 1


def test_a_kit_is_labelled_only_after_a_second_person_verified_its_batch(world):
    from ldncare.web.pharmacy.services import PharmacyError, record_weights, verify_batch
    from ldncare.web.trials.services import TrialFormError, record_kit, start_kit_batch

    trial = trials_world.make_trial(world)
    period = trial.periods.first()
    rph = world.users["pharmacist"]
    with pytest.raises(TrialFormError, match="start its batch first"):
        record_kit(period, by=rph)
    batch = start_kit_batch(period, by=rph)
    batch = record_weights(batch, by=rph, weights=[batch.calculation["fill_weight_mg"]] * 10)
    with pytest.raises(TrialFormError, match="not verified"):
        record_kit(period, by=rph)
    with pytest.raises(PharmacyError, match="Not released"):
        verify_batch(batch, pharmacist=rph)  # the preparer cannot release their own batch


def test_a_kit_whose_batch_failed_its_weights_gets_a_new_batch(world):
    from ldncare.web.pharmacy.services import record_weights
    from ldncare.web.trials.services import TrialFormError, start_kit_batch

    trial = trials_world.make_trial(world)
    period = trial.periods.first()
    tech = world.users["pharmacy_technician"]
    first = start_kit_batch(period, by=tech)
    with pytest.raises(TrialFormError, match="already has batch"):
        start_kit_batch(period, by=tech)
    record_weights(first, by=tech, weights=["150"] * 10)
    second = start_kit_batch(period, by=tech)
    period.refresh_from_db()
    assert second.lot != first.lot and period.batch == second


def test_the_batch_record_says_the_real_content(world):
    from ldncare.web.pharmacy.documents import record_for

    trial = trials_world.make_kits(world, trials_world.make_trial(world))
    active, placebo = _kits(trial)
    placebo_record, active_record = record_for(placebo.batch), record_for(active.batch)
    assert [name for name, _, _ in placebo_record.ingredients] == [
        "microcrystalline cellulose (Avicel)"]
    assert any("placebo: filler only, no naltrexone" in line for line in placebo_record.working)
    assert any("naltrexone" in name for name, _, _ in active_record.ingredients)
    assert placebo_record.verified_by == world.users["pharmacist"].full_name


def test_the_kit_label_names_the_code_and_both_arms_never_the_content(world):
    from ldncare.web.trials.documents import kit_label_for

    trial = trials_world.make_kits(world, trials_world.make_trial(world))
    labels = {p.arm: (p, kit_label_for(p)) for p in trial.periods.select_related("batch")}
    for period, label in labels.values():
        assert period.code in label.drug
        assert label.strength == "naltrexone hydrochloride 4.5 mg or placebo"
        assert label.patient and label.prescriber and label.pharmacy.address
        assert label.rx_number.startswith(f"RX{trial.prescription_id:07d}-T{trial.pk}-")
        assert label.lot == period.batch.lot and label.beyond_use_date > label.dispensed_on
        assert label.warnings and label.refills_left == 0
    active_label, placebo_label = labels["active"][1], labels["comparator"][1]
    assert active_label.strength == placebo_label.strength
    assert active_label.quantity == placebo_label.quantity


def test_the_kit_label_of_a_two_dose_trial_names_both_doses(world):
    from ldncare.web.trials.documents import kit_label_for

    trial = trials_world.make_kits(world, trials_world.make_trial(
        world, active_mg=Decimal("4.5"), comparator_mg=Decimal("1.5")))
    label = kit_label_for(trial.periods.first())
    assert label.strength == "naltrexone hydrochloride 4.5 mg or 1.5 mg"


def test_the_kit_label_waits_for_the_verified_batch_and_the_ordinary_label_is_refused(world, client):
    from ldncare.web.trials.services import start_kit_batch

    trial = trials_world.make_trial(world)
    period = trial.periods.first()
    log_in(client, world.users["pharmacist"])
    url = f"/trials/{trial.pk}/kits/{period.number}/label.pdf"
    assert client.get(url).status_code == 409
    batch = start_kit_batch(period, by=world.users["pharmacy_technician"])
    # The ordinary dispensing label would print the strength: a kit batch has none.
    assert client.get(f"/pharmacy/batches/{batch.pk}/label.pdf").status_code == 409
    assert "trial kit label" in client.get(f"/pharmacy/batches/{batch.pk}/").content.decode()


def test_the_kit_label_pdf_is_made_once_the_batch_is_verified(world, client):
    trial = trials_world.make_kits(world, trials_world.make_trial(world))
    log_in(client, world.users["pharmacy_technician"])
    response = client.get(f"/trials/{trial.pk}/kits/1/label.pdf")
    assert response.status_code in (200, 503)  # 503: WeasyPrint missing on this machine
    if response.status_code == 200:
        assert response["Content-Type"] == "application/pdf"


def test_only_the_pharmacy_sees_the_kit_order(world):
    from ldncare.web.access import orders_visible_to
    from ldncare.web.pharmacy.queries import order_queue

    trial = trials_world.make_kits(world, trials_world.make_trial(world))
    assert trial.status == "kits_ready" and trial.kit_order.status == "verified"
    for role in ("patient", "prescriber", "clinic_staff"):
        assert not orders_visible_to(world.users[role]).filter(pk=trial.kit_order_id).exists()
    assert orders_visible_to(world.users["pharmacist"]).filter(pk=trial.kit_order_id).exists()
    assert not order_queue(world.users["pharmacist"]).filter(pk=trial.kit_order_id).exists()


def test_a_recall_of_the_filler_lot_reaches_the_kits_for_the_pharmacy_only(world):
    from ldncare.web.pharmacy.queries import recall_for

    trial = trials_world.make_kits(world, trials_world.make_trial(world))
    _, placebo = _kits(trial)
    filler = placebo.batch.ingredient_lots.select_related("lot").get().lot
    found = recall_for(world.users["pharmacist"], filler.lot_number)
    kits = {b.lot: b for b in found.batches if b.order_id == trial.kit_order_id}
    assert len(kits) == trial.periods.count()
    assert kits[placebo.batch.lot].description == "14 placebo capsules (filler only)"
    seen_by_clinic = recall_for(world.users["prescriber"], placebo.batch.lot)
    assert seen_by_clinic.kind == "none"
