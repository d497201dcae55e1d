"""One spelling of a log-in name for both authentication and the lockout.

django-axes counts failures per username *as typed*, while log-in matches the
e-mail address case-insensitively; so ``STAFF@…`` or ``" staff@…"`` used to
get five fresh tries each. Both sides now use :func:`normalise_login_name`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def normalise_login_name(value: object) -> str:
    """The log-in name people mean: surrounding spaces dropped, case folded."""
    return str(value or "").strip().casefold()


def lockout_key(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """django-axes' ``AXES_USERNAME_CALLABLE``: the normalised name from the
    credentials being checked, else from the posted form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_login_name(credentials[field])
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_login_name(data.get(field))
