"""The clinic's urgent-care settings page: the crisis line, the country whose
sourced numbers patients see, escalation, and the guidance texts (each with
the sourced default and its source beside it). The clinic's admin changes
them; its prescribers read them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ldncare.journal.errors import JournalError
from ldncare.journal.guidance import (
    CLINIC_TEXT_MAX,
    CRISIS_LINE_MAX,
    ESCALATION_HOURS_MAX,
    crisis_contacts,
    load_guidance,
)
from ldncare.web.access import may_change_clinic_settings
from ldncare.web.accounts.clinic_settings_views import clinic_admin_or_prescriber
from ldncare.web.accounts.models import Organisation
from ldncare.web.decorators import forbidden
from ldncare.web.journal import urgent_queries, urgent_services
from ldncare.web.typing import AuthenticatedRequest


class UrgentSettingsForm(forms.Form):
    """The clinic's choices; one text box per guidance code (empty: the default)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    country = forms.ChoiceField(required=False, help_text="Sets the default crisis line and "
                                "emergency number patients see.")
    crisis_line = forms.CharField(required=False, max_length=CRISIS_LINE_MAX,
                                  label="The clinic's own crisis line (shown first)")
    escalate_after_hours = forms.IntegerField(
        required=False, min_value=1, max_value=ESCALATION_HOURS_MAX,
        label="Escalate an unacknowledged urgent alert after (hours)")
    on_call_email = forms.EmailField(required=False, label="On-call e-mail for escalations "
                                     "(empty: the clinic's admins)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        book = load_guidance()
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = [("", "Not set"), *[(c, c) for c in book.countries]]
        self.fields["escalate_after_hours"].help_text = (
            f"Default {book.escalation.after_hours.value}: {book.escalation.after_hours.source}")
        for g in book.guidance:
            self.fields[f"text_{g.code}"] = forms.CharField(
                required=False, max_length=CLINIC_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
                label=f"Guidance: {g.title}",
                help_text=f"Empty keeps the sourced default: {g.text} (Source: {g.source})")

    def texts(self) -> dict[str, str]:
        return {name[5:]: value for name, value in self.cleaned_data.items()
                if name.startswith("text_")}


def _initial(clinic: Organisation) -> dict[str, Any]:
    row = urgent_queries.urgent_settings(clinic)
    if row is None:
        return {"version": 0}
    return {"version": row.version, "country": row.country, "crisis_line": row.crisis_line,
            "escalate_after_hours": row.escalate_after_hours, "on_call_email": row.on_call_email,
            **{f"text_{code}": text for code, text in row.texts.items()}}


@clinic_admin_or_prescriber
def urgent_settings(request: AuthenticatedRequest) -> HttpResponse:
    clinic = request.user.organisation
    assert clinic is not None  # the guard checked it
    if request.method != "POST":
        return _page(request, clinic, UrgentSettingsForm(initial=_initial(clinic)))
    if not may_change_clinic_settings(request.user, clinic):
        return forbidden(request, "Only the clinic's admin can change its settings.")
    form = UrgentSettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            urgent_services.update_urgent_settings(
                clinic, admin=request.user, expected_version=data["version"],
                country=data["country"], crisis_line=data["crisis_line"], texts=form.texts(),
                escalate_after_hours=data["escalate_after_hours"],
                on_call_email=data["on_call_email"])
        except JournalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Urgent-care settings saved.")
            return redirect("journal:urgent_settings")
    elif "version" in form.errors:  # a hidden field: say it where the admin can see it
        form.add_error(None, "This page was out of date; reload it and submit again.")
    return _page(request, clinic, form, status=400)


def _page(request: AuthenticatedRequest, clinic: Organisation, form: UrgentSettingsForm,
          status: int = 200) -> HttpResponse:
    book = load_guidance()
    choices = urgent_queries.clinic_guidance(clinic)
    own = choices.texts or {}
    rows = [{"guidance": g, "current": own.get(g.code, ""), "changed": g.code in own}
            for g in book.guidance]
    return render(request, "journal/urgent_settings.html", {
        "clinic": clinic, "form": form, "rows": rows, "book": book,
        "contacts": crisis_contacts(choices, book), "stored": urgent_queries.urgent_settings(clinic),
        "hours": urgent_queries.escalate_after(clinic).total_seconds() // 3600,
        "may_change": may_change_clinic_settings(request.user, clinic),
    }, status=status)
