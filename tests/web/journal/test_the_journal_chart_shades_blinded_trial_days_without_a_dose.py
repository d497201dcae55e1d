"""On the journal chart the days of a blinded n-of-1 trial are shaded
"Blinded trial (kit)" with no dose drawn under them (a coded kit was taken,
not the plan's dose), the chart's text alternative says so in words, and
nothing on the chart tells which arm a kit held."""

from __future__ import annotations

import datetime as dt
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.urls import reverse

from ldncare.web.journal.charts import BLINDED_LABEL

_spec = importlib.util.spec_from_file_location(
    "trials_world", Path(__file__).parents[1] / "trials" / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db

NS = "{http://www.w3.org/2000/svg}"
SHADE_FILL, DOSE_FILL = "#8c8c8c", "#c9d9e6"


def _on_ldn_in_a_trial(world):  # type: ignore[no-untyped-def]
    """The world's patient on LDN for 60 days, a trial begun 10 days ago, and a
    pain rating every day of the last 30."""
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.journal.demo import ensure_prescription
    from ldncare.web.journal.models import CheckIn
    from ldncare.web.trials.services import design_trial_for

    patient = world.patient
    today = patient_today(patient)
    ensure_prescription(patient, world.users["prescriber"], world.pharmacy,
                        today - dt.timedelta(days=60))
    trial = design_trial_for(patient, by=world.users["prescriber"],
                             choices=trials_world.choices(), seed=7)
    trial = trials_world.move_into_past(trial, 10)
    for back in range(30, -1, -1):
        CheckIn.objects.create(patient=patient, day=today - dt.timedelta(days=back),
                               dose_taken=True, pain=5)
    return trial


def _charts(html: str) -> list[ET.Element]:
    """Every ratings chart on the page."""
    found = []
    start = html.find("<svg")
    while start != -1:
        end = html.index("</svg>", start) + len("</svg>")
        root = ET.fromstring(html[start:end])
        if root.find(f"{NS}title").text == "Your ratings over time":
            found.append(root)
        start = html.find("<svg", end)
    return found


def _assert_blinded_and_undosed(chart: ET.Element) -> None:
    shaded = [r for r in chart.iter(f"{NS}rect") if r.get("fill") == SHADE_FILL
              and r.find(f"{NS}title") is not None]  # the stretch, not its legend swatch
    assert len(shaded) == 1 and shaded[0].find(f"{NS}title").text == BLINDED_LABEL
    left = float(shaded[0].get("x"))
    right = left + float(shaded[0].get("width"))
    bars = [r for r in chart.iter(f"{NS}rect") if r.get("fill") == DOSE_FILL]
    assert bars, "the plan's dose is still drawn before the trial"
    for bar in bars:
        x, width = float(bar.get("x")), float(bar.get("width"))
        assert x + width <= left + 0.01 or x >= right - 0.01, "a dose is drawn on a blinded day"
    said = chart.find(f"{NS}desc").text
    assert "blinded trial" in said and "coded trial kit" in said and "no dose is shown" in said


def test_the_patients_chart_shades_the_trial_days_and_draws_no_dose_there(world, login, client):
    _on_ldn_in_a_trial(world)
    login(world.users["patient"])
    charts = _charts(client.get(reverse("journal:home")).content.decode())
    assert len(charts) == 2  # the wide chart and the phone's
    for chart in charts:
        _assert_blinded_and_undosed(chart)


def test_the_prescribers_view_of_the_journal_shades_the_trial_days_too(world, login, client):
    _on_ldn_in_a_trial(world)
    login(world.users["prescriber"])
    page = client.get(reverse("journal:patient_journal", args=[world.patient.pk]))
    (chart,) = _charts(page.content.decode())
    _assert_blinded_and_undosed(chart)


def test_the_chart_never_tells_the_arm_of_a_kit(world, login, client):
    trial = _on_ldn_in_a_trial(world)
    login(world.users["patient"])
    html = client.get(reverse("journal:home")).content.decode()
    for chart in _charts(html):
        words = " ".join(chart.itertext()).lower()
        assert "placebo" not in words and "active" not in words and "comparator" not in words
        assert all(p.code not in words for p in trial.periods.all())


def test_a_chart_without_a_trial_has_no_shaded_days(world, login, client):
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.journal.demo import ensure_prescription
    from ldncare.web.journal.models import CheckIn

    today = patient_today(world.patient)
    ensure_prescription(world.patient, world.users["prescriber"], world.pharmacy,
                        today - dt.timedelta(days=20))
    for back in range(5):
        CheckIn.objects.create(patient=world.patient, day=today - dt.timedelta(days=back),
                               dose_taken=True, pain=4)
    login(world.users["patient"])
    html = client.get(reverse("journal:home")).content.decode()
    assert html.count("<svg") >= 2 and SHADE_FILL not in html and "Blinded trial" not in html
