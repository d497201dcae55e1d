"""SVG charts of the insights pages (strings from ``ldncare.charts``; mark them safe)."""

from __future__ import annotations

from ldncare.charts import ChartError, Series, StepTrack, line_chart
from ldncare.outcomes import CohortReport
from ldncare.web.insights.queries import PatientAnalysis, kaplan_meier_points

LABELS = {"pain": "Pain", "fatigue": "Fatigue", "mood": "Mood", "brain_fog": "Brain fog",
          "sleep": "Sleep quality"}


def measure_charts(analysis: PatientAnalysis) -> list[tuple[str, str]]:
    """(measure, SVG) for each daily rating with data, dose steps drawn beneath."""
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
        try:
            svg = line_chart(
                f"{label}, day by day", [Series(label, [float((d - origin).days) for d in days],
                                                [analysis.series[measure][d] for d in days])],
                description=f"Daily {label.lower()} rating (0 to 10) from {origin} to {end}; "
                            "the track beneath shows the nightly dose in mg.",
                x_label=f"days since {origin}", y_label="rating", y_min=0, y_max=10,
                underlay=StepTrack("dose (mg)", steps,
                                   float((end - origin).days) or 1.0) if steps else None)
        except ChartError:
            continue  # one odd series must not hide the rest of the page
        charts.append((measure, svg))
    return charts


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
