"""A chart can shade a stretch of days (a blinded trial): the stretch is shaded
and labelled, the dose track beneath draws nothing over it and the plan's dose
everywhere else, and the chart's text alternative says so in words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given
from hypothesis import strategies as st

from ldncare.charts import Series, Shade, StepTrack, line_chart
from ldncare.charts.svg import SHADE_FILL

NS = "{http://www.w3.org/2000/svg}"
DOSE_FILL = "#c9d9e6"


@st.composite
def tracks(draw):  # type: ignore[no-untyped-def]
    starts = sorted(set(draw(st.lists(st.integers(0, 80), min_size=1, max_size=6))))
    values = draw(st.lists(st.sampled_from([0.5, 1.5, 3.0, 4.5]), min_size=len(starts),
                           max_size=len(starts)))
    end = starts[-1] + draw(st.integers(1, 40))
    return StepTrack("dose", list(zip(starts, values, strict=True)), end,
                     [f"{v} mg" for v in values])


gaps = st.lists(st.tuples(st.integers(-10, 130), st.integers(1, 40))
                .map(lambda t: (t[0], t[0] + t[1])), max_size=4)


@given(tracks(), gaps)
def test_the_track_shows_nothing_in_a_gap_and_the_same_dose_everywhere_else(track, holes):
    blank = track.with_gaps(holes)
    for x in range(-15, int(track.x_end) + 5):
        in_gap = any(a <= x < b for a, b in holes)
        assert blank.value_at(x) == (None if in_gap else track.value_at(x)), x


@given(tracks(), gaps)
def test_every_drawn_step_after_a_gap_is_labelled_with_its_dose(track, holes):
    blank = track.with_gaps(holes)
    for (_, value), label in zip(blank.steps, blank.marker_labels, strict=True):
        assert (label == "") == (value is None)
        if value is not None:
            assert label == f"{value} mg"


def _chart(holes, shades):  # type: ignore[no-untyped-def]
    track = StepTrack("dose", [(0, 1.5), (10, 3.0)], 30, ["1.5 mg", "3 mg"])
    return line_chart("Ratings", [Series("pain", list(range(31)), [5] * 31)],
                      description="Daily ratings.", underlay=track.with_gaps(holes),
                      shades=shades)


def test_a_shaded_stretch_is_drawn_labelled_and_said_and_no_dose_is_drawn_under_it():
    svg = _chart([(12, 20)], [Shade("Blinded trial", 12, 20, "Shaded days 12 to 19: a trial.")])
    root = ET.fromstring(svg)
    shaded = [r for r in root.iter(f"{NS}rect") if r.get("fill") == SHADE_FILL
              and r.find(f"{NS}title") is not None]  # the stretch, not its legend swatch
    assert len(shaded) == 1 and shaded[0].find(f"{NS}title").text == "Blinded trial"
    assert root.find(f"{NS}desc").text == "Daily ratings. Shaded days 12 to 19: a trial."
    # Labelled in the stretch (it fits) and in the legend.
    assert sum(t.text == "Blinded trial" for t in root.iter(f"{NS}text")) == 2
    left, right = float(shaded[0].get("x")), float(shaded[0].get("x")) + float(shaded[0].get("width"))
    bars = [r for r in root.iter(f"{NS}rect") if r.get("fill") == DOSE_FILL]
    assert len(bars) == 3  # 1.5 mg, 3 mg up to the stretch, and 3 mg again after it
    for bar in bars:
        x, width = float(bar.get("x")), float(bar.get("width"))
        assert x + width <= left + 0.01 or x >= right - 0.01


def test_a_shade_without_words_is_still_said_by_its_label():
    svg = _chart([], [Shade("Blinded trial", 3, 5)])
    assert ET.fromstring(svg).find(f"{NS}desc").text == "Daily ratings. Shaded: Blinded trial."


def test_a_shade_outside_the_axis_draws_nothing_and_a_chart_without_shades_is_unchanged():
    plain = _chart([], [])
    assert SHADE_FILL not in plain and "Shaded" not in plain
    assert SHADE_FILL not in _chart([], [Shade("Blinded trial", 100, 120)])
