from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from ldncare.web.accounts.middleware import two_factor_waived


def site(request: HttpRequest) -> dict[str, object]:
    """Values every page needs: the demo banner and the user's role."""
    user = getattr(request, "user", None)
    return {
        "DEMO": settings.DEMO,
        "two_factor_waived": bool(user and user.is_authenticated and user.is_staff_role
                                  and two_factor_waived(user)),
    }
