"""Access-matrix rows for display preferences (larger text)."""

from __future__ import annotations

from ldntest.access_matrix import Row, everyone

ROWS: dict[str, Row] = {
    # POST only: a GET is refused (405) for everyone before anything else is looked at.
    "accounts:text_size": Row(expect=everyone(405, anonymous=405)),
}
