"""Standing posture: nearest Kendall type, and front-view height differences on a constructed figure."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corecoach.motion.analyse import analyse_track
from corecoach.motion.analyses.posture import KENDALL, KENDALL_SCALE, TILT_DEG, nearest_kendall_type
from corecoach.motion.results import Movement


@pytest.mark.parametrize("name", sorted(KENDALL))
def test_each_prototype_is_its_own_nearest_type(name: str) -> None:
    got, conf = nearest_kendall_type(KENDALL[name])
    assert got == name
    assert conf == pytest.approx(0.95)


@pytest.mark.parametrize("name", sorted(KENDALL))
def test_near_a_prototype_is_that_type_with_less_confidence(name: str) -> None:
    proto = np.asarray(KENDALL[name])
    v = proto + 0.2 * np.asarray(KENDALL_SCALE)
    got, conf = nearest_kendall_type((float(v[0]), float(v[1]), float(v[2]), float(v[3])))
    assert got == name
    assert 0.4 <= conf < 0.95


def test_kendall_confidence_falls_between_two_types() -> None:
    a, b = np.asarray(KENDALL["ideal"]), np.asarray(KENDALL["kyphotic_lordotic"])
    v = (a + b) / 2
    _, conf = nearest_kendall_type((float(v[0]), float(v[1]), float(v[2]), float(v[3])))
    assert conf == pytest.approx(0.4, abs=0.02)


@pytest.mark.parametrize("tilt", [5.0, -5.0])
def test_front_view_one_hip_5_deg_higher(fig, tilt: float) -> None:
    r = analyse_track(fig.standing(3.0, pelvis_tilt=tilt, noise_m=0.001), Movement.POSTURE, "front.jpg")
    assert r.movement is Movement.POSTURE and r.view == "front"
    found = [f for f in r.findings if f.id == "pelvis_height_difference"]
    assert len(found) == 1
    assert found[0].value == pytest.approx(5.0, abs=1.0)
    assert found[0].threshold == TILT_DEG
    # pelvis_tilt_deg is left hip -> right hip, + when the right hip is higher; facing the camera
    # the left hip is on the image's right
    assert r.per_rep[0].metrics["pelvis_tilt_deg"] == pytest.approx(-tilt, abs=1.0)
    assert not [f for f in r.findings if f.id == "shoulder_height_difference"]
    assert not r.per_rep[0].clean
    assert any("side view" in n.en for n in r.notes)


def test_front_view_level_stance_has_no_findings(fig) -> None:
    r = analyse_track(fig.standing(3.0, noise_m=0.001), Movement.POSTURE, "x")
    assert r.findings == []
    m = r.per_rep[0].metrics
    assert m["pelvis_tilt_deg"] == pytest.approx(0.0, abs=1.0)
    assert m["shoulder_tilt_deg"] == pytest.approx(0.0, abs=1.0)
    assert m["lateral_shift_fraction"] == pytest.approx(0.0, abs=0.05)
    assert r.per_rep[0].clean


def test_side_view_kendall_type_from_the_outline(fig) -> None:
    track = fig.standing(2.0, yaw=90.0)
    n = len(track)
    track = dataclasses.replace(track, back_curvature=np.full(n, -25.0), upper_back_curve_deg=np.full(n, 25.0))
    r = analyse_track(track, Movement.POSTURE, "side.jpg")
    assert r.view == "side"
    assert [f.id for f in r.findings if f.id.startswith("kendall_")] == ["kendall_kyphotic_lordotic"]
    m = r.per_rep[0].metrics
    assert m["lordosis_index_deg"] == pytest.approx(25.0)
    assert m["kyphosis_index_deg"] == pytest.approx(25.0)
    assert m["hip_ahead_of_ankle_fraction"] == pytest.approx(0.0, abs=0.01)


def test_nobody_standing_gives_a_note(fig) -> None:
    t = fig.times(2.0)
    lying = fig.make_track(
        t, yaw=90.0, pitch=80.0, sh_l=80.0, sh_r=80.0, el_l=90.0, el_r=90.0, frame_size=(1920, 1080), scale=500.0, origin=(400.0, 950.0)
    )
    r = analyse_track(lying, Movement.POSTURE, "x")
    assert r.findings == [] and r.per_rep == []
    assert r.notes


def test_a_crooked_camera_is_not_uneven_shoulders_or_hips(fig) -> None:
    """Rolling the whole image by 15 deg (a phone held crooked) must not read as a posture finding."""
    track = fig.standing(3.0, noise_m=0.001)
    w, h = track.frame_size
    centre = np.array([w / 2.0, h / 2.0])
    a = np.radians(15.0)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    rolled = dataclasses.replace(track, image_xy=(track.image_xy - centre) @ rot.T + centre)
    r = analyse_track(rolled, Movement.POSTURE, "crooked.jpg")
    assert not [f for f in r.findings if f.id in ("shoulder_height_difference", "pelvis_height_difference", "weight_on_one_leg")]
    assert r.per_rep[0].metrics["shoulder_tilt_deg"] == pytest.approx(0.0, abs=1.0)
