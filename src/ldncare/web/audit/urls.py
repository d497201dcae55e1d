from django.urls import path

from ldncare.web.audit import views

app_name = "audit"
urlpatterns = [
    path("patients/<int:patient_id>/", views.patient_trail, name="patient_trail"),
    path("patients/<int:patient_id>/trail.csv", views.patient_trail_csv, name="patient_trail_csv"),
]
