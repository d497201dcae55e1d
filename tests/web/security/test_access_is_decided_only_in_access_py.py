"""Access is decided in one place: no view, API, service, decorator or template
tests a user's role itself; each asks a named permission of
``ldncare/web/access.py`` (templates through the ``can`` context processor).
``accounts/roles.py`` defines the roles and the teams they form."""

from __future__ import annotations

import re
from pathlib import Path

WEB = Path(__file__).resolve().parents[3] / "src" / "ldncare" / "web"
ALLOWED = {WEB / "access.py", WEB / "accounts" / "roles.py"}

#: A role compared or looked up: ``user.role == …``, ``….role != …``, ``….role in …``,
#: ``role == "patient"`` (templates), ``Role.X == …``, ``getattr(u, "role") in …``.
ROLE_TEST = re.compile(
    r"""\.role\s*(==|!=|\bin\b|\bnot\s+in\b)"""
    r"""|\brole\s*(==|!=)\s*["'A-Z]"""
    r"""|\bRole\.[A-Z_]+\s*(==|!=|\bin\b)"""
    r"""|(==|!=)\s*Role\.[A-Z_]+"""
    r"""|getattr\([^)]*["']role["']""")


def _role_tests(path: Path) -> list[str]:
    return [f"{path.relative_to(WEB)}:{number}: {line.strip()[:120]}"
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if ROLE_TEST.search(line)]


def _sources() -> list[Path]:
    return sorted(p for p in WEB.rglob("*") if p.suffix in {".py", ".html"}
                  and p not in ALLOWED and "migrations" not in p.parts)


def test_no_python_module_or_template_tests_a_role_outside_access_py():
    found = [hit for path in _sources() for hit in _role_tests(path)]
    assert not found, ("ask a permission in ldncare/web/access.py instead:\n" + "\n".join(found))


def test_the_scan_sees_every_app_and_its_templates():
    scanned = {p.relative_to(WEB).parts[0] for p in _sources()}
    assert {"accounts", "care", "journal", "pharmacy", "insights", "templates"} <= scanned
    assert any(p.suffix == ".html" for p in _sources())


def test_the_pattern_catches_the_usual_spellings():
    for line in ('{% if user.role == "patient" %}', "if request.user.role != Role.PATIENT:",
                 "u.role in (Role.PHARMACIST, Role.PHARMACY_TECHNICIAN)",
                 '{% elif user.role != "prescriber" %}', 'getattr(user, "role", None) in X'):
        assert ROLE_TEST.search(line), line
    for line in ("{{ row.role }}", "role = models.CharField(", "filter(role=Role.PRESCRIBER)",
                 "{{ m.get_role_display }}"):
        assert not ROLE_TEST.search(line), line
