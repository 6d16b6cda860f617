"""Cleaning landmark tracks: visibility gating, left/right swaps, outliers, short gaps, zero-lag low-pass.

Notes
-----
Order matters and is fixed in :func:`clean_track`: gate (low-visibility points become NaN) ->
fix left/right label swaps -> reject outliers (Hampel filter on each coordinate) -> interpolate
gaps up to ``max_gap_s`` -> Butterworth low-pass run forwards and backwards (``filtfilt``: no lag,
so events keep their true times). Longer gaps stay NaN; NaN never raises.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from scipy.signal import butter, filtfilt

from corecoach.motion.landmarks import INDEX, LANDMARK_NAMES, FloatArray, PoseTrack

#: pairs of landmark indices that a pose model may swap between the left and right side
SWAP_PAIRS: tuple[tuple[int, int], ...] = tuple((INDEX[n], INDEX[n.replace("left", "right")]) for n in LANDMARK_NAMES if "left" in n)


@dataclass(frozen=True)
class CleaningOptions:
    min_visibility: float = 0.5
    #: world landmarks are the model's 3-D estimate even for a hidden far side, so they are gated far less
    min_world_visibility: float = 0.05
    max_gap_s: float = 0.25
    cutoff_hz: float = 6.0
    hampel_window_s: float = 0.25
    hampel_sigmas: float = 4.0


def gate_by_visibility(xy: FloatArray, visibility: FloatArray, min_visibility: float) -> FloatArray:
    """Coordinates of landmarks seen with less than ``min_visibility`` become NaN."""
    out = xy.copy()
    out[visibility < min_visibility] = np.nan
    return out


def fix_left_right_swaps(xy: FloatArray) -> tuple[FloatArray, int]:
    """Swap left/right labels back where the model flipped them for a frame or more.

    A frame is swapped when exchanging every left/right pair brings it closer to the previous
    frame than keeping the labels. Returns the corrected array and the number of frames fixed.
    """
    out = xy.copy()
    left = np.array([a for a, _ in SWAP_PAIRS])
    right = np.array([b for _, b in SWAP_PAIRS])
    fixed = 0
    prev: FloatArray | None = None
    for t in range(out.shape[0]):
        frame = out[t]
        if np.all(np.isnan(frame)):
            continue
        if prev is not None:
            swapped = frame.copy()
            swapped[left], swapped[right] = frame[right], frame[left]
            keep_cost = np.nanmean(np.linalg.norm(frame[left] - prev[left], axis=-1) + np.linalg.norm(frame[right] - prev[right], axis=-1))
            swap_cost = np.nanmean(
                np.linalg.norm(swapped[left] - prev[left], axis=-1) + np.linalg.norm(swapped[right] - prev[right], axis=-1)
            )
            if np.isfinite(swap_cost) and np.isfinite(keep_cost) and swap_cost < 0.5 * keep_cost:
                out[t] = swapped
                fixed += 1
        prev = out[t]
    return out, fixed


def reject_outliers(x: FloatArray, window: int, sigmas: float) -> FloatArray:
    """Hampel filter along time: points far from the rolling median (in MAD units) become NaN."""
    n = x.shape[0]
    out = x.copy()
    if n < 3 or window < 1:
        return out
    flat = out.reshape(n, -1)
    padded = np.pad(flat, ((window, window), (0, 0)), constant_values=np.nan)
    for j in range(flat.shape[1]):
        col = flat[:, j]
        if not np.isfinite(col).any():
            continue
        windows = np.lib.stride_tricks.sliding_window_view(padded[:, j], 2 * window + 1)
        with np.errstate(all="ignore"), _quiet_nan_warnings():
            med = np.nanmedian(windows, axis=1)
            mad = 1.4826 * np.nanmedian(np.abs(windows - med[:, None]), axis=1)
        bad = np.isfinite(col) & (mad > 0) & (np.abs(col - med) > sigmas * mad)
        col[bad] = np.nan
    return flat.reshape(x.shape)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start/stop (exclusive) of each run of True."""
    edges = np.diff(np.concatenate(([0], mask.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), np.flatnonzero(edges == -1).tolist(), strict=True))


def interpolate_short_gaps(x: FloatArray, max_gap: int) -> FloatArray:
    """Linear interpolation over NaN runs of at most ``max_gap`` samples; longer gaps stay NaN."""
    out = x.copy()
    n = x.shape[0]
    flat = out.reshape(n, -1)
    idx = np.arange(n)
    for j in range(flat.shape[1]):
        col = flat[:, j]
        bad = ~np.isfinite(col)
        if not bad.any() or bad.all():
            continue
        filled = np.interp(idx, idx[~bad], col[~bad])
        for start, stop in _runs(bad):
            if start > 0 and stop < n and stop - start <= max_gap:  # only gaps with data on both sides
                col[start:stop] = filled[start:stop]
    return flat.reshape(x.shape)


class _quiet_nan_warnings:
    """All-NaN windows are expected at the edges and in gaps; their warnings are noise."""

    def __enter__(self) -> None:
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(None, None, None)


def lowpass(x: FloatArray, cutoff_hz: float, fs_hz: float, order: int = 2) -> FloatArray:
    """Zero-lag Butterworth low-pass (filtfilt) over each finite run long enough to filter."""
    out = x.copy()
    if fs_hz <= 2 * cutoff_hz:
        return out
    b, a = butter(order, cutoff_hz / (fs_hz / 2.0))
    pad = 3 * max(len(a), len(b))
    n = x.shape[0]
    flat = out.reshape(n, -1)
    for j in range(flat.shape[1]):
        col = flat[:, j]
        for start, stop in _runs(np.isfinite(col)):
            if stop - start > pad:
                col[start:stop] = filtfilt(b, a, col[start:stop])
    return flat.reshape(x.shape)


def sample_rate_hz(timestamps_s: FloatArray, default: float = 30.0) -> float:
    """Median frame rate from the timestamps (robust to variable frame rate)."""
    if timestamps_s.size < 2:
        return default
    dt = np.diff(timestamps_s)
    dt = dt[dt > 0]
    return float(1.0 / np.median(dt)) if dt.size else default


def clean_track(track: PoseTrack, options: CleaningOptions | None = None) -> PoseTrack:
    """The full cleaning chain on image and world coordinates (see the module notes)."""
    opt = options or CleaningOptions()
    fs = sample_rate_hz(track.timestamps_s, track.source_fps)
    gap = max(1, round(opt.max_gap_s * fs))
    win = max(1, round(opt.hampel_window_s * fs))
    xy = gate_by_visibility(track.image_xy, track.visibility, opt.min_visibility)
    xyz = gate_by_visibility(track.world_xyz, track.visibility, opt.min_world_visibility)
    xy, _ = fix_left_right_swaps(xy)
    xy = lowpass(interpolate_short_gaps(reject_outliers(xy, win, opt.hampel_sigmas), gap), opt.cutoff_hz, fs)
    xyz = lowpass(interpolate_short_gaps(reject_outliers(xyz, win, opt.hampel_sigmas), gap), opt.cutoff_hz, fs)
    return replace(track, image_xy=xy, world_xyz=xyz)
