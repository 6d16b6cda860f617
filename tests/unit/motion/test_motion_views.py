"""Camera view from the 3-D landmarks: front, rear, side, oblique, per segment, with a confidence."""

from __future__ import annotations

import numpy as np
import pytest

from corecoach.motion.views import View, ViewSegment, classify_view, compute_facing_angle_deg, detect_views, dominant_view


@pytest.mark.parametrize(
    ("yaw", "angle", "view"),
    [
        (0.0, 0.0, View.FRONT),
        (20.0, 20.0, View.FRONT),
        (180.0, 180.0, View.REAR),
        (-160.0, 160.0, View.REAR),
        (90.0, 90.0, View.SIDE),
        (-90.0, 90.0, View.SIDE),
        (70.0, 70.0, View.SIDE),
        (45.0, 45.0, View.OBLIQUE),
        (-45.0, 45.0, View.OBLIQUE),
        (135.0, 135.0, View.OBLIQUE),
    ],
)
def test_standing_figure_view(fig, yaw: float, angle: float, view: View) -> None:
    track = fig.standing(1.5, yaw=yaw)
    np.testing.assert_allclose(compute_facing_angle_deg(track.world_xyz), angle, atol=1e-6)
    segments = detect_views(track)
    assert [s.view for s in segments] == [view]
    assert segments[0].start_s == pytest.approx(0.0)
    assert segments[0].end_s == pytest.approx(track.timestamps_s[-1])
    assert 0.0 <= segments[0].confidence <= 1.0
    assert dominant_view(segments)[0] is view


@pytest.mark.parametrize(("pitch", "view"), [(90.0, View.SIDE), (-90.0, View.SIDE)])
def test_lying_figure_seen_from_the_side_is_side(fig, pitch: float, view: View) -> None:
    """Face down (plank) or face up (dead bug), head to one side of the image: still a side view."""
    t = fig.times(1.0)
    track = fig.make_track(t, yaw=90.0, pitch=pitch, anchor="hips", origin=(540.0, 900.0))
    assert [s.view for s in detect_views(track)] == [view]


def test_view_does_not_depend_on_squatting(fig) -> None:
    track, _ = fig.squat(2, view="side")
    assert [s.view for s in detect_views(track)] == [View.SIDE]


def test_turning_from_front_to_side_gives_two_segments_at_the_right_times(fig) -> None:
    track = fig.turning(front_s=3.0, turn_s=0.3, side_s=3.0)
    segments = detect_views(track)
    assert [s.view for s in segments] == [View.FRONT, View.SIDE]
    turn = 3.15
    assert segments[0].start_s == pytest.approx(0.0)
    assert segments[0].end_s == pytest.approx(turn, abs=0.5)
    assert segments[1].start_s == pytest.approx(turn, abs=0.5)
    assert segments[1].end_s == pytest.approx(track.timestamps_s[-1])
    assert segments[0].end_s <= segments[1].start_s
    for s in segments:
        assert 0.0 <= s.confidence <= 1.0
        assert s.confidence > 0.7
    view, conf = dominant_view(segments)
    assert view in (View.FRONT, View.SIDE) and 0.0 <= conf <= 1.0


def test_a_few_noisy_frames_do_not_split_a_segment(fig) -> None:
    t = fig.times(4.0)
    yaw = np.zeros(len(t))
    yaw[60:63] = 90.0  # 0.1 s of a "side" reading in a front clip
    segments = detect_views(fig.make_track(t, yaw=yaw))
    assert [s.view for s in segments] == [View.FRONT]


def test_frames_without_a_person_are_skipped(fig) -> None:
    track = fig.standing(4.0, yaw=90.0)
    track.world_xyz[:60] = np.nan  # nobody in the first 2 s
    segments = detect_views(track)
    assert [s.view for s in segments] == [View.SIDE]
    assert segments[0].start_s == pytest.approx(2.0, abs=0.5)  # the ~1 s majority window may reach back


def test_no_frames_and_no_person() -> None:
    assert dominant_view([]) == (View.UNKNOWN, 0.0)
    angles = compute_facing_angle_deg(np.full((4, 33, 3), np.nan))
    assert np.isnan(angles).all()


@pytest.mark.parametrize(
    ("angle", "view"),
    [
        (0.0, View.FRONT),
        (34.9, View.FRONT),
        (45.0, View.OBLIQUE),
        (60.0, View.SIDE),
        (90.0, View.SIDE),
        (120.0, View.SIDE),
        (140.0, View.OBLIQUE),
        (150.0, View.REAR),
        (180.0, View.REAR),
    ],
)
def test_classify_view_bands(angle: float, view: View) -> None:
    got, conf = classify_view(angle)
    assert got is view
    assert 0.5 <= conf <= 1.0


def test_classify_view_confidence_grows_away_from_the_boundaries() -> None:
    assert classify_view(90.0)[1] > classify_view(60.0)[1]
    assert classify_view(5.0)[1] > classify_view(33.0)[1]
    assert classify_view(float("nan")) == (View.UNKNOWN, 0.0)


def test_dominant_view_is_the_longest() -> None:
    segments = [
        ViewSegment(0.0, 1.5, View.FRONT, 0.9),
        ViewSegment(1.5, 6.0, View.SIDE, 0.8),
        ViewSegment(6.0, 7.0, View.FRONT, 0.95),
    ]
    assert dominant_view(segments) == (View.SIDE, 0.8)
