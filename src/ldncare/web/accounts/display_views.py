"""How pages look for the person: larger text. A stored preference, so it
follows them to every page and every device."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from ldncare.web.accounts import services
from ldncare.web.typing import AuthenticatedRequest


@require_POST
@login_required
def text_size(request: AuthenticatedRequest) -> HttpResponse:
    """Save the larger-text choice and go back to the page the form was on."""
    large = request.POST.get("large_text") == "on"
    services.set_large_text(request.user, large)
    messages.success(request, "Larger text is on." if large else "Text is back to the standard size.")
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("accounts:profile")
