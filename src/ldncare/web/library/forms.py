"""Forms of the public library: the search box and the simulator's inputs.

Both are GET forms (nothing is written); each turns text into the values the
queries and the simulator take, with a message beside the field when it cannot.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from django import forms

from ldncare.pharmacology.rebound import ReboundHypothesis
from ldncare.units import DoseError, parse_dose
from ldncare.web.library import simulator
from ldncare.web.library.queries import MAX_QUERY_CHARS
from ldncare.web.library.simulator import SimulatorInputError, SimulatorRequest


class SearchForm(forms.Form):
    q = forms.CharField(label="Search the library", max_length=MAX_QUERY_CHARS, required=False,
                        help_text="Conditions, aliases (MS, long covid), side effects, studies; "
                                  "small typos are fine.")


def _numbers(text: str, what: str) -> tuple[Decimal, ...]:
    """Comma- or space-separated numbers; ValidationError naming ``what`` otherwise."""
    parts = [p for p in text.replace(",", " ").split() if p]
    try:
        return tuple(Decimal(p) for p in parts)
    except ArithmeticError:
        raise forms.ValidationError(f"Write the {what} as numbers separated by commas, "
                                    "like 3, 5.") from None


class SimulatorForm(forms.Form):
    """The simulator's inputs. Defaults show a single 4.5 mg bedtime dose over two days."""

    dose_mg = forms.CharField(label="Dose (mg naltrexone hydrochloride)", initial="4.5", max_length=20,
                              help_text=f"Above 0 and at most {simulator.MAX_DOSE_MG} mg, "
                                        "e.g. 4.5 or 500 mcg.")
    protocol = forms.ChoiceField(label="Schedule", required=False, initial="",
                                 help_text="A titration protocol uses its own doses and ignores "
                                           "the dose, number and interval above.")
    doses = forms.IntegerField(label="Number of doses", initial=1, min_value=1,
                               max_value=simulator.MAX_DOSES)
    interval_hours = forms.DecimalField(label="Hours between doses", initial=24, min_value=1,
                                        max_value=168, decimal_places=2)
    protocol_days = forms.IntegerField(label="Days of the protocol to show", initial=28, min_value=1,
                                       max_value=simulator.MAX_PROTOCOL_DAYS, required=False)
    missed = forms.CharField(label="Missed doses (optional)", required=False, max_length=200,
                             help_text="Dose numbers, counting from 1, e.g. 3, 5.")
    hours = forms.DecimalField(label="Hours to show (optional)", required=False, min_value=1,
                               max_value=Decimal(str(simulator.MAX_HOURS)), decimal_places=2,
                               help_text=f"Default: 24 hours after the last dose; at most "
                                         f"{simulator.MAX_HOURS:g} (six weeks).")
    thresholds = forms.CharField(label="Occupancy thresholds (%)", initial="50, 90", max_length=100,
                                 help_text="Hours at or above each are shown; 1 to 99.")
    model = forms.ChoiceField(label="Model for the summary and the band", required=False, initial="",
                              help_text="Both models are always drawn. The first is the one that also "
                                        "matches the later PET scans.")
    rebound = forms.BooleanField(label="Show the rebound hypothesis (not established)",
                                 required=False)
    rebound_gain = forms.DecimalField(label="Rebound gain (hypothesis)", required=False,
                                      min_value=0, max_value=10, decimal_places=3,
                                      help_text="How strongly blockade raises the signal; you choose it.")
    rebound_return_rate = forms.DecimalField(label="Rebound return rate per hour (hypothesis)",
                                             required=False, min_value=Decimal("0.001"),
                                             max_value=10, decimal_places=3)

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["protocol"]).choices = [("", "The same dose, repeated"), *simulator.protocols()]
        cast(forms.ChoiceField, self.fields["model"]).choices = simulator.model_choices()

    def clean_dose_mg(self):  # type: ignore[no-untyped-def]
        if self.cleaned_data["dose_mg"].strip().startswith("-"):
            raise forms.ValidationError("A dose cannot be negative.")
        try:
            return simulator.check_dose(parse_dose(self.cleaned_data["dose_mg"]))
        except DoseError as error:
            raise forms.ValidationError(f"{str(error)[:1].upper()}{str(error)[1:]}.") from None
        except SimulatorInputError as error:
            raise forms.ValidationError(str(error)) from None

    def clean_missed(self) -> tuple[int, ...]:
        numbers = _numbers(self.cleaned_data["missed"], "missed doses")
        if any(n != n.to_integral_value() or n < 1 for n in numbers):
            raise forms.ValidationError("Missed doses are whole dose numbers from 1.")
        return tuple(sorted({int(n) for n in numbers}))

    def clean_thresholds(self) -> tuple[float, ...]:
        numbers = _numbers(self.cleaned_data["thresholds"], "thresholds")
        if not numbers or len(numbers) > 5:
            raise forms.ValidationError("Give one to five thresholds, like 50, 90.")
        if any(not 1 <= n <= 99 for n in numbers):
            raise forms.ValidationError("Each threshold is a percentage from 1 to 99.")
        return tuple(float(n) / 100 for n in sorted(set(numbers)))

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("rebound"):
            for name in ("rebound_gain", "rebound_return_rate"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, "The hypothesis has no default: give a value to see it.")
        if data.get("protocol") and not data.get("protocol_days"):
            self.add_error("protocol_days", "Give the number of days of the protocol to show.")
        return data

    def simulator_request(self) -> SimulatorRequest:
        """The validated request (call after ``is_valid()``)."""
        data = self.cleaned_data
        hypothesis = None
        if data.get("rebound"):
            hypothesis = ReboundHypothesis(float(data["rebound_gain"]), float(data["rebound_return_rate"]))
        return SimulatorRequest(
            dose=data["dose_mg"], doses=data["doses"], interval_hours=float(data["interval_hours"]),
            protocol=data.get("protocol") or None, protocol_days=data.get("protocol_days") or 28,
            missed=data["missed"], hours=float(data["hours"]) if data.get("hours") else None,
            thresholds=data["thresholds"], rebound=hypothesis, model=data.get("model") or None)
