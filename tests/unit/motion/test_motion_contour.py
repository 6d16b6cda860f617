"""Lumbar flexion from the back outline of a constructed mask whose bend angle is known (within 5 deg)."""

from __future__ import annotations

import numpy as np
import pytest

from corecoach.motion.contour import back_edge_points, compute_lumbar_flexion_deg

TOLERANCE_DEG = 5.0


def _measure(mask) -> float:
    edge = back_edge_points(mask.mask, mask.hip, mask.shoulder, mask.nose)
    assert edge is not None
    return compute_lumbar_flexion_deg(edge, mask.hip, mask.shoulder)


@pytest.mark.parametrize("incline_deg", [0.0, 40.0])
@pytest.mark.parametrize("facing", ["right", "left"])
@pytest.mark.parametrize("bend_deg", [0.0, 10.0, 20.0, 30.0, -10.0, -20.0, -30.0])
def test_lumbar_flexion_matches_the_built_bend(back_mask, bend_deg: float, facing: str, incline_deg: float) -> None:
    """+ when the back bulges outwards (rounding), - when it curves in; facing either way, upright or leaning 40 deg."""
    got = _measure(back_mask(bend_deg, facing=facing, incline_deg=incline_deg))
    assert got == pytest.approx(bend_deg, abs=TOLERANCE_DEG)
    if abs(bend_deg) >= 10:
        assert np.sign(got) == np.sign(bend_deg)


def test_rounding_grows_with_the_bend(back_mask) -> None:
    values = [_measure(back_mask(b)) for b in (0.0, 10.0, 20.0, 30.0)]
    assert values == sorted(values)


def test_edge_points_lie_on_the_back_between_lower_and_upper(back_mask) -> None:
    m = back_mask(0.0, facing="right")
    edge = back_edge_points(m.mask, m.hip, m.shoulder, m.nose, samples=12)
    assert edge is not None and edge.shape == (12, 2)
    # facing right, the back is on the left of the axis: x = hip x - 0.25 * 400
    np.testing.assert_allclose(edge[:, 0], m.hip[0] - 100.0, atol=1.5)
    heights = m.hip[1] - edge[:, 1]
    assert heights[0] == pytest.approx(0.05 * 400, abs=1.0)
    assert heights[-1] == pytest.approx(0.6 * 400, abs=1.0)
    assert np.all(np.diff(heights) > 0)


def test_the_face_decides_which_edge_is_the_back(back_mask) -> None:
    right, left = back_mask(0.0, facing="right"), back_mask(0.0, facing="left")
    e_right = back_edge_points(right.mask, right.hip, right.shoulder, right.nose)
    e_left = back_edge_points(left.mask, left.hip, left.shoulder, left.nose)
    assert e_right is not None and e_left is not None
    assert (e_right[:, 0] < right.hip[0]).all()
    assert (e_left[:, 0] > left.hip[0]).all()


def test_axis_outside_the_mask_gives_none(back_mask) -> None:
    m = back_mask(10.0)
    empty = np.zeros_like(m.mask)
    assert back_edge_points(empty, m.hip, m.shoulder, m.nose) is None
    shift = np.array([400.0, 0.0])  # the whole axis moved off the silhouette
    assert back_edge_points(m.mask, m.hip + shift, m.shoulder + shift, m.nose + shift) is None


def test_too_short_an_axis_gives_none(back_mask) -> None:
    m = back_mask(10.0)
    shoulder = m.hip + np.array([0.0, -5.0])
    assert back_edge_points(m.mask, m.hip, shoulder, m.nose) is None


def test_no_back_edge_within_reach_gives_none(back_mask) -> None:
    m = back_mask(10.0)
    full = np.ones_like(m.mask)
    assert back_edge_points(full, m.hip, m.shoulder, m.nose) is None


def test_missing_landmarks_give_none_and_nan(back_mask) -> None:
    m = back_mask(10.0)
    assert back_edge_points(m.mask, np.array([np.nan, 1.0]), m.shoulder, m.nose) is None
    assert back_edge_points(m.mask, m.hip, m.shoulder, np.array([np.nan, np.nan])) is None
    assert np.isnan(compute_lumbar_flexion_deg(None, m.hip, m.shoulder))
    assert np.isnan(compute_lumbar_flexion_deg(np.zeros((4, 2)), m.hip, m.shoulder))  # too few points to fit


def test_lumbar_flexion_on_exact_edge_points() -> None:
    """Without the mask: a tent of two straight halves meeting at 20 deg, bulging away from the axis."""
    hip, shoulder = np.array([0.0, 0.0]), np.array([0.0, -100.0])
    ys = np.linspace(-5.0, -60.0, 16)
    mid = -32.5
    x = -25.0 - np.tan(np.radians(10.0)) * (27.5 - np.abs(ys - mid))
    edge = np.stack([x, ys], axis=1)
    # the halves share the sample nearest the apex, which bends the fit a little
    assert compute_lumbar_flexion_deg(edge, hip, shoulder) == pytest.approx(20.0, abs=2.0)
    edge_in = np.stack([-25.0 + (x + 25.0) * -1.0, ys], axis=1)
    assert compute_lumbar_flexion_deg(edge_in, hip, shoulder) == pytest.approx(-20.0, abs=2.0)
