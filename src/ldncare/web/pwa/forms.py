from __future__ import annotations

from django import forms

from ldncare.interop.ical import ALARM_CHOICES
from ldncare.web.pwa.models import PUSH_KINDS

LABELS = {"dose": "Dose reminder", "check_in": "Check-in reminder",
          "questionnaire": "Questionnaire due", "refill": "Refill due",
          "follow_up": "Follow-up appointment"}


class PushChoicesForm(forms.Form):
    """Which reminders the patient wants as a notification on their phone."""

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        for kind in PUSH_KINDS:
            self.fields[kind] = forms.BooleanField(label=LABELS[kind], required=False)


def _alarm_label(minutes: int) -> str:
    return "At the time of the dose" if minutes == 0 else f"{minutes} minutes before"


class CalendarAlarmsForm(forms.Form):
    """When the calendar download and feed ring (none ticked: no alarm)."""

    minutes_before = forms.TypedMultipleChoiceField(
        label="My calendar reminds me", required=False, coerce=int,
        choices=[(m, _alarm_label(m)) for m in ALARM_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        help_text="For the dose events in the calendar file and the calendar link on your "
                  "schedule page. Tick none for no alarm.")
