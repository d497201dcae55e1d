"""Every page of every role, in a real browser, on the demo clinic: it fits a
360-pixel phone (in large-text mode too, for the patient), no chart spills out
of its card on a wide screen, and axe-core finds no serious or critical
accessibility violation.

The pages are the access matrix's: every URL a role may GET with a 200 (see
``ldntest.crawl``), so a new page is crawled once it has its matrix row. One
browser and one logged-in context per role keep the crawl quick; a failure
names the role, the URL and the element at fault. Run just this file with
``.venv/bin/pytest tests/e2e/test_e2e_every_page_fits_and_is_accessible.py -n 0``; set
``LDNCARE_CRAWL_ONLY`` to a role, URL name or path fragment to crawl only the matching pages, and ``LDNCARE_CRAWL_SCREENSHOTS`` to a folder to keep a
full-page screenshot of each page at 360 px.
"""

from __future__ import annotations

import os
import time

import pytest

from ldntest.access_matrix import collect_rows
from ldntest.crawl import (
    AXE_JS,
    PHONE,
    Findings,
    check_page,
    demo_world,
    log_in_context,
    visits,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("crawl")]


@pytest.fixture(scope="module")
def crawl(django_db_setup, live_server, browser, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the demo clinic, open every page once per role and collect what is wrong."""
    from django.core.management import call_command

    findings = Findings()
    with django_db_blocker.unblock():
        try:
            started = time.perf_counter()
            world = demo_world()
            findings.timed("demo clinic", started)
            started = time.perf_counter()
            found, findings.broken = visits(collect_rows(), world)
            findings.timed("build URLs", started)
            if only := os.environ.get("LDNCARE_CRAWL_ONLY"):  # e.g. "patient" or "journal:"
                found = [v for v in found if only in f"{v.role} {v.name} {v.url}"]
            for role in sorted({v.role for v in found}):
                context = browser.new_context(viewport=PHONE)
                context.add_init_script(path=AXE_JS)  # once per context: cheaper than per page
                page = context.new_page()
                started = time.perf_counter()
                if role != "anonymous":
                    log_in_context(context, live_server.url, world.users[role])
                findings.timed("log in", started)
                for visit in (v for v in found if v.role == role):
                    check_page(page, live_server.url, visit, findings)
                if role == "patient":
                    _large_text_pass(page, live_server.url, world, found, findings)
                context.close()
        finally:
            started = time.perf_counter()
            call_command("flush", interactive=False, verbosity=0)
            findings.timed("flush", started)
    print(f"crawled {findings.pages} pages; seconds by step:",  # shown with -s or -rP
          {step: round(s, 1) for step, s in findings.seconds.items()})
    return findings


def _large_text_pass(page, base_url, world, found, findings):  # type: ignore[no-untyped-def]
    user = world.users["patient"]
    user.large_text = True
    user.save(update_fields=["large_text"])
    for visit in (v for v in found if v.role == "patient"):
        check_page(page, base_url, visit, findings, large_text=True)


def _fail_on(problems: list[str]) -> None:
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n  " + "\n  ".join(problems), pytrace=False)


def test_the_crawl_opens_every_page_of_the_matrix(crawl):
    _fail_on(crawl.broken)
    if not os.environ.get("LDNCARE_CRAWL_ONLY"):
        assert crawl.pages > 50  # the matrix's pages, several roles each


def test_every_page_of_every_role_fits_a_360_pixel_phone(crawl):
    _fail_on(crawl.too_wide)


def test_patient_pages_still_fit_a_phone_in_large_text_mode(crawl):
    # 125 % of 16 px on every patient page: the mode is on.
    assert crawl.large_text_root_px == {20.0} or (
        os.environ.get("LDNCARE_CRAWL_ONLY") and not crawl.large_text_root_px)
    _fail_on(crawl.large_text_too_wide)


def test_no_chart_spills_out_of_its_card_on_a_wide_screen(crawl):
    _fail_on(crawl.charts_spill)


def test_no_page_has_a_serious_or_critical_accessibility_violation(crawl):
    _fail_on(crawl.axe)
