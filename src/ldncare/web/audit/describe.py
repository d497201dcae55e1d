"""Audit entries in words: "Dr Mensah opened the chart", "Ana Silva changed the
prescription (status)". The trail page, its CSV and the team page all read
entries through :func:`describe`, so they say the same thing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from auditlog.models import LogEntry

#: What each audited record is called on the trail ("the <words>").
RECORD_WORDS = {
    "patient": "chart",
    "pathwayevent": "timeline entry",
    "intake": "intake answers",
    "screening": "safety screening",
    "prescription": "prescription",
    "planversion": "dose plan",
    "checkin": "journal check-in",
    "sideeffectentry": "side effect report",
    "questionnaireresponse": "questionnaire answers",
    "journalpreferences": "journal settings",
    "questionnaireplan": "questionnaire schedule",
    "sentreminder": "reminder",
    "suggestion": "decision-support suggestion",
    "followup": "follow-up appointment",
    "order": "pharmacy order",
    "batch": "compounded batch",
    "shipment": "shipment",
    "patientrequest": "request to the care team",
    "requestmessage": "message to or from the care team",
    "user": "account",
    "clinicsettings": "clinic settings",
}

#: The action filter's choices: value -> words.
ACTIONS = {"opened": "Opened (read)", "created": "Added", "changed": "Changed",
           "deleted": "Deleted"}
ACTION_OF = {LogEntry.Action.ACCESS: "opened", LogEntry.Action.CREATE: "created",
             LogEntry.Action.UPDATE: "changed", LogEntry.Action.DELETE: "deleted"}
ACTION_CODES = {words: code for code, words in ACTION_OF.items()}
_VERBS = {"opened": "opened", "created": "added", "changed": "changed", "deleted": "deleted"}


@dataclass(frozen=True)
class Described:
    when: datetime
    who: str
    action: str
    record: str
    words: str
    fields: tuple[str, ...]


def actor_name(entry: LogEntry) -> str:
    if entry.actor is not None:
        return entry.actor.full_name or entry.actor.email
    return entry.actor_email or "The system"


def describe(entry: LogEntry) -> Described:
    """One entry in words. Changed fields are named, never their values (the
    trail says who changed what; the record itself shows what it now says)."""
    model = entry.content_type.model if entry.content_type_id else ""
    record = RECORD_WORDS.get(model, model or "record")
    action = ACTION_OF.get(entry.action, "changed")
    fields = tuple(sorted((entry.changes_dict or {}).keys())) if action == "changed" else ()
    who = actor_name(entry)
    if model == "user":
        words = _account_words(entry, who)
    else:
        words = f"{who} {_VERBS[action]} the {record}"
        if fields:
            words += f" ({', '.join(f.replace('_', ' ') for f in fields)})"
    return Described(entry.timestamp, who, action, record, words, fields)


def _account_words(entry: LogEntry, who: str) -> str:
    changes = entry.changes_dict or {}
    subject = entry.object_repr
    if entry.action == LogEntry.Action.CREATE:
        return f"{who} added the account of {subject}"
    parts = []
    if "role" in changes:
        parts.append(f"changed the role of {subject} from {_role(changes['role'][0])} to "
                     f"{_role(changes['role'][1])}")
    if "is_active" in changes:
        now_active = str(changes["is_active"][1]).lower() in ("true", "1")
        parts.append(f"{'reactivated' if now_active else 'deactivated'} {subject}")
    return f"{who} {' and '.join(parts) or f'changed the account of {subject}'}"


def _role(value: str) -> str:
    from ldncare.web.accounts.roles import Role

    return Role(value).label.lower() if value in Role.values else str(value)
