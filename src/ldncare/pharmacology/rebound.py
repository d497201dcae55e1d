"""HYPOTHESIS ONLY: the "rebound" idea behind LDN, as a user-parameterised toy.

The public LDN story says a short blockade is followed by a rebound rise in
endogenous opioid signalling. No quantitative human source was found for it
(``docs/pharmacology.md``: no source gives any of its parameters). This
module is never run by default; every parameter must be given by the user and
every result says ``label == "hypothesis"``.

Model (indirect response, turnover): ``dR/dt = kout * (1 + gain * occ(t)) - kout * R``,
``R(0) = 1``: a signal that rises while receptors are blocked and relaxes back
with rate ``kout``. Solved exactly for occupancy linear between grid points.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ldncare.pharmacology.errors import PharmacologyError

LABEL = "hypothesis"


@dataclass(frozen=True)
class ReboundHypothesis:
    """User-set parameters; there are deliberately no defaults."""

    gain: float
    return_rate_per_h: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.gain) and self.gain >= 0):
            raise PharmacologyError("the rebound gain must be zero or more")
        if not (math.isfinite(self.return_rate_per_h) and self.return_rate_per_h > 0):
            raise PharmacologyError("the rebound return rate must be more than 0 per hour")


@dataclass(frozen=True, eq=False)
class ReboundCurve:
    times_h: np.ndarray
    signal: np.ndarray  # 1.0 = baseline
    hypothesis: ReboundHypothesis
    label: str = LABEL

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label,
            "gain": self.hypothesis.gain,
            "return_rate_per_h": self.hypothesis.return_rate_per_h,
            "times_h": self.times_h.tolist(),
            "signal": self.signal.tolist(),
        }


def rebound_signal(times_h: np.ndarray, occupancy: np.ndarray, hypothesis: ReboundHypothesis) -> ReboundCurve:
    """The hypothetical signal driven by ``occupancy`` (same grid), exact for piecewise-linear input."""
    times = np.asarray(times_h, dtype=float)
    occ = np.asarray(occupancy, dtype=float)
    if times.shape != occ.shape or times.ndim != 1:
        raise PharmacologyError("times and occupancy must be 1-D arrays of the same length")
    k, g = hypothesis.return_rate_per_h, hypothesis.gain
    signal = np.empty_like(occ)
    signal[0] = 1.0
    for n in range(1, times.size):
        h = times[n] - times[n - 1]
        decay = math.exp(-k * h)
        slope = (occ[n] - occ[n - 1]) / h
        # y = R - 1 obeys y' = k g occ - k y; exact step for occ linear on [t0, t0 + h]
        forced_end = g * (occ[n] - slope / k)
        forced_start = g * (occ[n - 1] - slope / k)
        y0 = signal[n - 1] - 1.0
        signal[n] = 1.0 + forced_end + (y0 - forced_start) * decay
    return ReboundCurve(times, signal, hypothesis)
