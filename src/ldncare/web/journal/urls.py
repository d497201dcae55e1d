from __future__ import annotations

from django.urls import path

from ldncare.web.journal import views, views_urgent

app_name = "journal"
urlpatterns = [
    path("", views.home, name="home"),
    path("new-medicine", views.new_medicine, name="new_medicine"),
    path("settings", views.preferences, name="preferences"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<str:instrument>", views.questionnaire, name="questionnaire"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.fhir.json", views.export_fhir, name="export_fhir"),
    path("attention", views.attention, name="attention"),
    path("patients/<int:patient_id>/", views.patient_journal, name="patient_journal"),
    path("patients/<int:patient_id>/schedule", views.schedule_questionnaire,
         name="schedule_questionnaire"),
    path("patients/<int:patient_id>/follow-up", views.schedule_follow_up,
         name="schedule_follow_up"),
    path("patients/<int:patient_id>/visit-report.pdf", views.visit_report, name="visit_report"),
    path("follow-ups/<int:follow_up_id>", views.follow_up, name="follow_up"),
    path("suggestions/<int:suggestion_id>/accept", views.accept_suggestion,
         name="accept_suggestion"),
    path("suggestions/<int:suggestion_id>/acknowledge", views.acknowledge_suggestion,
         name="acknowledge_suggestion"),
    path("clinic/urgent-settings", views_urgent.urgent_settings, name="urgent_settings"),
    path("suggestions/<int:suggestion_id>/dismiss", views.dismiss_suggestion,
         name="dismiss_suggestion"),
]
