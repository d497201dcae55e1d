"""Keyboard and motion: the first Tab shows a "skip to the main content" link
with a visible focus ring, a table too wide for a phone scrolls in its own box
and can be reached with Tab, and animations stop for people who asked their
system to reduce motion."""

from __future__ import annotations

import pytest

from ldntest.crawl import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_first_tab_shows_a_skip_link_with_a_focus_ring_that_jumps_to_the_content(
        live_server, page):
    page.goto(f"{live_server.url}/library/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    assert focused.inner_text() == "Skip to the main content"
    box = focused.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # on screen, not parked off it
    assert focused.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_a_wide_table_on_a_phone_scrolls_in_its_own_box_and_takes_a_tab_stop(live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/library/conditions/")
    table = page.locator("main table").first
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")
    assert table.get_attribute("tabindex") == "0"
    page.set_viewport_size(DESKTOP)  # wide enough: no scrolling, no extra tab stop
    page.wait_for_function("() => !document.querySelector('main table').hasAttribute('tabindex')")


def test_animations_stop_when_the_system_asks_for_reduced_motion(live_server, page):
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/library/")
    seconds = page.evaluate("""() => {
        const probe = document.createElement('span');
        probe.className = 'htmx-indicator';
        document.body.append(probe);
        return parseFloat(getComputedStyle(probe).transitionDuration);
    }""")
    assert seconds < 0.001
