"""SVG charts of the insights pages (strings from ``ldncare.charts``; mark them safe)."""

from __future__ import annotations

from dataclasses import dataclass

from ldncare.charts import ChartError, Series, Shade, StepTrack, line_chart
from ldncare.outcomes import CohortReport
from ldncare.trials.days import Span
from ldncare.web.insights.queries import PatientAnalysis, kaplan_meier_points
from ldncare.web.journal.charts import BLINDED_LABEL, blinded_words

LABELS = {"pain": "Pain", "fatigue": "Fatigue", "mood": "Mood", "brain_fog": "Brain fog",
          "sleep": "Sleep quality"}


#: Fewer days than this and a measure's chart says little: a "keep going" note instead.
KEEP_GOING_MIN = 3


@dataclass(frozen=True)
class MeasureChart:
    """One daily measure: the wide SVG, the one drawn for a phone (readable at 360 px),
    or, with fewer than ``KEEP_GOING_MIN`` days, only the friendly note."""

    measure: str
    label: str
    days: int
    wide: str = ""
    narrow: str = ""

    @property
    def keep_going(self) -> str:
        if self.wide:
            return ""
        return (f"{self.label}: {self.days} day{'s' if self.days != 1 else ''} so far. Keep going! "
                f"The chart appears after {KEEP_GOING_MIN} days of ratings.")


def measure_charts(analysis: PatientAnalysis) -> list[MeasureChart]:
    """One chart per daily rating with data, dose steps drawn beneath."""
    report = analysis.report
    if report is None:
        return []
    origin = report.baseline_start
    end = report.analysed_to
    steps = [(float((p.start - origin).days), float(p.dose)) for p in report.periods
             if p.start <= end]
    charts = []
    for measure, label in LABELS.items():
        days = sorted(d for d in analysis.series.get(measure, {}) if origin <= d <= end)
        if not days:
            continue
        if len(days) < KEEP_GOING_MIN:
            charts.append(MeasureChart(measure, label, len(days)))
            continue
        try:
            wide, narrow = (_measure_svg(analysis, measure, label, days, steps, **size)
                            for size in ({"width": 640, "font_size": 11},
                                         {"width": 320, "font_size": 14}))
        except ChartError:
            continue  # one odd series must not hide the rest of the page
        charts.append(MeasureChart(measure, label, len(days), wide, narrow))
    return charts


def _measure_svg(analysis: PatientAnalysis, measure: str, label: str, days: list,  # type: ignore[type-arg]
                 steps: list[tuple[float, float]], *, width: int, font_size: int) -> str:
    report = analysis.report
    assert report is not None  # noqa: S101 - measure_charts checked it
    origin, end = report.baseline_start, report.analysed_to
    # Blinded trial days are left out of the series: shaded, and no plan dose drawn under them.
    shown = [Span(max(s.first, origin), min(s.last, end)) for s in analysis.trial_spans
             if s.last >= origin and s.first <= end]
    gaps = [((s.first - origin).days, (s.last - origin).days + 1) for s in shown]
    track = (StepTrack("dose (mg)", steps, float((end - origin).days) or 1.0).with_gaps(gaps)
             if steps else None)
    return line_chart(
        f"{label}, day by day", [Series(label, [float((d - origin).days) for d in days],
                                        [analysis.series[measure][d] for d in days])],
        description=f"Daily {label.lower()} rating (0 to 10) from {origin} to {end}; "
                    "the track beneath shows the nightly dose in mg.",
        x_label=f"days since {origin}", y_label="rating", y_min=0, y_max=10, width=width,
        height=320 if font_size <= 11 else 380, font_size=font_size,
        underlay=track,
        shades=[Shade(BLINDED_LABEL, a, b, blinded_words(span))
                for span, (a, b) in zip(shown, gaps, strict=True)])


def retention_chart(report: CohortReport) -> str:
    """Kaplan–Meier share of patients still on LDN by days since their first dose."""
    xs, ys = kaplan_meier_points(report)
    if len(xs) < 2:
        xs, ys = [0.0, 1.0], [1.0, 1.0]
    try:
        return line_chart("Still on LDN (Kaplan–Meier)", [Series("still on LDN", xs, ys)],
                          description="Share of patients still taking LDN by days since their "
                                      "first dose; patients still on it are counted until today.",
                          x_label="days since first dose", y_label="share", y_min=0, y_max=1)
    except ChartError:
        return ""
