"""The phone-reminder settings in a real browser at phone width: the page fits
360 px, runs its script without any CSP violation, says whether this phone
gets notifications, and saves the calendar alarms the patient ticks."""

from __future__ import annotations

import pytest

from ldncare.web.pwa.models import CalendarAlarms
from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_patient_sets_phone_reminders_and_calendar_alarms_on_a_phone(live_server, page,
                                                                          csp_violations):
    world = build_world()
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, world.patient.user)
    page.goto(f"{live_server.url}/push/settings")
    page.get_by_text("Notifications are off for this phone.").wait_for(timeout=5000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("Dose reminder").check()
    page.locator("form[action='/push/settings'] button[type=submit]").click()
    page.get_by_text("Your notification choices are saved.").wait_for(timeout=5000)

    page.get_by_label("At the time of the dose").uncheck()
    page.get_by_label("30 minutes before").check()
    page.locator("#calendar-alarms button[type=submit]").click()
    page.get_by_text("Your calendar alarms are saved.").wait_for(timeout=5000)
    assert CalendarAlarms.objects.get(patient=world.patient).minutes_before == [30]
    assert page.get_by_label("30 minutes before").is_checked()
    assert not csp_violations
