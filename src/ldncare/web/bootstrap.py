"""Start Django outside a server (CLI commands). Its own module so that an
app's command can start Django without importing the project CLI above it."""

from __future__ import annotations

import os


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ldncare.web.settings")
    import django

    django.setup()
