"""Access-matrix row for the public glossary: everyone, logged in or not, gets the page."""

from __future__ import annotations

from ldntest.access_matrix import Row, everyone

ROWS: dict[str, Row] = {
    "library:glossary": Row(expect=everyone(200, anonymous=200)),
}
