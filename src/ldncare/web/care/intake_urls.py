"""Intake and safety screening pages (names in the ``care`` namespace)."""

from __future__ import annotations

from django.urls import path

from ldncare.web.care import intake_views

urlpatterns: list = [
    path("intake/", intake_views.intake, name="intake"),
    path("intake/questions/<slug:question>/", intake_views.intake_questions,
         name="intake_questions"),
    path("<int:patient_id>/screenings/", intake_views.patient_screenings,
         name="patient_screenings"),
    path("screenings/<int:screening_id>/decision/", intake_views.screening_decision,
         name="screening_decision"),
]
