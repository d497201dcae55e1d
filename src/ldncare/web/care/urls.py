from django.urls import path

from ldncare.web.care import identity_urls, intake_urls, prescribing_urls, request_urls, views

app_name = "care"
urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    path("<int:patient_id>/", views.patient_chart, name="patient_chart"),
    *intake_urls.urlpatterns,
    *identity_urls.urlpatterns,
    *prescribing_urls.urlpatterns,
    *request_urls.urlpatterns,
]
