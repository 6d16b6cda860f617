"""Finding repetitions and holds in 1-D signals.

Notes
-----
A repetition is one excursion of a "depth" signal away from its resting level and back (for a
squat: knee flexion rises from standing to the bottom and falls back). Peaks are found with
``scipy.signal.find_peaks`` using a *prominence* in the signal's own units, so a rep has to go
at least that far and come back; ``min_separation_s`` stops jitter at the bottom from counting
twice. A rep's start and end are the lowest points between neighbouring peaks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks

from corecoach.motion.landmarks import FloatArray


@dataclass(frozen=True)
class RepWindow:
    start: int
    bottom: int
    end: int


def fill_nan(x: FloatArray) -> FloatArray:
    """Linear fill inside, edge values outside; all-NaN stays all-NaN."""
    out = np.asarray(x, dtype=float).copy()
    ok = np.isfinite(out)
    if ok.all() or not ok.any():
        return out
    idx = np.arange(len(out))
    out[~ok] = np.interp(idx[~ok], idx[ok], out[ok])
    return out


def detect_reps(depth: FloatArray, timestamps_s: FloatArray, min_prominence: float, min_separation_s: float = 0.8) -> list[RepWindow]:
    """Repetitions as excursions of ``depth`` of at least ``min_prominence`` that return (see notes)."""
    x = fill_nan(depth)
    if len(x) < 3 or not np.isfinite(x).any():
        return []
    fps = (len(x) - 1) / max(1e-6, float(timestamps_s[-1] - timestamps_s[0]))
    found, _props = find_peaks(x, prominence=min_prominence, distance=max(1, int(min_separation_s * fps)))
    # one held top can hold two equal maxima; neighbours without a real dip between them are one rep
    peaks: list[int] = []
    for p in found.tolist():
        if peaks and float(np.min(x[peaks[-1] : p + 1])) > min(x[peaks[-1]], x[p]) - 0.5 * min_prominence:
            if x[p] > x[peaks[-1]]:
                peaks[-1] = p
            continue
        peaks.append(p)
    reps: list[RepWindow] = []
    for i, p in enumerate(peaks):
        lo = peaks[i - 1] if i > 0 else 0
        hi = peaks[i + 1] if i + 1 < len(peaks) else len(x) - 1
        start = lo + int(np.argmin(x[lo : p + 1]))
        end = p + int(np.argmin(x[p : hi + 1]))
        rest = max(x[start], x[end])
        # the rep must come back: the way down and the way up both cover most of the prominence
        if x[p] - x[start] >= 0.6 * min_prominence and x[p] - x[end] >= 0.6 * min_prominence and x[p] - rest >= 0.5 * min_prominence:
            reps.append(RepWindow(int(start), int(p), int(end)))
    return reps


def runs_of(mask: np.ndarray, timestamps_s: FloatArray, min_duration_s: float, max_gap_s: float = 0.5) -> list[tuple[int, int]]:
    """Index ranges [start, end] where ``mask`` holds, joining gaps up to ``max_gap_s``, at least ``min_duration_s`` long."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    runs: list[list[int]] = [[int(idx[0]), int(idx[0])]]
    for i in idx[1:]:
        if timestamps_s[i] - timestamps_s[runs[-1][1]] <= max_gap_s:
            runs[-1][1] = int(i)
        else:
            runs.append([int(i), int(i)])
    return [(a, b) for a, b in runs if timestamps_s[b] - timestamps_s[a] >= min_duration_s]


def held_seconds(runs: list[tuple[int, int]], timestamps_s: FloatArray, frame_s: float) -> float:
    """Total time of the runs, counting each run's last frame in full."""
    return float(sum(timestamps_s[b] - timestamps_s[a] + frame_s for a, b in runs))
