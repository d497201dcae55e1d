"""Label and batch-record content for a stored batch, from the core's
``capsule_label``/``liquid_label``/``batch_record`` (the PDFs render these)."""

from __future__ import annotations

from decimal import Decimal

from ldncare.compounding import (
    BatchRecord,
    BeyondUseDate,
    CapsuleBatch,
    CompoundingError,
    Dispenser,
    DispensingLabel,
    Label,
    LiquidBatch,
    LotLine,
    ReleaseDecision,
    WeightCheck,
    batch_record,
    capsule_label,
    dispensing_label,
    liquid_label,
    rx_number,
)
from ldncare.dosing import TimeOfDay
from ldncare.web.pharmacy.models import Batch, DispensingDetails
from ldncare.web.pharmacy.queries import batch_lots, fill_plan

WHEN = {TimeOfDay.BEDTIME: "at bedtime", TimeOfDay.MORNING: "in the morning"}


def core_batch(batch: Batch) -> CapsuleBatch | LiquidBatch:
    kind = LiquidBatch if batch.is_liquid else CapsuleBatch
    return kind.from_dict(batch.calculation)


def _dose_and_time(batch: Batch) -> tuple[Decimal, str]:
    """The plan's dose this batch is for: the first step of the fill that a
    whole number of these capsules makes (the liquid: the first step's dose)."""
    plan = fill_plan(batch.order)
    strength = Decimal(batch.strength)
    if plan.plan is None or plan.fill is None:
        return strength, "as directed by your prescriber"
    for step in plan.plan.steps:
        covers_fill = step.end is None or step.end >= plan.fill.covers_from
        if step.is_pause or not covers_fill or step.start > plan.fill.covers_to:
            continue
        if batch.is_liquid or (step.dose.mg / strength) == (step.dose.mg / strength).to_integral_value():
            return step.dose.mg, WHEN.get(step.time_of_day, "at bedtime")
    return strength, "as your titration schedule says"


def label_for(batch: Batch) -> Label:
    """The patient label. Raises :class:`CompoundingError` if it cannot be made."""
    dose, when = _dose_and_time(batch)
    bud = BeyondUseDate.from_dict(batch.beyond_use)
    patient = batch.order.patient.user.full_name or str(batch.order.patient)
    prescription = batch.order.prescription
    prescriber = prescription.prescriber.full_name if prescription else ""
    made = core_batch(batch)
    if isinstance(made, LiquidBatch):
        return liquid_label(made, patient=patient, dose=dose, when=when, lot=batch.lot, bud=bud,
                            prescriber=prescriber)
    return capsule_label(made, patient=patient, dose=dose, when=when, lot=batch.lot, bud=bud,
                         prescriber=prescriber)


def record_for(batch: Batch) -> BatchRecord:
    """The batch record, with weights and release once recorded."""
    check = WeightCheck.from_dict(batch.weight_check) if batch.weight_check else None
    release = ReleaseDecision.from_dict(batch.release) if batch.release else None
    verifier = batch.verified_by.full_name if batch.verified_by else None
    return batch_record(core_batch(batch), lot=batch.lot,
                        beyond_use=BeyondUseDate.from_dict(batch.beyond_use),
                        prepared_by=batch.prepared_by.full_name or batch.prepared_by.email,
                        verified_by=verifier, weight_check=check, release=release,
                        ingredient_lots=tuple(
                            LotLine(u.lot.material, u.lot.lot_number, u.lot.expires_on, u.amount,
                                    u.unit, u.lot.supplier, u.lot.certificate)
                            for u in batch_lots(batch)))


def dispenser(batch: Batch) -> Dispenser:
    """The pharmacy's name, address and phone (empty when not yet recorded)."""
    pharmacy = batch.order.pharmacy
    details = DispensingDetails.objects.filter(pharmacy=pharmacy).first()
    return Dispenser(pharmacy.name, details.address if details else "",
                     details.phone if details else "")


def dispensing_label_for(batch: Batch) -> DispensingLabel:
    """The dispensing label of ``batch``: dispensed on the shipping day (today
    until it ships). Raises :class:`CompoundingError` when it cannot be made
    (pharmacy details missing, past the BUD, no prescription)."""
    from django.utils import timezone

    order = batch.order
    prescription = order.prescription
    if prescription is None:
        raise CompoundingError("this order has no prescription, so it has no Rx number")
    shipment = getattr(order, "shipment", None)
    dispensed_on = timezone.localtime(shipment.shipped_at).date() if shipment else timezone.localdate()
    form = "oral liquid" if batch.is_liquid else "capsules"
    return dispensing_label(label_for(batch), pharmacy=dispenser(batch),
                            rx=rx_number(prescription.pk, order.fill_number), form=form,
                            dispensed_on=dispensed_on,
                            refills_left=max(prescription.refills - order.fill_number, 0))


def barcode_svg(text: str) -> str:
    """A QR code of ``text`` as inline SVG (no script, no style: fit for a PDF)."""
    import segno

    return str(segno.make_qr(text, error="m").svg_inline(scale=3, border=2, omitsize=True))


__all__ = ["CompoundingError", "barcode_svg", "dispensing_label_for", "label_for", "record_for"]
