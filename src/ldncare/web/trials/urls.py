from __future__ import annotations

from django.urls import path

from ldncare.web.trials import views

app_name = "trials"
urlpatterns = [
    path("", views.index, name="index"),
    path("cohort/", views.cohort, name="cohort"),
    path("patients/<int:patient_id>/new/", views.design, name="design"),
    path("<int:trial_id>/", views.detail, name="detail"),
    path("<int:trial_id>/unblind/", views.unblind, name="unblind"),
    path("<int:trial_id>/stop/", views.stop, name="stop"),
    path("<int:trial_id>/analyse/", views.analyse, name="analyse"),
    path("<int:trial_id>/kits/", views.kits, name="kits"),
    path("<int:trial_id>/kits/<int:number>/", views.compound_kit, name="compound_kit"),
    path("<int:trial_id>/kits/<int:number>/batch/", views.start_kit_batch, name="start_kit_batch"),
    path("<int:trial_id>/kits/<int:number>/label.pdf", views.kit_label_pdf, name="kit_label_pdf"),
]
