"""Small SVG charts with no JavaScript and no inline styles (CSP-clean; WeasyPrint-ready)."""

from __future__ import annotations

from ldncare.charts.svg import (
    Band,
    ChartError,
    Series,
    Shade,
    StepTrack,
    TimelineItem,
    line_chart,
    nice_ticks,
    timeline_chart,
)

__all__ = ["Band", "ChartError", "Series", "Shade", "StepTrack", "TimelineItem", "line_chart", "nice_ticks", "timeline_chart"]
