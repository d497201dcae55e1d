"""The durability test starts real servers and kills them (about a minute per
database): it runs only when asked for, with `-m durability` (`make test-durability`)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "durability" in (config.option.markexpr or "") and "not durability" not in \
            config.option.markexpr:
        return
    skip = pytest.mark.skip(reason="slow: run with `make test-durability`")
    for item in items:
        if item.get_closest_marker("durability"):
            item.add_marker(skip)
