"""Who may see what: the one place where querysets of patient data are scoped.

Every view and API endpoint that reads patient data starts from one of these
functions with the requesting user. Nothing else builds an unscoped queryset
of patients, events or orders.

- patient → themselves;
- prescriber, clinic staff, clinic admin → their clinic's patients;
- pharmacist, technician, pharmacy admin → orders routed to their pharmacy,
  and the patients of those orders (for labels and shipping);
- anyone else → nothing.
"""

from __future__ import annotations

from django.db.models import QuerySet

from ldncare.web.accounts.models import Organisation, User
from ldncare.web.accounts.roles import Role
from ldncare.web.care.models import Patient, PatientRequest
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


def may_close_order(user: User) -> bool:
    """Only a pharmacist cancels an order or records it as returned."""
    return bool(user.is_authenticated and user.role == Role.PHARMACIST)


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
    return bool(user.is_authenticated and user.role in (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN))


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
