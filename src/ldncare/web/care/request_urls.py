"""URLs of patient requests and their threads (under /patients/)."""

from __future__ import annotations

from django.urls import path

from ldncare.web.care import request_views as views

urlpatterns = [
    path("requests/", views.requests, name="requests"),
    path("requests/<int:request_id>/", views.request_thread, name="request_thread"),
    path("requests/<int:request_id>/reply", views.reply, name="request_reply"),
    path("requests/<int:request_id>/close", views.close_request, name="request_close"),
]
