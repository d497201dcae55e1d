"""Journal forms. Their choices come from the core's data (ratings, side
effects, events, instruments); the core validates again when saving."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms

from ldncare.journal.checkin import RATING_MAX, RATING_MIN, Severity, load_catalogue
from ldncare.journal.instruments import Instrument, load_instruments
from ldncare.journal.schedules import MAX_INTERVAL_DAYS
from ldncare.web.journal.services import REMINDER_KINDS, CheckInAnswers

YES_NO = [("", "Not answered"), ("yes", "Yes"), ("no", "No")]
SEVERITIES = [("", "No"), *[(s.value, s.value.capitalize()) for s in Severity]]
#: A stored yes/no answer as the form's choice ("" when never answered).
_YES_NO: dict[bool | None, str] = {True: "yes", False: "no"}


def _date_input() -> forms.DateInput:
    """A browser date picker. Its value must be ISO 8601 whatever the locale: a
    browser drops an en-gb "22/11/2026", and the required day then blocks the form."""
    return forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})


def new_fill_key() -> str:
    """A fresh idempotency key for one filling of the check-in form."""
    import secrets

    return "checkin-" + secrets.token_urlsafe(18)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class CheckInForm(forms.Form):
    """One day's check-in. Fields for ratings and side effects are built from
    the catalogue; ``asked`` limits ratings to those the patient tracks."""

    day = forms.DateField(widget=_date_input(),
                          help_text="Today, or an earlier day you missed (marked late).")
    dose_taken = forms.ChoiceField(label="Did you take your dose?",
                                   choices=[("yes", "Yes, as planned"), ("no", "No"),
                                            ("", "Not answered")], required=False,
                                   widget=forms.RadioSelect)
    dose_time = forms.TimeField(label="Taken at (leave empty for the planned time)", required=False,
                                widget=forms.TimeInput(attrs={"type": "time"}))
    vivid_dreams = forms.ChoiceField(label="Vivid dreams last night?", choices=YES_NO,
                                     required=False)
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    expected_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    #: One key per filling of the form (see :func:`new_fill_key`): the same form
    #: sent twice (a double tap, or a queued offline check-in sent again) saves once.
    idempotency_key = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def __init__(self, *args, asked: tuple[str, ...] = (), today: date | None = None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.today = today
        catalogue = load_catalogue()
        for spec in catalogue.ratings:
            if spec.code in asked:
                self.fields[f"rating_{spec.code}"] = forms.IntegerField(
                    label=spec.question, required=False, min_value=RATING_MIN, max_value=RATING_MAX,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
        for effect in catalogue.side_effects:
            self.fields[f"side_effect_{effect.code}"] = forms.ChoiceField(
                label=effect.label, choices=SEVERITIES, required=False)
        self.fields["events"] = forms.MultipleChoiceField(
            label="Anything your prescriber must know?", required=False,
            choices=[(e.code, e.label) for e in catalogue.events],
            widget=forms.CheckboxSelectMultiple)
        self.order_fields(["day", "dose_taken", "dose_time",
                           *[f for f in self.fields if f.startswith("rating_")], "vivid_dreams"])

    def clean_idempotency_key(self) -> str:
        from ldncare.web.operations.idempotency import valid_key

        key = self.cleaned_data.get("idempotency_key") or ""
        if key and not valid_key(key):
            # A hidden field has no place on the page: say it above the form.
            self.add_error(None, "This form is damaged; reload the page and check in again.")
        return key

    def clean_day(self) -> date:
        day = self.cleaned_data["day"]
        if self.today is not None and day > self.today:
            raise forms.ValidationError("That day has not started yet; choose today or earlier.")
        return day

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("rating_")]

    def side_effect_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("side_effect_")]

    def answers(self) -> CheckInAnswers:
        data = self.cleaned_data
        return CheckInAnswers(
            dose_taken=_yes_no(data.get("dose_taken") or ""), dose_time=data.get("dose_time"),
            ratings={k.removeprefix("rating_"): v for k, v in data.items()
                     if k.startswith("rating_") and v is not None},
            vivid_dreams=_yes_no(data.get("vivid_dreams") or ""),
            side_effects={k.removeprefix("side_effect_"): v for k, v in data.items()
                          if k.startswith("side_effect_") and v},
            events=frozenset(data.get("events") or ()), note=data.get("note") or "")

    @staticmethod
    def initial_from(stored: dict, day: date) -> dict:
        """Initial values from a stored check-in (core ``as_dict``), for editing."""
        if not stored:
            return {"day": day, "dose_taken": "yes"}
        dose = stored.get("dose")
        initial = {"day": day, "note": stored.get("note", ""), "events": stored.get("events", []),
                   "expected_revision": stored.get("revision"),
                   "dose_taken": "" if dose is None else ("yes" if dose["taken"] else "no"),
                   "dose_time": None if not dose or not dose.get("at") else dose["at"],
                   "vivid_dreams": _YES_NO.get(stored.get("vivid_dreams"), "")}
        initial.update({f"rating_{k}": v for k, v in stored.get("ratings", {}).items()})
        initial.update({f"side_effect_{s['code']}": s["severity"]
                        for s in stored.get("side_effects", [])})
        return initial


class NewMedicineForm(forms.Form):
    medicine = forms.CharField(label="I started a new medicine", max_length=300,
                               help_text="Its name as on the box, e.g. 'co-codamol 30/500'.")


class PreferencesForm(forms.Form):
    """Which ratings the patient tracks and which reminders they get."""

    dose_at = forms.TimeField(label="My dose time", required=False,
                              widget=forms.TimeInput(attrs={"type": "time"}))
    check_in_at = forms.TimeField(label="Check-in reminder time", required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["tracked"] = forms.MultipleChoiceField(
            label="Ratings I track", widget=forms.CheckboxSelectMultiple,
            choices=[(r.code, r.label) for r in load_catalogue().ratings])
        labels = {"dose": "Dose reminder", "check_in": "Check-in reminder",
                  "questionnaire": "Questionnaire due", "refill": "Refill due",
                  "follow_up": "Follow-up appointment"}
        for kind in REMINDER_KINDS:
            self.fields[f"remind_{kind}"] = forms.BooleanField(label=labels[kind], required=False)
        self.order_fields(["tracked"])


def questionnaire_form(instrument: Instrument, data=None) -> forms.Form:  # type: ignore[no-untyped-def]
    """A form with one radio group per item, options from the definition."""
    form = forms.Form(data)
    choices = [(str(o.value), o.label) for o in instrument.options]
    for item in instrument.items:
        form.fields[item.code] = forms.TypedChoiceField(
            label=item.text, choices=choices, coerce=int, widget=forms.RadioSelect)
    return form


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(choices=())
    start = forms.DateField(widget=_date_input())
    every_days = forms.IntegerField(label="Every (days)", min_value=1, max_value=MAX_INTERVAL_DAYS)
    until = forms.DateField(required=False, widget=_date_input())

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [(i.code, i.name) for i in load_instruments().instruments]


class DismissForm(forms.Form):
    reason = forms.CharField(max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "Say why you dismiss this suggestion."})


class FollowUpForm(forms.Form):
    day = forms.DateField(widget=_date_input())
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    mode = forms.ChoiceField(choices=[("video", "Video call"), ("in_person", "In person")])
    note = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def moment(self, zone: str) -> datetime:
        """The appointment as an aware datetime in the patient's time zone."""
        t: time = self.cleaned_data["time"]
        return datetime.combine(self.cleaned_data["day"], t, tzinfo=ZoneInfo(zone))
