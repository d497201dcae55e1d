"""Demo orders, batches and shipments that fit each demo patient's pathway
state. Needs the prescriptions the prescribing demo makes; a patient without
one gets nothing. Idempotent: a patient who already has an order is skipped."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ldncare.compounding.inventory import POWDER, material_units
from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.models import Patient
from ldncare.web.pharmacy import services
from ldncare.web.pharmacy.models import DispensingDetails, IngredientLot
from ldncare.web.pharmacy.queries import fill_plan

MADE = {State.SHIPPED, State.ACTIVE, State.STOPPED}
WAITING = {State.SENT_TO_PHARMACY}


@transaction.atomic
def load_demo(clinic: Organisation, pharmacy: Organisation) -> None:
    technician = User.objects.filter(organisation=pharmacy, role="pharmacy_technician").first()
    pharmacist = User.objects.filter(organisation=pharmacy, role="pharmacist").first()
    if technician is None or pharmacist is None:
        return
    _stock(pharmacy, technician, pharmacist)
    patients = Patient.objects.filter(clinic=clinic, state__in=[s.value for s in MADE | WAITING])
    for patient in patients:
        prescription = patient.prescriptions.filter(pharmacy=pharmacy).first()
        if prescription is None or patient.orders.exists():
            continue
        order = services.create_order(prescription)
        if patient.pathway_state in MADE:
            _make_and_ship(order, technician, pharmacist)


#: Demo certificate values for the naltrexone powder lot (a hydrate-like 2.5% water).
DEMO_ASSAY, DEMO_WATER = "99.2", "2.5"


def _stock(pharmacy: Organisation, technician: User, pharmacist: User) -> None:
    """Dispensing details (a fictional address), and one received, released lot
    of every ingredient, expiring in two years."""
    if not DispensingDetails.objects.filter(pharmacy=pharmacy).exists():
        services.set_dispensing_details(by=pharmacist, address="12 Demo Street\nExampletown EX1 2MP",
                                        phone="01632 960000")
    today = timezone.localdate()
    for index, material in enumerate(material_units()):
        if IngredientLot.objects.filter(pharmacy=pharmacy, material=material).exists():
            continue
        powder = material == POWDER
        lot = services.receive_lot(
            by=technician, material=material, lot_number=f"DEMO-{index + 1:03d}",
            supplier="Demo Chemicals Ltd", certificate=f"COA-DEMO-{index + 1:03d}",
            expires_on=today + dt.timedelta(days=730), quantity="5000",
            assay_percent=DEMO_ASSAY if powder else "", water_percent=DEMO_WATER if powder else "")
        services.decide_lot(lot, pharmacist=pharmacist, release=True)


def _make_and_ship(order, technician: User, pharmacist: User) -> None:  # type: ignore[no-untyped-def]
    """A first fill made from powder, weighed, verified by the pharmacist and shipped."""
    plan = fill_plan(order)
    for line in plan.lines:
        formula = "ldn-liquid-fawcett" if line.kind == "liquid" else "ldn-capsules-mcc"
        batch = services.start_batch(order, by=technician, line=line.key, formula_key=formula,
                                     source="api")
        target = services.weight_target(batch)
        services.record_weights(batch, by=technician, weights=[str(target)] * 5)
        services.verify_batch(batch, pharmacist=pharmacist)
    if plan.lines:
        services.ship_order(order, by=technician, carrier="Royal Mail",
                            tracking_number=f"RM{order.pk:09d}GB")
