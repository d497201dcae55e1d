"""Lab-check prompts for protocols that carry them (e.g. thyroid-cautious).

A prompt is decision support for the prescriber: a window of days in which
the protocol's sources suggest ordering a panel, with why and the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ldncare.dosing.plan import TitrationPlan


@dataclass(frozen=True)
class LabCheckPrompt:
    """Order ``panel`` (and consider ``optional_panel``) between ``due_from`` and ``due_by``."""

    after: str
    anchor: date
    due_from: date
    due_by: date
    panel: tuple[str, ...]
    optional_panel: tuple[str, ...]
    why: str
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {"after": self.after, "anchor": self.anchor.isoformat(),
                "due_from": self.due_from.isoformat(), "due_by": self.due_by.isoformat(),
                "panel": list(self.panel), "optional_panel": list(self.optional_panel),
                "why": self.why, "source": self.source}


def _anchor(plan: TitrationPlan, after: str) -> date | None:
    if after == "start":
        return plan.start
    maintenance = plan.maintenance
    return None if maintenance is None else maintenance.start


def lab_checks_due(plan: TitrationPlan) -> tuple[LabCheckPrompt, ...]:
    """The lab windows of the plan's protocol, dated from the plan's start and from
    the start of its maintenance dose (none for a paused or stopped plan's maintenance)."""
    prompts = []
    for rule in plan.lab_checks:
        anchor = _anchor(plan, rule.after)
        if anchor is None:
            continue
        prompts.append(LabCheckPrompt(
            rule.after, anchor, anchor + timedelta(days=rule.from_day),
            anchor + timedelta(days=rule.to_day), rule.panel, rule.optional_panel,
            rule.why, rule.source))
    return tuple(sorted(prompts, key=lambda p: p.due_from))
