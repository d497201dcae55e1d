"""Demo orders, batches and shipments that fit each demo patient's pathway
state and dates, and the pharmacy's demo price list. Needs the prescriptions
the prescribing demo makes; a patient without one gets nothing.

A patient on LDN has every fill their plan has needed so far (the first
before their first dose, a refill ten days before the last one runs out),
each made, checked, shipped, received the day before it is needed and
charged; one who stopped has the fills up to their stop. Every record is
dated on the patient's own timeline. Idempotent: a patient who already has
an order is skipped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.db import transaction
from django.utils import timezone

from ldncare.compounding.inventory import POWDER, material_units
from ldncare.pathway import State
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.models import PathwayEvent, Patient
from ldncare.web.pharmacy import services
from ldncare.web.pharmacy.models import DispensingDetails, IngredientLot, Shipment
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
    _prices(pharmacy, pharmacist)
    patients = Patient.objects.filter(clinic=clinic, state__in=[s.value for s in MADE | WAITING])
    for patient in patients:
        prescription = patient.prescriptions.filter(pharmacy=pharmacy).first()
        if prescription is None or patient.orders.exists():
            continue
        _agreed(patient, prescription)
        if patient.pathway_state in STARTED:
            _fills_so_far(patient, prescription, technician, pharmacist)
            continue
        order = services.create_order(prescription)
        sent = _event_at(patient, State.SENT_TO_PHARMACY)
        _redate_order(order, sent)
        if patient.pathway_state in MADE:
            shipped = _event_at(patient, State.SHIPPED)
            _make_and_ship(order, technician, pharmacist, made=sent + (shipped - sent) / 2,
                           shipped=shipped)
            _redate_making(order, patient, sent, shipped, delivered=None)
            _charge(order, pharmacist, shipped)


def _agreed(patient: Patient, prescription) -> None:  # type: ignore[no-untyped-def]
    """The patient agreed to the cost when the prescription was sent (the amounts
    the demo list gives, as ``care.prescribing_services.agree_to_cost`` stores them)."""
    from ldncare.web.pharmacy.pricing import prescription_quote

    if not prescription.cost_agreement_required or prescription.cost_agreed_at is not None:
        return
    quote = prescription_quote(prescription)
    prescription.cost_agreed_at = _event_at(patient, State.SENT_TO_PHARMACY)
    prescription.cost_agreed_by = patient.user
    prescription.agreed_first_fill_cost = quote.first_fill_amount
    prescription.agreed_monthly_cost = quote.per_month_amount
    prescription.agreed_currency = quote.currency
    prescription.save(update_fields=["cost_agreed_at", "cost_agreed_by", "agreed_first_fill_cost",
                                     "agreed_monthly_cost", "agreed_currency"])


STARTED = {State.ACTIVE, State.STOPPED}
#: A refill is ordered this many days before the previous fill runs out.
REFILL_LEAD_DAYS = 10

#: The demo price list: packs of 30 and 90 capsules of each usual strength, a
#: 100 mL bottle of 1 mg/mL liquid, and shipping (fictional prices).
DEMO_PRICES = (("capsule", "1.5", "30", "19.50"), ("capsule", "1.5", "90", "49.50"),
               ("capsule", "3", "30", "21.00"), ("capsule", "3", "90", "54.00"),
               ("capsule", "4.5", "30", "23.50"), ("capsule", "4.5", "90", "59.00"),
               ("liquid", "1", "100", "27.00"))
DEMO_SHIPPING, DEMO_CURRENCY = "4.95", "GBP"


def _prices(pharmacy: Organisation, pharmacist: User) -> None:
    from ldncare.web.pharmacy import pricing
    from ldncare.web.pharmacy.models import Price

    if Price.objects.filter(pharmacy=pharmacy).exists():
        return
    for form, strength, quantity, price in DEMO_PRICES:
        pricing.set_price(by=pharmacist, form=form, strength=strength, quantity=quantity,
                          price=price)
    pricing.set_price_settings(by=pharmacist, currency=DEMO_CURRENCY, shipping=DEMO_SHIPPING)


def _fills_so_far(patient: Patient, prescription, technician: User,  # type: ignore[no-untyped-def]
                  pharmacist: User) -> None:
    """Every fill the plan has needed up to today (or up to the stop)."""
    from ldncare.web.care.treatment import supply, treatment_of

    schedule = supply(treatment_of(prescription))
    if isinstance(schedule, str):
        return
    today = timezone.localdate()
    stopped = patient.events.filter(state=State.STOPPED).order_by("at").first()
    until = timezone.localtime(stopped.at).date() if stopped else today
    for fill in schedule.fills:
        if fill.number > prescription.refills or fill.needed_by >= until:
            break
        ordered_on = fill.needed_by - dt.timedelta(days=16 if fill.number == 0 else REFILL_LEAD_DAYS)
        if ordered_on > today:
            break
        order = services.create_order(prescription, fill_number=fill.number)
        if fill.number == 0:  # the steps the patient's timeline already shows
            ordered = _event_at(patient, State.SENT_TO_PHARMACY)
            made, shipped = (_event_at(patient, State.COMPOUNDED),
                             _event_at(patient, State.SHIPPED))
        else:
            ordered = _at(ordered_on)
            shipped = _at(fill.needed_by - dt.timedelta(days=4))
            made = ordered + (shipped - ordered) / 2
        _redate_order(order, ordered)
        _make_and_ship(order, technician, pharmacist, made=made, shipped=shipped)
        if fill.number:
            PathwayEvent.objects.create(
                patient=patient, state=State.ACTIVE, actor=technician, at=shipped,
                summary=f"Refill {fill.number} shipped with Royal Mail", visible_to_patient=True,
                data={"order_id": order.pk})
        delivered = fill.needed_by - dt.timedelta(days=1)
        _redate_making(order, patient, ordered, shipped,
                       delivered=delivered if delivered <= today else None)
        _charge(order, pharmacist, shipped)


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _event_at(patient: Patient, state: State) -> dt.datetime:
    event = patient.events.filter(state=state).order_by("at").first()
    return event.at if event else timezone.now()


@contextmanager
def _as_of(when: dt.datetime) -> Iterator[None]:
    """Run the pharmacy's services as if it were ``when``, so the times they
    write fall on the patient's own dates (demo loading only). Their timeline
    notes are left out: the demo timeline already has each step, dated."""
    with mock.patch("django.utils.timezone.now", return_value=when), \
            mock.patch("ldncare.web.pharmacy.services.add_note"):
        yield


def _redate_order(order, at: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    order.created_at = at
    order.save(update_fields=["created_at"])


def _redate_making(order, patient: Patient, ordered: dt.datetime,  # type: ignore[no-untyped-def]
                   shipped: dt.datetime, delivered: dt.date | None) -> None:
    """Date the batches and the shipment (their rows default to the real
    "now") between the order and the shipping; record the delivery."""
    made = ordered + (shipped - ordered) / 2
    for batch in order.batches.all():
        batch.prepared_on, batch.created_at, batch.verified_at = made.date(), made, made
        batch.save(update_fields=["prepared_on", "created_at", "verified_at"])
    shipment = Shipment.objects.filter(order=order).first()
    if shipment is not None:
        shipment.shipped_at = shipped
        fields = ["shipped_at"]
        if delivered is not None:
            shipment.delivered_on, shipment.delivery_confirmed_by = delivered, patient.user
            fields += ["delivered_on", "delivery_confirmed_by"]
        shipment.save(update_fields=fields)


def _charge(order, pharmacist: User, at: dt.datetime) -> None:  # type: ignore[no-untyped-def]
    """Charged when it shipped (recorded by the pharmacist; no card here)."""
    from ldncare.web.pharmacy import pricing

    order.refresh_from_db()
    if order.charge_amount is None:
        return
    charged = pricing.record_charge(order, by=pharmacist, status="charged", amount="")
    charged.charge_recorded_at = at
    charged.save(update_fields=["charge_recorded_at"])


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


def _make_and_ship(order, technician: User, pharmacist: User, *,  # type: ignore[no-untyped-def]
                   made: dt.datetime | None = None, shipped: dt.datetime | None = None) -> None:
    """A fill made from powder, weighed, verified by the pharmacist and shipped
    (on ``made`` and ``shipped`` when given)."""
    plan = fill_plan(order)
    with _as_of(made or timezone.now()):
        for line in plan.lines:
            formula = "ldn-liquid-fawcett" if line.kind == "liquid" else "ldn-capsules-mcc"
            batch = services.start_batch(order, by=technician, line=line.key, formula_key=formula,
                                         source="api")
            target = services.weight_target(batch)
            services.record_weights(batch, by=technician, weights=[str(target)] * 5)
            services.verify_batch(batch, pharmacist=pharmacist)
    if plan.lines:
        with _as_of(shipped or timezone.now()):
            services.ship_order(order, by=technician, carrier="Royal Mail",
                                tracking_number=f"RM{order.pk:09d}GB")
