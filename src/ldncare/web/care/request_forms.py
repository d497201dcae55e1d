"""Forms of patient requests: a new request, a reply."""

from __future__ import annotations

from django import forms

from ldncare.web.care.models import PatientRequest
from ldncare.web.care.request_services import MESSAGE_MAX, SUBJECT_MAX


class NewRequestForm(forms.Form):
    kind = forms.ChoiceField(label="What would you like to do?", widget=forms.RadioSelect, choices=[
        (PatientRequest.Kind.REFILL, "Ask for a refill"),
        (PatientRequest.Kind.QUESTION, "Ask a question"),
        (PatientRequest.Kind.PROBLEM, "Report a problem")])
    subject = forms.CharField(label="Title", max_length=SUBJECT_MAX,
                              help_text="A few words, e.g. \"Refill before my holiday\".")
    body = forms.CharField(label="Your message", max_length=MESSAGE_MAX,
                           widget=forms.Textarea(attrs={"rows": 6}))


class ReplyForm(forms.Form):
    body = forms.CharField(label="Your reply", max_length=MESSAGE_MAX,
                           widget=forms.Textarea(attrs={"rows": 4}))
