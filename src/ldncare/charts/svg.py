"""Dependency-free SVG charts, safe under a strict CSP.

Rules every builder follows: no <script>, no on* attributes, no style attributes
(presentation attributes such as fill/stroke only), every text escaped, and a
<title> and <desc> for screen readers. Output is a string usable inline in a
page or in a WeasyPrint PDF.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from xml.sax.saxutils import escape, quoteattr

PALETTE = ("#1f5f8b", "#b5523b", "#3d7f4f", "#7a4e9c", "#8a6d1d")


class ChartError(ValueError):
    """Data a chart cannot draw (mismatched lengths, no points, non-finite values)."""


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _attrs(**attrs: object) -> str:
    return "".join(f" {k.replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items() if v is not None)


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ChartError("axis limits must be finite")
    if high <= low:
        high = low + 1.0
    raw = (high - low) / max(1, count)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step)
    last = math.ceil(high / step)
    ticks = [round(i * step, 10) for i in range(first, last + 1)]
    return ticks


@dataclass(frozen=True)
class Series:
    label: str
    x: Sequence[float]
    y: Sequence[float]
    colour: str | None = None


@dataclass(frozen=True)
class Band:
    """A shaded region between ``low`` and ``high`` (e.g. 5th-95th percentile)."""

    label: str
    x: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]
    colour: str = "#1f5f8b"


@dataclass(frozen=True)
class StepTrack:
    """Dose steps drawn beneath a chart: (x where the value starts, value), each
    with its marker label. A value of ``None`` draws nothing until the next
    step: a stretch where no value may be shown (see :meth:`with_gaps`)."""

    label: str
    steps: Sequence[tuple[float, float | None]]
    x_end: float
    marker_labels: Sequence[str] = field(default_factory=tuple)

    def value_at(self, x: float) -> float | None:
        """The value drawn at ``x`` (``None`` before the first step, in a gap,
        or from ``x_end`` on)."""
        if x >= self.x_end:
            return None
        found = None
        for start, value in self.steps:
            if start <= x:
                found = value
        return found if self.steps and self.steps[0][0] <= x else None

    def with_gaps(self, gaps: Sequence[tuple[float, float]]) -> StepTrack:
        """The same track with nothing drawn over each gap ``[start, end)``:
        every other ``x`` keeps its value, and a step resuming after a gap is
        marked again with the label of the step in force."""
        if not gaps or not self.steps:
            return self
        labels = [self.marker_labels[i] if i < len(self.marker_labels) else "" for i in
                  range(len(self.steps))]

        def in_gap(x: float) -> bool:
            return any(a <= x < b for a, b in gaps)

        def label_at(x: float) -> str:
            return next((labels[i] for i in range(len(self.steps) - 1, -1, -1)
                         if self.steps[i][0] <= x), "")

        first = self.steps[0][0]
        bounds = sorted({first, *(x for x, _ in self.steps),
                         *(x for gap in gaps for x in gap if first < x < self.x_end)})
        steps: list[tuple[float, float | None]] = []
        marks: list[str] = []
        for x in bounds:
            value = None if in_gap(x) else self.value_at(x)
            label = "" if value is None else label_at(x)
            if steps and steps[-1][1] == value and marks[-1] == label:
                continue  # the same value and label go on: no new step
            steps.append((x, value))
            marks.append(label)
        return StepTrack(self.label, steps, self.x_end, marks)


@dataclass(frozen=True)
class Shade:
    """A labelled stretch of the x axis shaded across the plot and the track
    beneath, from ``x_start`` to ``x_end``; ``says`` is added to the chart's
    text alternative (default: "Shaded: <label>.")."""

    label: str
    x_start: float
    x_end: float
    says: str = ""


def _check(xs: Sequence[float], ys: Sequence[float], what: str) -> None:
    if len(xs) != len(ys) or not xs:
        raise ChartError(f"{what}: x and y need the same, non-zero number of points")
    if not all(math.isfinite(float(v)) for v in (*xs, *ys)):
        raise ChartError(f"{what}: every value must be a finite number")


def line_chart(
    title: str,
    series: Sequence[Series],
    *,
    description: str = "",
    x_label: str = "",
    y_label: str = "",
    band: Band | None = None,
    underlay: StepTrack | None = None,
    shades: Sequence[Shade] = (),
    width: int = 640,
    height: int = 320,
    y_min: float | None = None,
    y_max: float | None = None,
    font_size: int = 11,
) -> str:
    """A line chart with several series, an optional percentile band and dose-step
    underlay, and ``shades``: stretches of the x axis shaded and labelled, each
    also said in the chart's text alternative.

    The legend wraps onto as many rows as ``width`` needs, so a narrow chart (drawn
    for a phone at about its real size, with a larger ``font_size``) keeps every
    label readable instead of shrinking a wide one."""
    if not series:
        raise ChartError("a line chart needs at least one series")
    for s in series:
        _check(s.x, s.y, s.label)
    if band is not None:
        _check(band.x, band.low, band.label)
        _check(band.x, band.high, band.label)
    xs = [float(v) for s in series for v in s.x]
    ys = [float(v) for s in series for v in s.y] + ([float(v) for v in band.high] if band else [])
    lo_y = min(ys) if y_min is None else y_min
    hi_y = max(ys) if y_max is None else y_max
    x_ticks, y_ticks = nice_ticks(min(xs), max(xs)), nice_ticks(lo_y, hi_y)
    x0, x1, y0, y1 = x_ticks[0], x_ticks[-1], y_ticks[0], y_ticks[-1]
    track_h = 60 if underlay else 0
    legend_w = 150 if font_size <= 11 else 14 * font_size
    per_row = max(1, (width - 70) // legend_w)
    shades = [shade for shade in shades if shade.x_end > x0 and shade.x_start < x1]  # on the axis
    # A shade has a legend entry too: on a narrow chart its own label may not fit in it.
    shade_labels = list(dict.fromkeys(shade.label for shade in shades))
    legend_rows = -(-(len(series) + len(shade_labels)) // per_row)
    row_h = font_size + 7
    left, right, top, bottom = 60, 20, 12 + row_h * legend_rows, 45 + track_h
    plot_w, plot_h = width - left - right, height - top - bottom

    def px(x: float) -> float:
        return left + (x - x0) / ((x1 - x0) or 1) * plot_w

    def py(y: float) -> float:
        return top + plot_h - (y - y0) / ((y1 - y0) or 1) * plot_h

    spoken = " ".join([description or title,
                       *(shade.says or f"Shaded: {shade.label}." for shade in shades)])
    parts = [_open(width, height, title, spoken if shades else description, font_size)]
    parts.append(f"<rect{_attrs(x=left, y=top, width=plot_w, height=plot_h, fill='#ffffff', stroke='#999999')}/>")
    for shade in shades:
        # Down through the dose track too: the stretch it leaves blank is the shaded one.
        parts.append(_shade(shade, px, x0, x1, top, plot_h + (35 + track_h if underlay else 0),
                            font_size))
    for t in y_ticks:
        parts.append(f"<line{_attrs(x1=left, x2=left + plot_w, y1=_num(py(t)), y2=_num(py(t)), stroke='#e5e5e5')}/>")
        parts.append(_text(left - 6, py(t) + 4, f"{t:g}", anchor="end"))
    for t in x_ticks:
        parts.append(_text(px(t), top + plot_h + 16, f"{t:g}", anchor="middle"))
    if band is not None:
        upper = [f"{_num(px(x))},{_num(py(y))}" for x, y in zip(band.x, band.high, strict=True)]
        lower = [f"{_num(px(x))},{_num(py(y))}" for x, y in zip(band.x, band.low, strict=True)]
        points = " ".join(upper + lower[::-1])
        parts.append(f"<polygon{_attrs(points=points, fill=band.colour, fill_opacity='0.2', stroke='none')}>"
                     f"<title>{escape(band.label)}</title></polygon>")
    for i, s in enumerate(series):
        colour = s.colour or PALETTE[i % len(PALETTE)]
        points = " ".join(f"{_num(px(x))},{_num(py(y))}" for x, y in zip(s.x, s.y, strict=True))
        parts.append(f"<polyline{_attrs(points=points, fill='none', stroke=colour, stroke_width=2)}>"
                     f"<title>{escape(s.label)}</title></polyline>")
        lx, ly = 10 + legend_w * (i % per_row), 6 + row_h * (i // per_row)
        parts.append(f"<rect{_attrs(x=lx, y=ly, width=12, height=12, fill=colour)}/>")
        parts.append(_text(lx + 16, ly + 11, s.label))
    for i, label in enumerate(shade_labels, start=len(series)):
        lx, ly = 10 + legend_w * (i % per_row), 6 + row_h * (i // per_row)
        parts.append(f"<rect{_attrs(x=lx, y=ly, width=12, height=12, fill=SHADE_FILL, fill_opacity='0.22', stroke=SHADE_FILL)}/>")
        parts.append(_text(lx + 16, ly + 11, label))
    parts.append(_text(left + plot_w / 2, top + plot_h + 34, x_label, anchor="middle"))
    parts.append(_text(14, top + plot_h / 2, y_label, anchor="middle", rotate=True))
    if underlay is not None:
        parts.append(_step_track(underlay, px, top + plot_h + 45, track_h - 10))
    parts.append("</svg>")
    return "".join(parts)


#: A shaded stretch: grey, light enough for the lines drawn over it to stay readable.
SHADE_FILL = "#8c8c8c"


def _shade(shade: Shade, px, x0: float, x1: float, top: float, height: float,  # noqa: ANN001
           font_size: int) -> str:
    """The shaded stretch, clipped to the axis, with its label at the top when it fits."""
    start, end = max(x0, shade.x_start), min(x1, shade.x_end)
    if end <= start:
        return ""
    left, right = px(start), px(end)
    out = (f"<rect{_attrs(x=_num(left), y=_num(top), width=_num(max(1.0, right - left)), height=_num(height), fill=SHADE_FILL, fill_opacity='0.22', stroke='none')}>"
           f"<title>{escape(shade.label)}</title></rect>")
    if right - left >= len(shade.label) * font_size * 0.55:
        out += _text(left + 3, top + font_size + 2, shade.label)
    return out


def _step_track(track: StepTrack, px, top: float, height: float) -> str:
    if not track.steps:
        raise ChartError("a dose-step underlay needs at least one step")
    peak = max((v for _, v in track.steps if v is not None), default=0.0) or 1.0
    out = [_text(4, top + height / 2, track.label)]
    bounds = [x for x, _ in track.steps[1:]] + [track.x_end]
    for i, ((x, value), end) in enumerate(zip(track.steps, bounds, strict=True)):
        if value is None:  # nothing may be shown here (a blinded stretch): no bar, no mark
            continue
        bar_h = max(1.0, value / peak * height)
        out.append(f"<rect{_attrs(x=_num(px(x)), y=_num(top + height - bar_h), width=_num(max(0.5, px(end) - px(x))), height=_num(bar_h), fill='#c9d9e6', stroke='#1f5f8b')}/>")
        out.append(f"<circle{_attrs(cx=_num(px(x)), cy=_num(top + height), r=3, fill='#b5523b')}/>")
        label = track.marker_labels[i] if i < len(track.marker_labels) else f"{value:g}"
        out.append(_text(px(x) + 3, top + height - bar_h - 2, label))
    return "".join(out)


@dataclass(frozen=True)
class TimelineItem:
    """One bar: a labelled span from ``start`` to ``end`` (dates or numbers)."""

    label: str
    start: date | float
    end: date | float
    colour: str | None = None


def timeline_chart(title: str, items: Sequence[TimelineItem], *, description: str = "",
                   width: int = 640, row_height: int = 22) -> str:
    """Horizontal bars on a shared axis (side effects over time, adherence runs)."""
    if not items:
        raise ChartError("a timeline needs at least one item")

    def value(v: date | float) -> float:
        return float(v.toordinal()) if isinstance(v, date) else float(v)

    starts, ends = [value(i.start) for i in items], [value(i.end) for i in items]
    if any(e < s for s, e in zip(starts, ends, strict=True)):
        raise ChartError("a timeline item cannot end before it starts")
    lo, hi = min(starts), max(ends)
    left, top, plot_w = 160, 30, width - 180
    height = top + row_height * len(items) + 30
    scale = plot_w / ((hi - lo) or 1)
    parts = [_open(width, height, title, description)]
    for row, (item, s, e) in enumerate(zip(items, starts, ends, strict=True)):
        y = top + row * row_height
        colour = item.colour or PALETTE[row % len(PALETTE)]
        parts.append(_text(left - 6, y + row_height * 0.65, item.label, anchor="end"))
        parts.append(f"<rect{_attrs(x=_num(left + (s - lo) * scale), y=y + 3, width=_num(max(2.0, (e - s) * scale)), height=row_height - 6, fill=colour)}>"
                     f"<title>{escape(item.label)}</title></rect>")
    first, last = items[0].start, max(items, key=lambda i: value(i.end)).end
    parts.append(_text(left, height - 8, str(first)))
    parts.append(_text(left + plot_w, height - 8, str(last), anchor="end"))
    parts.append("</svg>")
    return "".join(parts)


def _open(width: int, height: int, title: str, description: str, font_size: int = 11) -> str:
    head = (f"<svg{_attrs(xmlns='http://www.w3.org/2000/svg', width=width, height=height, viewBox=f'0 0 {width} {height}', role='img', font_family='sans-serif', font_size=font_size)}>")
    return head + f"<title>{escape(title)}</title><desc>{escape(description or title)}</desc>"


def _text(x: float, y: float, content: str, *, anchor: str = "start", rotate: bool = False) -> str:
    transform = f"rotate(-90 {_num(x)} {_num(y)})" if rotate else None
    return f"<text{_attrs(x=_num(x), y=_num(y), text_anchor=anchor, fill='#333333', transform=transform)}>{escape(content)}</text>"
