"""Date pickers carry ISO dates whatever the locale (a browser drops "22/11/2026")."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from ldncare.web.journal.forms import CheckInForm, FollowUpForm, ScheduleForm


def iso_values(html: str) -> list[str]:
    return re.findall(r'type="date"[^>]*value="([^"]*)"', html)


def test_every_journal_date_picker_renders_an_iso_date_under_the_british_locale():
    day = date(2026, 11, 22)
    rendered = (str(CheckInForm(initial={"day": day})["day"])
                + str(ScheduleForm(initial={"start": day, "until": day})["start"])
                + str(ScheduleForm(initial={"until": day})["until"])
                + str(FollowUpForm(initial={"day": day})["day"]))
    assert iso_values(rendered) == ["2026-11-22"] * 4


def test_the_check_in_page_offers_today_as_an_iso_date(world, client, login):
    login(world.users["patient"])
    html = client.get(reverse("journal:home")).content.decode()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso_values(html)[0])
