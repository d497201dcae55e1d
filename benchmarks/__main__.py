"""``python -m benchmarks [NAME ...]``: run the benchmarks and write BENCHMARKS.md."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
import re
import sys
import traceback
from pathlib import Path

from benchmarks.harness import Report

ROOT = Path(__file__).resolve().parent.parent


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def discover(names: list[str]) -> list[str]:
    found = sorted(p.stem for p in (ROOT / "benchmarks").glob("bench_*.py"))
    return [n for n in found if not names or n.removeprefix("bench_") in names or n in names]


HEADER = """# Benchmarks

Written by `make bench` (`python -m benchmarks [NAME ...]`; a named run replaces only
its own sections). Each figure is the median of several runs after a warm-up; a ratio
is the baseline's time per operation divided by the case's, both measured in the same
run (higher is better; 1.0 means as fast as the baseline). Benchmarks never run in
`make test`.
"""

BLOCK = re.compile(r"<!-- bench:(?P<name>\w+) -->\n(?P<body>.*?)<!-- /bench:(?P=name) -->\n",
                   re.DOTALL)


def render_module(name: str, report: Report | None, error: str | None) -> str:
    stamp = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}"
    if error is not None:
        return f"## {name}: FAILED ({stamp})\n\n```\n{error.strip()}\n```\n\n"
    lines: list[str] = []
    for section in report.sections if report else []:
        lines += [f"## {section.title}", "",
                  f"Command: `{section.command}` (module `benchmarks/{name}.py`), {stamp}.", "",
                  "| case | measured | ratio to baseline | goal |", "|---|---|---|---|"]
        lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in section.rows]
        lines += [""] + [f"- {n}" for n in section.notes] + [""]
    return "\n".join(lines) + "\n"


def merge(existing: str, blocks: dict[str, str]) -> str:
    """Keep the sections of modules not run this time; replace the others."""
    kept = {m["name"]: m["body"] for m in BLOCK.finditer(existing)}
    kept.update(blocks)
    body = "".join(f"<!-- bench:{n} -->\n{kept[n]}<!-- /bench:{n} -->\n" for n in sorted(kept))
    return HEADER + "\n" + body


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    blocks: dict[str, str] = {}
    failed = False
    for name in discover(argv):
        print(f"running {name} …", flush=True)
        report = Report()
        try:
            importlib.import_module(f"benchmarks.{name}").run(report)
            blocks[name] = render_module(name, report, None)
        except Exception:  # a broken benchmark is reported, the others still run
            blocks[name] = render_module(name, None, traceback.format_exc())
            failed = True
    out = ROOT / "BENCHMARKS.md"
    out.write_text(merge(out.read_text() if out.exists() else "", blocks))
    print(f"wrote {out}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
