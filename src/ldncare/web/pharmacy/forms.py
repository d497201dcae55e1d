"""Forms of the pharmacy bench. They parse text; the services decide."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from ldncare.compounding import load_formulas
from ldncare.compounding.carriers import load_carriers


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
    naltrexone_lot = forms.TypedChoiceField(
        label="Naltrexone lot", required=False, coerce=int, empty_value=None,
        help_text="Its certificate's assay and water content go into the math. Leave it for "
                  "the released lot that expires first; every other ingredient is taken "
                  "that way.")
    study = forms.ChoiceField(label="Beyond-use date basis", required=False)

    def __init__(self, *args, lines=(), kind="capsule", naltrexone_lots=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["naltrexone_lot"].choices = [("", "The released lot that expires first")] + [
            (lot.pk, f"{lot.material}, lot {lot.lot_number} (expires {lot.expires_on:%d %b %Y}"
                     + (f", assay {lot.assay_percent}%, water {lot.water_percent}%"
                        if lot.assay_percent is not None else "") + ")")
            for lot in naltrexone_lots]
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
    carrier = forms.ChoiceField(label="Carrier", choices=lambda: [
        (c.key, c.name) for c in load_carriers().carriers])
    tracking_number = forms.CharField(label="Tracking number", max_length=60)


class ReceiveLotForm(forms.Form):
    material = forms.ChoiceField(label="Ingredient")
    lot_number = forms.CharField(label="Supplier's lot number", max_length=60)
    supplier = forms.CharField(label="Supplier", max_length=120)
    certificate = forms.CharField(label="Certificate of analysis reference", max_length=120)
    expires_on = forms.DateField(label="Expiry date",
                                 widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    quantity = forms.CharField(label="Quantity received", max_length=20,
                               help_text="In grams for powders, millilitres for liquids, "
                                         "or a count of tablets (shown beside each ingredient).")
    assay_percent = forms.CharField(label="Assay on the certificate (%)", required=False,
                                    max_length=10,
                                    help_text="Needed for naltrexone powder.")
    water_percent = forms.CharField(label="Water content on the certificate (%)", required=False,
                                    max_length=10,
                                    help_text="Naltrexone powder: the batch math weighs more to "
                                              "make up for it. 0 if the certificate says none.")

    def __init__(self, *args, units=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["material"].choices = [(m, f"{m} ({u})") for m, u in (units or {}).items()]


class LotDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("release", "Release"), ("reject", "Reject")])


class RecallForm(forms.Form):
    lot = forms.CharField(label="Lot number", max_length=60,
                          help_text="A batch lot (e.g. LDN-20261122-001) or a supplier's "
                                    "ingredient lot number.")


class CloseOrderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="Reason", max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="The patient and the prescriber see this.")


class DispensingDetailsForm(forms.Form):
    address = forms.CharField(label="Pharmacy address", max_length=300,
                              widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label="Pharmacy phone", max_length=40)


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label="Carrier's delivered date", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"},
                                                          format="%Y-%m-%d"),
                                   help_text="Leave empty for today.")


class PriceEntryForm(forms.Form):
    """One pack on the price list. The numbers are checked by the core (the
    service puts its message beside the field), so a bad one loses nothing."""

    form = forms.ChoiceField(label="Form", choices=[("capsule", "Capsules"),
                                                     ("liquid", "Oral liquid")])
    strength = forms.CharField(label="Strength (mg per capsule, or mg/mL for a liquid)",
                               max_length=12)
    quantity = forms.CharField(label="Pack size (capsules, or mL)", max_length=12)
    price = forms.CharField(label="Price of the pack", max_length=14)


class PriceSettingsForm(forms.Form):
    currency = forms.ChoiceField(label="Currency")
    shipping = forms.CharField(label="Shipping per fill", max_length=14, required=False,
                               help_text="Leave empty until you know it: patients then see "
                                         "\u201cprice not set\u201d, never a made-up zero.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ldncare.compounding.pricing import CURRENCIES

        cast(forms.ChoiceField, self.fields["currency"]).choices = [(c, f"{c} ({s})") for c, s in CURRENCIES.items()]


class ChargeForm(forms.Form):
    status = forms.ChoiceField(label="What happened", choices=[("charged", "Charged"),
                                                                ("refunded", "Refunded")])
    amount = forms.CharField(label="Amount", max_length=14, required=False,
                             help_text="Leave empty to use the quoted amount.")
