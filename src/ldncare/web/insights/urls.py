from __future__ import annotations

from django.urls import path

from ldncare.web.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("me/", views.my_summary, name="my_summary"),
    path("patients/<int:patient_id>/", views.patient_summary, name="patient_summary"),
    path("patients/<int:patient_id>/primary/", views.choose_primary, name="choose_primary"),
    path("export/", views.export, name="export"),
]
