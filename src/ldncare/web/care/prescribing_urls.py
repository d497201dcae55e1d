"""URLs of review, prescribing, dose changes and the schedule (under /patients/)."""

from __future__ import annotations

from django.urls import path

from ldncare.web.care import prescribing_views as views

urlpatterns = [
    path("review/", views.review_queue, name="review_queue"),
    path("<int:patient_id>/review/", views.review, name="review"),
    path("<int:patient_id>/review/approve", views.approve, name="approve"),
    path("<int:patient_id>/review/decline", views.decline, name="decline"),
    path("<int:patient_id>/review/cost", views.approval_cost, name="approval_cost"),
    path("<int:patient_id>/prescription/", views.prescription, name="prescription"),
    path("<int:patient_id>/prescription/change", views.dose_change, name="dose_change"),
    path("<int:patient_id>/prescription/agree", views.agree_to_cost, name="agree_to_cost"),
    path("<int:patient_id>/prescription/refills", views.request_refill, name="request_refill"),
    path("<int:patient_id>/prescription.pdf", views.prescription_pdf, name="prescription_pdf"),
    path("schedule/", views.my_schedule, name="schedule"),
    path("schedule/calendar-link", views.create_calendar_link, name="calendar_link_create"),
    path("schedule/calendar-link/revoke", views.revoke_calendar_link, name="calendar_link_revoke"),
    path("<int:patient_id>/schedule/", views.patient_schedule, name="patient_schedule"),
    path("<int:patient_id>/schedule.ics", views.schedule_ics, name="schedule_ics"),
    path("<int:patient_id>/schedule.pdf", views.schedule_pdf, name="schedule_pdf"),
    path("<int:patient_id>/calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
