"""Percentiles of a stream of rows (one row of S subjects per time point), fast and exact.

``np.percentile`` over 100,000 values sorts (partitions) the whole row at every
time point: about 2 ms a row, most of a population run. But a virtual patient's
curve is smooth, so the values near a given rank at one time point are, one step
later, still near it. :class:`RowPercentiles` keeps, for each wanted percentile, a
*bracket* of values (a few hundred ranks either side of the wanted rank) from the
previous row. For the next row it counts the values below the bracket, takes the
few values inside it and partitions only those. The counts make this exact: when
the wanted ranks are not inside the bracket (a dose has just reshuffled the
order) the row is partitioned in full, as before, and the bracket is renewed.

The interpolation between the two neighbouring order statistics is numpy's
default (``method="linear"``) written out step by step, so a band equals
``np.percentile(row, percentiles)`` to the last bit (tests check this).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Ranks kept either side of a wanted rank, as a share of the row, and at least this many.
BRACKET_SHARE = 0.004
BRACKET_MIN = 16
#: Rows at least this long try a bracket read off a sample before a full partition.
SAMPLED_ROWS_FROM = 8192
SAMPLE_SIZE = 2048


@dataclass(frozen=True)
class OrderStatistics:
    """Which sorted positions a set of percentiles needs and how to blend them.

    Mirrors numpy's linear method: position ``(n - 1) * q``, its floor and the
    next position (both clipped to the last one), and the fractional weight.
    """

    lower: np.ndarray  # int positions, one per percentile
    upper: np.ndarray
    weight: np.ndarray  # float, one per percentile

    @classmethod
    def plan(cls, count: int, percentiles: Sequence[float]) -> OrderStatistics:
        quantiles = np.true_divide(np.asarray(percentiles, dtype=float), 100)
        virtual = (count - 1) * quantiles
        lower = np.floor(virtual)
        upper = lower + 1
        at_end = virtual >= count - 1
        lower[at_end] = count - 1
        upper[at_end] = count - 1
        weight = virtual - lower
        return cls(lower.astype(np.intp), upper.astype(np.intp), weight)

    def blend(self, low_values: np.ndarray, high_values: np.ndarray) -> np.ndarray:
        """numpy's ``_lerp``: from the nearer end, so the result never leaves [low, high]."""
        difference = high_values - low_values
        result = low_values + difference * self.weight
        near_high = self.weight >= 0.5
        result[near_high] = (high_values - difference * (1 - self.weight))[near_high]
        return result


class RowPercentiles:
    """Percentiles of successive rows of equal length, exact, reusing work between rows.

    ``transform`` (optional, monotone non-decreasing, elementwise) is applied to the
    selected order statistics before blending: percentiles of ``transform(row)``
    without transforming the whole row. Rows must contain no NaN.
    """

    def __init__(
        self,
        count: int,
        percentiles: Sequence[float],
        transform: Callable[[np.ndarray], np.ndarray] | None = None,
    ) -> None:
        self.count = count
        self.order = OrderStatistics.plan(count, percentiles)
        self.transform = transform
        self.margin = max(BRACKET_MIN, int(count * BRACKET_SHARE))
        self.brackets: list[tuple[float, float] | None] = [None] * len(self.order.lower)
        self._last: list[float | None] = [None] * len(self.order.lower)
        self._inside = np.empty(count, dtype=bool)
        self._below_top = np.empty(count, dtype=bool)
        self.full_partitions = 0  # how often a whole row had to be partitioned (for tuning)
        self.sampled = 0  # how often a bracket came from a sample

    def __call__(self, row: np.ndarray) -> np.ndarray:
        """The percentiles of ``row`` (shape (count,)), in the order they were asked for."""
        lows = np.empty(len(self.order.lower))
        highs = np.empty_like(lows)
        missed = [j for j in range(lows.size) if not self._from_bracket(row, j, self.brackets[j], lows, highs)]
        if missed and self.count >= SAMPLED_ROWS_FROM:
            guesses = self._sampled_brackets(row, missed)
            missed = [j for j in missed if not self._from_bracket(row, j, guesses[j], lows, highs)]
        if missed:
            self._from_whole_row(row, missed, lows, highs)
        if self.transform is not None:
            lows, highs = self.transform(lows), self.transform(highs)
        return self.order.blend(lows, highs)

    def _ranks(self, j: int) -> tuple[int, int]:
        return int(self.order.lower[j]), int(self.order.upper[j])

    def _sampled_brackets(self, row: np.ndarray, wanted: list[int]) -> dict[int, tuple[float, float]]:
        """Brackets read off an evenly spaced sample of the row, wide enough (about five
        standard errors of a sample quantile) that the wanted ranks almost always lie inside.
        The subjects are drawn independently, so every k-th one is a random sample."""
        self.sampled += 1
        stride = max(1, self.count // SAMPLE_SIZE)
        sample = row[::stride]
        size = sample.size
        edges: dict[int, tuple[int, int]] = {}
        for j in wanted:
            low_rank, high_rank = self._ranks(j)
            share = low_rank / max(self.count - 1, 1)
            spread = 5 * math.sqrt(size * share * (1 - share)) + 3
            edges[j] = (math.floor(share * (size - 1) - spread), math.ceil(high_rank / stride + spread))
        inner = sorted({e for pair in edges.values() for e in pair if 0 <= e < size})
        parted = np.partition(sample, inner) if inner else sample
        return {
            j: (float(parted[lo]) if lo >= 0 else -math.inf, float(parted[hi]) if hi < size else math.inf)
            for j, (lo, hi) in edges.items()
        }

    def _from_bracket(
        self, row: np.ndarray, j: int, bracket: tuple[float, float] | None, lows: np.ndarray, highs: np.ndarray
    ) -> bool:
        """Take the order statistics from the values inside ``bracket``; False when the
        wanted ranks are not inside it."""
        if bracket is None:
            return False
        bottom, top = bracket
        low_rank, high_rank = self._ranks(j)
        inside, below_top = self._inside, self._below_top
        np.greater_equal(row, bottom, out=inside)
        below = self.count - int(np.count_nonzero(inside))
        if below > low_rank:
            return False
        np.less_equal(row, top, out=below_top)
        np.logical_and(inside, below_top, out=inside)
        candidates = row[inside]
        # Every value in [bottom, top] was taken, so candidates hold exactly the
        # sorted positions below .. below + len - 1 of the row.
        if high_rank >= below + candidates.size:
            return False
        self._select(candidates, below, j, lows, highs)
        return True

    def _from_whole_row(self, row: np.ndarray, missed: list[int], lows: np.ndarray, highs: np.ndarray) -> None:
        self.full_partitions += 1
        kth: set[int] = set()
        for j in missed:
            low_rank, high_rank = self._ranks(j)
            kth.update((max(low_rank - self.margin, 0), low_rank, high_rank,
                        min(high_rank + self.margin, self.count - 1)))
        parted = np.partition(row, sorted(kth))
        for j in missed:
            self._keep(parted, 0, j, lows, highs)

    def _select(self, candidates: np.ndarray, below: int, j: int, lows: np.ndarray, highs: np.ndarray) -> None:
        low_rank, high_rank = self._ranks(j)
        last = candidates.size - 1
        kth = sorted({max(low_rank - below - self.margin, 0), low_rank - below, high_rank - below,
                      min(high_rank - below + self.margin, last)})
        self._keep(np.partition(candidates, kth), below, j, lows, highs)

    def _keep(self, parted: np.ndarray, offset: int, j: int, lows: np.ndarray, highs: np.ndarray) -> None:
        """Read the wanted order statistics from a partitioned array and renew the bracket."""
        low_rank, high_rank = self._ranks(j)
        last = parted.size - 1
        lows[j] = parted[low_rank - offset]
        highs[j] = parted[high_rank - offset]
        bottom = float(parted[max(low_rank - offset - self.margin, 0)])
        top = float(parted[min(high_rank - offset + self.margin, last)])
        self.brackets[j] = self._predict(j, float(lows[j]), bottom, top)

    def _predict(self, j: int, value: float, bottom: float, top: float) -> tuple[float, float]:
        """Guess next row's bracket: the curves move smoothly, mostly by near-exponential
        decay or rise, so carry on the last step's ratio. A wrong guess costs time, never
        accuracy (the counts catch it)."""
        last, self._last[j] = self._last[j], value
        if last is not None and last > 0 and value > 0:
            ratio = value / last
            if 0.5 < ratio < 2:
                return bottom * ratio, top * ratio
        return bottom, top
