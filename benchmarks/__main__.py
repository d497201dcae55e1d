"""``python -m benchmarks [NAME ...]``: run the benchmarks and write BENCHMARKS.md."""

from __future__ import annotations

import datetime as dt
import importlib
import os
import platform
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


def render(reports: dict[str, Report], failures: dict[str, str]) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {machine()}.",
        "Each figure is the median of several runs after a warm-up; a ratio is the",
        "baseline's time per operation divided by the case's, both measured in the same run",
        "(higher is better; 1.0 means as fast as the baseline).",
        "",
    ]
    for name, report in reports.items():
        for section in report.sections:
            lines += [f"## {section.title}", "", f"Command: `{section.command}` (module `benchmarks/{name}.py`)", ""]
            lines += ["| case | measured | ratio to baseline | goal |", "|---|---|---|---|"]
            lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in section.rows]
            lines += [""] + [f"- {n}" for n in section.notes] + [""]
    for name, error in failures.items():
        lines += [f"## {name}: FAILED", "", "```", error.strip(), "```", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    reports: dict[str, Report] = {}
    failures: dict[str, str] = {}
    for name in discover(argv):
        print(f"running {name} …", flush=True)
        report = Report()
        try:
            importlib.import_module(f"benchmarks.{name}").run(report)
            reports[name] = report
        except Exception:  # a broken benchmark is reported, the others still run
            failures[name] = traceback.format_exc()
    out = ROOT / "BENCHMARKS.md"
    out.write_text(render(reports, failures))
    print(f"wrote {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
