"""The checks the page crawl runs catch what they are for, and name the element
at fault: a page wider than the phone, a chart spilling out of its card and a
control without a label (no server needed: the pages are written in place)."""

from __future__ import annotations

from ldntest.crawl import (
    AXE_JS,
    AXE_RUN_JS,
    CHART_SPILL_JS,
    DESKTOP,
    OVERFLOW_JS,
    PHONE,
    Visit,
    describe_overflow,
)

PAGE = """<!doctype html><html lang="en"><head><title>t</title>
<style>body {{ margin:0 }} .card {{ width:300px; }}</style></head>
<body><main>{body}</main></body></html>"""


def test_a_page_too_wide_for_a_phone_names_the_element_that_sticks_out(page):
    page.set_viewport_size(PHONE)
    page.set_content(PAGE.format(body='<section class="card"><p>fits</p></section>'
                                      '<table class="wide" style="width:700px"><tr>'
                                      '<td>a very wide cell</td></tr></table>'))
    measured = page.evaluate(OVERFLOW_JS)
    assert measured["document"] > measured["viewport"] == 360
    report = describe_overflow(Visit("patient", "journal:home", "/journal/"), measured)
    assert report.startswith("patient /journal/ (journal:home): page is")
    assert "main > table.wide" in report and "a very wide cell" in report


def test_a_wide_table_in_its_own_scroll_box_is_not_counted(page):
    page.set_viewport_size(PHONE)
    page.set_content(PAGE.format(body='<div style="overflow-x:auto"><table style="width:700px">'
                                      '<tr><td>wide</td></tr></table></div>'))
    measured = page.evaluate(OVERFLOW_JS)
    assert measured["document"] == measured["viewport"] and not measured["widest"]


def test_a_chart_wider_than_its_card_is_caught_on_a_wide_screen(page):
    page.set_viewport_size(DESKTOP)
    page.set_content(PAGE.format(body='<section class="card"><svg class="chart" width="500" '
                                      'height="100"></svg></section>'))
    [spill] = page.evaluate(CHART_SPILL_JS)
    assert spill["chart"] == "svg.chart" and spill["card"] == "section.card"


def test_axe_reports_a_control_without_a_label_as_a_serious_violation(page):
    page.set_content(PAGE.format(body='<h1>Form</h1><input type="text" name="x">'))
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
    found = page.evaluate(AXE_RUN_JS)
    assert "label" in {v["id"] for v in found}
