"""Plank and side plank on constructed tracks: seconds held, hip sag / pike, auto recognition."""

from __future__ import annotations

import pytest

from corecoach.motion.analyse import analyse_track
from corecoach.motion.analyses.common import make_context
from corecoach.motion.analyses.holds import PIKE_DEG, SAG_DEG, plank_frames
from corecoach.motion.results import Movement
from corecoach.motion.signal import clean_track


@pytest.fixture(scope="module")
def plank_track(fig):
    return fig.plank(8.0, before_s=2.0, after_s=2.0)


@pytest.mark.parametrize("movement", [Movement.PLANK, Movement.AUTO])
def test_plank_held_8_s_in_a_12_s_clip(plank_track, movement: Movement) -> None:
    assert plank_track.timestamps_s[-1] == pytest.approx(12.0, abs=0.05)
    r = analyse_track(plank_track, movement, "plank.mp4")
    assert r.movement is Movement.PLANK
    assert r.hold_s == pytest.approx(8.0, abs=0.5)
    assert r.reps is None and r.reps_per_side is None
    assert r.view == "side"
    assert not [f for f in r.findings if f.id in ("hip_sag", "hip_pike")]
    if movement is Movement.AUTO:
        assert 0.5 < r.movement_confidence <= 1.0


def test_only_the_held_frames_count(plank_track, fig) -> None:
    held = plank_frames(make_context(clean_track(plank_track)), side_plank=False)
    t = plank_track.timestamps_s
    assert not held[t < 1.8].any()  # standing
    assert not held[t > 10.2].any()  # standing up again
    assert held[(t > 2.2) & (t < 9.8)].all()


def test_plank_with_the_head_to_the_image_left(fig) -> None:
    r = analyse_track(fig.plank(6.0, yaw=-90.0), Movement.AUTO, "x")
    assert r.movement is Movement.PLANK
    assert r.hold_s == pytest.approx(6.0, abs=0.5)


@pytest.mark.parametrize("yaw", [90.0, -90.0])
def test_hips_15_deg_below_the_line_is_hip_sag(fig, yaw: float) -> None:
    r = analyse_track(fig.plank(8.0, sag_deg=15.0, yaw=yaw), Movement.PLANK, "x")
    assert r.hold_s == pytest.approx(8.0, abs=0.5)
    found = [f for f in r.findings if f.id == "hip_sag"]
    assert len(found) == 1
    f = found[0]
    assert f.value == pytest.approx(15.0, abs=2.0)
    assert f.threshold == SAG_DEG
    assert f.start_s == pytest.approx(2.0, abs=0.5) and f.end_s == pytest.approx(10.0, abs=0.5)
    assert not [x for x in r.findings if x.id == "hip_pike"]


def test_hips_above_the_line_is_a_pike_not_a_sag(fig) -> None:
    r = analyse_track(fig.plank(6.0, sag_deg=-20.0), Movement.PLANK, "x")
    ids = [f.id for f in r.findings]
    assert ids == ["hip_pike"]
    assert r.findings[0].value == pytest.approx(-20.0, abs=2.0)
    assert r.findings[0].threshold == PIKE_DEG


def test_a_small_sag_is_within_tolerance(fig) -> None:
    r = analyse_track(fig.plank(6.0, sag_deg=5.0), Movement.PLANK, "x")
    assert r.findings == []


@pytest.fixture(scope="module")
def side_plank_track(fig):
    return fig.side_plank(5.0, before_s=1.5, after_s=1.5, incline_deg=20.0)


@pytest.mark.parametrize("movement", [Movement.SIDE_PLANK, Movement.AUTO])
def test_front_view_side_plank_held_5_s(side_plank_track, movement: Movement) -> None:
    r = analyse_track(side_plank_track, movement, "side_plank.mp4")
    assert r.movement is Movement.SIDE_PLANK
    assert r.view == "front"
    assert r.hold_s == pytest.approx(5.0, abs=0.5)
    assert r.reps is None
    assert not [f for f in r.findings if f.id == "hip_drop"]  # a straight body


def test_side_plank_is_not_a_plank(side_plank_track) -> None:
    r = analyse_track(side_plank_track, Movement.PLANK, "x")
    assert r.hold_s == 0.0


def test_plank_is_not_a_side_plank(plank_track) -> None:
    r = analyse_track(plank_track, Movement.SIDE_PLANK, "x")
    assert r.hold_s == 0.0


def test_standing_is_no_hold(fig) -> None:
    track = fig.standing(4.0, yaw=90.0)
    assert analyse_track(track, Movement.PLANK, "x").hold_s == 0.0
    assert analyse_track(track, Movement.AUTO, "x").movement is Movement.UNKNOWN
