"""A tiny benchmark harness: median of several runs, and a ratio to a baseline
measured in the same process, so numbers from different machines compare.

A benchmark module is ``benchmarks/bench_<name>.py`` with a function
``run(report: Report) -> None`` that calls :meth:`Report.measure` and
:meth:`Report.row`. Benchmarks are never tests: nothing here asserts a time.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of each run, and how many operations one run did."""

    runs: tuple[float, ...]
    operations: int = 1

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs)

    @property
    def per_operation_s(self) -> float:
        return self.median_s / self.operations

    @property
    def per_second(self) -> float:
        return self.operations / self.median_s if self.median_s else float("inf")


def measure(action: Callable[[], object], *, repeat: int = 5, operations: int = 1,
            warmup: int = 1) -> Timing:
    """Run ``action`` ``warmup`` times untimed, then ``repeat`` times timed."""
    for _ in range(warmup):
        action()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs), operations)


@dataclass
class Section:
    title: str
    command: str
    notes: list[str] = field(default_factory=list)
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass
class Report:
    """What one benchmark module found, as rows under a titled section."""

    sections: list[Section] = field(default_factory=list)

    def section(self, title: str, command: str = "make bench") -> Section:
        self.sections.append(Section(title, command))
        return self.sections[-1]

    def measure(self, action: Callable[[], object], **kwargs: int) -> Timing:
        return measure(action, **kwargs)

    def row(self, case: str, timing: Timing | str, baseline: Timing | None = None,
            goal: str = "") -> None:
        """Add a row; with ``baseline`` the ratio is baseline time / this time per operation."""
        if isinstance(timing, str):
            self.sections[-1].rows.append((case, timing, "", goal))
            return
        value = (f"{timing.per_operation_s * 1e3:.3f} ms/op · {timing.per_second:,.0f} op/s "
                 f"(median of {len(timing.runs)})")
        ratio = ""
        if baseline is not None:
            ratio = f"{baseline.per_operation_s / timing.per_operation_s:.3f}"
        self.sections[-1].rows.append((case, value, ratio, goal))

    def note(self, text: str) -> None:
        self.sections[-1].notes.append(text)
