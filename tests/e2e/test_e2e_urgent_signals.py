"""Every red flag, end to end, on a phone: the patient reports it and sees the
guidance at once; the task worker e-mails the prescriber through a real SMTP
server (no health details) and the patient their guidance; without an
acknowledgement the escalation follows after the clinic's hours (time
travel); an acknowledgement stops it."""

from __future__ import annotations

from datetime import timedelta
from email.message import Message

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from ldncare.journal.instruments import get_instrument
from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import Suggestion, UrgentCareSettings
from ldncare.web.journal.services import schedule_questionnaire
from ldncare.web.journal.urgent_services import ALERT_SUBJECT, ESCALATION_SUBJECT
from ldntest.browser import log_in, log_out
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 360, "height": 740}
HOURS = 2


@pytest.fixture
def smtp_sink(smtp_sink, settings):  # type: ignore[no-untyped-def]
    # The alerts go through the real database queue, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend",
                                  "QUEUES": ["default"]}}
    return smtp_sink


def run_worker() -> None:
    for _ in range(3):  # the evaluation queues the alert: let the worker reach it too
        call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(message.get_payload())


def check_in_with(page, base, *, side_effect: str = "", severity: str = "", event: str = ""):
    page.goto(f"{base}/journal/")
    form = page.locator("#check-in")
    form.locator("label[for=id_dose_taken_0]").click()  # "Yes"
    if side_effect:  # open the list, tap the chip, then its severity
        form.locator("details.side-effects > summary").click()
        form.locator(f"input[name=side_effects][value={side_effect}] + label").click()
        form.locator(f"input[name=side_effect_{side_effect}][value={severity}] + label").click()
    if event:
        form.locator(f"input[name=events][value={event}] + label").click()
    form.get_by_role("button", name="Save check-in").click()


def report_medicine(page, base, medicine: str):
    page.goto(f"{base}/journal/")
    page.locator("input[name=medicine]").fill(medicine)
    page.get_by_role("button", name="Tell my clinic").click()


def answer_phq9_item9(page, base, world, patient):
    schedule_questionnaire(patient, instrument="phq-9", start=patient_today(patient),
                           every_days=28, until=None, actor=world.users["prescriber"])
    page.goto(f"{base}/journal/questionnaires/phq-9")
    for item in get_instrument("phq-9").items:
        page.locator(f"input[name='{item.code}'][value='{2 if item.code == '9' else 1}']").check()
    page.get_by_role("button", name="Submit").click()


FLAGS = {
    # name: (how the patient reports it, the guidance title they must see)
    "self-harm thoughts in the check-in": (
        lambda p, b, w, pt: check_in_with(p, b, side_effect="low_mood_or_self_harm_thoughts",
                                          severity="severe"),
        "You do not have to face this alone"),
    "PHQ-9 item 9 above zero": (answer_phq9_item9, "You do not have to face this alone"),
    "a new opioid reported as a new medicine": (
        lambda p, b, w, pt: report_medicine(p, b, "tramadol 50 mg"), "About tonight's LDN dose"),
    "pregnancy": (lambda p, b, w, pt: check_in_with(p, b, event="pregnant"),
                  "Pregnancy and LDN"),
    "a severe side effect": (
        lambda p, b, w, pt: check_in_with(p, b, side_effect="headache", severity="severe"),
        "A severe side effect"),
    "liver warning signs": (
        lambda p, b, w, pt: check_in_with(p, b, side_effect="liver_warning_signs",
                                          severity="mild"), "Get checked today"),
    "an allergic reaction": (
        lambda p, b, w, pt: check_in_with(p, b, side_effect="rash_or_swelling",
                                          severity="moderate"),
        "Swelling of the face or throat is an emergency"),
}


def patient_on_ldn(world):  # type: ignore[no-untyped-def]
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=10))
    UrgentCareSettings.objects.create(clinic=patient.clinic, country="GB",
                                      escalate_after_hours=HOURS)
    return patient


@pytest.mark.parametrize("flag", list(FLAGS))
def test_each_red_flag_reaches_a_person_and_escalates_when_nobody_answers(
        flag, live_server, page, smtp_sink, csp_violations):
    world = build_world()
    patient = patient_on_ldn(world)
    report, title = FLAGS[flag]
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, patient.user)

    report(page, live_server.url, world, patient)
    guidance = page.locator("#guidance")
    guidance.wait_for(timeout=10000)
    assert title in guidance.inner_text()
    assert "Your clinic has been told" in guidance.inner_text()
    if "You do not have to face" in title:
        text = guidance.inner_text()
        assert text.index("Samaritans: 116 123") < text.index("Your clinic has been told")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not csp_violations

    run_worker()
    prescriber, admin = world.users["prescriber"].email, world.users["clinic_admin"].email
    alerts = smtp_sink.to(prescriber, ALERT_SUBJECT)
    assert len(alerts) == 1
    assert "/journal/patients/" in body(alerts[0]) and "harm" not in body(alerts[0])
    assert smtp_sink.to(patient.user.email, "LDN Care: what to do now about what you reported")

    with time_machine.travel(timezone.now() + timedelta(hours=HOURS, minutes=1)):
        call_command("escalate_urgent_alerts", verbosity=0)
        run_worker()
    assert len(smtp_sink.to(admin, ESCALATION_SUBJECT)) == 1
    with time_machine.travel(timezone.now() + timedelta(hours=HOURS * 3)):
        call_command("escalate_urgent_alerts", verbosity=0)
        run_worker()
    assert len(smtp_sink.to(admin, ESCALATION_SUBJECT)) == 1  # exactly once
    assert len(smtp_sink.to(prescriber, ALERT_SUBJECT)) == 1


def test_an_acknowledgement_on_the_attention_list_stops_the_escalation(live_server, page,
                                                                        smtp_sink):
    world = build_world()
    patient = patient_on_ldn(world)
    page.set_viewport_size(PHONE)
    log_in(page, live_server.url, patient.user)
    check_in_with(page, live_server.url, side_effect="low_mood_or_self_harm_thoughts",
                  severity="severe")
    page.locator("#guidance").wait_for(timeout=10000)
    run_worker()
    log_out(page)

    prescriber = world.users["prescriber"]
    log_in(page, live_server.url, prescriber)
    page.goto(f"{live_server.url}/journal/attention")
    suggestion = Suggestion.objects.get(patient=patient, urgency="urgent")
    row = page.locator(f"#alert-{suggestion.pk}")
    row.get_by_role("button", name="Acknowledge").click()
    page.get_by_text("Alert acknowledged.").wait_for()
    assert f"by {prescriber}" in page.locator(f"#alert-{suggestion.pk}").inner_text()

    with time_machine.travel(timezone.now() + timedelta(hours=HOURS * 2)):
        call_command("escalate_urgent_alerts", verbosity=0)
        run_worker()
    assert not smtp_sink.to(world.users["clinic_admin"].email, ESCALATION_SUBJECT)
