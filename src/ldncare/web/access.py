"""Who may see what: the one place where querysets of patient data are scoped.

Every view and API endpoint that reads patient data starts from one of these
functions with the requesting user. Nothing else builds an unscoped queryset
of patients, events or orders.

- patient → themselves;
- prescriber, clinic staff, clinic admin → their clinic's patients;
- pharmacist, technician, pharmacy admin → orders routed to their pharmacy,
  and the patients of those orders (for labels and shipping);
- anyone else → nothing.

It is also the one place where a role's permissions are written: named
functions (``works_at_bench``, ``may_verify_batch``, ``may_prescribe`` …) that
views, API endpoints, services and templates (``can``, below) ask. No other
module tests ``user.role`` (a test scans them). The refusal policy: a role that
never uses a page or endpoint gets 403 whatever the object; an object outside
the user's scope is 404 (the querysets here do not find it); an object in scope
on which the role may not act is 403.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import Patient, PatientRequest, Prescription
from ldncare.web.pharmacy.models import IngredientLot, Order
from ldncare.web.trials.models import Trial


def patients_visible_to(user: User) -> QuerySet[Patient]:
    """The patients whose chart ``user`` may open."""
    if not user.is_authenticated or not user.is_active:
        return Patient.objects.none()
    if user.role == Role.PATIENT:
        return Patient.objects.filter(user=user)
    if user.is_clinic_member:
        return Patient.objects.filter(clinic_id=user.organisation_id)
    if user.is_pharmacy_member:
        return Patient.objects.filter(orders__pharmacy_id=user.organisation_id).distinct()
    return Patient.objects.none()


def journals_visible_to(user: User) -> QuerySet[Patient]:
    """The patients whose journal (check-ins, notes, ratings, side effects,
    questionnaires) ``user`` may read: the patient's own, and their clinic
    team's. A pharmacy sees a patient for labels and shipping only, never
    the journal."""
    if not user.is_authenticated or not user.is_active:
        return Patient.objects.none()
    if user.role == Role.PATIENT:
        return Patient.objects.filter(user=user)
    if user.is_clinic_member:
        return Patient.objects.filter(clinic_id=user.organisation_id)
    return Patient.objects.none()


def may_read_journals(user: User) -> bool:
    """Whether ``user``'s role reads journals at all (a pharmacy's does not)."""
    return bool(user.is_authenticated and (user.role == Role.PATIENT or user.is_clinic_member))


def orders_visible_to(user: User) -> QuerySet[Order]:
    """The pharmacy orders ``user`` may see."""
    if not user.is_authenticated or not user.is_active:
        return Order.objects.none()
    # A blinded trial's kit order holds batches whose strength is the allocation:
    # only the pharmacy sees it (the patient and clinic follow kits by code).
    if user.role == Role.PATIENT:
        return Order.objects.filter(patient__user=user, kit_trial__isnull=True)
    if user.is_clinic_member:
        return Order.objects.filter(patient__clinic_id=user.organisation_id,
                                    kit_trial__isnull=True)
    if user.is_pharmacy_member:
        return Order.objects.filter(pharmacy_id=user.organisation_id)
    return Order.objects.none()


def ingredient_lots_visible_to(user: User) -> QuerySet[IngredientLot]:
    """The ingredient lots in stock at ``user``'s pharmacy (pharmacy team only)."""
    if user.is_authenticated and user.is_active and user.is_pharmacy_member:
        return IngredientLot.objects.filter(pharmacy_id=user.organisation_id)
    return IngredientLot.objects.none()


def may_receive_lots(user: User) -> bool:
    """Technicians and pharmacists book received ingredient lots into quarantine."""
    return bool(user.is_authenticated and user.role in (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN))


def may_release_lots(user: User) -> bool:
    """Only a pharmacist releases a lot from quarantine, or rejects it."""
    return bool(user.is_authenticated and user.role == Role.PHARMACIST)


def may_edit_dispensing_details(user: User) -> bool:
    """A pharmacist or the pharmacy's admin sets the address and phone its labels print."""
    return bool(user.is_authenticated and user.is_pharmacy_member
                and user.role in (Role.PHARMACIST, Role.ORG_ADMIN))


def may_edit_prices(user: User) -> bool:
    """A pharmacist or the pharmacy's admin keeps its price list (the bench may read it)."""
    return may_edit_dispensing_details(user)


def may_record_charge(user: User, order: Order) -> bool:
    """A pharmacist or the admin of the order's own pharmacy records what was charged."""
    return may_edit_prices(user) and user.organisation_id == order.pharmacy_id


def may_confirm_delivery(user: User, order: Order) -> bool:
    """The patient confirms their own parcel arrived; the bench may enter the
    carrier's delivered date for its pharmacy's orders."""
    if not user.is_authenticated:
        return False
    if user.role == Role.PATIENT:
        return order.patient.user_id == user.pk
    return (user.role in (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN)
            and order.pharmacy_id == user.organisation_id)


def may_agree_to_cost(user: User, prescription: Prescription) -> bool:
    """Only the patient themself agrees to what their prescription will cost;
    nobody on the clinic or pharmacy team agrees on their behalf."""
    return bool(user.is_authenticated and user.role == Role.PATIENT
                and prescription.patient.user_id == user.pk)


def sees_cost_agreement(user: User, patient: Patient) -> bool:
    """The patient and their clinic team see that a prescription waits for the
    cost to be agreed; a pharmacy does not (it is not theirs until it is sent)."""
    if not user.is_authenticated:
        return False
    return patient.user_id == user.pk or may_act_for_clinic(user, patient)


def may_close_order(user: User) -> bool:
    """Only a pharmacist cancels an order or records it as returned."""
    return bool(user.is_authenticated and user.role == Role.PHARMACIST)


def may_cancel_kit_order(user: User, patient: Patient) -> bool:
    """A blinded trial's kit order is cancelled by the patient's prescriber
    when they stop the trial early, or by a pharmacist (as any order)."""
    return may_prescribe(user, patient) or may_close_order(user)


def may_act_for_clinic(user: User, patient: Patient) -> bool:
    """Whether ``user`` is on ``patient``'s clinic team (staff writes)."""
    return bool(user.is_authenticated and user.is_clinic_member
                and user.organisation_id == patient.clinic_id)


def may_prescribe(user: User, patient: Patient) -> bool:
    return may_act_for_clinic(user, patient) and signs_prescriptions(user)


def may_verify_identity(user: User, patient: Patient) -> bool:
    """Anyone on the patient's clinic team checks the patient's identity
    documents and marks the identity verified."""
    return may_act_for_clinic(user, patient)


def owes_consent_check(user: User) -> bool:
    """Whether ``user``'s visits pass the consent gate (patients only: staff
    consent to nothing here)."""
    return bool(user.is_authenticated and user.role == Role.PATIENT)


def signs_prescriptions(user: User) -> bool:
    """Whether ``user`` signs prescriptions (and so records a licence number)."""
    return bool(user.is_authenticated and user.role == Role.PRESCRIBER)


def members_visible_to(user: User) -> QuerySet[User]:
    """Organisation members an admin may manage: their own organisation only."""
    if user.is_authenticated and user.role == Role.ORG_ADMIN and user.organisation_id:
        return User.objects.filter(organisation_id=user.organisation_id)
    return User.objects.none()


def partner_pharmacies_of(user: User) -> QuerySet[Organisation]:
    if user.is_authenticated and user.is_clinic_member and user.organisation is not None:
        return user.organisation.partner_pharmacies.all()
    return Organisation.objects.none()


# --- blinded n-of-1 trials ---------------------------------------------------------------


def trials_visible_to(user: User) -> QuerySet[Trial]:
    """The patient's own trials; the clinic's trials for its team; the trials
    whose kits a pharmacy compounds, for that pharmacy's team."""
    if not user.is_authenticated or not user.is_active:
        return Trial.objects.none()
    if user.role == Role.PATIENT:
        return Trial.objects.filter(patient__user=user)
    if user.is_clinic_member:
        return Trial.objects.filter(patient__clinic_id=user.organisation_id)
    if user.is_pharmacy_member:
        return Trial.objects.filter(pharmacy_id=user.organisation_id)
    return Trial.objects.none()


def may_see_trial_page(user: User) -> bool:
    """The blinded trial page is for the patient and the clinic team; the
    pharmacy works from the kit page (which shows the allocation)."""
    return bool(user.is_authenticated and (user.role == Role.PATIENT or user.is_clinic_member))


def may_run_trial(user: User, trial: Trial) -> bool:
    """Design, stop, unblind in an emergency, analyse: the patient's prescriber."""
    return may_prescribe(user, trial.patient)


def may_compound_kits(user: User) -> bool:
    """The bench (technicians and pharmacists) compounds and labels trial kits."""
    return works_at_bench(user)


def patient_requests_visible_to(user: User) -> QuerySet[PatientRequest]:
    """The request threads ``user`` may read: the patient's own, and those of
    their clinic team's patients. Never a pharmacy's (threads are the care
    team's only)."""
    return PatientRequest.objects.filter(patient__in=journals_visible_to(user))


def may_answer_requests(user: User, patient: Patient) -> bool:
    """Whoever is on the patient's clinic team replies to and closes their requests."""
    return may_act_for_clinic(user, patient)


def may_manage_staff(user: User) -> bool:
    """An organisation admin manages their organisation's members."""
    return bool(user.is_authenticated and user.role == Role.ORG_ADMIN and user.organisation_id)


# --- Named permissions: what a role may do -----------------------------------------
#
# The refusal policy (README, Access): an object outside the user's scope is
# answered 404 (the scoped querysets above simply do not find it); a user who
# may see a page or object but whose role may not act on it is answered 403.


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def is_patient(user: Any) -> bool:
    """The person is a patient: their own pages (schedule, journal, "is it working?")."""
    return _signed_in(user) and user.role == Role.PATIENT


def is_clinic_team(user: Any) -> bool:
    """Prescriber, clinic staff or a clinic's admin."""
    return _signed_in(user) and bool(user.is_clinic_member)


def is_pharmacy_team(user: Any) -> bool:
    """Pharmacist, technician or a pharmacy's admin."""
    return _signed_in(user) and bool(user.is_pharmacy_member)


def is_org_admin(user: Any) -> bool:
    """An organisation's admin: manages its team and reads its audit trail."""
    return _signed_in(user) and user.role == Role.ORG_ADMIN


def may_read_audit_trail(user: Any) -> bool:
    """Only an organisation's admin reads who-did-what (scoped to their organisation)."""
    return may_manage_staff(user)


def sees_staff_details(user: Any) -> bool:
    """Staff see who did what and patients' e-mail addresses; a patient sees their own story."""
    return _signed_in(user) and not is_patient(user)


def works_at_bench(user: Any) -> bool:
    """Pharmacists and technicians compound, weigh and ship (a pharmacy admin does not)."""
    return _signed_in(user) and user.role in (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN)


def is_pharmacist(user: Any) -> bool:
    """A pharmacist: verifies batches, releases lots, closes orders."""
    return _signed_in(user) and user.role == Role.PHARMACIST


def may_verify_batch(user: Any, batch: Any) -> bool:
    """A pharmacist of the batch's pharmacy releases it (a second pharmacist: the service checks)."""
    return is_pharmacist(user) and batch.order.pharmacy_id == user.organisation_id





def may_read_clinic_settings(user: Any) -> bool:
    """A clinic's admin (to change) and prescribers (to read) open its settings."""
    return is_clinic_team(user) and user.role in (Role.ORG_ADMIN, Role.PRESCRIBER)


def may_export_research(user: Any) -> bool:
    """The de-identified research export is for the clinic's prescribers and its admin."""
    return is_clinic_team(user) and user.role in (Role.PRESCRIBER, Role.ORG_ADMIN)



def may_change_clinic_settings(user: Any, clinic: Organisation) -> bool:
    """Only the clinic's own organisation admin changes its settings."""
    return is_org_admin(user) and user.organisation_id == clinic.pk and clinic.is_clinic


def holds_admin_role(member: User) -> bool:
    """``member`` is an organisation admin (whether or not signed in now): the
    team page keeps at least one active admin."""
    return member.role == Role.ORG_ADMIN


# --- Templates ask these too ----------------------------------------------------------


class Permissions:
    """What the signed-in user may do, for templates: ``{% if can.work_at_bench %}``.
    Each answer is one of the permissions above, worked out when first asked."""

    def __init__(self, user: Any) -> None:
        self._user = user

    @cached_property
    def is_patient(self) -> bool:
        return is_patient(self._user)

    @cached_property
    def is_clinic_team(self) -> bool:
        return is_clinic_team(self._user)

    @cached_property
    def is_pharmacy_team(self) -> bool:
        return is_pharmacy_team(self._user)

    @cached_property
    def see_staff_details(self) -> bool:
        return sees_staff_details(self._user)

    @cached_property
    def manage_staff(self) -> bool:
        return may_manage_staff(self._user)

    @cached_property
    def read_audit_trail(self) -> bool:
        return may_read_audit_trail(self._user)

    @cached_property
    def sign_prescriptions(self) -> bool:
        return signs_prescriptions(self._user)

    @cached_property
    def work_at_bench(self) -> bool:
        return works_at_bench(self._user)

    @cached_property
    def verify_batches(self) -> bool:
        return is_pharmacist(self._user)


def template_permissions(request: Any) -> dict[str, Permissions]:
    """Context processor: ``can`` in every template (settings.TEMPLATES)."""
    return {"can": Permissions(getattr(request, "user", None) or AnonymousUser())}
