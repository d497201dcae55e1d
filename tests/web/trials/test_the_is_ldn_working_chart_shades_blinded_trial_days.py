"""On the patient's "Is LDN working for me?" charts the blinded trial days
(left out of the analysis) are shaded "Blinded trial (kit)", with no plan dose
drawn under them, and the chart says so in words."""

from __future__ import annotations

import datetime as dt
import importlib.util
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ldncare.web.journal.charts import BLINDED_LABEL

_spec = importlib.util.spec_from_file_location("trials_world", Path(__file__).parent / "trials_world.py")
trials_world = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(trials_world)

pytestmark = pytest.mark.django_db

NS = "{http://www.w3.org/2000/svg}"
SHADE_FILL = "#8c8c8c"


def test_the_n_of_1_chart_shades_the_trial_days_and_says_so(world):
    from ldncare.web.care.treatment import patient_today
    from ldncare.web.insights.charts import measure_charts
    from ldncare.web.insights.queries import analyse
    from ldncare.web.journal.demo import ensure_prescription
    from ldncare.web.journal.models import CheckIn
    from ldncare.web.trials.services import design_trial_for

    today = patient_today(world.patient)
    ensure_prescription(world.patient, world.users["prescriber"], world.pharmacy,
                        today - dt.timedelta(days=150))
    trial = design_trial_for(world.patient, by=world.users["prescriber"],
                             choices=trials_world.choices(), seed=7)
    trial = trials_world.move_into_past(trial, 120)
    trials_world.seed_check_ins(trial, effect=-2.0)
    plan_days = [today - dt.timedelta(days=back) for back in range(165, 120)]
    plan_days += [trial.end + dt.timedelta(days=n) for n in range(1, 30)]
    for day in plan_days:  # a baseline, the plan before the trial, and after it
        CheckIn.objects.create(patient=world.patient, day=day, dose_taken=True, pain=6)
    analysis = analyse(world.patient)
    assert analysis.trial_spans and analysis.report is not None, analysis.why_not
    (pain,) = [c for c in measure_charts(analysis) if c.measure == "pain"]
    for svg in (pain.wide, pain.narrow):
        root = ET.fromstring(svg)
        shaded = [r for r in root.iter(f"{NS}rect") if r.get("fill") == SHADE_FILL
              and r.find(f"{NS}title") is not None]  # the stretch, not its legend swatch
        assert shaded and shaded[0].find(f"{NS}title").text == BLINDED_LABEL
        assert "blinded trial" in root.find(f"{NS}desc").text
