"""Offline check-in in a real browser: with the phone offline the patient fills
in and sends the daily check-in, sees that it is queued, and once back online
sees it sent — and exactly one entry is saved, even when they tapped send twice.
The service worker registers from the external app script (no CSP violation)
and keeps the check-in page for opening without a network."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ldncare.pathway import State
from ldncare.web.care.treatment import patient_today
from ldncare.web.journal.demo import ensure_prescription
from ldncare.web.journal.models import CheckIn
from ldncare.web.operations.models import IdempotentWrite
from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

QUEUED = "Queued — will be sent when you're online."


def _patient_on_ldn():  # type: ignore[no-untyped-def]
    world = build_world()
    patient = world.patient
    patient.state = State.ACTIVE
    patient.save(update_fields=["state"])
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        patient_today(patient) - timedelta(days=30))
    return patient


def test_a_check_in_sent_offline_is_queued_then_sent_once_when_back_online(
        live_server, page, context, csp_violations):
    patient = _patient_on_ldn()
    log_in(page, live_server.url, patient.user)
    page.goto(f"{live_server.url}/journal/")
    page.wait_for_function("navigator.serviceWorker.controller !== null || "
                           "navigator.serviceWorker.ready.then(() => true)")

    context.set_offline(True)
    form = page.locator("#check-in")
    form.locator("label[for=id_dose_taken_0]").click()  # "Yes"
    form.locator("[name=note]").fill("Filled in on the train")
    send = form.locator("button[type=submit]")
    send.click()
    page.get_by_text(QUEUED).wait_for(timeout=5000)
    form.locator("[name=note]").fill("Filled in on the train, slept well")
    send.click()  # a second tap after a change: the queued answers are replaced
    assert page.evaluate("JSON.parse(localStorage.getItem('ldncare.checkin.queue')).length") == 1
    assert CheckIn.objects.filter(patient=patient).count() == 0

    context.set_offline(False)
    page.get_by_text("Sent — your check-in is saved.").wait_for(timeout=10000)
    saved = CheckIn.objects.get(patient=patient)
    assert saved.note == "Filled in on the train, slept well" and saved.dose_taken is True
    assert saved.revision == 1  # the second send was recognised, not saved as an edit
    assert IdempotentWrite.objects.filter(user=patient.user).count() == 1
    assert page.evaluate("localStorage.getItem('ldncare.checkin.queue')") is None
    assert not csp_violations


def test_the_check_in_page_opens_offline_once_it_was_opened_online(live_server, page, context):
    patient = _patient_on_ldn()
    log_in(page, live_server.url, patient.user)
    page.goto(f"{live_server.url}/journal/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now the worker controls the page and keeps its copy
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(f"{live_server.url}/journal/")
    assert page.locator("#check-in").is_visible()
    page.goto(f"{live_server.url}/insights/me/")  # never kept: it says it needs a connection
    assert page.get_by_text("You are offline").is_visible()
