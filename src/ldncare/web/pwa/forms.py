from __future__ import annotations

from django import forms

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
