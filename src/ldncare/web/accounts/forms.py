from __future__ import annotations

from typing import Any, cast
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.password_validation import validate_password

from ldncare.web.accounts.lockout import normalise_login_name
from ldncare.web.accounts.models import Organisation
from ldncare.web.accounts.roles import OrganisationKind, Role
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


class IdentityFieldsMixin(forms.Form):
    """Who the patient is. The legal name goes on the prescription and the
    pharmacy label; the preferred name is used to greet them."""

    full_name = forms.CharField(label="Legal name", max_length=200,
                                help_text="As on your passport or driving licence: it is printed "
                                          "on your prescription and your medicine's label.",
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    preferred_name = forms.CharField(label="Preferred name (optional)", max_length=100,
                                     required=False,
                                     help_text="What you would like us to call you.",
                                     widget=forms.TextInput(attrs={"autocomplete": "nickname"}))
    date_of_birth = forms.DateField(label="Date of birth",
                                    widget=forms.DateInput(attrs={"type": "date",
                                                                  "autocomplete": "bday"}),
                                    error_messages={"invalid": "Enter a date like 1985-03-31."})
    sex_at_birth = forms.ChoiceField(
        label="Sex at birth", required=False,
        choices=[("", "Prefer not to say"), ("female", "Female"), ("male", "Male"),
                 ("intersex", "Intersex")],
        help_text="We ask only to know whether the pregnancy questions apply to you.")
    address_line1 = forms.CharField(label="Address", max_length=200,
                                    help_text="Where your medicine is posted.",
                                    widget=forms.TextInput(attrs={"autocomplete": "address-line1"}))
    address_line2 = forms.CharField(label="Address line 2 (optional)", max_length=200,
                                    required=False,
                                    widget=forms.TextInput(attrs={"autocomplete": "address-line2"}))
    town = forms.CharField(label="Town or city", max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    postcode = forms.CharField(label="Postcode or ZIP code", max_length=20,
                               widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    country = forms.CharField(label="Country", max_length=100,
                              widget=forms.TextInput(attrs={"autocomplete": "country-name"}))
    phone = forms.RegexField(label="Phone", max_length=40, regex=r"^\+?[0-9 ()\-]{6,40}$",
                             help_text="So the clinic can reach you about your treatment.",
                             error_messages={"invalid": "Enter a phone number: digits, spaces "
                                                        "and an optional + at the start."},
                             widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))

    IDENTITY_FIELDS = ("full_name", "preferred_name", "date_of_birth", "sex_at_birth",
                       "address_line1", "address_line2", "town", "postcode", "country", "phone")

    def identity_details(self):  # type: ignore[no-untyped-def]
        from ldncare.web.care.identity_services import IdentityDetails

        data = self.cleaned_data
        return IdentityDetails(
            legal_name=data["full_name"].strip(), date_of_birth=data["date_of_birth"],
            **{name: (data[name] or "").strip() for name in self.IDENTITY_FIELDS
               if name not in ("full_name", "date_of_birth")})


def consent_field(document) -> forms.BooleanField:  # type: ignore[no-untyped-def]
    return forms.BooleanField(
        label=document.summary, required=document.required,
        error_messages={"required": "You need to agree to this to use the service."})


class SignUpForm(IdentityFieldsMixin):
    email = forms.EmailField(label="E-mail", max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = PasswordField(label="Password", help_text="At least 10 characters.")
    clinic = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=OrganisationKind.CLINIC,
                                             accepts_new_patients=True),
        empty_label="Choose your clinic",
    )
    time_zone = time_zone_field()

    ACCOUNT_FIELDS = ("email", "password", "clinic", "time_zone")

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        from ldncare.consent import load_library

        super().__init__(*args, **kwargs)
        self.consent_documents = load_library().documents
        for document in self.consent_documents:
            self.fields[f"consent_{document.code}"] = consent_field(document)

    def account_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ACCOUNT_FIELDS]

    def identity_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.IDENTITY_FIELDS]

    def consent_rows(self) -> list[tuple[object, forms.BoundField]]:
        return [(d, self[f"consent_{d.code}"]) for d in self.consent_documents]

    def clean_time_zone(self) -> str:
        return clean_time_zone_value(self.cleaned_data["time_zone"])

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        if data.get("password"):
            try:
                validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data

    def sign_up_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"email": data["email"], "full_name": data["full_name"].strip(),
                "password": data["password"], "clinic": data["clinic"],
                "time_zone": data["time_zone"], "identity": self.identity_details(),
                "consents": [d.code for d in self.consent_documents
                             if data.get(f"consent_{d.code}")]}


class IdentityForm(IdentityFieldsMixin):
    """A patient's own identity details, on their "Who you are" page."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


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
