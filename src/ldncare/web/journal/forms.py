"""Journal forms. Their choices come from the core's data (ratings, side
effects, events, instruments); the core validates again when saving."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django import forms
from django.forms.boundfield import BoundWidget

from ldncare.journal.checkin import RATING_MAX, RATING_MIN, Severity, load_catalogue
from ldncare.journal.instruments import Instrument, load_instruments
from ldncare.journal.schedules import MAX_INTERVAL_DAYS
from ldncare.web.journal.services import REMINDER_KINDS, CheckInAnswers

SEVERITIES = [("", "No"), *[(s.value, s.value.capitalize()) for s in Severity]]


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


#: The 0-10 scale as radio choices: one tap per rating, nothing chosen until tapped.
SCALE = [(str(n), str(n)) for n in range(RATING_MIN, RATING_MAX + 1)]
#: Posted by the chip form: severities then count only for the chips ticked (a
#: severity left checked under a chip the patient unticked is not an answer).
CHIPS_MARKER = "side_effects_listed"


_ANCHORED = re.compile(r"^(?P<ask>.*?),? 0 \((?P<low>[^)]*)\) to 10 \((?P<high>[^)]*)\)\?$")


def scale_question(question: str) -> tuple[str, str, str]:
    """"How bad was your pain today, 0 (none) to 10 (worst imaginable)?" as the
    question and the words for each end of the scale, shown under 0 and 10."""
    found = _ANCHORED.match(question)
    if not found:
        return question, "", ""
    return f"{found['ask']}?", f"0 = {found['low']}", f"10 = {found['high']}"


class CheckInForm(forms.Form):
    """One day's check-in. Fields for ratings and side effects are built from
    the catalogue; ``asked`` limits ratings to those the patient tracks.

    Field names are stable (other clients post them): ``dose_taken`` yes/no,
    ``rating_<code>`` 0-10, ``side_effects`` (the chips ticked),
    ``side_effect_<code>`` mild/moderate/severe, ``events``, ``note``. Nothing
    is pre-selected: an unanswered question is stored as not answered. Vivid
    dreams are asked once, as a side-effect chip (which also sets the stored
    ``vivid_dreams`` flag). A client that posts only ``side_effect_<code>``
    severities (no chips) still records them."""

    day = forms.DateField(widget=_date_input(),
                          help_text="Today, or an earlier day you missed (shown as added later).")
    dose_taken = forms.ChoiceField(label="Did you take your LDN dose?",
                                   choices=[("yes", "Yes"), ("no", "No")], required=False,
                                   widget=forms.RadioSelect)
    dose_time = forms.TimeField(label="Taken at a different time? (leave empty for your usual time)",
                                required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(label="Anything else? (optional)", required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))
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
                question, low, high = scale_question(spec.question)
                field = forms.IntegerField(
                    label=question, required=False, min_value=RATING_MIN, max_value=RATING_MAX,
                    widget=forms.RadioSelect(choices=SCALE))
                field.low_anchor, field.high_anchor = low, high  # type: ignore[attr-defined]
                self.fields[f"rating_{spec.code}"] = field
        self.fields["side_effects"] = forms.MultipleChoiceField(
            label="Any side effects today?", required=False,
            choices=[(e.code, e.label) for e in catalogue.side_effects],
            widget=forms.CheckboxSelectMultiple)
        for effect in catalogue.side_effects:
            self.fields[f"side_effect_{effect.code}"] = forms.ChoiceField(
                label=f"How strong: {effect.label.lower()}?", choices=SEVERITIES[1:],
                required=False, widget=forms.RadioSelect)
        self.fields["events"] = forms.MultipleChoiceField(
            label="Anything your prescriber must know?", required=False,
            choices=[(e.code, e.label) for e in catalogue.events],
            widget=forms.CheckboxSelectMultiple)
        self.order_fields(["day", "dose_taken", "dose_time",
                           *[f for f in self.fields if f.startswith("rating_")], "side_effects"])

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

    def clean(self) -> dict:
        data = super().clean() or {}
        chips = set(data.get("side_effects") or ())
        listed = self.data.get(CHIPS_MARKER) if hasattr(self.data, "get") else None
        for effect in load_catalogue().side_effects:
            name = f"side_effect_{effect.code}"
            if listed and effect.code not in chips:
                data[name] = ""  # a severity left under an unticked chip is not an answer
            elif effect.code in chips and not data.get(name) and name not in self.errors:
                self.add_error(name, f"How strong was it? Choose mild, moderate or severe for "
                                     f"\u201c{effect.label.lower()}\u201d.")
        return data

    def rating_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("rating_")]

    def side_effect_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("side_effect_")]

    def side_effect_chips(self) -> list[tuple[BoundWidget, forms.BoundField]]:
        """(chip checkbox, its severity radios) per side effect, in catalogue order."""
        chips = list(self["side_effects"])
        return [(chip, self[f"side_effect_{chip.data['value']}"]) for chip in chips]

    def answers(self) -> CheckInAnswers:
        data = self.cleaned_data
        side_effects = {k.removeprefix("side_effect_"): v for k, v in data.items()
                        if k.startswith("side_effect_") and v}
        return CheckInAnswers(
            dose_taken=_yes_no(data.get("dose_taken") or ""), dose_time=data.get("dose_time"),
            ratings={k.removeprefix("rating_"): v for k, v in data.items()
                     if k.startswith("rating_") and v is not None},
            vivid_dreams=True if "vivid_dreams" in side_effects else None,
            side_effects=side_effects,
            events=frozenset(data.get("events") or ()), note=data.get("note") or "")

    @staticmethod
    def initial_from(stored: dict, day: date) -> dict:
        """Initial values from a stored check-in (core ``as_dict``), for editing.
        A new day starts blank: nothing the patient has not said."""
        if not stored:
            return {"day": day}
        dose = stored.get("dose")
        effects = {s["code"]: s["severity"] for s in stored.get("side_effects", [])}
        chips = set(effects) | ({"vivid_dreams"} if stored.get("vivid_dreams") else set())
        initial = {"day": day, "note": stored.get("note", ""), "events": stored.get("events", []),
                   "expected_revision": stored.get("revision"),
                   "dose_taken": "" if dose is None else ("yes" if dose["taken"] else "no"),
                   "dose_time": None if not dose or not dose.get("at") else dose["at"],
                   "side_effects": sorted(chips)}
        initial.update({f"rating_{k}": v for k, v in stored.get("ratings", {}).items()})
        initial.update({f"side_effect_{code}": severity for code, severity in effects.items()})
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
