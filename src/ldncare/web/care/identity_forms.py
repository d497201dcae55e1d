"""The forms about who a patient is and what they consent to: sign-up (an
account, identity details and consents in one form) and the patient's own
"Who you are" page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from ldncare.consent import load_library
from ldncare.web.accounts.forms import PasswordField, clean_time_zone_value, time_zone_field
from ldncare.web.accounts.models import Organisation
from ldncare.web.accounts.roles import OrganisationKind
from ldncare.web.care.identity_services import IdentityDetails


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

    def identity_details(self) -> IdentityDetails:
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
