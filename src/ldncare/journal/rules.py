"""Decision support: rules over a patient's recent check-ins and plan steps.

:func:`evaluate` is a pure function. It returns :class:`Suggestion` values
for the prescriber (never instructions to the patient): each carries the rule
code, urgency, suggested action, a message, the rule's rationale and source,
and the rules' data version. Thresholds come from ``data/rules.yaml`` and may
be overridden per clinic with :func:`rule_settings`.

Plan steps are a local, minimal representation (``PlanStep``), so the
journal does not depend on the dosing package: the web layer converts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from statistics import fmean
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ldncare.journal._data import load_yaml
from ldncare.journal.checkin import CheckIn, CheckInCatalogue, Severity, load_catalogue
from ldncare.journal.errors import JournalError
from ldncare.journal.instruments import InstrumentScore
from ldncare.units import format_mg


class Urgency(StrEnum):
    URGENT = "urgent"
    SOON = "soon"
    ROUTINE = "routine"

    @property
    def rank(self) -> int:
        """0 is most urgent; used to sort."""
        return {"urgent": 0, "soon": 1, "routine": 2}[self.value]


class Treatment(StrEnum):
    """Where the patient's treatment stands; rules say in which states they apply."""

    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"
    DECLINED = "declined"
    NOT_STARTED = "not_started"

    @property
    def words(self) -> str:
        return {"active": "on treatment", "paused": "paused", "stopped": "stopped",
                "declined": "declined", "not_started": "not started yet"}[self.value]


class Action(StrEnum):
    SWITCH_TO_MORNING = "switch_to_morning"
    STEP_BACK = "step_back"
    HOLD = "hold"
    REVIEW = "review"
    CONTACT_PATIENT = "contact_patient"


_ACTION_WORDS = {
    Action.SWITCH_TO_MORNING: "taking the dose in the morning",
    Action.STEP_BACK: "stepping back to the previous dose",
    Action.HOLD: "holding the dose at this step until it settles",
}


# --- data ----------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Setting(_Strict):
    value: int
    source: str
    unverified: bool = False


class Rule(_Strict):
    code: str
    urgency: Urgency
    action: Action
    action_if_morning: Action | None = None
    #: The action when the patient is already on the plan's last (maintenance)
    #: step, where there is no later step to hold back from.
    action_if_maintenance: Action | None = None
    #: The message when the patient is not on treatment (paused, not started, …),
    #: so it never tells the prescriber to hold a dose that is not being taken.
    message_if_not_active: str | None = None
    message: str
    rationale: str
    source: str
    #: The treatment states in which the rule speaks; a dose rule says nothing
    #: to the prescriber of a stopped or paused patient.
    applies_when: tuple[Treatment, ...] = (Treatment.ACTIVE,)
    #: Whether an open suggestion closes by itself once the rule no longer finds
    #: it (an ongoing situation that is over); reported events stay open until
    #: a person decides.
    closes_when_over: bool = False


class Rulebook(_Strict):
    """The validated content of ``data/rules.yaml``."""

    version: str
    settings: dict[str, Setting]
    rules: tuple[Rule, ...]

    def rule(self, code: str) -> Rule:
        return next(r for r in self.rules if r.code == code)


@cache
def load_rulebook() -> Rulebook:
    """The rules shipped with the package (cached)."""
    book = load_yaml("rules.yaml", Rulebook)
    missing = set(_EVALUATORS) - {r.code for r in book.rules}
    if missing:
        raise JournalError(f"rules.yaml lacks rules {sorted(missing)}")
    return book


@dataclass(frozen=True)
class RuleSettings:
    """Thresholds the rules use; defaults come from ``rules.yaml`` (with sources)."""

    sleep_settling_days: int
    sleep_recent_days: int
    sleep_min_nights: int
    trial_days_at_target: int
    improvement_points: int
    comparison_days: int
    severe_recent_days: int
    missed_dose_window_days: int
    missed_dose_threshold: int
    event_recent_days: int


def rule_settings(overrides: dict[str, int] | None = None,
                  rulebook: Rulebook | None = None) -> RuleSettings:
    """Default settings from the data, with a clinic's ``overrides`` applied.

    Raises :class:`JournalError` for an unknown setting or a value below 1.
    """
    book = rulebook or load_rulebook()
    values = {name: s.value for name, s in book.settings.items()}
    for name, value in (overrides or {}).items():
        if name not in values:
            raise JournalError(f"unknown rule setting {name!r}; known: {', '.join(sorted(values))}")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise JournalError(f"rule setting {name!r} must be a whole number of at least 1, not {value!r}")
        values[name] = value
    return RuleSettings(**values)


# --- inputs and outputs --------------------------------------------------------

TimeOfDay = Literal["bedtime", "morning", "split"]


@dataclass(frozen=True)
class PlanStep:
    """One step of the patient's plan: from ``start``, ``dose_mg`` at ``time_of_day``."""

    start: date
    dose_mg: Decimal
    time_of_day: TimeOfDay = "bedtime"


@dataclass(frozen=True)
class Suggestion:
    """A suggestion for the prescriber. ``key`` identifies the same finding across
    runs (rule + anchoring day), so nightly re-evaluation does not duplicate it."""

    code: str
    urgency: Urgency
    action: Action
    message: str
    rationale: str
    source: str
    key: str
    day: date
    rules_version: str
    evidence: tuple[date, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "urgency": str(self.urgency), "action": str(self.action),
                "message": self.message, "rationale": self.rationale, "source": self.source,
                "key": self.key, "day": self.day.isoformat(), "rules_version": self.rules_version,
                "evidence": [d.isoformat() for d in self.evidence]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Suggestion:
        return cls(code=data["code"], urgency=Urgency(data["urgency"]), action=Action(data["action"]),
                   message=data["message"], rationale=data["rationale"], source=data["source"],
                   key=data["key"], day=date.fromisoformat(data["day"]),
                   rules_version=data["rules_version"],
                   evidence=tuple(date.fromisoformat(d) for d in data.get("evidence", ())))


@dataclass(frozen=True)
class _Context:
    check_ins: tuple[CheckIn, ...]       # latest revision per day, oldest first, up to today
    steps: tuple[PlanStep, ...]          # oldest first, started on or before today
    scores: tuple[InstrumentScore, ...]
    today: date
    settings: RuleSettings
    catalogue: CheckInCatalogue
    on_maintenance: bool = False
    treatment: Treatment = Treatment.ACTIVE

    def since(self, days: int) -> tuple[CheckIn, ...]:
        first = self.today - timedelta(days=days - 1)
        return tuple(c for c in self.check_ins if c.day >= first)

    @property
    def current_step(self) -> PlanStep | None:
        return self.steps[-1] if self.steps else None


Finding = tuple[str, date, dict[str, Any], tuple[date, ...]]  # key anchor, day, message fields, evidence


def days_needed(plan_steps: Sequence[PlanStep], today: date,
                settings: RuleSettings | None = None) -> tuple[date, date, date, date]:
    """The two date ranges of check-ins :func:`evaluate` reads, as
    ``(early_first, early_last, recent_first, today)``: around the plan's start
    (the baseline) and the recent windows. A caller that loads only these days
    gets the same suggestions as one that passes the whole journal."""
    s = settings or rule_settings()
    start = min((p.start for p in plan_steps), default=today)
    recent = max(s.sleep_recent_days, s.comparison_days * 2, s.severe_recent_days,
                 s.missed_dose_window_days, s.event_recent_days)
    steps = sorted((p for p in plan_steps if p.start <= today), key=lambda p: p.start)
    # the step-up comparison reads the window before the latest step
    recent_first = today - timedelta(days=recent)
    if steps and (today - steps[-1].start).days <= s.comparison_days + s.event_recent_days:
        recent_first = min(recent_first, steps[-1].start - timedelta(days=s.comparison_days))
    return (start - timedelta(days=s.comparison_days), start + timedelta(days=s.comparison_days),
            recent_first, today)


def evaluate(check_ins: Sequence[CheckIn], plan_steps: Sequence[PlanStep], today: date, *,
             scores: Sequence[InstrumentScore] = (), settings: RuleSettings | None = None,
             rulebook: Rulebook | None = None,
             treatment: Treatment = Treatment.ACTIVE) -> tuple[Suggestion, ...]:
    """Run every rule that applies in ``treatment``; return suggestions most urgent first.

    ``check_ins`` may hold several revisions of a day: only the latest counts.
    Entries and steps dated after ``today`` are ignored. ``scores`` are
    questionnaire results (for the PHQ-9 item-9 rule).
    """
    book = rulebook or load_rulebook()
    ctx = _Context(
        check_ins=_latest_per_day(check_ins, today),
        steps=tuple(sorted((s for s in plan_steps if s.start <= today), key=lambda s: s.start)),
        on_maintenance=bool(plan_steps) and all(s.start <= today for s in plan_steps),
        treatment=treatment,
        scores=tuple(scores), today=today, settings=settings or rule_settings(rulebook=book),
        catalogue=load_catalogue(),
    )
    out: list[Suggestion] = []
    for code, evaluator in _EVALUATORS.items():
        rule = book.rule(code)
        if treatment not in rule.applies_when:
            continue
        for finding in evaluator(ctx):
            out.append(_suggest(rule, finding, ctx, book.version))
    return tuple(sorted(out, key=lambda s: (s.urgency.rank, -s.day.toordinal(), s.code)))


def closing_reasons(open_suggestions: Sequence[tuple[str, str]], found: Sequence[Suggestion],
                    treatment: Treatment, rulebook: Rulebook | None = None) -> dict[str, str]:
    """Which open suggestions close by themselves, and why, given ``(key, code)``
    of each open one and what :func:`evaluate` found now: those whose rule does
    not apply in ``treatment``, and those of ongoing situations (``closes_when_over``)
    that are no longer found. Returns key -> the reason to record."""
    book = rulebook or load_rulebook()
    known = {r.code: r for r in book.rules}
    still = {s.key for s in found}
    reasons = {}
    for key, code in open_suggestions:
        rule = known.get(code)
        if rule is None:
            continue
        if treatment not in rule.applies_when:
            reasons[key] = f"Closed by itself: the patient's treatment is {treatment.words}."
        elif rule.closes_when_over and key not in still:
            reasons[key] = "Closed by itself: the situation it described is no longer found."
    return reasons


def _suggest(rule: Rule, finding: Finding, ctx: _Context, version: str) -> Suggestion:
    anchor, day, fields, evidence = finding
    action = rule.action
    if rule.action_if_morning and ctx.current_step and ctx.current_step.time_of_day == "morning":
        action = rule.action_if_morning
    if rule.action_if_maintenance and ctx.on_maintenance:
        action = rule.action_if_maintenance
    fields = {"day": day.isoformat(), "action_words": _ACTION_WORDS.get(action, str(action)),
              "treatment": ctx.treatment.words, **fields}
    message = rule.message
    if rule.message_if_not_active and ctx.treatment is not Treatment.ACTIVE:
        message = rule.message_if_not_active
    return Suggestion(code=rule.code, urgency=rule.urgency, action=action,
                      message=message.format(**fields), rationale=rule.rationale,
                      source=rule.source, key=f"{rule.code}:{anchor}", day=day,
                      rules_version=version, evidence=evidence)


def _latest_per_day(check_ins: Sequence[CheckIn], today: date) -> tuple[CheckIn, ...]:
    latest: dict[date, CheckIn] = {}
    for c in check_ins:
        if c.day <= today and (c.day not in latest or c.revision > latest[c.day].revision):
            latest[c.day] = c
    return tuple(latest[d] for d in sorted(latest))


# --- the rules -----------------------------------------------------------------

def _event_rule(event: str) -> Callable[[_Context], list[Finding]]:
    def rule(ctx: _Context) -> list[Finding]:
        hits = [c for c in ctx.since(ctx.settings.event_recent_days) if event in c.events]
        return [(hits[0].day.isoformat(), hits[0].day, {}, tuple(c.day for c in hits))] if hits else []
    return rule


def _red_flags(ctx: _Context) -> list[Finding]:
    flags = {s.code for s in ctx.catalogue.side_effects if s.red_flag}
    hits = [c for c in ctx.since(ctx.settings.event_recent_days)
            if any(r.code in flags for r in c.side_effects)]
    if not hits:
        return []
    symptoms = sorted({_label(ctx, r.code) for c in hits for r in c.side_effects if r.code in flags})
    return [(hits[0].day.isoformat(), hits[-1].day, {"symptoms": "; ".join(symptoms)},
             tuple(c.day for c in hits))]


def _self_harm(ctx: _Context) -> list[Finding]:
    first = ctx.today - timedelta(days=ctx.settings.event_recent_days - 1)
    hits = [s for s in ctx.scores if "self_harm_thoughts" in s.flags and s.completed_at is not None
            and first <= s.completed_at.date() <= ctx.today]
    return [(s.completed_at.date().isoformat(), s.completed_at.date(), {}, (s.completed_at.date(),))
            for s in hits[-1:] if s.completed_at is not None]


def _severe(ctx: _Context) -> list[Finding]:
    flags = {s.code for s in ctx.catalogue.side_effects if s.red_flag}
    hits = [c for c in ctx.since(ctx.settings.severe_recent_days)
            if any(r.severity is Severity.SEVERE and r.code not in flags for r in c.side_effects)]
    if not hits:
        return []
    latest = hits[-1]
    symptoms = sorted(_label(ctx, r.code) for r in latest.side_effects
                      if r.severity is Severity.SEVERE and r.code not in flags)
    dose = _dose_on(ctx, latest.day)
    return [(latest.day.isoformat(), latest.day,
             {"symptoms": ", ".join(symptoms), "dose": "?" if dose is None else format_mg(dose)},
             tuple(c.day for c in hits))]


def _sleep_beyond_settling(ctx: _Context) -> list[Finding]:
    step = ctx.current_step
    if step is None:
        return []
    days_on_step = (ctx.today - step.start).days
    if days_on_step <= ctx.settings.sleep_settling_days:
        return []
    window = ctx.settings.sleep_recent_days
    sleepy = {s.code for s in ctx.catalogue.side_effects if s.sleep_related}
    nights = [c for c in ctx.since(window) if c.day >= step.start
              and (c.vivid_dreams or any(r.code in sleepy for r in c.side_effects))]
    settled_by = step.start + timedelta(days=ctx.settings.sleep_settling_days)
    # Persisting means: enough recent nights, and still happening after the settling period.
    if len(nights) < ctx.settings.sleep_min_nights or nights[-1].day <= settled_by:
        return []
    symptoms = sorted({_label(ctx, r.code) for c in nights for r in c.side_effects if r.code in sleepy}
                      | ({"vivid dreams"} if any(c.vivid_dreams for c in nights) else set()))
    return [(f"{step.start.isoformat()}:{step.time_of_day}", nights[-1].day, {
        "symptoms": ", ".join(symptoms), "nights": len(nights), "window": window,
        "days_on_step": days_on_step, "dose": format_mg(step.dose_mg),
        "time_of_day": step.time_of_day, "settling": ctx.settings.sleep_settling_days,
    }, tuple(c.day for c in nights))]


def _worse_after_step_up(ctx: _Context) -> list[Finding]:
    if len(ctx.steps) < 2 or ctx.steps[-1].dose_mg <= ctx.steps[-2].dose_mg:
        return []
    step, previous = ctx.steps[-1], ctx.steps[-2]
    n = ctx.settings.comparison_days
    before = [c for c in ctx.check_ins if step.start - timedelta(days=n) <= c.day < step.start]
    after = [c for c in ctx.check_ins if step.start <= c.day < step.start + timedelta(days=n)]
    since_step = (ctx.today - step.start).days
    # Judge once the window after the step is full; stop raising it once the finding is stale.
    if since_step < n - 1 or since_step > n + ctx.settings.event_recent_days:
        return []
    worse = {code: change for code, change in _changes(ctx, before, after).items()
             if change <= -ctx.settings.improvement_points}
    if not worse:
        return []
    labels = ", ".join(_rating_label(ctx, code) for code in sorted(worse))
    return [(step.start.isoformat(), step.start, {
        "ratings": labels, "change": _points(min(worse.values())), "window": n,
        "dose": format_mg(step.dose_mg), "previous_dose": format_mg(previous.dose_mg),
    }, tuple(c.day for c in after))]


def _missed(ctx: _Context) -> list[Finding]:
    window = ctx.settings.missed_dose_window_days
    missed = [c for c in ctx.since(window) if c.dose is not None and not c.dose.taken]
    if len(missed) < ctx.settings.missed_dose_threshold:
        return []
    return [(missed[-1].day.isoformat(), missed[-1].day, {"missed": len(missed), "window": window},
             tuple(c.day for c in missed))]


def _no_improvement(ctx: _Context) -> list[Finding]:
    if not ctx.steps:
        return []
    target = ctx.steps[-1].dose_mg
    reached = ctx.steps[-1].start
    for step in reversed(ctx.steps):  # walk back over consecutive steps at the same dose
        if step.dose_mg != target:
            break
        reached = step.start
    days_at_target = (ctx.today - reached).days
    if target == 0 or days_at_target < ctx.settings.trial_days_at_target:
        return []
    n = ctx.settings.comparison_days
    start = ctx.steps[0].start
    baseline = [c for c in ctx.check_ins if start - timedelta(days=n) <= c.day < start + timedelta(days=n)]
    recent = ctx.since(n)
    changes = _changes(ctx, baseline, recent)
    if not changes or max(changes.values()) >= ctx.settings.improvement_points:
        return []
    return [(f"{reached.isoformat()}:{target}", ctx.today, {
        "days_at_target": days_at_target, "dose": format_mg(target),
        "points": ctx.settings.improvement_points,
    }, tuple(c.day for c in recent))]


def _changes(ctx: _Context, before: Sequence[CheckIn], after: Sequence[CheckIn]) -> dict[str, float]:
    """Improvement per rating (positive = better) between two windows' means."""
    out = {}
    for spec in ctx.catalogue.ratings:
        a = [c.ratings[spec.code] for c in before if spec.code in c.ratings]
        b = [c.ratings[spec.code] for c in after if spec.code in c.ratings]
        if a and b:
            change = fmean(a) - fmean(b)
            out[spec.code] = change if spec.worse_when == "high" else -change
    return out


def _points(change: float) -> str:
    return f"{abs(change):.1f}"


def _dose_on(ctx: _Context, day: date) -> Decimal | None:
    current = None
    for step in ctx.steps:
        if step.start <= day:
            current = step.dose_mg
    return current


def _label(ctx: _Context, code: str) -> str:
    return ctx.catalogue.side_effect(code).label.lower()


def _rating_label(ctx: _Context, code: str) -> str:
    return next(r.label.lower() for r in ctx.catalogue.ratings if r.code == code)


_EVALUATORS: dict[str, Callable[[_Context], list[Finding]]] = {
    "new_opioid_reported": _event_rule("new_opioid"),
    "pregnancy_reported": _event_rule("pregnant"),
    "red_flag_symptom": _red_flags,
    "self_harm_thoughts": _self_harm,
    "severe_side_effect": _severe,
    "sleep_beyond_settling": _sleep_beyond_settling,
    "worse_after_step_up": _worse_after_step_up,
    "missed_doses": _missed,
    "no_improvement_at_target": _no_improvement,
}
