from __future__ import annotations

from typing import cast
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.password_validation import validate_password

from ldncare.web.accounts.lockout import normalise_login_name
from ldncare.web.accounts.roles import Role
from ldncare.web.accounts.tasks import send_password_reset


class LoginForm(AuthenticationForm):
    username = forms.EmailField(label="E-mail", max_length=254,
                                widget=forms.EmailInput(attrs={"autofocus": True,
                                                               "autocomplete": "email"}))

    def clean_username(self) -> str:
        # The same spelling the lockout counts (see accounts/lockout.py).
        return normalise_login_name(self.cleaned_data["username"])


class PasswordField(forms.CharField):
    def __init__(self, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                         max_length=128, **kwargs)


def time_zone_names() -> list[str]:
    """Every IANA zone name, sorted, for the searchable list."""
    return sorted(available_timezones())


class TimeZoneInput(forms.TextInput):
    """A text box with a <datalist> of every zone: typing "London" offers
    Europe/London with no JavaScript. ``accounts/time_zone.js`` (an external
    file, CSP-clean) fills in the browser's own zone when the box is untouched."""

    template_name = "accounts/widgets/time_zone.html"

    def __init__(self) -> None:
        super().__init__(attrs={"list": "time-zone-names", "autocomplete": "off",
                                "data-browser-time-zone": "1", "spellcheck": "false"})

    def get_context(self, name, value, attrs):  # type: ignore[no-untyped-def]
        context = super().get_context(name, value, attrs)
        context["time_zone_names"] = time_zone_names()
        return context


def time_zone_field(label: str = "Your time zone") -> forms.CharField:
    return forms.CharField(
        label=label, max_length=64, initial="Europe/London", widget=TimeZoneInput(),
        help_text="Type a city to search, e.g. London finds Europe/London. Reminders and "
                  "times are shown in this zone.")


def clean_time_zone_value(value: str) -> str:
    value = value.strip()
    if value not in available_timezones():
        raise forms.ValidationError("Unknown time zone; use a name like Europe/London "
                                    "(type a city to search the list).")
    return value


class ProfileForm(forms.Form):
    """A person's own details. Prescribers also give the licence or registration
    number printed on their prescriptions."""

    full_name = forms.CharField(label="Your name", max_length=200)
    time_zone = time_zone_field()
    registration_number = forms.CharField(label="Licence or registration number", max_length=60,
                                          required=False)
    registration_jurisdiction = forms.CharField(
        label="Issued by (body and jurisdiction)", max_length=120, required=False,
        help_text="For example: General Medical Council, United Kingdom.")

    def __init__(self, *args, prescriber: bool = False, patient: bool = False,  # type: ignore[no-untyped-def]
                 **kwargs):
        super().__init__(*args, **kwargs)
        if patient:  # a patient's legal name is part of their verified identity
            del self.fields["full_name"]
        if not prescriber:
            del self.fields["registration_number"], self.fields["registration_jurisdiction"]

    def clean_time_zone(self) -> str:
        return clean_time_zone_value(self.cleaned_data["time_zone"])

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        number, body = data.get("registration_number"), data.get("registration_jurisdiction")
        if bool(number) != bool(body) and "registration_number" in self.fields:
            self.add_error("registration_jurisdiction" if number else "registration_number",
                           "Give the number and who issued it together.")
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    password = PasswordField(label="Password", help_text="At least 10 characters.")

    def clean_password(self) -> str:
        validate_password(self.cleaned_data["password"])
        return self.cleaned_data["password"]


class InviteForm(forms.Form):
    email = forms.EmailField(label="E-mail", max_length=254)
    role = forms.ChoiceField(choices=Role.choices)

    def __init__(self, *args, roles: list[Role], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in roles]


class TokenForm(forms.Form):
    token = forms.RegexField(label="6-digit code", regex=r"^\s*\d{6}\s*$", max_length=8,
                             error_messages={"invalid": "Enter the 6 digits from your app."},
                             widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                           "autocomplete": "one-time-code",
                                                           "autofocus": True}))


class ConfirmIdentityForm(forms.Form):
    password = forms.CharField(label="Your password", max_length=128, strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password",
                                                                 "autofocus": True}))
    token = forms.RegexField(label="6-digit code from your app", regex=r"^\s*\d{6}\s*$",
                             max_length=8, required=False,
                             error_messages={"invalid": "Enter the 6 digits from your app."},
                             widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                           "autocomplete": "one-time-code"}))


class LookupPasswordResetForm(PasswordResetForm):
    """Django's reset form, run inside the task worker: it finds the accounts
    and queues one e-mail each; ``save`` returns how many it queued."""

    def save(self, **kwargs):  # type: ignore[no-untyped-def,override]
        self.queued = 0
        super().save(**kwargs)
        return self.queued

    def send_mail(self, subject_template_name, email_template_name, context,  # type: ignore[no-untyped-def,override]
                  from_email, to_email, html_email_template_name=None):
        from django.template import loader

        from ldncare.web.accounts.tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(to_email, subject, body)
        self.queued += 1


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset that does the same work for every address: it queues one
    task with the address and returns. Looking the address up, and e-mailing
    only if it has an account, happen in the worker (#22: answering after the
    lookup made known addresses measurably slower)."""

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def,override]
        send_password_reset.enqueue(self.cleaned_data["email"])
