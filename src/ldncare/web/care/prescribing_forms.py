"""Forms of the prescriber: approve, decline, change a dose. They parse what was
typed into core values (a protocol, a dosage form); the clinical checks
(ceiling, hard maximum, supply) happen in the services, whose messages the
view puts back beside the field they concern."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.utils import timezone

from ldncare import dosing
from ldncare.dosing import Capsules, OralLiquid
from ldncare.units import Dose, DoseError
from ldncare.web.accounts.models import Organisation
from ldncare.web.care.prescribing_services import DOSE_CHANGES, ApprovalRequest, SeenCost


def _dose(text: str, what: str) -> Dose:
    try:
        return Dose(text.strip().removesuffix("mg").strip())
    except DoseError as error:
        raise forms.ValidationError(f"{what}: {error}") from None


class ApprovalForm(forms.Form):
    protocol = forms.ChoiceField(label="Protocol")
    custom_start = forms.CharField(label="Custom: start dose (mg)", required=False, max_length=12)
    custom_step = forms.CharField(label="Custom: step (mg)", required=False, max_length=12)
    custom_every = forms.IntegerField(label="Custom: days between steps", required=False,
                                      min_value=1, max_value=365)
    custom_target = forms.CharField(label="Custom: target dose (mg)", required=False, max_length=12)
    start_date = forms.DateField(label="Start date", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    time_of_day = forms.ChoiceField(label="Time of day", initial="bedtime",
                                    choices=[("bedtime", "Bedtime"), ("morning", "Morning")])
    form = forms.ChoiceField(label="Form", initial="capsules",
                             choices=[("capsules", "Capsules"), ("oral_liquid", "Oral liquid")])
    strengths = forms.CharField(label="Capsule strengths (mg, comma-separated)", required=False,
                                initial="1.5, 3, 4.5", max_length=100)
    concentration = forms.CharField(label="Liquid concentration (mg/mL)", required=False,
                                    initial="1", max_length=12)
    days_per_fill = forms.IntegerField(label="Days per fill", initial=30, min_value=1,
                                       max_value=180)
    refills = forms.IntegerField(label="Refills", initial=2, min_value=0, max_value=12)
    # The queryset is the prescriber's partner pharmacies, set per form in __init__;
    # Django allows None until then, django-stubs does not.
    pharmacy: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label="Partner pharmacy", queryset=None, empty_label=None)  # type: ignore[arg-type]
    override_reason = forms.CharField(
        label="Override reason", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required only when the target is above the clinic ceiling. "
                  "The hard maximum can never be passed.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, library: dosing.ProtocolLibrary, pharmacies: Any,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.library = library
        cast(forms.ChoiceField, self.fields["protocol"]).choices = [(p.name, p.title) for p in library.protocols.values()]
        self.fields["protocol"].initial = library.default_protocol
        cast(forms.ModelChoiceField, self.fields["pharmacy"]).queryset = pharmacies
        self.fields["start_date"].initial = timezone.localdate()

    def _protocol(self, data: dict[str, Any]) -> dosing.Protocol:
        protocol = self.library.get(data["protocol"])
        if not protocol.is_template:
            return protocol
        missing = [f for f in ("custom_start", "custom_step", "custom_every", "custom_target")
                   if data.get(f) in (None, "")]
        for name in missing:
            self.add_error(name, "A custom protocol needs this number.")
        if missing:
            raise forms.ValidationError("Fill in the custom protocol's numbers.")
        try:
            return dosing.custom_protocol(
                _dose(data["custom_start"], "start"), _dose(data["custom_step"], "step"),
                data["custom_every"], _dose(data["custom_target"], "target"))
        except dosing.DosingError as error:
            self.add_error("custom_target", str(error))
            raise forms.ValidationError("The custom protocol cannot be used as written.") from None

    def _dosage_form(self, data: dict[str, Any]) -> Capsules | OralLiquid:
        if data["form"] == "oral_liquid":
            return self._liquid(data.get("concentration") or "")
        parts = [p for p in (data.get("strengths") or "").replace(";", ",").split(",") if p.strip()]
        try:
            return Capsules(tuple(_dose(p, "strength") for p in parts))
        except (forms.ValidationError, dosing.DosingError) as error:
            message = error.messages[0] if isinstance(error, forms.ValidationError) else str(error)
            self.add_error("strengths", message)
            raise forms.ValidationError("Check the capsule strengths.") from None

    def _liquid(self, text: str) -> OralLiquid:
        try:
            return OralLiquid(Decimal(text.strip().removesuffix("mg/mL").strip()))
        except (InvalidOperation, dosing.DosingError) as error:
            message = str(error) if isinstance(error, dosing.DosingError) else "Give a number, e.g. 1"
            self.add_error("concentration", message)
            raise forms.ValidationError("Check the liquid's concentration.") from None

    def clean(self) -> dict[str, Any]:
        # Form.clean() returns self.cleaned_data, which exists by now; the stub says Optional.
        data = cast(dict[str, Any], super().clean())
        if self.errors:
            return data
        data["protocol_value"] = self._protocol(data)
        data["dosage_form"] = self._dosage_form(data)
        return data

    def approval_request(self) -> ApprovalRequest:
        data = self.cleaned_data
        return ApprovalRequest(
            protocol=data["protocol_value"], start=data["start_date"],
            time_of_day=data["time_of_day"], dosage_form=data["dosage_form"],
            days_per_fill=data["days_per_fill"], refills=data["refills"],
            pharmacy=data["pharmacy"], override_reason=data.get("override_reason") or "")


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Reason (the patient will read this)", max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class DoseChangeForm(forms.Form):
    kind = forms.ChoiceField(label="Change", choices=[(k, v[0]) for k, v in DOSE_CHANGES.items()])
    on_date = forms.DateField(label="From", widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    reason = forms.CharField(label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    override_reason = forms.CharField(
        label="Override reason", required=False, max_length=2000,
        help_text="Only when advancing above the clinic ceiling.")
    plan_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = timezone.localdate()


class CostAgreementForm(forms.Form):
    """The patient's "Agree and send to the pharmacy": hidden fields that say
    what their page showed, so an agreement to an older plan or price is refused."""

    prescription = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    plan_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    #: The amounts shown, "" where the page said "price not set".
    first_fill = forms.DecimalField(widget=forms.HiddenInput, required=False, max_digits=10,
                                    decimal_places=2, min_value=Decimal("0"))
    per_month = forms.DecimalField(widget=forms.HiddenInput, required=False, max_digits=10,
                                   decimal_places=2, min_value=Decimal("0"))

    def seen(self) -> SeenCost:
        data = self.cleaned_data
        return SeenCost(plan_version=data["plan_version"], first_fill=data["first_fill"],
                        per_month=data["per_month"])
