from django.urls import path

from ldncare.web.care import views

app_name = "care"
urlpatterns = [
    path("", views.patient_list, name="patient_list"),
    path("<int:patient_id>/", views.patient_chart, name="patient_chart"),
]
