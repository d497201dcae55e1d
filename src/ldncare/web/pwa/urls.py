from __future__ import annotations

from django.urls import path

from ldncare.web.pwa import views

app_name = "pwa"
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("push/settings", views.push_settings, name="push_settings"),
    path("push/calendar-alarms", views.calendar_alarms, name="calendar_alarms"),
    path("push/test", views.push_test, name="push_test"),
    path("push/subscribe", views.push_subscribe, name="push_subscribe"),
    path("push/unsubscribe", views.push_unsubscribe, name="push_unsubscribe"),
]
