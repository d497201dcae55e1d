"""Access-matrix rows for the intake's conditional questions (htmx fragment)."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone

ROWS: dict[str, Row] = {
    # Patients only; without the HX-Request header it sends them back to the form.
    "care:intake_questions": Row(kwargs=lambda w, own: {"question": "opioid_recent"},
                                 method="post",
                                 expect={**everyone(403, anonymous=ANON_PAGE), "patient": 302}),
}
