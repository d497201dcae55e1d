"""Identity and consent pages (names in the ``care`` namespace)."""

from __future__ import annotations

from django.urls import path

from ldncare.web.care import identity_views

urlpatterns: list = [
    path("me/identity/", identity_views.identity, name="identity"),
    path("me/consents/", identity_views.consents, name="consents"),
    path("me/consents/<slug:code>/withdraw", identity_views.withdraw_consent,
         name="consent_withdraw"),
    path("<int:patient_id>/identity/verify", identity_views.verify_identity,
         name="verify_identity"),
]
