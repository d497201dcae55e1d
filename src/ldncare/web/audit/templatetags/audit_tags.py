"""``{% load audit_tags %}{% staff_changes members %}``: the newest role and
access changes of a team, in words, for the team page. The audit app owns the
words (:func:`~ldncare.web.audit.describe.describe`); the team page only asks."""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from ldncare.web.accounts.models import User
from ldncare.web.audit.describe import describe

register = template.Library()


@register.inclusion_tag("audit/_staff_changes.html")
def staff_changes(members: QuerySet[User], limit: int = 20) -> dict[str, Any]:
    """The newest ``limit`` changes to these members' accounts (role, activation)."""
    entries = (LogEntry.objects
               .filter(content_type=ContentType.objects.get_for_model(User),
                       action=LogEntry.Action.UPDATE,
                       object_pk__in=[str(pk) for pk in members.values_list("pk", flat=True)])
               .select_related("actor", "content_type").order_by("-timestamp", "-id")[:limit])
    return {"staff_changes": [describe(e) for e in entries]}
