"""Squat analysis on constructed tracks: reps, view notes, butt wink, knees caving in, auto recognition."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corecoach.motion.analyse import analyse_track, recognise_movement
from corecoach.motion.analyses.common import make_context, world_flexion
from corecoach.motion.analyses.squat import LUMBAR_ROUNDED_DEG, count_squat_reps
from corecoach.motion.results import Movement
from corecoach.motion.signal import clean_track

N_REPS = 5


def _with_wink(track, bottoms: np.ndarray, rise_deg: float, width_frames: int = 20, base_deg: float = -5.0):
    """back_curvature: ``base_deg`` (neutral curves inwards) with a bump of ``rise_deg`` at each bottom."""
    idx = np.arange(len(track))
    curve = np.full(len(track), base_deg)
    for b in bottoms:
        curve += rise_deg * np.exp(-0.5 * ((idx - b) / (width_frames / 3)) ** 2)
    return dataclasses.replace(track, back_curvature=curve)


@pytest.fixture(scope="module")
def side_squat(fig):
    return fig.squat(N_REPS, view="side")


@pytest.fixture(scope="module")
def side_result(side_squat):
    track, bottoms = side_squat
    return analyse_track(_with_wink(track, bottoms, 0.0), Movement.SQUAT, "squat.mp4")


@pytest.fixture(scope="module")
def wink_result(side_squat):
    track, bottoms = side_squat
    return analyse_track(_with_wink(track, bottoms, 25.0), Movement.SQUAT, "squat.mp4")


def test_side_view_squat_counts_every_rep_at_its_bottom(side_squat, side_result, fig) -> None:
    _, bottoms = side_squat
    r = side_result
    assert r.reps == N_REPS == len(r.per_rep)
    assert r.view == "side" and r.view_confidence > 0.8
    assert [v.view for v in r.views] == ["side"]
    assert r.hold_s is None and r.reps_per_side is None
    got = np.array([p.bottom_s for p in r.per_rep])
    np.testing.assert_allclose(got, bottoms / fig.FPS, atol=0.2)
    for p in r.per_rep:
        assert p.start_s < p.bottom_s < p.end_s
        assert p.metrics["knee_flexion_bottom_deg"] == pytest.approx(100.0, abs=3.0)
        assert p.metrics["hip_flexion_bottom_deg"] == pytest.approx(110.0, abs=4.0)
        assert p.metrics["trunk_minus_shin_deg"] == pytest.approx(10.0, abs=3.0)
        assert p.clean


def test_flat_back_gives_no_rounding_finding(side_result) -> None:
    assert not [f for f in side_result.findings if f.id == "lower_back_rounding"]
    for p in side_result.per_rep:
        assert p.metrics["lumbar_flexion_change_deg"] == pytest.approx(0.0, abs=2.0)
        assert p.metrics["hip_flexion_rebound_deg"] == pytest.approx(0.0, abs=3.0)


def test_lumbar_outline_rising_at_each_bottom_is_butt_wink(side_squat, wink_result, fig) -> None:
    _, bottoms = side_squat
    found = [f for f in wink_result.findings if f.id == "lower_back_rounding"]
    assert len(found) == N_REPS
    for f, b in zip(found, bottoms, strict=True):
        assert f.value == pytest.approx(20.0, abs=3.0)  # the outline at the bottom: -5 + 25
        assert f.threshold == LUMBAR_ROUNDED_DEG
        assert f.severity == "major"
        assert 0.0 < f.confidence <= 1.0
        assert f.start_s <= b / fig.FPS <= f.end_s
        assert f.end_s - f.start_s < 1.0  # the frames around the bottom, not the whole rep
        assert "diagnos" not in f.message.en.lower()
    for p in wink_result.per_rep:
        assert p.metrics["lumbar_flexion_change_deg"] == pytest.approx(25.0, abs=3.0)
        assert not p.clean


def test_outline_that_flattens_but_still_curves_in_is_not_butt_wink(side_squat) -> None:
    """Squatting flattens a lordotic outline (seen on good-form real squats): from -35 to -10 is no rounding."""
    track, bottoms = side_squat
    r = analyse_track(_with_wink(track, bottoms, 25.0, base_deg=-35.0), Movement.SQUAT, "x")
    assert not [f for f in r.findings if f.id == "lower_back_rounding"]
    assert all(p.metrics["lumbar_flexion_change_deg"] == pytest.approx(25.0, abs=3.0) for p in r.per_rep)


def test_small_outline_change_stays_under_the_threshold(side_squat) -> None:
    track, bottoms = side_squat
    r = analyse_track(_with_wink(track, bottoms, 8.0), Movement.SQUAT, "x")
    assert not [f for f in r.findings if f.id == "lower_back_rounding"]


def test_side_view_leaves_knee_caving_out_with_a_note(side_result) -> None:
    assert not [f for f in side_result.findings if f.id == "knees_caving_in"]
    assert any("Knees caving in" in n.en and "front view" in n.en for n in side_result.notes)
    assert all("knee_to_ankle_width_ratio" not in p.metrics for p in side_result.per_rep)


def test_squat_filmed_facing_the_image_left_is_the_same(fig) -> None:
    track, bottoms = fig.squat(3, view="side_left", seed=5)
    r = analyse_track(_with_wink(track, bottoms, 25.0), Movement.SQUAT, "x")
    assert r.reps == 3 and r.view == "side"
    assert len([f for f in r.findings if f.id == "lower_back_rounding"]) == 3


@pytest.fixture(scope="module")
def front_squat(fig):
    return fig.squat(4, view="front", seed=7)


def test_front_view_counts_reps_and_notes_that_rounding_needs_a_side_view(front_squat) -> None:
    track, bottoms = front_squat
    r = analyse_track(_with_wink(track, bottoms, 25.0), Movement.SQUAT, "x")
    assert r.reps == 4
    assert r.view == "front"
    assert not [f for f in r.findings if f.id == "lower_back_rounding"]  # not measured from the front
    notes = [n.en for n in r.notes]
    assert any("Lower-back rounding" in n and "side view" in n for n in notes)
    assert all("lumbar_flexion_change_deg" not in p.metrics for p in r.per_rep)
    assert not [f for f in r.findings if f.id == "knees_caving_in"]
    for p in r.per_rep:
        assert p.metrics["knee_to_ankle_width_ratio"] == pytest.approx(1.0, abs=0.1)


def test_front_view_knees_moving_in_at_the_bottom(fig) -> None:
    track, _ = fig.squat(4, view="front", knee_in_m=0.08, seed=8)
    r = analyse_track(track, Movement.SQUAT, "x")
    assert r.reps == 4
    found = [f for f in r.findings if f.id == "knees_caving_in"]
    assert len(found) == 4
    for f in found:
        # knees 0.04 m from the midline over ankles 0.12 m out: ratio 1/3
        assert f.value == pytest.approx(1 / 3, abs=0.05)
        assert f.value < f.threshold
    assert all(not p.clean for p in r.per_rep)


def test_auto_recognises_the_squat(side_squat) -> None:
    track, _ = side_squat
    r = analyse_track(track, Movement.AUTO, "x")
    assert r.movement is Movement.SQUAT
    assert 0.5 < r.movement_confidence <= 1.0
    assert r.reps == N_REPS


def test_auto_recognises_a_front_view_squat(front_squat) -> None:
    track, _ = front_squat
    assert analyse_track(track, Movement.AUTO, "x").movement is Movement.SQUAT


@pytest.mark.parametrize("yaw", [90.0, 0.0])
def test_walking_is_not_squatting(fig, yaw: float) -> None:
    track = fig.walking(6.0, yaw=yaw)
    squat = analyse_track(track, Movement.SQUAT, "walk.mp4")
    assert squat.reps == 0
    assert squat.per_rep == []
    auto = analyse_track(track, Movement.AUTO, "walk.mp4")
    assert auto.movement is Movement.UNKNOWN
    assert auto.reps is None and auto.hold_s is None
    assert auto.notes


def test_walking_knees_do_bend(fig) -> None:
    """The walking track is a fair test: each knee bends ~55 deg, just never both at once."""
    ctx = make_context(clean_track(fig.walking(6.0)))
    left = world_flexion(ctx.track, "left_hip", "left_knee", "left_ankle")
    right = world_flexion(ctx.track, "right_hip", "right_knee", "right_ankle")
    assert np.nanmax(left) > 45 and np.nanmax(right) > 45
    assert count_squat_reps(ctx) == []
    assert recognise_movement(ctx)[0] is Movement.UNKNOWN


def test_standing_still_is_zero_reps_without_findings(fig) -> None:
    r = analyse_track(fig.standing(3.0, yaw=90.0), Movement.SQUAT, "x")
    assert r.reps == 0 and r.findings == []
