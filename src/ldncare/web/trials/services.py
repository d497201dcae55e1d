"""Writes of blinded n-of-1 trials: design, kits, stopping, unblinding and the
analysis. Each function is one transaction; the schedule and the analysis come
from :mod:`ldncare.trials` (the core), the kit math from :mod:`ldncare.compounding`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone

from ldncare.compounding import CompoundingError, capsule_batch
from ldncare.dateranges import planning_window
from ldncare.trials import TrialError, analyse_trial, design_trial, parse_arms
from ldncare.trials.defaults import load_defaults
from ldncare.units import format_mg
from ldncare.web.access import may_compound_kits
from ldncare.web.accounts.models import User
from ldncare.web.care.models import Patient, Prescription
from ldncare.web.care.services import add_note
from ldncare.web.care.treatment import current_prescription, patient_today
from ldncare.web.pharmacy import services as pharmacy
from ldncare.web.pharmacy.models import Batch, BatchStatus, Order, OrderStatus
from ldncare.web.trials import queries
from ldncare.web.trials.models import Trial, TrialPeriod, TrialStatus, Unblinding

#: The capsule formula the kits are made with: every kit of a trial (placebo
#: included) has the same capsule size, filler and fill weight.
KIT_FORMULA = "ldn-capsules-mcc"
#: Letters and digits that cannot be mistaken for one another on a label.
CODE_ALPHABET = "ACDEFHJKMNPQRTUVWXY34679"


class TrialFormError(ValueError):
    """A trial action that cannot be done as asked; ``field`` names the form
    field the message belongs beside ("" = the form)."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DesignChoices:
    """What the prescriber chose on the design page (already parsed by the form)."""

    active_mg: Decimal
    comparator_mg: Decimal
    pairs: int
    period_days: int
    run_in_days: int
    start: date
    primary: str
    meaningful: Decimal


def _reason(text: str) -> str:
    text = (text or "").strip()
    if len(text) < 5:
        raise TrialFormError("Say why, in a few words (at least 5 characters).", field="reason")
    return text[:2000]


@transaction.atomic
def design_trial_for(patient: Patient, *, by: User, choices: DesignChoices,
                     seed: int | None = None) -> Trial:
    """Draw and store a randomised schedule for ``patient`` on their active
    prescription; the seed is stored so the order can be reproduced."""
    prescription = current_prescription(patient)
    if prescription is None or prescription.status != Prescription.Status.ACTIVE:
        raise TrialFormError("This patient has no active LDN prescription: a trial compares "
                             "doses of a medicine they are already taking.")
    if queries.open_trial(patient) is not None:
        raise TrialFormError("This patient already has a trial that is not finished.")
    measures = dict(queries.measure_choices(patient))
    if choices.primary not in measures:
        raise TrialFormError("Choose one of the ratings this patient records.", field="primary")
    today = timezone.localdate()
    if choices.start < today:
        raise TrialFormError("The trial cannot start in the past.", field="start")
    try:
        planning_window(today).check(choices.start, "start", TrialError)
    except TrialError as error:
        raise TrialFormError(str(error), field="start") from None
    try:
        active, comparator = parse_arms(f"{choices.active_mg},{choices.comparator_mg}")
    except TrialError as error:
        raise TrialFormError(str(error), field="active_mg") from None
    seed = seed if seed is not None else secrets.randbelow(2**31)
    try:
        design = design_trial(active, comparator, pairs=choices.pairs,
                              period_days=choices.period_days, run_in_days=choices.run_in_days,
                              start=choices.start, seed=seed)
    except TrialError as error:
        field = "run_in_days" if "run-in" in str(error) else (
            "pairs" if "pairs" in str(error) else "period_days")
        raise TrialFormError(str(error), field=field) from None
    trial = Trial.objects.create(
        patient=patient, prescription=prescription, pharmacy=prescription.pharmacy,
        designed_by=by, active_mg=active, comparator_mg=comparator, pairs=design.pairs,
        period_days=design.period_days, run_in_days=design.run_in_days, start=design.start,
        seed=seed, primary=choices.primary, direction=queries.better_direction(choices.primary),
        meaningful=choices.meaningful, defaults_version=load_defaults().version,
        schedule=design.as_dict())
    for period in design.periods:
        TrialPeriod.objects.create(
            trial=trial, number=period.period, pair=period.pair, code=_new_code(period.period),
            start=period.start, end=period.end, run_in_days=period.run_in_days,
            arm=period.arm, dose_mg=period.dose_mg)
    add_note(patient, actor=by, visible_to_patient=True,
             summary=f"Blinded trial designed: {design.pairs} pairs of {design.period_days}-day "
                     f"periods from {design.start:%-d %B %Y}", data={"trial_id": trial.pk})
    return trial


def _new_code(number: int) -> str:
    """A label code that says nothing about the content: random letters, then
    the period's number so the patient takes the kits in order."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) + f"-{number}"
        if not TrialPeriod.objects.filter(code=code).exists():
            return code


# --- the pharmacy ----------------------------------------------------------------------


def kit_record(trial: Trial, period: TrialPeriod) -> dict[str, Any]:
    """The pharmacy's record of one kit: what is in it, with the worked batch.

    Every kit uses the same capsule size, filler and fill weight (those of the
    trial's higher dose), so active and placebo capsules look and weigh alike;
    a placebo kit is filler only.
    """
    capsules = trial.period_days
    reference_mg = max(trial.active_mg, trial.comparator_mg)
    try:
        reference = capsule_batch(str(reference_mg), capsules, source="api",
                                  formula_key=KIT_FORMULA, assay_percent="100",
                                  water_percent="0").as_dict()
        worked = (capsule_batch(str(period.dose_mg), capsules, source="api",
                                formula_key=KIT_FORMULA, assay_percent="100",
                                water_percent="0").as_dict() if period.dose_mg > 0 else None)
    except CompoundingError as error:
        raise TrialFormError(str(error)) from None
    fill = Decimal(reference["fill_weight_mg"])
    content = (f"naltrexone hydrochloride {format(period.dose_mg.normalize(), 'f')} mg per capsule"
               if period.dose_mg > 0 else "placebo: filler only, no naltrexone")
    return {"code": period.code, "arm": period.arm, "dose_mg": format_mg(period.dose_mg),
            "content": content, "capsules": capsules, "capsule_size": reference["capsule_size"],
            "filler": reference["filler"], "fill_weight_mg": str(fill),
            "filler_only_mg": str(fill * capsules) if worked is None else None,
            "calculation": worked, "formula": reference["formula"],
            "label": f"Trial kit {period.code}: {both_arms(trial)} capsules (blinded). "
                     f"Take one capsule each evening from {period.start:%-d %b %Y} to "
                     f"{period.end:%-d %b %Y}."}


def both_arms(trial: Trial) -> str:
    """What every kit's label says it may hold: both arms, the same on every kit."""
    doses = [format(d.normalize(), "f") for d in (trial.active_mg, trial.comparator_mg) if d > 0]
    text = "naltrexone hydrochloride " + " mg or ".join(doses) + " mg"
    return text + (" or placebo" if trial.comparator_mg == 0 else "")


def _kit_order(trial: Trial) -> Order:
    """The trial's kit order at its pharmacy (made once, with the first kit).
    It has no prescription: the kits are no fill of the patient's supply, and
    the patient's refills and pathway do not count it."""
    if trial.kit_order_id is not None:
        return Order.objects.get(pk=trial.kit_order_id)
    order = Order.objects.create(patient_id=trial.patient_id, pharmacy_id=trial.pharmacy_id,
                                 status=OrderStatus.IN_PROGRESS)
    trial.kit_order = order
    trial.save(update_fields=["kit_order"])
    return order


@transaction.atomic
def start_kit_batch(period: TrialPeriod, *, by: User, prepared_on: date | None = None) -> Batch:
    """The bench starts the pharmacy batch of one kit: the same batch record,
    ingredient lots, BUD, weights and second-person verification as any batch
    (:func:`ldncare.web.pharmacy.services.start_kit_batch`). A batch that
    failed its weight check is replaced by a new one."""
    if not may_compound_kits(by):
        raise TrialFormError("Only the pharmacy's technicians and pharmacists compound kits.")
    trial = Trial.objects.select_for_update().get(pk=period.trial_id)
    period = TrialPeriod.objects.select_for_update(of=("self",)).select_related("batch").get(pk=period.pk)
    if trial.status in (TrialStatus.STOPPED, TrialStatus.ANALYSED):
        raise TrialFormError("This trial is over; no kit is needed.")
    if period.batch is not None and period.batch.status != BatchStatus.FAILED:
        raise TrialFormError(f"Kit {period.code} already has batch {period.batch.lot}.")
    try:
        batch = pharmacy.start_kit_batch(_kit_order(trial), by=by, strength=period.dose_mg,
                                         capsules=trial.period_days, formula_key=KIT_FORMULA,
                                         prepared_on=prepared_on)
    except pharmacy.PharmacyError as error:
        raise TrialFormError(str(error)) from None
    period.batch = batch
    period.kit_record = {**kit_record(trial, period), "lot": batch.lot, "batch_id": batch.pk}
    period.kit_lot = batch.lot
    period.save(update_fields=["batch", "kit_record", "kit_lot"])
    return batch


@transaction.atomic
def record_kit(period: TrialPeriod, *, by: User) -> TrialPeriod:
    """The bench records one kit as labelled with its code: only once its
    batch is verified and released by a pharmacist. When every kit is, the
    trial's kits are ready (and the kit order is verified, ready to go out)."""
    if not may_compound_kits(by):
        raise TrialFormError("Only the pharmacy's technicians and pharmacists compound kits.")
    # The trial row first (as start_kit_batch does): two kits labelled at once
    # must not both miss that the other made the set complete.
    trial = Trial.objects.select_for_update().get(pk=period.trial_id)
    period = TrialPeriod.objects.select_for_update(of=("self",)).select_related("batch").get(
        pk=period.pk)
    if trial.status in (TrialStatus.STOPPED, TrialStatus.ANALYSED):
        raise TrialFormError("This trial is over; no kit is needed.")
    if period.compounded_at is not None:
        raise TrialFormError(f"Kit {period.code} is already compounded and labelled.")
    if period.batch is None:
        raise TrialFormError(f"Kit {period.code} has no batch yet: start its batch first.")
    if period.batch.status != BatchStatus.VERIFIED:
        raise TrialFormError(f"Batch {period.batch.lot} of kit {period.code} is not verified "
                             "and released yet: record its weights and have a pharmacist "
                             "verify it first.")
    period.compounded_by, period.compounded_at = by, timezone.now()
    period.save(update_fields=["compounded_by", "compounded_at"])
    if not trial.periods.filter(compounded_at__isnull=True).exists():
        trial.status = TrialStatus.KITS_READY
        trial.save(update_fields=["status"])
        if trial.kit_order_id is not None:
            order = Order.objects.select_for_update().get(pk=trial.kit_order_id)
            order.status, order.version = OrderStatus.VERIFIED, order.version + 1
            order.save(update_fields=["status", "version"])
    return period


# --- the prescriber --------------------------------------------------------------------


@transaction.atomic
def emergency_unblind(trial: Trial, *, by: User, reason: str,
                      today: date | None = None) -> Unblinding:
    """Show the prescriber what the current period's kit holds (recorded with
    the reason; the audit log keeps who and when)."""
    reason = _reason(reason)
    trial = Trial.objects.select_for_update().get(pk=trial.pk)
    if trial.status == TrialStatus.ANALYSED:
        raise TrialFormError("This trial is already unblinded.")
    period = queries.current_period(trial, today or patient_today(trial.patient))
    if period is None:
        raise TrialFormError("The trial has not started: no kit has been taken yet.")
    record = Unblinding.objects.create(trial=trial, kind=Unblinding.Kind.EMERGENCY,
                                       period=period, reason=reason, by=by)
    # On the clinic's timeline only: the patient stays blinded.
    add_note(trial.patient, actor=by, summary=f"Emergency unblinding of trial period "
             f"{period.number}", reason=reason, data={"trial_id": trial.pk})
    return record


@transaction.atomic
def stop_trial(trial: Trial, *, by: User, reason: str) -> Trial:
    """Stop the trial early for safety: the kits stop, and it may be analysed now.

    The trial's kit order at the pharmacy, if it has not shipped, is cancelled
    through the pharmacy's own service (:func:`_cancel_kits`), so no kit is
    compounded or shipped after the stop; batches already made stay on record."""
    reason = _reason(reason)
    trial = Trial.objects.select_for_update().get(pk=trial.pk)
    if trial.status in (TrialStatus.STOPPED, TrialStatus.ANALYSED):
        raise TrialFormError("This trial is already over.")
    trial.status, trial.stop_reason = TrialStatus.STOPPED, reason
    trial.stopped_by, trial.stopped_at = by, timezone.now()
    trial.save(update_fields=["status", "stop_reason", "stopped_by", "stopped_at"])
    _cancel_kits(trial, by=by)
    add_note(trial.patient, actor=by, summary="Blinded trial stopped for safety", reason=reason,
             visible_to_patient=True, data={"trial_id": trial.pk})
    return trial


def kit_stop_reason(trial: Trial, by: User) -> str:
    """Why a stopped trial's kit order is cancelled, in the pharmacy's words.
    The clinical reason for the stop stays with the clinic: the pharmacy needs
    to know only that no more kits are wanted."""
    day = patient_today(trial.patient, trial.stopped_at)
    return (f"The blinded trial was stopped early by the prescriber, {by}, on "
            f"{day:%-d %B %Y}: make and ship no more kits for it. Kit batches already made "
            "stay on record.")


def _cancel_kits(trial: Trial, *, by: User) -> None:
    """Cancel the stopped ``trial``'s kit order unless it has shipped (then the
    kits are with the patient, who is told to stop taking them)."""
    order = trial.kit_order
    if order is None:  # no kit started yet: nothing in the pharmacy's hands
        return
    try:
        pharmacy.cancel_kit_order(order, by=by, reason=kit_stop_reason(trial, by))
    except pharmacy.PharmacyError as error:
        raise TrialFormError(str(error)) from None


@transaction.atomic
def analyse(trial: Trial, *, by: User, today: date | None = None) -> Trial:
    """Run the core analysis on the journal's primary measure, store it, then
    unblind. Only after the last period, or after a stop for safety."""
    trial = Trial.objects.select_for_update().get(pk=trial.pk)
    if trial.status == TrialStatus.ANALYSED:
        raise TrialFormError("This trial is already analysed.")
    today = today or patient_today(trial.patient)
    if trial.status != TrialStatus.STOPPED and today <= trial.end:
        raise TrialFormError(f"The trial runs until {trial.end:%-d %B %Y}; it is analysed after "
                             "its last period (or after stopping it for safety, with a reason).")
    try:
        result = analyse_trial(queries.core_periods(trial), queries.outcomes(trial),
                               primary=trial.primary, direction=trial.direction,
                               meaningful=float(trial.meaningful))
    except TrialError as error:
        raise TrialFormError(f"The journal cannot answer the question yet: {error}.") from None
    now = timezone.now()
    trial.result = result.as_dict()
    trial.analysed_by, trial.analysed_at = by, now
    trial.status = TrialStatus.ANALYSED
    trial.save(update_fields=["result", "analysed_by", "analysed_at", "status"])
    # The result is stored first; only then is the allocation shown.
    Unblinding.objects.create(trial=trial, kind=Unblinding.Kind.AFTER_ANALYSIS,
                              reason="Analysis stored", by=by, at=now)
    trial.unblinded_at = now
    trial.save(update_fields=["unblinded_at"])
    add_note(trial.patient, actor=by, summary="Blinded trial analysed and unblinded",
             visible_to_patient=True, data={"trial_id": trial.pk})
    return trial


def parse_decimal(text: str, field: str, what: str) -> Decimal:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise TrialFormError(f"Give {what} as a number.", field=field) from None
    if not value.is_finite():
        raise TrialFormError(f"Give {what} as a number.", field=field)
    return value
