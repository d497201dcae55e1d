"""The patient-facing label of a blinded trial kit: a dispensing label like any
other (patient, directions, BUD, lot, pharmacy, Rx number, warnings) that
names the kit's code and both possible contents, never the content itself.
The pharmacy's batch record of the kit's batch says what is really in it."""

from __future__ import annotations

from django.utils import timezone

from ldncare.compounding import (
    BeyondUseDate,
    CompoundingError,
    DispensingLabel,
    Label,
    dispensing_label,
    load_formulas,
)
from ldncare.web.pharmacy.documents import dispenser
from ldncare.web.pharmacy.models import BatchStatus
from ldncare.web.trials.models import TrialPeriod
from ldncare.web.trials.services import both_arms


def kit_rx_number(prescription_id: int, trial_id: int, number: int) -> str:
    """``RX0000123-T4-2``: the prescription the trial runs under, the trial and the period."""
    return f"RX{prescription_id:07d}-T{trial_id}-{number}"


def kit_label_for(period: TrialPeriod) -> DispensingLabel:
    """The dispensing label of ``period``'s kit. Raises :class:`CompoundingError`
    when it cannot be made (no verified batch yet, pharmacy details missing,
    past the BUD)."""
    batch = period.batch
    if batch is None or batch.status != BatchStatus.VERIFIED:
        raise CompoundingError(f"kit {period.code} has no verified batch yet: its label is "
                               "printed after a pharmacist has verified and released the batch")
    trial = period.trial
    bud = BeyondUseDate.from_dict(batch.beyond_use)
    patient = trial.patient.user.full_name or str(trial.patient)
    formula_key = batch.formula.partition("@")[0]
    warnings = load_formulas().formula(formula_key).label_warnings
    days = (period.end - period.start).days + 1
    label = Label(
        patient=patient, drug=f"Trial kit {period.code}:", strength=both_arms(trial),
        directions=(f"Take 1 capsule by mouth at bedtime each evening from "
                    f"{period.start:%-d %b %Y} to {period.end:%-d %b %Y} ({days} days). "
                    f"Blinded trial: use this kit only in its period."),
        quantity=f"{batch.quantity} capsules", lot=batch.lot,
        beyond_use_date=bud.beyond_use_date, bud_basis=bud.basis, storage=bud.storage_text,
        warnings=warnings, formula=batch.formula,
        prescriber=trial.prescription.prescriber.full_name)
    return dispensing_label(label, pharmacy=dispenser(batch),
                            rx=kit_rx_number(trial.prescription_id, trial.pk, period.number),
                            form="capsules", dispensed_on=timezone.localdate(), refills_left=0)
