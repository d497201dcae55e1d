"""The journal's charts as SVG strings (``ldncare.charts``): ratings over time
with the dose steps underneath, side effects as a timeline, adherence by week.
Each function returns "" when there is nothing to draw.

Blinded n-of-1 trial days are shaded "Blinded trial (kit)" and the dose track
is left blank over them: the patient took a coded kit, not the plan's dose,
and the chart never says (or guesses) which arm."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ldncare.charts import (
    ChartError,
    Series,
    Shade,
    StepTrack,
    TimelineItem,
    line_chart,
    timeline_chart,
)
from ldncare.journal.checkin import CheckIn, load_catalogue
from ldncare.journal.rules import PlanStep
from ldncare.trials.days import Span
from ldncare.units import format_mg

#: Fewer check-ins than this and a chart says little: the page shows a "keep going" note instead.
KEEP_GOING_MIN = 3
#: What a blinded trial stretch is called on the chart (never the arm or a dose).
BLINDED_LABEL = "Blinded trial (kit)"
#: A chart drawn for a phone at about its real size (and shown there instead of the wide
#: one), so that its labels stay readable at 360 px.
NARROW = {"width": 320, "font_size": 14}


def keep_going(count: int) -> str:
    """The friendly note shown instead of a chart with fewer than ``KEEP_GOING_MIN``
    check-ins ("" once there are enough)."""
    if count >= KEEP_GOING_MIN:
        return ""
    left = KEEP_GOING_MIN - count
    done = "No check-ins yet" if count == 0 else (
        "1 check-in so far" if count == 1 else f"{count} check-ins so far")
    return (f"{done}: keep going! Your chart appears after {KEEP_GOING_MIN} check-ins "
            f"({left} more), with your dose drawn underneath.")


def ratings_chart(check_ins: Sequence[CheckIn], steps: Sequence[PlanStep], ratings: Sequence[str],
                  *, blinded: Sequence[Span] = (), width: int = 720, font_size: int = 11) -> str:
    """Each rating in ``ratings`` by day (x = days since the first entry), dose steps
    beneath with each change marked by its dose. Days of the ``blinded`` trial
    spans are shaded and labelled, with no dose drawn under them, and the
    text alternative says so."""
    if not check_ins:
        return ""
    first = check_ins[0].day
    labels = {r.code: r.label for r in load_catalogue().ratings}
    series = []
    for code in ratings:
        points = [((c.day - first).days, c.ratings[code]) for c in check_ins if code in c.ratings]
        if points:
            series.append(Series(labels[code], [p[0] for p in points], [p[1] for p in points]))
    if not series:
        return ""
    last_x = (check_ins[-1].day - first).days
    shown = _blinded_shown(blinded, first, check_ins[-1].day)
    gaps = [((s.first - first).days, (s.last - first).days + 1) for s in shown]
    track = _dose_track(steps, first, max(last_x, 1))
    try:
        return line_chart("Your ratings over time", series, width=width,
                          height=340 if font_size <= 11 else 400, font_size=font_size,
                          description=f"Daily 0-10 ratings from {first} to {check_ins[-1].day}; "
                                      "the track beneath shows the nightly dose in mg.",
                          x_label=f"days since {first}", y_label="rating 0-10", y_min=0, y_max=10,
                          underlay=track.with_gaps(gaps) if track else None,
                          shades=[Shade(BLINDED_LABEL, a, b, blinded_words(span))
                                  for span, (a, b) in zip(shown, gaps, strict=True)])
    except ChartError:
        return ""


def _blinded_shown(blinded: Sequence[Span], first: date, last: date) -> list[Span]:
    """The parts of the ``blinded`` spans between ``first`` and ``last``."""
    return [Span(max(s.first, first), min(s.last, last)) for s in blinded
            if s.last >= first and s.first <= last]


def blinded_words(span: Span) -> str:
    """What the chart says of a blinded stretch, in plain words and no arm."""
    when = (f"on {span.first:%-d %B %Y}" if span.first == span.last
            else f"from {span.first:%-d %B %Y} to {span.last:%-d %B %Y}")
    return (f"Shaded {when}: a blinded trial, when a coded trial kit was taken instead of the "
            "plan's dose, so no dose is shown for those days.")


def _dose_track(steps: Sequence[PlanStep], first: date, last_x: int) -> StepTrack | None:
    shown = [s for s in sorted(steps, key=lambda s: s.start) if (s.start - first).days <= last_x]
    if not shown:
        return None
    points = [(max(0, (s.start - first).days), float(s.dose_mg)) for s in shown]
    marks = [f"{format_mg(s.dose_mg)} mg{' am' if s.time_of_day == 'morning' else ''}"
             for s in shown]
    return StepTrack("dose", points, x_end=last_x, marker_labels=marks)


def side_effects_chart(check_ins: Sequence[CheckIn], *, width: int = 720) -> str:
    """One bar per run of consecutive days a side effect was reported."""
    catalogue = load_catalogue()
    items = []
    for spec in catalogue.side_effects:
        days = sorted(c.day for c in check_ins if c.severity_of(spec.code) is not None)
        for start, end in _runs(days):
            items.append(TimelineItem(spec.label[:28], start, end + timedelta(days=1)))
    if not items:
        return ""
    return timeline_chart("Side effects reported", items[:40], width=width,
                          description="Each bar is a run of days a side effect was reported")


def adherence_chart(check_ins: Sequence[CheckIn], *, width: int = 720) -> str:
    """Per week: the share of answered days the dose was taken (percent)."""
    weeks: dict[int, list[bool]] = {}
    if not check_ins:
        return ""
    first = check_ins[0].day
    for c in check_ins:
        if c.dose is not None:
            weeks.setdefault((c.day - first).days // 7, []).append(c.dose.taken)
    if not weeks:
        return ""
    xs = sorted(weeks)
    ys = [100 * sum(weeks[w]) / len(weeks[w]) for w in xs]
    if len(xs) == 1:
        xs, ys = [xs[0], xs[0] + 1], [ys[0], ys[0]]
    return line_chart("Doses taken per week", [Series("doses taken (%)", xs, ys)], width=width,
                      height=220, x_label=f"weeks since {first}", y_label="%", y_min=0, y_max=100)


def _runs(days: list[date]) -> list[tuple[date, date]]:
    runs: list[tuple[date, date]] = []
    for day in days:
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1] = (runs[-1][0], day)
        else:
            runs.append((day, day))
    return runs
