"""In a real browser, the date of the last opioid dose appears only after the
patient says they took an opioid recently, and hides again on "no" — with no
CSP violation (htmx attributes only, no inline script)."""

from __future__ import annotations

import pytest

from ldntest.browser import log_in
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_follow_up_question_appears_and_hides_with_its_answer(live_server, page,
                                                                csp_violations):
    world = build_world()
    log_in(page, live_server.url, world.users["patient"])
    page.goto(f"{live_server.url}/patients/intake/")
    follow_up = page.get_by_test_id("question-last_opioid_dose")
    assert follow_up.is_hidden()
    page.check("#id_opioid_recent_0")  # yes
    follow_up.wait_for(state="visible")
    page.check("#id_opioid_recent_1")  # no
    follow_up.wait_for(state="hidden")
    assert page.get_by_test_id("question-medications").is_visible()
    assert not csp_violations
