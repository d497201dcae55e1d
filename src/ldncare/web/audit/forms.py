"""The audit trail's filters (a GET form): person, action, dates."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms

from ldncare.web.accounts.models import User
from ldncare.web.audit.describe import ACTIONS


class TrailFilter(forms.Form):
    person = forms.ModelChoiceField(label="Person", queryset=User.objects.none(), required=False,
                                    empty_label="Everyone")
    action = forms.ChoiceField(label="Action", required=False,
                               choices=[("", "Any action"), *ACTIONS.items()])
    since = forms.DateField(label="From (date)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="To (date, included)", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, people: list[User], zone: ZoneInfo, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone
        field = self.fields["person"]
        field.queryset = User.objects.filter(pk__in=[p.pk for p in people]).order_by("full_name")  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "Choose a day on or after the first day.")
        return data

    def query(self) -> dict[str, Any]:
        """The filters as ``audit.queries.filtered`` takes them (days in the viewer's zone)."""
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        return {
            "person": data.get("person"), "action": data.get("action") or "",
            "since": datetime.combine(since, time.min, self.zone) if since else None,
            "before": datetime.combine(until + timedelta(days=1), time.min, self.zone)
            if until else None,
        }
