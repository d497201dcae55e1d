"""Request types for views that only a signed-in user reaches.

Django types ``request.user`` as ``User | AnonymousUser``. Behind a log-in guard
(``login_required``, the role guards in ``ldncare.web.decorators``, or
django-ninja's ``auth=django_auth``) it is always a ``User``; these types say so,
so views can pass ``request.user`` to services and queries without casts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:  # accounts.models imports Django models; keep this module import-light
    from ldncare.web.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """An ``HttpRequest`` whose user has signed in (annotate guarded views with it)."""

    user: User


def user_of(request: HttpRequest) -> User:
    """The signed-in user of a request an auth guard has already admitted.

    For django-ninja endpoints declared with ``auth=django_auth`` (ninja passes a
    plain ``HttpRequest``). Never call it on a request that may be anonymous.
    """
    user = request.user
    assert user.is_authenticated, "user_of() needs a request an auth guard admitted"
    return user
