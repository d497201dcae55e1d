"""The page crawl behind the "every page fits and is accessible" browser test.

Which pages: every URL of the access matrix (``tests/web/access_rows_*.py``)
that a role may GET with a 200, so a new page is crawled as soon as it has its
matrix row. Path ids come from the row's own builder, run against the demo
clinic (months of check-ins, orders, batches), so pages show real-looking
content rather than empty states.

What is checked on each page:

* at 360 × 740 the document is no wider than the viewport; a failure names
  the elements that stick out (a CSS selector, their width, their text);
* axe-core (vendored under ``vendor/axe-core``) finds no serious or critical
  violation of WCAG 2.1 A/AA or axe's best practices;
* at 1280 px no chart (``svg``/``canvas``) spills out of its card.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ldntest.access_matrix import ROLES, Row, url_name_of

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

#: URL names that never answer an HTML page (API, files, feeds, redirects).
NOT_PAGES = ("api:", "healthz", "favicon")
NOT_PAGE_SUFFIXES = ("_pdf", "_csv", "_fhir", "_ics", "export_csv", "export_fhir")

#: Demo accounts standing in for each matrix role (see ``ldncare.web.demo``).
DEMO_USERS = {
    "patient": "patient@patients.example",
    "prescriber": "prescriber@riverside.example",
    "clinic_staff": "staff@riverside.example",
    "clinic_admin": "admin@riverside.example",
    "pharmacist": "pharmacist@northgate.example",
    "pharmacy_technician": "technician@northgate.example",
    "pharmacy_admin": "admin@northgate.example",
}

#: Who crawls a page every role may open.
PUBLIC_PAGE_ROLES = ("anonymous", "patient")

# --- what the browser runs ----------------------------------------------------------

#: The document's width and the outermost elements that make it wider than the
#: viewport (an element inside a box that scrolls or clips sideways is fine).
OVERFLOW_JS = """() => {
  const vw = document.documentElement.clientWidth;
  const doc = document.documentElement.scrollWidth;
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
      let part = e.tagName.toLowerCase();
      if (e.id) { parts.unshift(part + '#' + e.id); break; }
      const classes = [...e.classList].slice(0, 2);
      if (classes.length) part += '.' + classes.join('.');
      const same = e.parentElement ? [...e.parentElement.children].filter(
        (s) => s.tagName === e.tagName) : [];
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(e) + 1) + ')';
      parts.unshift(part);
    }
    return parts.join(' > ');
  };
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') return true;
    }
    return false;
  };
  const out = [];
  if (doc > vw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= vw + 0.5) continue;
      const parent = el.parentElement.getBoundingClientRect();
      if (parent.right > vw + 0.5 && el.parentElement !== document.body) continue;
      if (clipped(el)) continue;
      out.push({selector: path(el), width: Math.round(r.width), right: Math.round(r.right),
                text: (el.innerText || el.textContent || '').trim().slice(0, 60)});
      if (out.length >= 4) break;
    }
  }
  return {viewport: vw, document: doc, widest: out};
}"""

#: Charts (svg/canvas outside another svg) whose box leaves their card's box.
CHART_SPILL_JS = """() => {
  const spills = [];
  for (const chart of document.querySelectorAll('main svg, main canvas')) {
    if (chart.parentElement.closest('svg')) continue;
    const card = chart.closest('.card') || chart.closest('figure, section, article, main');
    const c = card.getBoundingClientRect(), r = chart.getBoundingClientRect();
    if (r.width === 0) continue;
    if (r.left < c.left - 1 || r.right > c.right + 1) {
      spills.push({chart: chart.tagName.toLowerCase() + (chart.getAttribute('class') ?
                     '.' + chart.getAttribute('class').split(' ')[0] : ''),
                   card: card.tagName.toLowerCase() + (card.className ?
                     '.' + String(card.className).split(' ')[0] : ''),
                   chart_px: [Math.round(r.left), Math.round(r.right)],
                   card_px: [Math.round(c.left), Math.round(c.right)]});
    }
  }
  return spills;
}"""

#: axe-core's run, reduced to the serious and critical violations.
AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                    'best-practice']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                  nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
                  count: v.nodes.length}));
}"""


# --- which pages -------------------------------------------------------------------

def is_page(name: str) -> bool:
    """True for a URL name that answers an HTML page (not the API, a file or a feed)."""
    url_name = url_name_of(name)
    return not url_name.startswith(NOT_PAGES) and not url_name.endswith(NOT_PAGE_SUFFIXES)


@dataclass(frozen=True)
class Visit:
    role: str
    name: str
    url: str


def visits(rows: dict[str, Row], world: Any, roles: Iterable[str] = ("anonymous", *ROLES)
           ) -> tuple[list[Visit], list[str]]:
    """Every (role, page) the matrix says answers 200 to a GET, with its URL built
    against ``world``; and the rows whose URL could not be built (with why)."""
    found: list[Visit] = []
    broken: list[str] = []
    for name, row in sorted(rows.items()):
        if row.method != "get" or not is_page(name):
            continue
        who = [role for role in roles if row.expect.get(role) == 200]
        if not who:
            continue
        if set(who) >= {"anonymous", *ROLES}:
            # A public page (the library, sign-up) is the same for everyone but the
            # header: crawl it as a visitor and as the patient (whose header is widest
            # and who may have larger text); each role's header is on its own pages.
            who = [role for role in who if role in PUBLIC_PAGE_ROLES]
        try:
            url = row.url(name, world, True)
        except Exception as error:  # a row's builder that does not suit the demo clinic
            broken.append(f"{name}: could not build its URL on the demo clinic: {error!r}")
            continue
        found.extend(Visit(role, name, url) for role in who)
    return found, broken


# --- what was found ------------------------------------------------------------------

@dataclass
class Findings:
    too_wide: list[str] = field(default_factory=list)
    large_text_too_wide: list[str] = field(default_factory=list)
    charts_spill: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    pages: int = 0
    #: The root font size (px) the patient's pages had in large-text mode.
    large_text_root_px: set[float] = field(default_factory=set)
    #: Seconds spent, by step (for keeping the crawl quick).
    seconds: dict[str, float] = field(default_factory=dict)

    def timed(self, step: str, started: float) -> None:
        self.seconds[step] = self.seconds.get(step, 0.0) + time.perf_counter() - started


def describe_overflow(visit: Visit, measured: dict[str, Any]) -> str:
    widest = "; ".join(f"{w['selector']} ({w['width']} px wide, right edge {w['right']} px, "
                       f"text {w['text']!r})" for w in measured["widest"])
    return (f"{visit.role} {visit.url} ({visit.name}): page is {measured['document']} px wide "
            f"in a {measured['viewport']} px viewport; sticking out: {widest or '?'}")


def check_page(page: Any, base_url: str, visit: Visit, findings: Findings, *,
               large_text: bool = False) -> None:
    """Open ``visit`` in ``page`` at phone width and add what is wrong to ``findings``.
    In ``large_text`` mode only the fit is checked (and the root font size noted)."""
    page.set_viewport_size(PHONE)
    started = time.perf_counter()
    try:
        response = page.goto(base_url + visit.url, wait_until="load")
    except Exception as error:  # a download or a crash: report it, keep crawling
        findings.broken.append(f"{visit.role} {visit.url} ({visit.name}): {error}")
        return
    finally:
        findings.timed("open", started)
    if response is None or "text/html" not in response.headers.get("content-type", ""):
        return
    findings.pages += 1
    if response.status >= 500:
        findings.broken.append(f"{visit.role} {visit.url} ({visit.name}): {response.status}")
    started = time.perf_counter()
    measured = page.evaluate(OVERFLOW_JS)
    findings.timed("fit", started)
    if measured["document"] > measured["viewport"]:
        (findings.large_text_too_wide if large_text else findings.too_wide).append(
            describe_overflow(visit, measured))
    if shots := os.environ.get("LDNCARE_CRAWL_SCREENSHOTS"):  # a folder: see each page
        name = f"{visit.role}-{visit.name}{'-large' if large_text else ''}".replace(":", "_")
        page.screenshot(path=str(Path(shots) / f"{name}.png"), full_page=True)
    if large_text:
        findings.large_text_root_px.add(page.evaluate(
            "() => parseFloat(getComputedStyle(document.documentElement).fontSize)"))
        return
    started = time.perf_counter()
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
    for v in page.evaluate(AXE_RUN_JS):
        findings.axe.append(f"{visit.role} {visit.url} ({visit.name}): {v['impact']} "
                            f"{v['id']} ({v['help']}) ×{v['count']} at {v['nodes']}")
    findings.timed("axe", started)
    started = time.perf_counter()
    page.set_viewport_size(DESKTOP)
    for spill in page.evaluate(CHART_SPILL_JS):
        findings.charts_spill.append(
            f"{visit.role} {visit.url} ({visit.name}) at 1280 px: {spill['chart']} spans "
            f"x={spill['chart_px']} but its {spill['card']} spans x={spill['card_px']}")
    findings.timed("charts", started)


def log_in_context(context: Any, base_url: str, user: Any) -> None:
    """Give a browser context ``user``'s logged-in session (2FA passed for staff)
    without typing: the crawl checks pages, the log-in form has its own tests."""
    from django.conf import settings
    from django.test import Client

    from ldntest.world import log_in

    client = log_in(Client(), user)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": base_url,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])


# --- the demo clinic as a World --------------------------------------------------------

def demo_world() -> Any:
    """The demo clinic (``make run``'s) plus a second clinic and pharmacy, shaped as the
    access matrix's World so each row's builder makes its URL from demo data."""
    from ldncare.web.accounts.models import Organisation, User
    from ldncare.web.care.models import Patient
    from ldncare.web.demo import load_demo_clinic
    from ldncare.web.pharmacy.models import Order
    from ldntest.world import World, make_patient

    orgs = load_demo_clinic()
    clinic, pharmacy = orgs["riverside"], orgs["northgate"]
    other_clinic = Organisation.objects.create(name="Clinic B", slug="clinic-b", kind="clinic")
    other_pharmacy = Organisation.objects.create(name="Pharmacy Q", slug="pharmacy-q",
                                                 kind="pharmacy")
    other_clinic.partner_pharmacies.add(other_pharmacy)
    other_patient = make_patient("pat@b.example", other_clinic)
    users = {role: User.objects.get(email=email) for role, email in DEMO_USERS.items()}
    patient = Patient.objects.get(user=users["patient"])
    order = (Order.objects.filter(patient=patient, pharmacy=pharmacy).order_by("-id").first()
             or Order.objects.create(patient=patient, pharmacy=pharmacy))
    other_order = Order.objects.create(patient=other_patient, pharmacy=other_pharmacy)
    return World(clinic, other_clinic, pharmacy, other_pharmacy, users, patient, other_patient,
                 order, other_order)
