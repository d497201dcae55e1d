"""Parameter data is validated and sourced; the rebound module is a labelled hypothesis."""

from __future__ import annotations

import numpy as np
import pytest

from ldncare.pharmacology import ParameterError, load_parameters, simulate, single_dose, time_grid
from ldncare.pharmacology.parameters import DATA_FILE, parse_parameter_file
from ldncare.pharmacology.rebound import ReboundHypothesis, rebound_signal


def test_every_parameter_carries_a_source_and_a_tag():
    data = load_parameters()
    assert data.version
    assert all(e.tag in {"stated", "derived", "assumed"} and e.source for e in data.entries.values())
    assert all(v.tag == "assumed" for v in data.variability.values())


def test_it_rejects_a_parameter_file_with_a_missing_value():
    text = DATA_FILE.read_text().replace("  ka_per_h:\n    value: 3.0", "  ka_typo:\n    value: 3.0", 1)
    with pytest.raises(ParameterError, match="missing"):
        parse_parameter_file(text)


def test_it_rejects_a_negative_parameter():
    with pytest.raises(ParameterError):
        load_parameters().typical.with_changes(ka_per_h=-1.0)


def test_the_rebound_signal_is_labelled_a_hypothesis_and_returns_to_baseline():
    sim = simulate(single_dose("4.5"), time_grid(240, 0.5), model="plasma-driven")
    curve = rebound_signal(sim.times_h, sim.mu_occupancy, ReboundHypothesis(gain=1.0, return_rate_per_h=0.1))
    assert curve.label == "hypothesis" and curve.as_dict()["label"] == "hypothesis"
    assert curve.signal.max() > 1.0 and abs(curve.signal[-1] - 1.0) < 0.01


def test_the_rebound_step_is_exact_for_a_constant_occupancy():
    times = np.linspace(0, 10, 11)
    curve = rebound_signal(times, np.full(11, 0.5), ReboundHypothesis(gain=2.0, return_rate_per_h=0.3))
    np.testing.assert_allclose(curve.signal, 1 + 1.0 * (1 - np.exp(-0.3 * times)), rtol=1e-12)
