"""Forms of the pharmacy bench. They parse text; the services decide."""

from __future__ import annotations

from django import forms

from ldncare.compounding import load_formulas


def formula_choices(kind: str) -> list[tuple[str, str]]:
    form = "liquid" if kind == "liquid" else "capsule"
    return [(f.key, f"{f.name} (v{f.version})") for f in load_formulas().formulas
            if f.form == form]


class StartBatchForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    line = forms.ChoiceField(label="What to make")
    formula = forms.ChoiceField(label="Master formula")
    source = forms.ChoiceField(label="Source of naltrexone", choices=[
        ("api", "USP powder (API)"), ("tablets", "Whole 50 mg tablets")])
    quantity = forms.CharField(label="Quantity (capsules, or mL)", required=False,
                               help_text="Leave empty for this fill's quantity.")
    assay_percent = forms.DecimalField(label="Assay of the powder lot (%)", initial="100",
                                       max_digits=6, decimal_places=2, required=False)
    water_percent = forms.DecimalField(label="Water content of the powder lot (%)", initial="0",
                                       max_digits=5, decimal_places=2, required=False,
                                       help_text="From the lot's certificate of analysis; the "
                                                 "powder is weighed heavier to make up for it.")
    study = forms.ChoiceField(label="Beyond-use date basis", required=False)
    api_lot = forms.CharField(label="Naltrexone lot", max_length=40, required=False)
    api_expires_on = forms.DateField(label="Naltrexone lot expiry", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"},
                                                            format="%Y-%m-%d"))

    def __init__(self, *args, lines=(), kind="capsule", **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [(line.key, line.description) for line in lines]
        self.fields["formula"].choices = formula_choices(kind)
        studies = sorted({s for f in load_formulas().formulas if f.form == (
            "liquid" if kind == "liquid" else "capsule") for s in f.stability_studies})
        self.fields["study"].choices = [("", "USP <795> default for the formula's category")] + [
            (s, f"Stability study {s}") for s in studies]


class WeightsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    weights = forms.CharField(
        label="Measured units", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Capsule net fill weights in mg (or bottle volumes in mL), separated by "
                  "spaces, commas or new lines.")

    def clean_weights(self) -> list[str]:
        items = [w for w in self.cleaned_data["weights"].replace(",", " ").split() if w]
        if not items:
            raise forms.ValidationError("Record at least one measured unit.")
        if len(items) > 500:
            raise forms.ValidationError("Record at most 500 units.")
        return items


class VerifyForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ShipForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    carrier = forms.CharField(label="Carrier", max_length=60)
    tracking_number = forms.CharField(label="Tracking number", max_length=60)
