"""A narrow chart (drawn for a phone) keeps every legend label inside it: the
legend wraps onto more rows instead of running off the right edge."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ldncare.charts import Series, line_chart


def legend_positions(svg: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in
            re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="12" height="12"', svg)]


def test_five_ratings_on_a_phone_chart_wrap_onto_several_rows_inside_it():
    series = [Series(name, [0, 1, 2], [1, 2, 3]) for name in
              ("Pain", "Fatigue", "Mood", "Brain fog", "Sleep quality")]
    svg = line_chart("ratings", series, width=320, font_size=14)
    boxes = legend_positions(svg)
    assert len(boxes) == 5
    assert all(x + 14 * 14 <= 320 for x, _ in boxes)  # room for a 14-letter label
    assert len({y for _, y in boxes}) >= 3
    assert 'font-size="14"' in svg


@given(st.integers(min_value=1, max_value=8), st.integers(min_value=280, max_value=900))
def test_no_legend_entry_starts_outside_the_chart(count, width):
    series = [Series(f"s{i}", [0, 1], [0, 1]) for i in range(count)]
    svg = line_chart("t", series, width=width)
    assert all(x + 12 <= width for x, _ in legend_positions(svg))
