from __future__ import annotations

import pytest

from ldntest.push import PushReceiver


@pytest.fixture
def receiver(settings, tmp_path, monkeypatch):
    """A local push service the server may send to, and a fresh VAPID key in a temp data dir."""
    from ldncare.web.pwa import vapid

    settings.PUSH_EXTRA_SERVICE_HOSTS = ("127.0.0.1",)
    settings.DATA_DIR = tmp_path
    monkeypatch.delenv("LDNCARE_VAPID_PRIVATE_KEY", raising=False)
    vapid.server_key.cache_clear()
    with PushReceiver() as running:
        yield running
    vapid.server_key.cache_clear()
