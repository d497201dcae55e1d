"""The review queue, triaged: each waiting patient with their latest screening
verdict and its most serious finding in words; contraindicated and
needs-review first, then the longest waiting; filtered by verdict, condition
and waiting time (a GET form, so it works without JavaScript and a filtered
queue can be bookmarked)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.fields.json import KT
from django.utils import timezone

from ldncare.web.accounts.models import User
from ldncare.web.care import queries
from ldncare.web.care.models import Patient, Screening

#: Verdicts as the prescriber reads them, most serious first.
VERDICT_WORDS = {
    "contraindicated": "Contraindicated",
    "needs_review": "Needs review",
    "caution": "Caution",
    "ok": "No concern found",
}
NOT_SCREENED = "not_screened"
_RANK = {verdict: rank for rank, verdict in enumerate(VERDICT_WORDS)}
#: Waiting-time filter: choice -> days waited at least.
WAITED_DAYS = {"1": 1, "3": 3, "7": 7, "14": 14}


def condition_words(condition_id: str) -> str:
    """A knowledge-base condition id in words ("Fibromyalgia"), never the raw key."""
    from ldncare.knowledge import load_knowledge

    if not condition_id:
        return "Not given"
    try:
        return load_knowledge().condition(condition_id).name
    except KeyError:
        return condition_id.replace("_", " ").capitalize()


class TriageFilter(forms.Form):
    """The queue's filters; an unknown value is an error beside its field."""

    verdict = forms.ChoiceField(label="Verdict", required=False, choices=[
        ("", "Any verdict"), *VERDICT_WORDS.items(), (NOT_SCREENED, "Not screened yet")])
    condition = forms.ChoiceField(label="Condition", required=False)
    waited = forms.ChoiceField(label="Waiting", required=False, choices=[
        ("", "Any time"), *((k, f"{v} day{'s' if v > 1 else ''} or more")
                            for k, v in WAITED_DAYS.items())])

    def __init__(self, *args, conditions: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        field = self.fields["condition"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any condition"), *((c, condition_words(c)) for c in conditions)]


def triaged_queue(user: User, *, verdict: str = "", condition: str = "",
                  waited: str = "") -> QuerySet[Patient]:
    """Patients waiting for review that ``user`` may see, with ``verdict``,
    ``top_finding`` and ``top_severity`` of their latest screening annotated;
    most serious verdict first, then the longest waiting."""
    latest = Screening.objects.filter(patient=OuterRef("pk")).order_by("-created_at", "-id")
    rows = queries.review_queue(user).annotate(
        verdict=Subquery(latest.values("verdict")[:1]),
        top_finding=Subquery(latest.annotate(t=KT("result__findings__0__title")).values("t")[:1]),
        top_severity=Subquery(latest.annotate(
            s=KT("result__findings__0__severity")).values("s")[:1]),
    ).annotate(verdict_rank=Case(*(When(verdict=v, then=Value(r)) for v, r in _RANK.items()),
                                 default=Value(len(_RANK)), output_field=IntegerField()))
    if verdict == NOT_SCREENED:
        rows = rows.filter(verdict__isnull=True)
    elif verdict:
        rows = rows.filter(verdict=verdict)
    if condition:
        rows = rows.filter(condition=condition)
    if waited in WAITED_DAYS:
        rows = rows.filter(state_changed_at__lte=timezone.now() - timedelta(days=WAITED_DAYS[waited]))
    return rows.order_by("verdict_rank", "state_changed_at", "id")


def queue_conditions(user: User) -> list[str]:
    """The conditions of the patients in ``user``'s queue (for the filter)."""
    return sorted(set(queries.review_queue(user).values_list("condition", flat=True)) - {""},
                  key=condition_words)
