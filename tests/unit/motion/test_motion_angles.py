"""The angle table: joint flexion, segment angles and line deviation on points with known answers."""

from __future__ import annotations

import numpy as np
import pytest

from corecoach.motion.angles import (
    ANGLE_BY_NAME,
    ANGLES,
    compute_angle,
    compute_angles,
    compute_joint_flexion_deg,
    compute_line_deviation_deg,
    compute_segment_angle_deg,
    point,
)
from corecoach.motion.landmarks import INDEX


def pts(*xy: tuple[float, ...]) -> np.ndarray:
    """One frame per tuple: a (T, D) array."""
    return np.asarray(xy, dtype=float)


# --- joint flexion -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "c", "expected"),
    [
        ((0, -10), (0, 0), (10, 0), 90.0),  # right angle
        ((0, -10), (0, 0), (0, 10), 0.0),  # straight
        ((0, -10), (0, 0), (0, -5), 180.0),  # folded back on itself
        ((-10, 0), (0, 0), (10, 10), 45.0),
        ((0, 0, -10), (0, 0, 0), (0, 7, 0), 90.0),  # 3-D right angle out of the image plane
        ((1, 2, 3), (4, 5, 6), (7, 8, 9), 0.0),  # 3-D straight
    ],
    ids=["right_angle", "straight", "folded", "45", "3d_right_angle", "3d_straight"],
)
def test_joint_flexion_known_angles(a: tuple, b: tuple, c: tuple, expected: float) -> None:
    got = compute_joint_flexion_deg(pts(a), pts(b), pts(c))
    assert got.shape == (1,)
    assert got[0] == pytest.approx(expected, abs=1e-6)


def test_joint_flexion_is_unsigned_and_scale_free() -> None:
    a, b = pts((0, -10), (0, -10)), pts((0, 0), (0, 0))
    c = pts((7, 7), (-700, 700))  # bent 45 deg to one side, then to the other at 100x the length
    assert compute_joint_flexion_deg(a, b, c) == pytest.approx([45.0, 45.0])


def test_joint_flexion_of_a_zero_length_segment_is_nan_not_an_error() -> None:
    got = compute_joint_flexion_deg(pts((0, 0)), pts((0, 0)), pts((1, 0)))
    assert np.isnan(got[0])


# --- segment angles (image coordinates, y down) ------------------------------------------------


@pytest.mark.parametrize(
    ("b", "signed", "unsigned"),
    [
        ((0, -10), 0.0, 0.0),  # B straight above A
        ((10, -10), 45.0, 45.0),  # B up and to the image's right: +
        ((-10, -10), -45.0, 45.0),  # B up and to the left: -
        ((10, 0), 90.0, 90.0),  # level
        ((0, 10), 180.0, 180.0),  # B straight below A
    ],
)
def test_segment_angle_against_vertical(b: tuple, signed: float, unsigned: float) -> None:
    a = pts((100, 100))
    bb = pts((100 + b[0], 100 + b[1]))
    assert compute_segment_angle_deg(a, bb, "vertical", True)[0] == pytest.approx(signed)
    assert compute_segment_angle_deg(a, bb, "vertical", False)[0] == pytest.approx(unsigned)


@pytest.mark.parametrize(
    ("b", "signed", "unsigned"),
    [
        ((10, 0), 0.0, 0.0),  # level
        ((-10, 0), 0.0, 0.0),  # level, drawn right to left
        ((10, -10), 45.0, 45.0),  # B higher in the image: +
        ((-10, -10), 45.0, 45.0),  # B higher, to the left: still +
        ((10, 10), -45.0, 45.0),  # B lower: -
        ((0, -10), 90.0, 90.0),  # straight up
    ],
)
def test_segment_angle_against_horizontal(b: tuple, signed: float, unsigned: float) -> None:
    a = pts((100, 100))
    bb = pts((100 + b[0], 100 + b[1]))
    assert compute_segment_angle_deg(a, bb, "horizontal", True)[0] == pytest.approx(signed)
    assert compute_segment_angle_deg(a, bb, "horizontal", False)[0] == pytest.approx(unsigned)


def test_segment_angles_on_world_coordinates_use_x_and_y() -> None:
    a = pts((0.0, 0.0, 0.3))
    b = pts((0.1, -0.1, -0.5))  # z is ignored: 45 deg right of vertical
    assert compute_segment_angle_deg(a, b, "vertical", True)[0] == pytest.approx(45.0)


# --- line deviation ----------------------------------------------------------------------------


def _inner_dev(half_span: float, drop: float) -> float:
    return float(np.degrees(2 * np.arctan2(abs(drop), half_span)))


@pytest.mark.parametrize("left_to_right", [True, False])
@pytest.mark.parametrize("drop", [10.0, -10.0, 30.0])
def test_line_deviation_sign_is_plus_when_b_is_below_the_line(left_to_right: bool, drop: float) -> None:
    """y grows downwards: a positive drop puts B below the line A-C (hips sagging), whichever way the line runs."""
    a, c = (pts((0, 100)), pts((100, 100))) if left_to_right else (pts((100, 100)), pts((0, 100)))
    b = pts((50, 100 + drop))
    got = compute_line_deviation_deg(a, b, c)[0]
    assert got == pytest.approx(np.sign(drop) * _inner_dev(50, drop))


def test_line_deviation_on_an_inclined_line() -> None:
    """A line rising 20 deg (like a side plank seen from the front): B pushed down off it is +."""
    ang = np.radians(20)
    a = pts((0.0, 0.0))
    c = pts((100 * np.cos(ang), -100 * np.sin(ang)))
    on_line = (a + c) / 2
    down = np.array([[np.sin(ang), np.cos(ang)]])  # unit normal pointing down in the image
    assert compute_line_deviation_deg(a, on_line, c)[0] == pytest.approx(0.0, abs=1e-6)
    assert compute_line_deviation_deg(a, on_line + 10 * down, c)[0] == pytest.approx(_inner_dev(50, 10))
    assert compute_line_deviation_deg(a, on_line - 10 * down, c)[0] == pytest.approx(-_inner_dev(50, 10))


def test_straight_line_is_zero() -> None:
    assert compute_line_deviation_deg(pts((0, 0)), pts((5, 5)), pts((10, 10)))[0] == pytest.approx(0.0, abs=1e-6)


# --- the table ---------------------------------------------------------------------------------


def test_table_names_are_unique_and_documented() -> None:
    names = [a.name for a in ANGLES]
    assert len(names) == len(set(names))
    assert set(ANGLE_BY_NAME) == set(names)
    for spec in ANGLES:
        assert spec.description, spec.name
        assert spec.name.endswith("_deg")
        if spec.kind == "segment":
            assert spec.reference in ("vertical", "horizontal")
            assert len(spec.points) == 2
        else:
            assert len(spec.points) == 3


def test_virtual_mid_points() -> None:
    coords = np.zeros((1, 33, 2))
    coords[0, INDEX["left_hip"]] = (10, 20)
    coords[0, INDEX["right_hip"]] = (30, 40)
    assert point(coords, "mid_hip")[0] == pytest.approx([20, 30])
    assert point(coords, "left_hip")[0] == pytest.approx([10, 20])


def _deps(spec_points: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for p in spec_points:
        out |= {"left_" + p[4:], "right_" + p[4:]} if p.startswith("mid_") else {p}
    return out


@pytest.mark.parametrize("space", ["image", "world"])
def test_every_table_entry_evaluates_and_nan_flows_through(fig, space: str) -> None:
    track, _ = fig.squat(2, noise_m=0.0)
    coords = (track.image_xy if space == "image" else track.world_xyz).copy()
    frame, missing = 40, "left_knee"
    coords[frame, INDEX[missing]] = np.nan
    out = compute_angles(coords)
    assert set(out) == {a.name for a in ANGLES}
    for spec in ANGLES:
        values = out[spec.name]
        assert values.shape == (len(track),), spec.name
        assert np.isfinite(np.delete(values, frame)).all(), spec.name
        if missing in _deps(spec.points):
            assert np.isnan(values[frame]), spec.name
        else:
            assert np.isfinite(values[frame]), spec.name


def test_all_nan_frame_gives_nan_everywhere(fig) -> None:
    track = fig.standing(0.2)
    coords = track.image_xy.copy()
    coords[1] = np.nan
    for spec in ANGLES:
        values = compute_angle(coords, spec)
        assert np.isnan(values[1]) and np.isfinite(values[0]), spec.name


def test_compute_angles_by_name() -> None:
    coords = np.zeros((3, 33, 2))
    out = compute_angles(coords, ("left_knee_flexion_deg", "pelvis_tilt_deg"))
    assert list(out) == ["left_knee_flexion_deg", "pelvis_tilt_deg"]


# --- the stick figure: known angles, and 2-D vs 3-D --------------------------------------------


def test_side_view_squat_bottom_reads_the_built_angles(fig) -> None:
    track, bottoms = fig.squat(1, noise_m=0.0)
    b = int(bottoms[0])
    img, world = compute_angles(track.image_xy), compute_angles(track.world_xyz)
    assert world["left_knee_flexion_deg"][b] == pytest.approx(100.0, abs=0.2)
    assert world["right_knee_flexion_deg"][b] == pytest.approx(100.0, abs=0.2)
    assert img["trunk_from_vertical_deg"][b] == pytest.approx(45.0, abs=0.2)
    assert img["left_shin_from_vertical_deg"][b] == pytest.approx(35.0, abs=0.2)
    # hip flexion = trunk lean 45 + thigh 65
    assert img["right_hip_flexion_deg"][b] == pytest.approx(110.0, abs=0.2)
    # standing at the start: everything straight
    assert world["left_knee_flexion_deg"][0] == pytest.approx(0.0, abs=0.5)
    assert img["trunk_from_vertical_deg"][0] == pytest.approx(0.0, abs=0.5)


def test_world_and_image_flexion_agree_for_a_figure_in_the_image_plane(fig) -> None:
    """Side view: legs and arms move in the image plane, so 2-D and 3-D joint angles are the same."""
    track, _ = fig.squat(2, noise_m=0.0)
    img, world = compute_angles(track.image_xy), compute_angles(track.world_xyz)
    for side in ("left", "right"):
        for joint in ("knee_flexion", "ankle_dorsiflexion", "elbow_flexion"):
            name = f"{side}_{joint}_deg"
            np.testing.assert_allclose(img[name], world[name], atol=1e-4, err_msg=name)
    # the hip angle uses the shoulder, which sits wider than the hip (out of the image plane), so
    # only its projection is exact: trunk lean 0.45 k + thigh 0.65 k
    knee = world["left_knee_flexion_deg"]
    np.testing.assert_allclose(img["left_hip_flexion_deg"], 1.1 * knee, atol=1e-4)
