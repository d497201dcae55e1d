"""Forms of blinded n-of-1 trials. They parse text; the services decide."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from ldncare.trials.defaults import load_defaults
from ldncare.trials.design import MAX_PAIRS, MAX_PERIOD_DAYS


class DesignForm(forms.Form):
    active_mg = forms.DecimalField(
        label="Active arm: LDN dose (mg)", min_value=Decimal("0.1"), max_value=Decimal("50"),
        max_digits=6, decimal_places=3, help_text="The dose whose effect is tested, e.g. 4.5.")
    comparator_mg = forms.DecimalField(
        label="Comparison arm: dose (mg)", min_value=Decimal("0"), max_value=Decimal("50"),
        max_digits=6, decimal_places=3, initial=Decimal("0"),
        help_text="0 = placebo (capsules of filler only); or a second dose, e.g. 1.5.")
    pairs = forms.IntegerField(label="Pairs of periods", min_value=2, max_value=MAX_PAIRS)
    period_days = forms.IntegerField(label="Days per period", min_value=1,
                                     max_value=MAX_PERIOD_DAYS)
    run_in_days = forms.IntegerField(label="Run-in days at the start of each period (not analysed)",
                                     min_value=0, max_value=MAX_PERIOD_DAYS)
    start = forms.DateField(label="First day", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    primary = forms.ChoiceField(label="Primary measure (a daily check-in rating)")
    meaningful = forms.DecimalField(
        label="Smallest difference that matters (points)", min_value=Decimal("0"),
        max_value=Decimal("10"), max_digits=4, decimal_places=2)

    def __init__(self, *args: Any, measures: list[tuple[str, str]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        primary = self.fields["primary"]
        assert isinstance(primary, forms.ChoiceField)
        primary.choices = list(measures or [])
        defaults = load_defaults()
        for name, key in (("pairs", "pairs"), ("period_days", "period_days"),
                          ("run_in_days", "run_in_days"), ("meaningful", "meaningful_difference")):
            self.fields[name].initial = defaults.value(key)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
