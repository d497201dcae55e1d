"""The import-linter layers contract (pyproject.toml) only checks the modules it
names: ``care`` and ``trials`` are split over layers by module, so a new module
of theirs (or a new app) must be placed in one, or its imports would go unchecked."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "src" / "ldncare" / "web"
#: Packages under web/ that are not apps with models (shared helpers and assets).
NOT_APPS = {"static", "templates", "__pycache__"}


def _layered() -> set[str]:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
        "contracts"]
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    return {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}


def _modules(app: Path) -> set[str]:
    return {f"ldncare.web.{app.name}.{p.stem}" for p in app.iterdir()
            if (p.suffix == ".py" and p.stem != "__init__")
            or (p.is_dir() and (p / "__init__.py").exists())}


def _apps() -> list[Path]:
    return [p for p in WEB.iterdir()
            if p.is_dir() and p.name not in NOT_APPS and (p / "__init__.py").exists()]


def test_every_app_of_the_web_shell_is_in_a_layer():
    layered = _layered()
    split = {app.name for app in _apps() if _modules(app) & layered}
    missing = {app.name for app in _apps()
               if f"ldncare.web.{app.name}" not in layered and app.name not in split}
    assert missing == set(), "add these apps to the layers contract in pyproject.toml"


def test_every_module_of_an_app_split_over_layers_is_in_a_layer():
    layered = _layered()
    for app in _apps():
        modules = _modules(app)
        if modules & layered:  # the app is split by module: each must be placed
            missing = sorted(modules - layered)
            assert not missing, f"place these modules in a layer of pyproject.toml: {missing}"
