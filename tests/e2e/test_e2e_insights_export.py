"""In a real browser: a prescriber goes from the dashboard to the research export
and downloads the de-identified CSV, which names nobody."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ldncare.web.accounts.models import User
from ldncare.web.synthetic import load_synthetic_clinic
from ldntest.browser import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_prescriber_downloads_the_deidentified_csv(world, live_server, page, csp_violations):
    loaded = load_synthetic_clinic(world.clinic, world.pharmacy, patients=8, months=3, seed=4)
    log_in(page, live_server.url, world.users["prescriber"])
    page.goto(f"{live_server.url}/insights/")
    page.get_by_test_id("export-link").click()
    page.wait_for_url("**/insights/export/")
    assert page.get_by_role("heading", name="De-identified research export").is_visible()
    page.get_by_label("Smallest group shown (k)").fill("2")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    assert download.value.suggested_filename.startswith("ldncare-research-data-")
    text = Path(download.value.path()).read_text()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == loaded.check_ins and rows[0]["patient_id"].startswith("S")
    body = text.split("\n", 1)[1]
    for user in User.objects.filter(patient__clinic=world.clinic):
        assert user.full_name not in body and user.email not in body
    assert "@" not in body
    assert not csp_violations
