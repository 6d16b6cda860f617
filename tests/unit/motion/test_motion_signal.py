"""Cleaning landmark tracks: gating, gaps, outliers, the zero-lag low-pass and left/right swaps."""

from __future__ import annotations

import numpy as np
import pytest

from corecoach.motion.landmarks import INDEX
from corecoach.motion.signal import (
    SWAP_PAIRS,
    CleaningOptions,
    clean_track,
    fix_left_right_swaps,
    gate_by_visibility,
    interpolate_short_gaps,
    lowpass,
    reject_outliers,
    sample_rate_hz,
)

FS = 30.0


def test_gate_by_visibility_blanks_unseen_points_only() -> None:
    xy = np.arange(4 * 33 * 2, dtype=float).reshape(4, 33, 2)
    vis = np.full((4, 33), 0.9)
    vis[1, 5] = 0.2
    vis[3, 0] = 0.49
    vis[2, 7] = 0.5  # exactly at the threshold: kept
    out = gate_by_visibility(xy, vis, 0.5)
    assert np.isnan(out[1, 5]).all() and np.isnan(out[3, 0]).all()
    assert np.isfinite(out[2, 7]).all()
    assert np.isnan(out).sum() == 4
    assert np.isfinite(xy).all()  # the input is not changed


@pytest.mark.parametrize("gap", [1, 2, 3])
def test_short_gaps_are_filled_linearly(gap: int) -> None:
    x = np.linspace(0.0, 29.0, 30)
    y = x.copy()
    y[10 : 10 + gap] = np.nan
    out = interpolate_short_gaps(y, max_gap=3)
    np.testing.assert_allclose(out, x)
    assert np.isnan(y[10])  # not in place


def test_long_gaps_and_edge_gaps_stay_nan() -> None:
    x = np.linspace(0.0, 29.0, 30)
    y = x.copy()
    y[:2] = np.nan  # leading edge
    y[10:14] = np.nan  # 4 > max_gap
    y[20:22] = np.nan  # 2 <= max_gap
    y[-3:] = np.nan  # trailing edge
    out = interpolate_short_gaps(y, max_gap=3)
    assert np.isnan(out[:2]).all() and np.isnan(out[10:14]).all() and np.isnan(out[-3:]).all()
    np.testing.assert_allclose(out[20:22], x[20:22])
    assert np.isfinite(out[2:10]).all() and np.isfinite(out[14:27]).all()


def test_interpolation_works_per_coordinate_of_a_track() -> None:
    x = np.tile(np.linspace(0, 1, 20)[:, None, None], (1, 33, 2))
    y = x.copy()
    y[5:7, 3, 0] = np.nan
    y[5:15, 4, 1] = np.nan
    out = interpolate_short_gaps(y, max_gap=3)
    np.testing.assert_allclose(out[5:7, 3, 0], x[5:7, 3, 0])
    assert np.isnan(out[5:15, 4, 1]).all()
    assert out.shape == x.shape


def test_all_nan_and_nan_free_columns_are_left_alone() -> None:
    assert np.isnan(interpolate_short_gaps(np.full(10, np.nan), 3)).all()
    x = np.arange(10.0)
    np.testing.assert_array_equal(interpolate_short_gaps(x, 3), x)


@pytest.mark.parametrize("noise", [0.0, 0.02])
def test_reject_outliers_removes_a_spike_and_keeps_the_rest(noise: float) -> None:
    t = np.arange(120) / FS
    x = np.sin(2 * np.pi * 0.5 * t) + np.random.default_rng(0).normal(0, noise, t.size)
    x[40] += 3.0
    out = reject_outliers(x, window=8, sigmas=4.0)
    assert np.isnan(out[40])
    assert np.isfinite(np.delete(out, 40)).all()
    assert np.isfinite(x[40])  # not in place


def test_reject_outliers_leaves_constant_and_nan_signals() -> None:
    np.testing.assert_array_equal(reject_outliers(np.ones(50), 8, 4.0), np.ones(50))
    assert np.isnan(reject_outliers(np.full(50, np.nan), 8, 4.0)).all()
    short = np.array([1.0, 100.0])
    np.testing.assert_array_equal(reject_outliers(short, 8, 4.0), short)


def test_lowpass_has_no_lag_and_attenuates_fast_noise() -> None:
    t = np.arange(180) / FS
    slow = np.cos(2 * np.pi * 1.0 * (t - 2.0))  # peaks at frames 0, 30, 60, 90, ...
    noisy = slow + 0.3 * np.sin(2 * np.pi * 12.0 * t + 0.3)
    out = lowpass(noisy, cutoff_hz=6.0, fs_hz=FS)
    for peak in (60, 90, 120):
        assert abs(int(np.argmax(out[peak - 10 : peak + 11])) - 10) <= 1
    inner = slice(15, -15)
    residual = out[inner] - slow[inner]
    assert np.std(residual) < 0.1 * np.std(noisy[inner] - slow[inner])
    assert np.max(np.abs(out[inner])) == pytest.approx(1.0, abs=0.05)  # the 1 Hz movement keeps its size


def test_lowpass_filters_each_finite_run_and_keeps_nan() -> None:
    t = np.arange(100) / FS
    x = np.sin(2 * np.pi * t)
    x[50:55] = np.nan
    out = lowpass(x, 6.0, FS)
    assert np.isnan(out[50:55]).all()
    assert np.isfinite(out[:50]).all() and np.isfinite(out[55:]).all()


def test_lowpass_is_a_no_op_when_the_cutoff_is_above_nyquist() -> None:
    x = np.random.default_rng(1).normal(size=40)
    np.testing.assert_array_equal(lowpass(x, cutoff_hz=20.0, fs_hz=FS), x)


PAIRS = (*SWAP_PAIRS, (INDEX["mouth_left"], INDEX["mouth_right"]))
BODY = [i for i in range(33) if i not in (INDEX["mouth_left"], INDEX["mouth_right"])]


def _swap(xy: np.ndarray, frames: slice) -> np.ndarray:
    """What a pose model does when it mixes up the sides: every left/right pair exchanged, the mouth too."""
    out = xy.copy()
    left = [a for a, _ in PAIRS]
    right = [b for _, b in PAIRS]
    out[frames, left], out[frames, right] = xy[frames][:, right], xy[frames][:, left]
    return out


def test_swap_pairs_are_left_right_pairs() -> None:
    assert (INDEX["left_knee"], INDEX["right_knee"]) in SWAP_PAIRS
    assert (INDEX["left_foot_index"], INDEX["right_foot_index"]) in SWAP_PAIRS
    for a, b in SWAP_PAIRS:
        assert a != b


def test_fix_left_right_swaps_repairs_swapped_frames(fig) -> None:
    track = fig.walking(2.0, yaw=0.0)  # front view: left and right are far apart in the image
    swapped = _swap(track.image_xy, slice(10, 13))
    swapped = _swap(swapped, slice(30, 31))
    out, fixed = fix_left_right_swaps(swapped)
    assert fixed == 4
    np.testing.assert_allclose(out[:, BODY], track.image_xy[:, BODY])


def test_fix_left_right_swaps_also_repairs_the_mouth(fig) -> None:
    track = fig.walking(2.0, yaw=0.0)
    out, fixed = fix_left_right_swaps(_swap(track.image_xy, slice(10, 13)))
    assert fixed == 3
    np.testing.assert_allclose(out, track.image_xy)


def test_fix_left_right_swaps_leaves_a_clean_track_alone(fig) -> None:
    track = fig.walking(2.0, yaw=0.0)
    out, fixed = fix_left_right_swaps(track.image_xy)
    assert fixed == 0
    np.testing.assert_array_equal(out, track.image_xy)


def test_fix_left_right_swaps_skips_missing_frames(fig) -> None:
    track = fig.walking(1.0, yaw=0.0)
    xy = _swap(track.image_xy, slice(12, 14))
    xy[5:8] = np.nan
    out, fixed = fix_left_right_swaps(xy)
    assert fixed == 2
    np.testing.assert_allclose(out[12:14, BODY], track.image_xy[12:14, BODY])
    assert np.isnan(out[5:8]).all()


def test_sample_rate_from_timestamps() -> None:
    assert sample_rate_hz(np.arange(10) / 25.0) == pytest.approx(25.0)
    assert sample_rate_hz(np.array([0.0]), default=30.0) == 30.0
    assert sample_rate_hz(np.array([0.0, 0.0, 0.0]), default=24.0) == 24.0


def test_clean_track_keeps_shapes_times_and_repairs_small_faults(fig) -> None:
    track, _ = fig.squat(2, view="front", noise_m=0.002)
    n = len(track)
    track.visibility[40:43, INDEX["left_knee"]] = 0.1  # 3 frames unseen: filled
    track.visibility[60:80, INDEX["right_wrist"]] = 0.01  # 20 frames unseen (below both gates): stays NaN
    nose_before = track.image_xy[10, INDEX["nose"]].copy()
    track.image_xy[10, INDEX["nose"]] += (300.0, -200.0)  # a one-frame jump while standing still
    track.image_xy[100:102] = _swap(track.image_xy, slice(100, 102))[100:102]
    clean = clean_track(track)
    assert clean.image_xy.shape == (n, 33, 2) and clean.world_xyz.shape == (n, 33, 3)
    assert clean.visibility.shape == (n, 33) and len(clean) == n
    np.testing.assert_array_equal(clean.timestamps_s, track.timestamps_s)
    assert clean.frame_size == track.frame_size
    assert np.isfinite(clean.image_xy[40:43, INDEX["left_knee"]]).all()
    assert np.isnan(clean.image_xy[60:80, INDEX["right_wrist"]]).all()
    assert np.isnan(clean.world_xyz[60:80, INDEX["right_wrist"]]).all()
    np.testing.assert_allclose(clean.image_xy[10, INDEX["nose"]], nose_before, atol=5.0)
    left_knee_x = clean.image_xy[100:102, INDEX["left_knee"], 0]
    right_knee_x = clean.image_xy[100:102, INDEX["right_knee"], 0]
    assert (left_knee_x > right_knee_x).all()  # facing the camera, the left knee is on the image's right
    assert np.isfinite(track.image_xy[60:80, INDEX["right_wrist"]]).all()  # the input track is not changed


def test_clean_track_options_are_used(fig) -> None:
    track = fig.standing(1.0)
    track.visibility[10:15, INDEX["nose"]] = 0.6
    strict = clean_track(track, CleaningOptions(min_visibility=0.7, max_gap_s=0.05))
    assert np.isnan(strict.image_xy[10:15, INDEX["nose"]]).all()
    assert np.isfinite(clean_track(track).image_xy[10:15, INDEX["nose"]]).all()
