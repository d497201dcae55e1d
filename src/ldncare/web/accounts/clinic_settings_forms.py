"""Forms for the clinic settings page. Field names are the core's own setting
names, so the core's refusals land beside the right field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml
from django import forms

from ldncare.journal.rules import load_rulebook
from ldncare.screening import describe_defaults
from ldncare.screening.settings import LIVER_SEVERITIES
from ldncare.web.accounts.clinic_settings import SettingRow

DOSING_FIELDS = ("clinic_ceiling_mg", "hard_maximum_mg", "smallest_increment_mg")


class ClinicSettingsForm(forms.Form):
    """Every changeable setting, initialised with the clinic's current value."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, rows: list[SettingRow], protocol_choices: list[tuple[str, str]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[row.name] = _field_for(row)
            self.initial.setdefault(row.name, row.current)
        self.fields["default_protocol"] = forms.ChoiceField(
            label="Default protocol", choices=protocol_choices,
            help_text="Pre-selected on the approval form; any protocol may still be chosen.")

    def changes(self) -> dict[str, Any]:
        """The cleaned values, grouped as ``update_clinic_settings`` takes them."""
        data = self.cleaned_data
        screening = {d["setting"]: _screening_value(d["setting"], data[d["setting"]])
                     for d in describe_defaults()}
        rules = {name: data[name] for name in load_rulebook().settings}
        return {"screening": screening, "decision_support": rules,
                "clinic_ceiling_mg": data["clinic_ceiling_mg"],
                "hard_maximum_mg": data["hard_maximum_mg"],
                "smallest_increment_mg": data["smallest_increment_mg"],
                "minimum_age_years": data["minimum_age_years"],
                "patient_agrees_to_cost": data["patient_agrees_to_cost"],
                "default_protocol": data["default_protocol"]}


class ProtocolForm(forms.Form):
    """A clinic's own protocol as YAML (or JSON), in the shape of dosing.yaml."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    definition = forms.CharField(
        label="Protocol (YAML or JSON)", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Fields: name, title, start_mg, step_mg, interval_days, target_mg, summary, "
                  "references (at least one: where it comes from, your own written policy "
                  "counts), notes.")

    def clean_definition(self) -> dict[str, Any]:
        try:
            parsed = yaml.safe_load(self.cleaned_data["definition"])
        except yaml.YAMLError as error:
            raise forms.ValidationError(f"This is not valid YAML or JSON: {error}") from None
        if not isinstance(parsed, dict):
            raise forms.ValidationError("A protocol is a set of fields (name: …, title: …), "
                                        "not a single value or a list.")
        return parsed


def _field_for(row: SettingRow) -> forms.Field:
    label = row.name.replace("_", " ").capitalize()
    help_text = f"Sourced default: {row.default}{' ' + row.unit if row.unit else ''}."
    if row.name == "severe_liver_disease_severity":
        return forms.ChoiceField(label=label, help_text=help_text,
                                 choices=[(s, s) for s in LIVER_SEVERITIES])
    if row.name == "high_confidence":
        return forms.DecimalField(label=label, help_text=help_text, max_digits=4,
                                  decimal_places=3)
    if row.name in DOSING_FIELDS:
        return forms.DecimalField(label=label, help_text=help_text + " Leave empty for the default.",
                                  required=False, max_digits=6, decimal_places=3)
    if row.name == "minimum_age_years":
        return forms.IntegerField(label="Minimum age at sign-up", required=False,
                                  help_text=help_text + " Leave empty for the default.",
                                  min_value=0, max_value=30)
    if row.name == "patient_agrees_to_cost":
        return forms.BooleanField(
            label="The patient agrees to the cost before the prescription goes to the pharmacy",
            required=False, help_text="Default: yes. When off, approval sends it at once.")
    return forms.IntegerField(label=label, help_text=help_text)


def _screening_value(name: str, value: Any) -> Any:
    # The core keeps the fuzzy-match threshold as a float.
    return float(value) if isinstance(value, Decimal) else value
