"""`ldncare demo` loads patients whose histories add up: the active patient's
steps, fills, refills, deliveries, charges and journal fall on one timeline,
"Is LDN working for me?" shows a result computed from their journal, and no
patient page carries a "Demo:" label."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ldncare.pathway import State
from ldncare.web.care.models import PathwayEvent, Patient
from ldncare.web.journal.models import CheckIn
from ldncare.web.pharmacy.models import ChargeStatus, Order, Price


@pytest.fixture
def demo(db, monkeypatch):  # type: ignore[no-untyped-def]
    from ldncare.web import demo as root_demo

    # The synthetic cohort of the dashboard is not what this test is about.
    monkeypatch.setattr(root_demo, "DEMO_EXTENSIONS", tuple(
        e for e in root_demo.DEMO_EXTENSIONS if e != "insights.demo"))
    root_demo.load_demo_clinic()
    return root_demo


def _patient(email: str) -> Patient:
    return Patient.objects.select_related("user").get(user__email=email)


def test_no_demo_patient_has_a_demo_label_on_their_timeline(demo):
    assert not PathwayEvent.objects.filter(patient__user__is_demo=True,
                                           summary__icontains="demo").exists()


def test_each_patients_steps_happen_in_the_order_of_the_pathway(demo):
    for email, _, states in demo.PATIENTS:
        patient = _patient(email)
        steps = list(patient.events.filter(state__in=[s.value for s in states])
                     .order_by("at", "id").values_list("state", flat=True))
        firsts = list(dict.fromkeys(steps))
        assert firsts == [s.value for s in states], email
        assert patient.created_at <= patient.events.order_by("at").first().at


def test_the_active_patients_fills_arrive_the_day_before_they_are_needed_and_are_charged(demo):
    patient = _patient("patient@patients.example")
    prescription = patient.prescriptions.get()
    start = prescription.plan_versions.order_by("version").first().titration_plan().start
    orders = list(Order.objects.filter(patient=patient).order_by("fill_number"))
    assert [o.fill_number for o in orders] == [0, 1, 2]  # 70 days in, 30 days a fill
    first_dose = patient.events.filter(state=State.ACTIVE).order_by("at").first().at
    assert timezone.localtime(first_dose).date() == start
    assert orders[0].shipment.delivered_on == start - timedelta(days=1)
    for order in orders:
        assert order.shipment.shipped_at < timezone.now()
        assert order.shipment.delivered_on <= timezone.localdate()
        assert order.charge_status == ChargeStatus.CHARGED and order.charge_amount
    assert orders[0].created_at < first_dose
    assert prescription.created_at == patient.events.get(state=State.PRESCRIBED).at


def test_the_patient_waiting_for_the_pharmacy_has_a_priced_order_not_yet_charged(demo):
    order = Order.objects.get(patient__user__email="pharmacy@patients.example")
    assert order.charge_amount is not None
    assert order.charge_status == ChargeStatus.NOT_CHARGED
    assert Price.objects.exists()


def test_the_journal_starts_two_weeks_before_the_first_dose_and_ends_at_the_stop(demo):
    active = _patient("patient@patients.example")
    start = active.prescriptions.get().plan_versions.order_by("version").first() \
        .titration_plan().start
    first = CheckIn.objects.filter(patient=active).order_by("day").first().day
    assert start - timedelta(days=14) <= first < start
    stopped = _patient("stopped@patients.example")
    stop_day = timezone.localtime(stopped.events.get(state=State.STOPPED).at).date()
    last = CheckIn.objects.filter(patient=stopped).order_by("-day").first().day
    assert last <= stop_day
    assert CheckIn.objects.filter(patient=stopped).count() > 60


def test_is_ldn_working_for_me_shows_a_result_from_the_active_patients_journal(demo, client):
    patient = _patient("patient@patients.example")
    assert patient.condition == "fibromyalgia"  # as their intake says
    client.force_login(patient.user)
    page = client.get(reverse("insights:my_summary")).content.decode()
    assert 'data-testid="nof1-headline"' in page
    assert "averaged" in page and "before LDN" in page
    home = client.get(reverse("home")).content.decode()
    assert "Demo" not in home
    assert 'data-testid="monthly-cost"' in home


def test_one_demo_patient_waits_to_agree_and_the_others_agreed_to_what_they_were_charged(demo):
    waiting = _patient("agree@patients.example").prescriptions.get()
    assert waiting.awaits_cost_agreement
    assert not Order.objects.filter(prescription=waiting).exists()
    active = _patient("patient@patients.example")
    prescription = active.prescriptions.get()
    assert prescription.cost_agreed_by == active.user
    first = Order.objects.get(prescription=prescription, fill_number=0)
    assert prescription.agreed_first_fill_cost == first.charge_amount is not None
    sent = active.events.filter(state=State.SENT_TO_PHARMACY).order_by("at").first()
    assert prescription.cost_agreed_at == sent.at
