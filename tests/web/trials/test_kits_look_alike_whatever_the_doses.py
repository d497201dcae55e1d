"""Whatever two doses a trial compares, every kit has the same capsule size,
filler and fill weight, and the dose in a kit is the one its period was given:
nothing but the content tells the kits apart."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

DOSES = st.integers(min_value=0, max_value=18).map(lambda q: Decimal(q) / 4)  # 0 to 4.5 mg


@settings(max_examples=40, deadline=None)
@given(DOSES, DOSES, st.integers(min_value=5, max_value=28))
def test_every_kit_of_a_trial_has_the_same_capsule_and_fill_weight(first, second, days):
    from ldncare.web.trials.models import Trial, TrialPeriod
    from ldncare.web.trials.services import kit_record

    if first == second or max(first, second) == 0:
        return
    trial = Trial(active_mg=first, comparator_mg=second, period_days=days)
    start = dt.date(2027, 1, 4)
    records = [kit_record(trial, TrialPeriod(number=n, code=f"ABCD-{n}", arm=arm, dose_mg=dose,
                                             start=start, end=start + dt.timedelta(days=days - 1)))
               for n, (arm, dose) in enumerate((("active", first), ("comparator", second)), 1)]
    assert records[0]["capsule_size"] == records[1]["capsule_size"]
    assert records[0]["fill_weight_mg"] == records[1]["fill_weight_mg"]
    assert records[0]["filler"] == records[1]["filler"]
    for record, dose in zip(records, (first, second), strict=True):
        assert record["capsules"] == days
        if dose == 0:
            assert record["calculation"] is None
        else:
            assert Decimal(record["calculation"]["strength_mg"]) == dose
