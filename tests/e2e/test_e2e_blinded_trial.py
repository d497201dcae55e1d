"""The whole blinded n-of-1 trial in a real browser: the prescriber designs it,
the pharmacy compounds coded kits as verified batches, the patient runs the periods seeing codes
only, an emergency unblinding is recorded, and at the end the analysis is
stored and the allocation shown to the prescriber and the patient."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

from ldntest.browser import log_in, log_out
from ldntest.world import build_world

pytestmark = pytest.mark.django_db(transaction=True)

_spec = importlib.util.spec_from_file_location(
    "trials_world", Path(__file__).parents[1] / "web" / "trials" / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)


def test_design_blinded_kits_periods_analysis_and_unblinding(live_server, page, csp_violations):
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ldncare.web.trials.models import Trial

    world = build_world()
    trials_world.pharmacy_world.make_prescription(world)
    base = live_server.url

    # The prescriber designs a 4.5 mg vs placebo trial from the patient's chart.
    log_in(page, base, world.users["prescriber"])
    page.goto(f"{base}/patients/{world.patient.pk}/")
    page.get_by_role("link", name="Design a blinded n-of-1 trial").click()
    assert "CENT" in page.get_by_text("Why these defaults").locator("..").inner_text()
    page.get_by_label("Active arm: LDN dose (mg)").fill("4.5")
    page.get_by_label("Comparison arm: dose (mg)").fill("0")
    page.get_by_label("Primary measure (a daily check-in rating)").select_option("pain")
    page.get_by_test_id("design-trial").click()
    page.get_by_test_id("periods").wait_for()
    trial = Trial.objects.get()
    periods = list(trial.periods.all())
    table = page.get_by_test_id("periods").inner_text()
    assert all(p.code in table for p in periods)
    assert "placebo" not in table.lower() and "4.5" not in table
    log_out(page)

    # The technician sees the allocation and starts each kit as a pharmacy batch
    # (the first through the pages: start, weigh; the rest through the services).
    from ldncare.web.pharmacy.services import record_weights, verify_batch
    from ldncare.web.trials.services import start_kit_batch

    trials_world.pharmacy_world.dispensing_details(world.pharmacy)
    tech, rph = world.users["pharmacy_technician"], world.users["pharmacist"]
    log_in(page, base, tech)
    page.goto(f"{base}/trials/")
    page.get_by_test_id("kit-trial-link").click()
    placebo = next(p for p in periods if p.arm == "comparator")
    assert "placebo" in page.get_by_test_id(f"kit-{placebo.number}").inner_text()
    page.get_by_test_id("start-batch-1").click()
    page.get_by_test_id("lots-used").wait_for()
    page.get_by_label("Measured units").fill("225 225 224.5 225.5 225")
    page.get_by_role("button", name="Record weights").click()
    page.get_by_test_id("weight-result").wait_for()
    for period in periods[1:]:
        batch = start_kit_batch(period, by=tech)
        record_weights(batch, by=tech, weights=[batch.calculation["fill_weight_mg"]] * 5)
    log_out(page)

    # A second person, the pharmacist, verifies and releases; the bench labels each kit.
    log_in(page, base, rph)
    first = trial.periods.select_related("batch").get(number=1)
    page.goto(f"{base}/pharmacy/batches/{first.batch.pk}/")
    assert first.code in page.get_by_test_id("trial-kit-batch").inner_text()
    page.get_by_role("button", name="Verify and release").click()
    for period in trial.periods.select_related("batch").exclude(number=1):
        verify_batch(period.batch, pharmacist=rph)
    page.goto(f"{base}/trials/{trial.pk}/kits/")
    assert page.get_by_test_id("kit-label-1").is_visible()
    for period in periods:
        page.get_by_test_id(f"compound-{period.number}").click()
        page.get_by_test_id(f"kit-{period.number}").get_by_test_id("kit-done").wait_for()
    log_out(page)

    # Forty days on, the patient is in period 3 and sees its kit code only.
    trial = trials_world.move_into_past(Trial.objects.get(), 40)
    today = timezone.localdate()
    trials_world.seed_check_ins(trial, effect=-2.0, until=today)
    third = trial.periods.get(number=3)
    log_in(page, base, world.users["patient"])
    page.goto(f"{base}/journal/")
    assert page.get_by_test_id("banner-code").inner_text() == third.code
    page.get_by_role("link", name="The trial: every period and its kit code").click()
    assert page.get_by_test_id("current-code").inner_text() == third.code
    assert "placebo" not in page.get_by_test_id("periods").inner_text().lower()
    log_out(page)

    # The prescriber sees adherence per period, and unblinds period 3 with a reason.
    # (A second log-in within one 30-second TOTP step would reuse a spent code.)
    TOTPDevice.objects.filter(user=world.users["prescriber"]).update(last_t=-1)
    log_in(page, base, world.users["prescriber"])
    page.goto(f"{base}/trials/{trial.pk}/")
    assert "14 of 14 days (100%)" in page.get_by_test_id("period-1").inner_text()
    page.get_by_test_id("analyse").wait_for(state="detached")
    page.get_by_label("Reason").last.fill("Admitted with severe headache")
    page.get_by_test_id("unblind").click()
    expected = "LDN 4.5 mg" if third.arm == "active" else "placebo"
    assert page.get_by_test_id("unblinded-arm").inner_text() == expected

    # After the last period, the analysis is stored and the allocation shown.
    trials_world.move_into_past(trial, 60)
    trial.refresh_from_db()
    trials_world.seed_check_ins(trial, effect=-2.0, since=today - dt.timedelta(days=59))
    page.goto(f"{base}/trials/{trial.pk}/")
    page.get_by_test_id("analyse").click()
    result = page.get_by_test_id("trial-result").inner_text()
    assert "lower than on placebo" in result and "active better" in result
    assert page.get_by_test_id(f"arm-{placebo.number}").inner_text() == "placebo"
    log_out(page)

    log_in(page, base, world.users["patient"])
    page.goto(f"{base}/trials/{trial.pk}/")
    assert page.get_by_test_id("plain-result").inner_text().startswith(
        "On LDN 4.5 mg your pain was on average")
    assert not csp_violations
