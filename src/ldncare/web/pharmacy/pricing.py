"""The pharmacy's price list, what a plan will cost the patient, and what an
order was charged. Writes (a verb each, one transaction) and reads; the money
math is the core's (:mod:`ldncare.compounding.pricing`).

No card is processed: an order records its priced amount, then what the
pharmacy charged or refunded, by whom and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ldncare import dosing
from ldncare.compounding import pricing as core
from ldncare.dosing import Capsules, OralLiquid
from ldncare.pathway import REVIEW_QUEUE
from ldncare.units import Dose
from ldncare.web.access import may_edit_prices, may_record_charge
from ldncare.web.accounts.clinic_settings import (
    cost_agreement_required_for,
    dosing_limits_for,
    protocol_library_for,
)
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.care.treatment import current_prescription, dosage_form, plan_in_words
from ldncare.web.pharmacy.models import ChargeStatus, Order, Price, PriceSettings
from ldncare.web.pharmacy.services import PharmacyError

DEFAULT_CURRENCY = "GBP"

# ---------------------------------------------------------------- reads


def price_list_for(pharmacy: Organisation | None) -> core.PriceList:
    """``pharmacy``'s list as the core reads it (empty, shipping not set, when it has none)."""
    if pharmacy is None:
        return core.PriceList(DEFAULT_CURRENCY)
    settings = PriceSettings.objects.filter(pharmacy=pharmacy).first()
    entries = tuple(core.PriceEntry(p.form, p.strength, p.quantity, p.price)
                    for p in Price.objects.filter(pharmacy=pharmacy))
    return core.PriceList(settings.currency if settings else DEFAULT_CURRENCY, entries,
                          settings.shipping if settings else None)


def fill_items(fill: dosing.Fill, form: Capsules | OralLiquid) -> list[core.Item]:
    """What one fill needs, line by line, as the price list is kept."""
    if fill.volume_ml is not None and isinstance(form, OralLiquid):
        return [core.Item("liquid", Decimal(form.mg_per_ml), fill.volume_ml)]
    return [core.Item("capsule", dose.mg, Decimal(count)) for dose, count in fill.capsules]


def plan_cost(plan: dosing.TitrationPlan, form: Capsules | OralLiquid, *, days_per_fill: int,
              refills: int, pharmacy: Organisation | None) -> core.PlanCost | str:
    """The first fill and the monthly cost once the dose is steady, or why it
    cannot be worked out (the plan's supply cannot be made)."""
    try:
        supply = dosing.supply_for(plan, form, days_per_fill=days_per_fill, refills=refills)
    except (dosing.DosingError, OverflowError) as error:
        return f"The cost cannot be worked out: {error}"
    if not supply.fills:
        return "The cost cannot be worked out: the plan has no fill."
    prices = price_list_for(pharmacy)
    return core.plan_cost(fill_items(supply.fills[0], form), fill_items(supply.fills[-1], form),
                          days_per_fill, prices)


def proposal_cost(protocol: dosing.Protocol, start: date, form: Capsules | OralLiquid, *,
                  days_per_fill: int, refills: int, time_of_day: str = "bedtime",
                  limits: dosing.DosingLimits | None = None,
                  pharmacy: Organisation | None) -> core.PlanCost | str:
    """What a proposed plan (not yet prescribed) would cost at ``pharmacy``."""
    try:
        plan = dosing.build_plan(protocol, start, limits=limits, time_of_day=time_of_day,
                                 actor="cost estimate", override_reason="cost estimate")
    except (dosing.DosingError, OverflowError) as error:
        return f"The cost cannot be worked out: {error}"
    return plan_cost(plan, form, days_per_fill=days_per_fill, refills=refills, pharmacy=pharmacy)


def prescription_cost(prescription: Any) -> core.PlanCost | str:  # a care.Prescription
    version = prescription.current_plan()
    if version is None:
        return "The prescription has no plan yet."
    try:
        plan, form = version.titration_plan(), dosage_form(prescription)
    except (dosing.DosingError, ValueError, OverflowError) as error:
        return f"The cost cannot be worked out: {error}"
    return plan_cost(plan, form, days_per_fill=prescription.days_per_fill,
                     refills=prescription.refills, pharmacy=prescription.pharmacy)


@dataclass(frozen=True)
class Quote:
    """A prescription's cost as the patient is asked to agree to it: the first
    fill and the month once the dose is steady (``cost`` None and ``problem``
    set when it cannot be worked out). An amount is None when a price is not set."""

    cost: core.PlanCost | None
    currency: str
    problem: str = ""

    @property
    def first_fill_amount(self) -> Decimal | None:
        total = self.cost.first_fill.total if self.cost else None
        return total.amount if total else None

    @property
    def per_month_amount(self) -> Decimal | None:
        per_month = self.cost.per_month if self.cost else None
        return per_month.amount if per_month else None

    @property
    def first_fill_text(self) -> str:
        return self.cost.first_fill.shown if self.cost else core.NOT_SET

    @property
    def per_month_text(self) -> str:
        return self.cost.shown if self.cost else core.NOT_SET

    @property
    def known(self) -> bool:
        """Both amounts are known (every pack and the shipping has a price)."""
        return self.first_fill_amount is not None and self.per_month_amount is not None

    @property
    def missing(self) -> str:
        return ", ".join(self.cost.missing) if self.cost else ""

    @property
    def words(self) -> str:
        """"£26.95 a month, first fill £64.95" (or "price not set" in their place)."""
        return f"{self.per_month_text} a month, first fill {self.first_fill_text}"


def prescription_quote(prescription: Any) -> Quote:  # a care.Prescription
    """What ``prescription`` costs at its pharmacy now: the numbers its
    patient sees and agrees to, the prescriber sees on the prescription page,
    and the agreement stores (one derivation, :func:`prescription_cost`)."""
    cost = prescription_cost(prescription)
    if isinstance(cost, str):
        return Quote(None, price_list_for(prescription.pharmacy).currency, cost)
    return Quote(cost, cost.first_fill.currency)


def charge_shown(order: Order) -> str:
    """The order's amount as a person reads it: "£24.95" or "price not set"."""
    if order.charge_amount is None:
        return core.NOT_SET
    return str(core.money(order.charge_amount, order.charge_currency or DEFAULT_CURRENCY))


# ---------------------------------------------------------------- writes


def price_order(order: Order) -> None:
    """Record what ``order``'s fill costs at its pharmacy now (``None`` when a
    price is not set), so later list changes do not rewrite what was quoted."""
    from ldncare.web.pharmacy.queries import fill_plan

    plan = fill_plan(order)
    prices = price_list_for(order.pharmacy)
    order.charge_currency = prices.currency
    if plan.fill is not None and order.prescription is not None:
        cost = core.price_fill(fill_items(plan.fill, dosage_form(order.prescription)), prices)
        order.charge_amount = cost.total.amount if cost.total is not None else None
    order.save(update_fields=["charge_amount", "charge_currency"])


def _check_editor(by: User) -> int:
    """``by``'s pharmacy's id, when ``by`` may keep its price list."""
    if not may_edit_prices(by) or by.organisation_id is None:
        raise PharmacyError("Only a pharmacist or the pharmacy's admin keeps the price list.")
    return by.organisation_id


@transaction.atomic
def set_price(*, by: User, form: str, strength: object, quantity: object,
              price: object) -> Price:
    """Add a pack to ``by``'s pharmacy's list, or change the price of the same pack."""
    pharmacy_id = _check_editor(by)
    try:
        entry = core.check_entry(form, strength, quantity, price)
    except core.PricingError as error:
        raise PharmacyError(str(error), field=error.field or "") from None
    found = Price.objects.select_for_update().filter(
        pharmacy_id=pharmacy_id, form=entry.form, strength=entry.strength,
        quantity=entry.quantity).first()
    if found is None:
        return Price.objects.create(pharmacy_id=pharmacy_id, form=entry.form,
                                    strength=entry.strength, quantity=entry.quantity,
                                    price=entry.price, updated_by=by)
    found.price, found.updated_by, found.updated_at = entry.price, by, timezone.now()
    found.save(update_fields=["price", "updated_by", "updated_at"])
    return found


@transaction.atomic
def remove_price(*, by: User, price_id: int) -> None:
    _check_editor(by)
    found = Price.objects.filter(pharmacy_id=by.organisation_id, pk=price_id).first()
    if found is None:
        raise PharmacyError("That price is no longer on the list.")
    found.delete()


@transaction.atomic
def set_price_settings(*, by: User, currency: str, shipping: object) -> PriceSettings:
    """The currency of the list and the shipping charge per fill ("" = not set)."""
    _check_editor(by)
    try:
        code = core.check_currency(currency)
        amount = None if str(shipping or "").strip() == "" else core.check_amount(shipping,
                                                                                  "shipping")
    except core.PricingError as error:
        raise PharmacyError(str(error), field=error.field or "") from None
    settings, created = PriceSettings.objects.select_for_update().get_or_create(
        pharmacy_id=by.organisation_id,
        defaults={"currency": code, "shipping": amount, "updated_by": by})
    if not created:
        settings.currency, settings.shipping = code, amount
        settings.updated_by, settings.updated_at = by, timezone.now()
        settings.save(update_fields=["currency", "shipping", "updated_by", "updated_at"])
    return settings


@transaction.atomic
def record_charge(order: Order, *, by: User, status: str, amount: object) -> Order:
    """Record that ``order`` was charged (``amount``; the quoted one when
    empty) or refunded. A refund needs an earlier charge."""
    if not may_record_charge(by, order):
        raise PharmacyError("Only a pharmacist or the pharmacy's admin records a charge.")
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if status not in (ChargeStatus.CHARGED, ChargeStatus.REFUNDED):
        raise PharmacyError("Choose charged or refunded.", field="status")
    if status == ChargeStatus.REFUNDED and locked.charge_status != ChargeStatus.CHARGED:
        raise PharmacyError("Only a charged order can be refunded.", field="status")
    value = locked.charge_amount
    if str(amount or "").strip():
        try:
            value = core.check_amount(amount, "amount")
        except core.PricingError as error:
            raise PharmacyError(str(error), field="amount") from None
    if value is None:
        raise PharmacyError("This fill has no price set: give the amount charged.",
                            field="amount")
    locked.charge_amount, locked.charge_status = value, status
    locked.charge_currency = locked.charge_currency or price_list_for(locked.pharmacy).currency
    locked.charge_recorded_by, locked.charge_recorded_at = by, timezone.now()
    locked.version += 1
    locked.save(update_fields=["charge_amount", "charge_status", "charge_currency",
                               "charge_recorded_by", "charge_recorded_at", "version"])
    return locked


# ---------------------------------------------------------------- what the patient sees


def usual_proposal_cost(clinic: Organisation, pharmacy: Organisation | None,
                        start: date) -> tuple[dosing.Protocol, core.PlanCost | str]:
    """The clinic's usual plan (its default protocol, capsules of 1.5, 3 and
    4.5 mg, 30 days a fill) at ``pharmacy``: what a patient waiting for review
    would pay if it is approved as usually prescribed."""
    library = protocol_library_for(clinic)
    protocol = library.get(library.default_protocol)
    form = Capsules(tuple(Dose(s) for s in USUAL_STRENGTHS))
    return protocol, proposal_cost(protocol, start, form, days_per_fill=USUAL_DAYS_PER_FILL,
                                   refills=USUAL_REFILLS, limits=dosing_limits_for(clinic),
                                   pharmacy=pharmacy)


#: The approval form's defaults (``care.prescribing_forms.ApprovalForm``).
USUAL_STRENGTHS, USUAL_DAYS_PER_FILL, USUAL_REFILLS = ("1.5", "3", "4.5"), 30, 2


def patient_cost(patient: Any) -> dict[str, Any] | None:
    """What the patient's home page says about cost: the plan waiting for them
    to agree to its cost (kind "agree"), their active prescription's, or (while
    they wait for review) the clinic's usual plan's; None otherwise."""
    prescription = current_prescription(patient)
    if prescription is not None:
        if prescription.status != "active":
            return None  # a stopped plan costs nothing more
        if prescription.awaits_cost_agreement:
            return _to_agree(prescription)
        cost = prescription_cost(prescription)
        return {"kind": "prescribed", "pharmacy": prescription.pharmacy,
                **_cost_words(cost)}
    if patient.pathway_state not in REVIEW_QUEUE:
        return None
    pharmacy = patient.clinic.partner_pharmacies.order_by("name", "id").first()
    protocol, cost = usual_proposal_cost(patient.clinic, pharmacy, timezone.localdate())
    return {"kind": "proposal", "pharmacy": pharmacy, "protocol": protocol,
            "agrees": cost_agreement_required_for(patient.clinic), **_cost_words(cost)}


def _to_agree(prescription: Any) -> dict[str, Any]:
    quote = prescription_quote(prescription)
    return {"kind": "agree", "pharmacy": prescription.pharmacy, "prescription": prescription,
            "plan_version": prescription.current_plan().version, "quote": quote,
            "plan_words": plan_in_words(prescription),
            "first_fill_value": _posted(quote.first_fill_amount),
            "per_month_value": _posted(quote.per_month_amount)}


def _posted(amount: Decimal | None) -> str:
    """An amount as the agreement form posts it back ("" = price not set)."""
    return "" if amount is None else str(amount)


def _cost_words(cost: core.PlanCost | str) -> dict[str, Any]:
    if isinstance(cost, str):
        return {"problem": cost}
    return {"cost": cost, "per_month": cost.shown, "first_fill": cost.first_fill.shown,
            "missing": ", ".join(cost.missing)}
