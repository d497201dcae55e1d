"""The clinic settings page: the clinic's admin changes them, its prescribers
read them. Thin: parse, call ``clinic_settings``, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ldncare.web.access import may_change_clinic_settings, may_read_clinic_settings
from ldncare.web.accounts import clinic_settings as cs
from ldncare.web.accounts import reauth
from ldncare.web.accounts.clinic_settings_forms import ClinicSettingsForm, ProtocolForm
from ldncare.web.accounts.models import Organisation
from ldncare.web.decorators import forbidden, requires
from ldncare.web.typing import AuthenticatedRequest

clinic_admin_or_prescriber = requires(
    may_read_clinic_settings,
    "Clinic settings are for the clinic's admin (to change) and prescribers (to read).")


@clinic_admin_or_prescriber
def clinic_settings(request: AuthenticatedRequest) -> HttpResponse:
    clinic = request.user.organisation
    assert clinic is not None  # the guard checked it
    if request.method != "POST":
        return _page(request, clinic)
    if not may_change_clinic_settings(request.user, clinic):
        return forbidden(request, "Only the clinic's admin can change its settings.")
    if not reauth.recently_confirmed(request):  # safety settings: password + code again
        return reauth.ask_to_confirm(request)
    action = request.POST.get("action", "settings")
    if action == "add_protocol":
        return _add_protocol(request, clinic)
    if action == "remove_protocol":
        return _remove_protocol(request, clinic)
    return _change_settings(request, clinic)


def _change_settings(request: AuthenticatedRequest, clinic: Organisation) -> HttpResponse:
    form = _settings_form(clinic, request.POST)
    if form.is_valid():
        try:
            cs.update_clinic_settings(clinic, admin=request.user,
                                      expected_version=form.cleaned_data["version"],
                                      **form.changes())
        except cs.ClinicSettingsError as error:
            _add_errors(form, error)
        except cs.SettingsChangedMeanwhile as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Clinic settings saved.")
            return redirect("accounts:clinic_settings")
    return _page(request, clinic, settings_form=form, status=400)


def _add_protocol(request: AuthenticatedRequest, clinic: Organisation) -> HttpResponse:
    form = ProtocolForm(request.POST)
    if form.is_valid():
        try:
            cs.add_clinic_protocol(clinic, admin=request.user,
                                   definition=form.cleaned_data["definition"],
                                   expected_version=form.cleaned_data["version"])
        except cs.ClinicSettingsError as error:
            form.add_error("definition", str(error))
        except cs.SettingsChangedMeanwhile as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Protocol added to the clinic's library.")
            return redirect("accounts:clinic_settings")
    return _page(request, clinic, protocol_form=form, status=400)


def _remove_protocol(request: AuthenticatedRequest, clinic: Organisation) -> HttpResponse:
    name = request.POST.get("name", "")
    try:
        cs.remove_clinic_protocol(clinic, admin=request.user, name=name)
    except cs.ClinicSettingsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Protocol '{name}' removed from the clinic's library.")
    return redirect("accounts:clinic_settings")


def _settings_form(clinic: Organisation, data: Any = None) -> ClinicSettingsForm:
    library = cs.protocol_library_for(clinic)
    row = cs.stored_settings(clinic)
    form = ClinicSettingsForm(
        data, rows=cs.setting_rows(clinic),
        protocol_choices=[(p.name, p.title) for p in library.protocols.values()],
        initial={"version": row.version if row else 0,
                 "default_protocol": library.default_protocol})
    return form


def _add_errors(form: ClinicSettingsForm, error: cs.ClinicSettingsError) -> None:
    for field_name, message in error.errors.items():
        form.add_error(field_name if field_name in form.fields else None, message)


def _page(request: AuthenticatedRequest, clinic: Organisation, *,
          settings_form: ClinicSettingsForm | None = None,
          protocol_form: ProtocolForm | None = None, status: int = 200) -> HttpResponse:
    row = cs.stored_settings(clinic)
    library = cs.protocol_library_for(clinic)
    own = set(cs.clinic_protocol_names(clinic))
    return render(request, "accounts/clinic_settings.html", {
        "clinic": clinic, "stored": row, "rows": cs.setting_rows(clinic),
        "may_change": may_change_clinic_settings(request.user, clinic),
        "settings_form": settings_form or _settings_form(clinic),
        "protocol_form": protocol_form or ProtocolForm(initial={"version": row.version if row else 0}),
        "library": library, "default_protocol": library.get(library.default_protocol),
        "own_protocols": [p for p in library.protocols.values() if p.name in own],
        "groups": [("screening", "Screening"), ("dosing", "Dosing limits"),
                   ("patients", "Who may sign up"),
                   ("prescriptions", "Before a prescription goes to the pharmacy"),
                   ("decision_support", "Decision support (suggestions to the prescriber)")],
    }, status=status)
