from __future__ import annotations

app_name = "journal"
urlpatterns: list = []
