"""Label and batch-record content for a stored batch, from the core's
``capsule_label``/``liquid_label``/``batch_record`` (the PDFs render these)."""

from __future__ import annotations

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
from ldncare.dosing import LabelDose, label_dose
from ldncare.web.pharmacy.models import Batch, DispensingDetails
from ldncare.web.pharmacy.queries import batch_lots, fill_plan


def core_batch(batch: Batch) -> CapsuleBatch | LiquidBatch:
    kind = LiquidBatch if batch.is_liquid else CapsuleBatch
    return kind.from_dict(batch.calculation)


def _label_dose(batch: Batch) -> LabelDose:
    """The plan's dose this batch is for (the core's rule: ``dosing.label_dose``)."""
    plan = fill_plan(batch.order)
    covers = None if plan.fill is None else (plan.fill.covers_from, plan.fill.covers_to)
    return label_dose(plan.plan, covers, batch.strength, liquid=batch.is_liquid)


def label_for(batch: Batch) -> Label:
    """The patient label. Raises :class:`CompoundingError` if it cannot be made."""
    said = _label_dose(batch)
    dose, when = said.dose, said.when
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
