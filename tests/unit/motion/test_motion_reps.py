"""Repetitions and holds in 1-D signals with known answers."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from corecoach.motion.reps import detect_reps, fill_nan, held_seconds, runs_of

FS = 30.0


def _squats(n: int, depth: float = 100.0, rep_s: float = 2.5, rest_s: float = 0.5, noise: float = 2.0, seed: int = 0):
    period = rep_s + rest_s
    t = np.arange(round((2 + n * period) * FS)) / FS
    x = np.zeros(len(t))
    for i in range(n):
        u = (t - 1.0 - i * period) / rep_s
        x += np.where((u >= 0) & (u <= 1), 0.5 - 0.5 * np.cos(2 * np.pi * u), 0.0)
    x = depth * x + np.random.default_rng(seed).normal(0, noise, len(t))
    bottoms = np.array([round((1.0 + i * period + rep_s / 2) * FS) for i in range(n)])
    return x, t, bottoms


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_seven_noisy_squats_give_seven_reps_with_the_right_bottoms(seed: int) -> None:
    x, t, bottoms = _squats(7, seed=seed)
    reps = detect_reps(x, t, min_prominence=40.0)
    assert len(reps) == 7
    got = np.array([r.bottom for r in reps])
    assert np.all(np.abs(got - bottoms) <= 4)  # within 0.13 s
    for r in reps:
        assert r.start < r.bottom < r.end
        assert x[r.bottom] - x[r.start] > 80 and x[r.bottom] - x[r.end] > 80
    assert all(a.end <= b.start for a, b in itertools.pairwise(reps))


def test_shallow_wiggles_below_the_prominence_are_not_reps() -> None:
    x, t, _ = _squats(6, depth=20.0, noise=1.0)
    assert detect_reps(x, t, min_prominence=40.0) == []


def test_jitter_at_the_bottom_does_not_count_twice() -> None:
    x, t, bottoms = _squats(3, noise=0.0)
    for b in bottoms:  # a double dip at each bottom
        x[b - 3 : b + 4] -= 8.0 * np.hanning(7)
    assert len(detect_reps(x, t, min_prominence=40.0)) == 3


def test_a_rep_that_does_not_come_back_is_not_counted() -> None:
    t = np.arange(150) / FS
    x = np.clip((t - 1.0) * 100.0, 0.0, 100.0)  # goes down and stays there
    assert detect_reps(x, t, min_prominence=40.0) == []


def test_nan_in_the_signal_is_filled_and_short_or_empty_signals_give_nothing() -> None:
    x, t, _ = _squats(3, noise=0.0)
    x[10:14] = np.nan
    x[60:63] = np.nan
    assert len(detect_reps(x, t, min_prominence=40.0)) == 3
    assert detect_reps(np.full(50, np.nan), np.arange(50) / FS, 40.0) == []
    assert detect_reps(np.array([0.0, 100.0]), np.array([0.0, 0.1]), 40.0) == []


def test_fill_nan() -> None:
    np.testing.assert_allclose(fill_nan(np.array([np.nan, 1.0, np.nan, 3.0, np.nan])), [1.0, 1.0, 2.0, 3.0, 3.0])
    assert np.isnan(fill_nan(np.full(3, np.nan))).all()


def test_runs_of_joins_short_gaps_and_drops_short_runs() -> None:
    t = np.arange(300) / FS
    mask = np.zeros(300, dtype=bool)
    mask[0:60] = True  # 2 s
    mask[70:100] = True  # after a 0.33 s gap: joined
    mask[150:160] = True  # 0.3 s alone: too short
    mask[200:290] = True  # 3 s after a 1.7 s gap: its own run
    assert runs_of(mask, t, min_duration_s=1.0) == [(0, 99), (200, 289)]
    assert runs_of(mask, t, min_duration_s=1.0, max_gap_s=0.2) == [(0, 59), (200, 289)]
    assert runs_of(np.zeros(10, dtype=bool), t[:10], 1.0) == []


def test_held_seconds_counts_the_last_frame_in_full() -> None:
    t = np.arange(300) / FS
    assert held_seconds([(0, 59)], t, 1 / FS) == pytest.approx(2.0)
    assert held_seconds([(0, 59), (200, 289)], t, 1 / FS) == pytest.approx(5.0)
    assert held_seconds([], t, 1 / FS) == 0.0


def test_a_held_top_with_two_equal_maxima_is_one_rep() -> None:
    t = np.arange(240) / FS
    x = np.interp(t, [0.0, 1.0, 1.5, 4.0, 4.5, 8.0], [0.0, 0.0, 90.0, 90.0, 0.0, 0.0])
    x[(t > 2.6) & (t < 2.9)] -= 0.5  # a half-degree wobble in a 2.5 s hold
    reps = detect_reps(x, t, min_prominence=30.0)
    assert len(reps) == 1
