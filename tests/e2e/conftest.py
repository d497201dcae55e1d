"""Real-browser tests: Playwright drives Debian's chromium against a live server.

Never `playwright install`: the browser is /usr/bin/chromium from apt.
"""

from __future__ import annotations

import os

import pytest

CHROMIUM = os.environ.get("LDNCARE_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # type: ignore[no-untyped-def]
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"],
    }


@pytest.fixture
def csp_violations(page):  # type: ignore[no-untyped-def]
    """Console messages about the content security policy; a test can assert none."""
    seen: list[str] = []
    page.on("console", lambda msg: seen.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    return seen


def pytest_collection_modifyitems(items):  # type: ignore[no-untyped-def]
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
