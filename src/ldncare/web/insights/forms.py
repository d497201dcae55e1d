"""The prescriber's analysis settings and the research export's options."""

from __future__ import annotations

from django import forms

from ldncare.outcomes import AnalysisSettings


class AnalysisSettingsForm(forms.Form):
    """Baseline length for one patient's n-of-1 analysis (read from the query string)."""

    baseline_days = forms.IntegerField(
        label="Baseline length (days before the first dose)", min_value=3, max_value=90,
        initial=AnalysisSettings().baseline_days,
        help_text="Default 14 days. A longer baseline gives a steadier comparison when "
                  "the patient kept a diary before starting.")

    def settings(self) -> AnalysisSettings:
        if self.is_bound and self.is_valid():
            return AnalysisSettings(baseline_days=self.cleaned_data["baseline_days"])
        return AnalysisSettings()


class PrimaryMeasureForm(forms.Form):
    """The prescriber's choice of the measure the patient's headline is about."""

    measure = forms.ChoiceField(
        label="Main measure",
        help_text="Choose it at the start, before the results are in: the headline verdict "
                  "is about this measure; the others are checked with a stricter test.")
    reason = forms.CharField(label="Why (optional)", required=False, max_length=500,
                             widget=forms.TextInput)

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["measure"].choices = choices  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    """Options of the de-identified research export."""

    k = forms.IntegerField(label="Smallest group shown (k)", min_value=2, max_value=50, initial=5,
                           help_text="Conditions held by fewer patients than this are "
                                     "replaced by SUPPRESSED (the 'cell size of five' "
                                     "convention; El Emam 2013).")
    part = forms.ChoiceField(label="File", choices=[("data", "Data (CSV)"),
                                                    ("dictionary", "Data dictionary (CSV)")],
                             initial="data")
