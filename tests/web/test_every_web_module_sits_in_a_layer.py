"""The import-linter layers contract (pyproject.toml) only checks the modules it
names: ``care`` is split over several layers by module, so a new care module
(or a new app) must be placed in one, or its imports would go unchecked."""

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


def test_every_app_of_the_web_shell_is_in_a_layer():
    apps = {f"ldncare.web.{p.name}" for p in WEB.iterdir()
            if p.is_dir() and p.name not in NOT_APPS and (p / "__init__.py").exists()}
    layered = _layered()
    covered = {app for app in apps if app in layered or app == "ldncare.web.care"
               or app == "ldncare.web.library"}
    assert apps - covered == set(), "add these apps to the layers contract in pyproject.toml"


def test_every_module_of_care_is_in_a_layer():
    modules = {f"ldncare.web.care.{p.stem}" for p in (WEB / "care").iterdir()
               if (p.suffix == ".py" and p.stem != "__init__")
               or (p.is_dir() and (p / "__init__.py").exists())}
    missing = sorted(modules - _layered())
    assert not missing, f"place these care modules in a layer of pyproject.toml: {missing}"
