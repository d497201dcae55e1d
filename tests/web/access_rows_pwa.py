"""Access-matrix rows for the installable app: the manifest and the service
worker are public (a phone fetches them before anyone logs in); the push
notification settings are the patient's own."""

from __future__ import annotations

from ldntest.access_matrix import ANON_PAGE, Row, everyone

PATIENT_PAGE = {**everyone(403, anonymous=ANON_PAGE), "patient": 200}
PATIENT_POST_ONLY = {**everyone(403, anonymous=ANON_PAGE), "patient": 405}

ROWS: dict[str, Row] = {
    "pwa:manifest": Row(expect=everyone(200, anonymous=200)),
    "pwa:service_worker": Row(expect=everyone(200, anonymous=200)),
    "pwa:push_settings": Row(expect=PATIENT_PAGE),
    "pwa:calendar_alarms": Row(expect=PATIENT_POST_ONLY),
    "pwa:push_test": Row(expect=PATIENT_POST_ONLY),
    "pwa:push_subscribe": Row(expect=PATIENT_POST_ONLY),
    "pwa:push_unsubscribe": Row(expect=PATIENT_POST_ONLY),
}
