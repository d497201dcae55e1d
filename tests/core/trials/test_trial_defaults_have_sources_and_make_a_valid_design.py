"""The design defaults a prescriber sees each carry a reason and a reference a
reader can follow, and together make a design the core accepts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ldncare.trials import design_trial
from ldncare.trials.defaults import load_defaults


def test_every_default_has_a_basis_and_a_resolved_reference():
    defaults = load_defaults()
    assert set(defaults.values) == {"pairs", "period_days", "run_in_days", "meaningful_difference"}
    for item in defaults.values.values():
        assert item.basis and item.references
        assert all(len(ref) > 40 for ref in item.references)  # the full citation, not a key


def test_the_defaults_together_make_a_valid_design():
    value = load_defaults().value
    design = design_trial(Decimal("4.5"), Decimal("0"), pairs=int(value("pairs")),
                          period_days=int(value("period_days")),
                          run_in_days=int(value("run_in_days")), start=date(2027, 1, 4), seed=1)
    assert len(design.periods) == 2 * int(value("pairs"))
