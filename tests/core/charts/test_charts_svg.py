"""SVG charts: well-formed, CSP-clean, escaped, accessible."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldncare.charts import (
    Band,
    ChartError,
    Series,
    StepTrack,
    TimelineItem,
    line_chart,
    nice_ticks,
    timeline_chart,
)

NS = "{http://www.w3.org/2000/svg}"


def assert_csp_clean(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    for element in root.iter():
        assert element.tag != f"{NS}script"
        assert "style" not in element.attrib
        assert not any(name.lower().startswith("on") for name in element.attrib)
    return root


def test_a_line_chart_with_band_and_dose_steps_is_csp_clean():
    svg = line_chart("Pain <score> & dose", [Series("pain", [0, 1, 2], [5, 4, 3]), Series("fatigue", [0, 1, 2], [6, 6, 5])],
                     band=Band("5-95th", [0, 1, 2], [3, 3, 2], [7, 6, 5]),
                     underlay=StepTrack("dose mg", [(0, 1.5), (1, 3.0)], 2, ("1.5 mg", "3 mg")))
    root = assert_csp_clean(svg)
    assert "Pain &lt;score&gt; &amp; dose" in svg
    assert len(root.findall(f".//{NS}polyline")) == 2 and root.find(f".//{NS}polygon") is not None
    assert len(root.findall(f".//{NS}circle")) == 2


def test_labels_cannot_inject_markup():
    svg = line_chart("t", [Series('"><script>alert(1)</script>', [0, 1], [0, 1])])
    assert "<script>" not in svg
    assert_csp_clean(svg)


def test_a_timeline_of_side_effects_is_csp_clean():
    svg = timeline_chart("Side effects", [TimelineItem("vivid dreams", date(2026, 1, 1), date(2026, 1, 20)),
                                          TimelineItem("insomnia", date(2026, 1, 5), date(2026, 1, 9))])
    assert len(assert_csp_clean(svg).findall(f".//{NS}rect")) == 2


def test_it_rejects_mismatched_series():
    with pytest.raises(ChartError, match="same"):
        line_chart("t", [Series("a", [0, 1], [1])])


def test_it_rejects_an_item_that_ends_before_it_starts():
    with pytest.raises(ChartError, match="end before"):
        timeline_chart("t", [TimelineItem("x", 5, 1)])


@settings(max_examples=50)
@given(low=st.floats(-1e6, 1e6), width=st.floats(1e-3, 1e6))
def test_ticks_cover_the_data_range(low, width):
    ticks = nice_ticks(low, low + width)
    slack = 1e-9 * max(1, abs(low) + width)
    assert ticks[0] <= low + slack and ticks[-1] >= low + width - slack


def test_coordinates_are_plain_numbers():
    svg = line_chart("t", [Series("a", [0, 10], [0.1, 0.9])])
    assert not re.search(r"\d e[-+]?\d", svg)
