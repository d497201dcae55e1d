"""Builders for pharmacy tests: a prescription with its plan for a world
patient, and an order ready for the bench."""

from __future__ import annotations

import datetime as dt


def make_prescription(world, patient=None, *, form="capsules", strengths=("1.5", "3", "4.5"),  # type: ignore[no-untyped-def]
                      concentration=None, days_per_fill=30, refills=2, start=None, stock=True):
    """A prescription with its plan; its pharmacy is stocked with released
    ingredient lots unless ``stock`` is False."""
    from django.utils import timezone

    from ldncare.dosing import build_plan, load_library
    from ldncare.web.care.models import PlanVersion, Prescription, Screening

    patient = patient or world.patient
    clinic_is_a = patient.clinic_id == world.clinic.pk
    pharmacy = world.pharmacy if clinic_is_a else world.other_pharmacy
    prescriber = world.users["prescriber"]
    screening = Screening.objects.create(
        patient=patient, trigger="intake", verdict="ok", rule_set_version="test",
        inputs={}, result={}, screened_on=timezone.localdate())
    prescription = Prescription.objects.create(
        patient=patient, prescriber=prescriber, pharmacy=pharmacy, screening=screening,
        protocol="standard", form=form, strengths_mg=list(strengths) if form == "capsules" else [],
        concentration_mg_per_ml=concentration, days_per_fill=days_per_fill, refills=refills)
    plan = build_plan(load_library().get("standard"), start or timezone.localdate())
    PlanVersion.objects.create(prescription=prescription, version=1, plan=plan.as_dict(),
                               data_version=plan.data_version, change_kind="created",
                               created_by=prescriber)
    if stock:
        stock_lots(world, pharmacy)
    dispensing_details(pharmacy)
    return prescription


def dispensing_details(pharmacy):  # type: ignore[no-untyped-def]
    """The address and phone ``pharmacy``'s labels print."""
    from ldncare.web.pharmacy.models import DispensingDetails

    DispensingDetails.objects.get_or_create(
        pharmacy=pharmacy, defaults={"address": "1 High Street\nTown AB1 2CD",
                                     "phone": "01234 567890"})


def make_order(world, patient=None, *, stock=True, **options):  # type: ignore[no-untyped-def]
    """An order for ``patient`` (default the world's), its pharmacy stocked
    with released ingredient lots unless ``stock`` is False."""
    from ldncare.web.pharmacy.services import create_order

    return create_order(make_prescription(world, patient, stock=stock, **options))


def a_day() -> dt.date:
    return dt.date(2026, 3, 1)


def stock_lots(world, pharmacy=None, *, expires_on=None, assay="99.5", water="0"):  # type: ignore[no-untyped-def]
    """Released lots of every ingredient at ``pharmacy`` (default: both of the
    world's pharmacies), plenty of each, expiring in two years unless
    ``expires_on`` says otherwise. Calling it again adds nothing."""
    from decimal import Decimal

    from django.utils import timezone

    from ldncare.compounding.inventory import POWDER, material_units
    from ldncare.web.pharmacy.models import IngredientLot, LotStatus

    expiry = expires_on or timezone.localdate() + dt.timedelta(days=730)
    pharmacies = [pharmacy] if pharmacy else [world.pharmacy, world.other_pharmacy]
    pharmacist = world.users["pharmacist"]
    made = []
    for place in pharmacies:
        for index, (material, unit) in enumerate(sorted(material_units().items())):
            lot, _ = IngredientLot.objects.get_or_create(
                pharmacy=place, material=material, lot_number=f"STOCK-{index:02d}",
                defaults={"supplier": "Test supplier", "certificate": f"COA-{index:02d}",
                          "expires_on": expiry, "unit": unit,
                          "assay_percent": Decimal(assay) if material == POWDER else None,
                          "water_percent": Decimal(water) if material == POWDER else None,
                          "quantity_received": Decimal(100000), "on_hand": Decimal(100000),
                          "status": LotStatus.RELEASED, "received_by": pharmacist,
                          "released_by": pharmacist, "released_at": timezone.now()})
            made.append(lot)
    return made


def add_lot(world, pharmacy, *, material="naltrexone hydrochloride powder", lot_number="A1",  # type: ignore[no-untyped-def]
            expires_on=None, status="released", on_hand="1000", assay="99.5", water="0"):
    """One ingredient lot at ``pharmacy`` (released unless ``status`` says otherwise)."""
    from decimal import Decimal

    from django.utils import timezone

    from ldncare.compounding.inventory import POWDER, material_units
    from ldncare.web.pharmacy.models import IngredientLot

    powder = material == POWDER
    return IngredientLot.objects.create(
        pharmacy=pharmacy, material=material, lot_number=lot_number, supplier="Test supplier",
        certificate=f"COA-{lot_number}", unit=material_units()[material],
        expires_on=expires_on or timezone.localdate() + dt.timedelta(days=365),
        assay_percent=Decimal(assay) if powder else None,
        water_percent=Decimal(water) if powder else None,
        quantity_received=Decimal(on_hand), on_hand=Decimal(on_hand), status=status,
        received_by=world.users["pharmacist"])
