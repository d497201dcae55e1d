"""Access-matrix rows for the clinic settings page: the clinic's admin and
prescribers see their own clinic's settings; nobody else does."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone

ROWS: dict[str, Row] = {
    "accounts:clinic_settings": Row(expect={**everyone(403, anonymous=ANON_PAGE),
                                            "prescriber": 200, "clinic_admin": 200}),
}
