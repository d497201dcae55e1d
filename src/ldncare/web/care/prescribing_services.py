"""Writes of the prescriber: approve or decline a reviewed patient, change a
dose, and the patient's calendar-feed link.

Each public function is one transaction (approval is two, see
:func:`approve_prescription`), the one place where Prescription and PlanVersion
rows become :mod:`ldncare.dosing` values and back, and where the pathway steps
are recorded. Every plan change stores a NEW :class:`PlanVersion`; none is edited.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ldncare import dosing
from ldncare.dateranges import DateOutOfRange, planning_window
from ldncare.dosing import (
    Capsules,
    DosingLimits,
    OralLiquid,
    Protocol,
    TitrationPlan,
)
from ldncare.pathway import REVIEW_QUEUE, State
from ldncare.web.access import may_agree_to_cost, may_prescribe, partner_pharmacies_of
from ldncare.web.accounts.clinic_settings import (
    cost_agreement_required_for,
    dosing_limits_for,
    protocol_library_for,
)
from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.tasks import send_email
from ldncare.web.care.models import PathwayEvent, Patient, PlanVersion, Prescription, Screening
from ldncare.web.care.plan_writes import PrescribingError, store_version
from ldncare.web.care.screening_services import run_screening
from ldncare.web.care.services import ConcurrentChange, add_note, lock_patient, record_step
from ldncare.web.pharmacy.pricing import prescription_quote
from ldncare.web.pharmacy.services import create_order


def within_horizon(day: date, field: str) -> date:
    """``day`` when it lies in the product's planning window (``ldncare.dateranges``),
    else :class:`PrescribingError` for ``field``: a plan dated in year 9999
    cannot be drawn, scheduled or put in a calendar."""
    try:
        return planning_window(timezone.localdate()).check(day, field)
    except DateOutOfRange as error:
        raise PrescribingError(str(error), field) from None


class IdentityNotVerified(PrescribingError):
    """Nobody on the clinic team has verified the patient's identity yet."""

    def __init__(self) -> None:
        super().__init__("Approval is blocked: nobody has verified this patient's identity yet. "
                         "Check their details and ID, then press \"Identity verified\" in the "
                         "identity panel.")


class ApprovalBlocked(PrescribingError):
    """The latest screening blocks approval until a prescriber decides to proceed."""

    def __init__(self, screening: Screening | None) -> None:
        self.screening = screening
        if screening is None:
            why = "This patient has no screening yet; approval needs a screened intake."
        else:
            why = (f"The latest screening ({screening.screened_on:%d %b %Y}) found "
                   f"'{screening.verdict.replace('_', ' ')}'. Approval is blocked until a "
                   "prescriber records a decision to proceed, with a reason, on the screening "
                   "panel.")
        super().__init__(why)


# ---------------------------------------------------------------- settings


def clinic_limits(clinic: Organisation) -> DosingLimits:
    """The clinic's dose ceiling and hard maximum: the sourced defaults of
    ``dosing.yaml`` unless the clinic chose its own (see accounts.clinic_settings)."""
    return dosing_limits_for(clinic)


def clinic_library(clinic: Organisation) -> dosing.ProtocolLibrary:
    """The protocols the clinic chooses from: the built-in library plus the
    clinic's own, with the clinic's default."""
    return protocol_library_for(clinic)


# ---------------------------------------------------------------- approval


@dataclass(frozen=True)
class ApprovalRequest:
    """What the prescriber chose on the approval form, already parsed."""

    protocol: Protocol
    start: date
    time_of_day: str
    dosage_form: Capsules | OralLiquid
    days_per_fill: int
    refills: int
    pharmacy: Organisation
    override_reason: str = ""


def approve_prescription(patient: Patient, *, prescriber: User, request: ApprovalRequest,
                         expected_version: int | None) -> Prescription:
    """Approve LDN for ``patient``: re-screen, then create the prescription and
    plan version 1 and record PRESCRIBED. When the clinic asks its patients to
    agree to the cost first (``cost_agreement_required_for``), that is all: the
    patient is asked by e-mail (no health details) and :func:`agree_to_cost`
    sends it. Otherwise the first fill is sent at once (SENT_TO_PHARMACY and the
    pharmacy order, :func:`_send_first_fill`). The e-mail goes once committed.

    Two transactions on purpose: the fresh screening is kept even when it
    blocks approval (the panel must show what was found), while the approval
    itself is all-or-nothing. Raises :class:`ApprovalBlocked`,
    :class:`PrescribingError` (with the field), :class:`ConcurrentChange`.
    """
    within_horizon(request.start, "start_date")
    _check_may_decide(prescriber, patient, expected_version)
    if Patient.objects.get(pk=patient.pk).identity_verified_at is None:
        raise IdentityNotVerified()
    screening = rescreen(patient, trigger=Screening.Trigger.PRESCRIPTION, actor=prescriber)
    if screening is None or screening.blocks_approval:
        raise ApprovalBlocked(screening)
    prescription = _create_prescription(patient, prescriber, request, screening, expected_version)
    if prescription.awaits_cost_agreement:
        _ask_patient_to_agree(patient)
        return prescription
    _tell_patient(patient, "Your LDN prescription was approved",
                  f"Hello {patient.greeting_name},\n\nYour prescriber approved low-dose "
                  f"naltrexone. It has been sent to {request.pharmacy.name}. Your schedule "
                  "starts the day after your medicine arrives (not before "
                  + request.start.strftime("%d %B %Y") + "); you can see it when "
                  "you log in to LDN Care.\n")
    return prescription


def _check_may_decide(prescriber: User, patient: Patient, expected_version: int | None) -> None:
    if not may_prescribe(prescriber, patient):
        raise PrescribingError("Only a prescriber of this patient's clinic can decide.")
    if expected_version is not None and Patient.objects.get(pk=patient.pk).version != expected_version:
        raise ConcurrentChange()
    if patient.pathway_state not in REVIEW_QUEUE:
        raise PrescribingError(f"This patient is '{patient.pathway_state.label}', not waiting "
                               "for review; nothing was changed.")


@transaction.atomic
def _create_prescription(patient: Patient, prescriber: User, request: ApprovalRequest,
                         screening: Screening, expected_version: int | None) -> Prescription:
    locked = lock_patient(patient.pk, expected_version)
    if request.pharmacy not in partner_pharmacies_of(prescriber):
        raise PrescribingError("Choose one of your clinic's partner pharmacies.", "pharmacy")
    library = clinic_library(patient.clinic)
    plan = _build_plan(request, prescriber, library.version, clinic_limits(patient.clinic))
    _check_supply(plan, request.dosage_form, request.days_per_fill, request.refills)
    prescription = Prescription.objects.create(
        patient=locked, prescriber=prescriber, pharmacy=request.pharmacy, screening=screening,
        protocol=request.protocol.name, form=_form_kind(request.dosage_form),
        strengths_mg=_strengths(request.dosage_form),
        concentration_mg_per_ml=_concentration(request.dosage_form),
        days_per_fill=request.days_per_fill, refills=request.refills,
        override_reason=request.override_reason.strip(),
        cost_agreement_required=cost_agreement_required_for(patient.clinic),
    )
    store_version(prescription, plan, prescriber)
    record_step(locked, State.PRESCRIBED, actor=prescriber,
                summary=f"Prescribed LDN ({plan.protocol}, to {plan.target})",
                data={"prescription_id": prescription.pk})
    if prescription.awaits_cost_agreement:
        add_note(locked, actor=prescriber, visible_to_patient=True,
                 summary="Waiting for the patient to agree to the cost",
                 data={"prescription_id": prescription.pk})
    else:
        _send_first_fill(locked, prescription, actor=prescriber,
                         summary=f"Sent to {request.pharmacy.name}")
    patient.state, patient.version = locked.state, locked.version
    return prescription


def _send_first_fill(patient: Patient, prescription: Prescription, *, actor: User,
                     summary: str, data: dict | None = None) -> None:
    """Record SENT_TO_PHARMACY and put the first fill in the pharmacy's queue:
    the one way a new prescription reaches the pharmacy (at approval, or when
    the patient agrees to the cost). Inside the caller's transaction, with the
    patient row locked."""
    record_step(patient, State.SENT_TO_PHARMACY, actor=actor, summary=summary,
                data={"prescription_id": prescription.pk, **(data or {})})
    create_order(prescription, fill_number=0)


def _build_plan(request: ApprovalRequest, prescriber: User, library_version: str,
                limits: DosingLimits) -> TitrationPlan:
    try:
        return dosing.build_plan(
            request.protocol, request.start, limits=limits,
            override_reason=request.override_reason or None, time_of_day=request.time_of_day,
            actor=prescriber.full_name or prescriber.email, recorded_at=timezone.now(),
            library_version=library_version)
    except dosing.HardMaximumExceeded as error:
        raise PrescribingError(str(error), "protocol") from None
    except dosing.CeilingExceeded as error:
        raise PrescribingError(str(error), "override_reason") from None
    except dosing.DosingError as error:
        raise PrescribingError(str(error), "protocol") from None


def _check_supply(plan: TitrationPlan, form: Capsules | OralLiquid, days: int, refills: int) -> None:
    field = "concentration" if isinstance(form, OralLiquid) else "strengths"
    try:
        dosing.supply_for(plan, form, days_per_fill=days, refills=refills)
    except dosing.SupplyError as error:
        raise PrescribingError(str(error), field) from None


def _form_kind(form: Capsules | OralLiquid) -> str:
    return Prescription.Form.ORAL_LIQUID if isinstance(form, OralLiquid) else Prescription.Form.CAPSULES


def _strengths(form: Capsules | OralLiquid) -> list[str]:
    return [dosing.canonical_dose(s) for s in form.strengths] if isinstance(form, Capsules) else []


def _concentration(form: Capsules | OralLiquid) -> Decimal | None:
    return form.mg_per_ml if isinstance(form, OralLiquid) else None


def _tell_patient(patient: Patient, subject: str, body: str) -> None:
    email = patient.user.email
    transaction.on_commit(lambda: send_email.enqueue(email, subject, body))


#: The e-mail asking the patient to agree to the cost: no medicine, dose or
#: price (an e-mail may be read by others), only that something waits for them.
AGREE_SUBJECT = "Your plan is ready for you to check"


def _ask_patient_to_agree(patient: Patient) -> None:
    _tell_patient(patient, AGREE_SUBJECT,
                  f"Hello {patient.greeting_name},\n\nYour clinic has prepared your plan. Before "
                  "anything is sent to the pharmacy, sign in to see what it costs and agree to "
                  f"it, or ask your care team a question: {settings.SITE_URL}/\n\n"
                  "This e-mail holds no health details on purpose.\n")


# ---------------------------------------------------------------- agreeing to the cost


class CostAlreadyAgreed(PrescribingError):
    """The patient agreed before (a second press, or an old page): nothing more is sent."""

    def __init__(self, prescription: Prescription) -> None:
        when = timezone.localtime(prescription.cost_agreed_at)
        super().__init__(f"You already agreed to this cost on {when:%-d %b %Y at %H:%M}; your "
                         f"prescription is with {prescription.pharmacy.name}. Nothing more "
                         "was sent.")


class CostChanged(PrescribingError):
    """The plan or its price changed after the patient opened the page."""

    def __init__(self) -> None:
        super().__init__("Your plan or its price changed since you opened the page. Nothing was "
                         "sent: check the plan and the cost again below, then agree if you are "
                         "happy with them.")


@dataclass(frozen=True)
class SeenCost:
    """What the patient's page showed when they pressed "Agree": the plan
    version and the amounts (None: "price not set")."""

    plan_version: int
    first_fill: Decimal | None
    per_month: Decimal | None


def agree_to_cost(prescription: Prescription, *, patient_user: User, seen: SeenCost) -> None:
    """The patient agrees to the cost of ``prescription``: store who, when and
    the exact amounts, then send the first fill as approval does when no
    agreement is needed (:func:`_send_first_fill`), in one transaction.

    The prescription row is locked first, so a second press waits and then
    finds it agreed (:class:`CostAlreadyAgreed`, no second order). A stopped
    prescription, one that needs no agreement, or a page older than the plan
    or the price list (:class:`CostChanged`) is refused with nothing written.
    The amounts come from ``pricing.prescription_quote``: the one derivation
    the patient's page, the prescriber's page and this agreement share.
    """
    with transaction.atomic():
        locked = (Prescription.objects.select_for_update(of=("self",))
                  .select_related("patient__clinic", "pharmacy").get(pk=prescription.pk))
        if not may_agree_to_cost(patient_user, locked):
            raise PrescribingError("Only the patient agrees to the cost of their prescription.")
        _check_awaits_agreement(locked)
        quote = prescription_quote(locked)
        if (seen.plan_version != locked.current_plan().version
                or seen.first_fill != quote.first_fill_amount
                or seen.per_month != quote.per_month_amount):
            raise CostChanged()
        locked.cost_agreed_at, locked.cost_agreed_by = timezone.now(), patient_user
        locked.agreed_first_fill_cost = quote.first_fill_amount
        locked.agreed_monthly_cost = quote.per_month_amount
        locked.agreed_currency = quote.currency
        locked.save(update_fields=["cost_agreed_at", "cost_agreed_by", "agreed_first_fill_cost",
                                   "agreed_monthly_cost", "agreed_currency"])
        patient = lock_patient(locked.patient_id, None)
        _send_first_fill(patient, locked, actor=patient_user,
                         summary=f"Agreed to the cost ({quote.words}); sent to "
                                 f"{locked.pharmacy.name}",
                         data={"agreed_first_fill": quote.first_fill_text,
                               "agreed_per_month": quote.per_month_text,
                               "currency": quote.currency})


def _check_awaits_agreement(prescription: Prescription) -> None:
    if prescription.status != Prescription.Status.ACTIVE:
        raise PrescribingError("Your prescriber has stopped this prescription, so there is "
                               "nothing to agree to and nothing was sent. Message your care team "
                               "if you have a question.")
    if prescription.cost_agreed_at is not None:
        raise CostAlreadyAgreed(prescription)
    if not prescription.cost_agreement_required:
        raise PrescribingError("This prescription went to the pharmacy when it was approved; "
                               "there is nothing to agree to.")


@transaction.atomic
def decline_prescription(patient: Patient, *, prescriber: User, reason: str,
                         expected_version: int | None) -> PathwayEvent:
    """Decline LDN for ``patient`` with a reason the patient sees on their timeline."""
    if not reason.strip():
        raise PrescribingError("Say why, in words the patient will read.", "reason")
    _check_may_decide(prescriber, patient, expected_version)
    event = record_step(patient, State.DECLINED, actor=prescriber, reason=reason.strip(),
                        summary="LDN was not prescribed", expected_version=expected_version)
    _tell_patient(patient, "About your LDN request",
                  f"Hello {patient.user.full_name},\n\nYour prescriber decided not to "
                  f"prescribe LDN for now. Their reason:\n\n{reason.strip()}\n\nYou can log in "
                  "to LDN Care to read it again or to ask again later.\n")
    return event


# ---------------------------------------------------------------- screening


def rescreen(patient: Patient, *, trigger: str, actor: User | None) -> Screening | None:
    """Screen ``patient`` again, today, with the inputs of their latest screening
    (the intake plus any medicine reported since), via the screening service.

    A prescriber's 'proceed' decision carries over to the new run only when it
    finds exactly what the decided run found: the decision was about those
    findings. None when the patient was never screened.
    """
    from ldncare.screening import ScreeningInput

    previous = patient.screenings.order_by("-created_at", "-id").first()
    if previous is None:
        return None
    screening = run_screening(patient, trigger=trigger, actor=actor, intake=previous.intake,
                              inputs=ScreeningInput.from_dict(previous.inputs))
    _carry_over_decision(patient, screening)
    return screening


def _findings(screening: Screening) -> list:
    return list((screening.result or {}).get("findings", []))


@transaction.atomic
def _carry_over_decision(patient: Patient, screening: Screening) -> None:
    if not screening.awaits_decision:
        return
    decided = (patient.screenings.exclude(pk=screening.pk).exclude(decision="")
               .order_by("-created_at", "-id").first())
    if decided is None or decided.decision != Screening.Decision.PROCEED:
        return
    if decided.verdict == screening.verdict and _findings(decided) == _findings(screening):
        screening.decision, screening.decision_reason = decided.decision, decided.decision_reason
        screening.decided_by, screening.decided_at = decided.decided_by, decided.decided_at
        screening.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])


# ---------------------------------------------------------------- dose changes

#: The dose changes a prescriber can make, by the name the API and forms use.
DOSE_CHANGES: dict[str, tuple[str, Callable[..., TitrationPlan]]] = {
    "advance": ("Advance to the next dose", dosing.advance),
    "hold": ("Hold at the current dose", dosing.hold),
    "step_back": ("Step back to the previous dose", dosing.step_back),
    "switch_to_morning": ("Switch to morning dosing", dosing.switch_to_morning),
    "switch_to_bedtime": ("Switch back to bedtime dosing", dosing.switch_to_bedtime),
    "pause": ("Pause (no doses until resumed)", dosing.pause),
    "resume": ("Resume after a pause", dosing.resume),
    "stop": ("Stop treatment", dosing.stop),
}


@transaction.atomic
def apply_dose_change(prescription: Prescription, *, kind: str, actor: User, reason: str,
                      on_date: date, override_reason: str = "",
                      expected_plan_version: int | None = None) -> PlanVersion:
    """Apply dose change ``kind`` (a key of :data:`DOSE_CHANGES`) to the current
    plan from ``on_date`` and store the result as a new :class:`PlanVersion`.

    The old versions stay. ``stop`` also stops the prescription and records the
    pathway step STOPPED. ``expected_plan_version`` (the version the prescriber
    saw) guards against two prescribers changing the plan at once. Raises
    :class:`PrescribingError` (with the field) or :class:`ConcurrentChange`.
    """
    if kind not in DOSE_CHANGES:
        raise PrescribingError(f"Choose one of: {', '.join(DOSE_CHANGES)}.", "kind")
    if not reason.strip():
        raise PrescribingError("Say why the dose is changing; it is kept in the history.", "reason")
    within_horizon(on_date, "on_date")
    locked = Prescription.objects.select_for_update(of=("self",)).select_related("patient").get(pk=prescription.pk)
    if not may_prescribe(actor, locked.patient):
        raise PrescribingError("Only a prescriber of this patient's clinic can change the dose.")
    if locked.status == Prescription.Status.STOPPED:
        raise PrescribingError("This prescription is stopped; approve a new one to start again.")
    current = locked.current_plan()
    if expected_plan_version is not None and current.version != expected_plan_version:
        raise ConcurrentChange()
    plan = _changed_plan(current.titration_plan(), kind, actor, reason, on_date, override_reason)
    stored = store_version(locked, plan, actor)
    if kind == "stop":
        _stop_prescription(locked, actor, reason)
    else:
        add_note(locked.patient, actor=actor, visible_to_patient=True,
                 summary=f"Dose plan changed: {DOSE_CHANGES[kind][0].lower()} (v{plan.version})",
                 reason=reason.strip(), data={"prescription_id": locked.pk, "plan_version": plan.version})
    return stored


def _changed_plan(plan: TitrationPlan, kind: str, actor: User, reason: str, on_date: date,
                  override_reason: str) -> TitrationPlan:
    operation = DOSE_CHANGES[kind][1]
    extra = {"override_reason": override_reason or None} if kind == "advance" else {}
    try:
        return operation(plan, on_date, actor.full_name or actor.email, reason,
                         recorded_at=timezone.now(), **extra)
    except dosing.CeilingExceeded as error:
        raise PrescribingError(str(error), "override_reason") from None
    except dosing.HardMaximumExceeded as error:
        raise PrescribingError(str(error), "kind") from None
    except dosing.PlanChangeError as error:
        # Messages about dates belong beside the date; the rest explain the plan as it is.
        field = "on_date" if " before " in str(error) or "starts on" in str(error) else None
        raise PrescribingError(str(error), field) from None
    except dosing.DosingError as error:
        raise PrescribingError(str(error)) from None


def _stop_prescription(prescription: Prescription, actor: User, reason: str) -> None:
    prescription.status = Prescription.Status.STOPPED
    prescription.save(update_fields=["status"])
    patient = prescription.patient
    if patient.pathway_state != State.STOPPED:
        record_step(patient, State.STOPPED, actor=actor, reason=reason.strip(),
                    summary="LDN treatment stopped", data={"prescription_id": prescription.pk})


# ---------------------------------------------------------------- calendar feed

#: The key in ``PathwayEvent.data`` under which calendar-feed links are recorded.
FEED_KEY = "calendar_feed"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_calendar_feed(patient: Patient, *, actor: User) -> str:
    """A new secret for the patient's calendar-feed URL; any older link stops
    working. Only the hash is stored, as an append-only note on the patient's
    record (who made the link, and when, stays in the history)."""
    token = secrets.token_urlsafe(24)
    add_note(patient, actor=actor, summary="Calendar subscription link created",
             visible_to_patient=True, data={FEED_KEY: {"token_hash": _hash(token)}})
    return token


@transaction.atomic
def revoke_calendar_feed(patient: Patient, *, actor: User) -> None:
    """Stop the patient's calendar-feed link from working."""
    add_note(patient, actor=actor, summary="Calendar subscription link revoked",
             visible_to_patient=True, data={FEED_KEY: {"token_hash": None}})
