"""Dead bug, bird dog, Pallof press and the suitcase carry on constructed tracks with known answers."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from corecoach.motion.analyse import CATALOGUE_TO_MOVEMENT, analyse_track
from corecoach.motion.analyses.core_moves import ARM_SYNC_S, BACK_ARCH_DEG, LATERAL_LEAN_DEG, TRUNK_ROTATION_DEG
from corecoach.motion.results import Movement

# --- dead bug ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dead_bug(fig):
    return fig.dead_bug("LRLRLRLR")


@pytest.fixture(scope="module")
def dead_bug_result(dead_bug):
    track, _ = dead_bug
    return analyse_track(track, Movement.DEAD_BUG, "dead_bug.mp4")


def test_dead_bug_reps_in_total_and_per_side(dead_bug, dead_bug_result, fig) -> None:
    _, sides = dead_bug
    r = dead_bug_result
    assert r.movement is Movement.DEAD_BUG
    assert r.reps == 8
    assert r.reps_per_side == {"left": 4, "right": 4}
    assert [p.side for p in r.per_rep] == sides
    assert r.hold_s is None
    assert r.view == "side"
    for i, p in enumerate(r.per_rep):
        assert p.index == i + 1
        assert p.bottom_s == pytest.approx(1.0 + i * 2.6 + 1.0, abs=0.15)  # the leg's longest reach
        assert p.metrics["leg_reach_deg"] == pytest.approx(75.0, abs=4.0)
    assert any("Hip hike" in n.en and "front view" in n.en for n in r.notes)


def test_dead_bug_legs_in_any_order(fig) -> None:
    track, sides = fig.dead_bug("LLRRRL")
    r = analyse_track(track, Movement.DEAD_BUG, "x")
    assert r.reps == 6 and r.reps_per_side == {"left": 3, "right": 3}
    assert [p.side for p in r.per_rep] == sides


def test_coordinated_dead_bug_is_in_sync(dead_bug_result) -> None:
    assert not [f for f in dead_bug_result.findings if f.id == "arm_leg_out_of_sync"]
    for p in dead_bug_result.per_rep:
        assert abs(p.metrics["arm_leg_lag_s"]) <= 0.2
        assert p.clean


def test_dead_bug_with_the_arms_still_is_out_of_sync(fig) -> None:
    track, _ = fig.dead_bug("LRLRLRLR", arms=False)
    r = analyse_track(track, Movement.DEAD_BUG, "x")
    assert r.reps == 8
    found = [f for f in r.findings if f.id == "arm_leg_out_of_sync"]
    assert len(found) == 8
    assert all(f.threshold == ARM_SYNC_S for f in found)
    assert not any(p.clean for p in r.per_rep)


def test_dead_bug_lower_back_arching_from_the_outline(dead_bug, fig) -> None:
    track, _ = dead_bug
    curve = np.zeros(len(track))
    for i in range(8):
        curve -= 15.0 * fig.cycle(track.timestamps_s, 1.0 + i * 2.6, 2.0)
    r = analyse_track(dataclasses.replace(track, back_curvature=curve), Movement.DEAD_BUG, "x")
    found = [f for f in r.findings if f.id == "lower_back_arching"]
    assert len(found) == 8
    for f in found:
        assert f.value == pytest.approx(-15.0, abs=2.0)
        assert f.threshold == -BACK_ARCH_DEG
    flat = analyse_track(dataclasses.replace(track, back_curvature=np.zeros(len(track))), Movement.DEAD_BUG, "x")
    assert not [f for f in flat.findings if f.id == "lower_back_arching"]


# --- bird dog ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bird_dog_result(fig):
    return analyse_track(fig.bird_dog("LRLR", hold_s=1.0), Movement.BIRD_DOG, "bird_dog.mp4")


def test_bird_dog_reps_per_side_and_hold_per_rep(bird_dog_result) -> None:
    r = bird_dog_result
    assert r.movement is Movement.BIRD_DOG
    assert r.reps == 4
    assert r.reps_per_side == {"left": 2, "right": 2}
    assert [p.side for p in r.per_rep] == ["left", "right", "left", "right"]
    for p in r.per_rep:
        assert "hold_s" in p.metrics
        # 1.0 s still at full reach, plus the last/first ~0.13 s of each eased 0.6 s move within 10 deg of it
        assert p.metrics["hold_s"] == pytest.approx(1.25, abs=0.25)
        assert p.metrics["leg_reach_deg"] == pytest.approx(90.0, abs=8.0)


def test_bird_dog_longer_hold_reads_longer(fig) -> None:
    r = analyse_track(fig.bird_dog("LR", hold_s=2.5, noise_m=0.002), Movement.BIRD_DOG, "x")
    assert r.reps == 2
    for p in r.per_rep:
        assert p.metrics["hold_s"] == pytest.approx(2.75, abs=0.25)


def test_dead_bug_has_no_hold_per_rep(dead_bug_result) -> None:
    assert all("hold_s" not in p.metrics for p in dead_bug_result.per_rep)


# --- Pallof press ------------------------------------------------------------------------------


def test_pallof_press_reps(fig) -> None:
    r = analyse_track(fig.pallof(5, twist_deg=0.0), Movement.PALLOF_PRESS, "pallof.mp4")
    assert r.reps == 5
    assert r.reps_per_side is None  # the band's side is not visible
    assert r.view == "front"
    for p in r.per_rep:
        assert p.metrics["press_deg"] == pytest.approx(100.0, abs=5.0)
        assert p.metrics["hip_shift_trunk_fraction"] == pytest.approx(0.0, abs=0.02)
    assert not [f for f in r.findings if f.id == "hip_shift"]


def _pallof(fig, twist: float, yaw: float):
    t = fig.times(14.0)
    p = sum(fig.cycle(t, 1.0 + i * 2.8, 2.0) for i in range(4))
    return fig.make_track(t, yaw=yaw, trunk_twist=twist * p, sh_l=60 + 30 * p, sh_r=60 + 30 * p, el_l=100 - 100 * p, el_r=100 - 100 * p)


@pytest.mark.parametrize(("yaw", "view"), [(90.0, "side"), (180.0, "rear")])
@pytest.mark.parametrize("twist", [20.0, 3.0])
def test_pallof_trunk_rotation_away_from_the_front(fig, twist: float, yaw: float, view: str) -> None:
    r = analyse_track(_pallof(fig, twist, yaw), Movement.PALLOF_PRESS, "x")
    assert r.reps == 4 and r.view == view
    for p in r.per_rep:
        assert p.metrics["trunk_rotation_deg"] == pytest.approx(twist, abs=2.0)
    found = [f for f in r.findings if f.id == "trunk_rotation"]
    assert len(found) == (4 if twist > TRUNK_ROTATION_DEG else 0)


@pytest.mark.parametrize("twist", [20.0, -20.0])
def test_front_view_pallof_20_deg_rotation_is_found_with_its_size(fig, twist: float) -> None:
    r = analyse_track(fig.pallof(4, twist_deg=twist), Movement.PALLOF_PRESS, "x")
    assert r.view == "front"
    found = [f for f in r.findings if f.id == "trunk_rotation"]
    assert len(found) == 4
    for f in found:
        assert f.value == pytest.approx(20.0, abs=3.0)


@pytest.mark.parametrize("twist", [3.0, -3.0])
def test_front_view_pallof_3_deg_rotation_is_no_finding(fig, twist: float) -> None:
    r = analyse_track(fig.pallof(4, twist_deg=twist), Movement.PALLOF_PRESS, "x")
    assert r.reps == 4
    assert not [f for f in r.findings if f.id == "trunk_rotation"]


# --- suitcase carry ----------------------------------------------------------------------------


@pytest.mark.parametrize("lean", [10.0, -10.0])
def test_suitcase_carry_with_a_10_deg_lean(fig, lean: float) -> None:
    track = fig.carry(8.0, lean_deg=lean)
    r = analyse_track(track, Movement.SUITCASE_CARRY, "carry.mp4")
    assert r.view == "front"
    assert r.reps is None and r.per_rep == []
    assert r.hold_s == pytest.approx(8.0, abs=0.2)  # time walked: the whole clip
    found = [f for f in r.findings if f.id == "lateral_trunk_lean"]
    assert len(found) == 1
    assert found[0].value == pytest.approx(10.0, abs=1.0)
    assert found[0].threshold == LATERAL_LEAN_DEG
    assert found[0].start_s == pytest.approx(0.0) and found[0].end_s == pytest.approx(track.timestamps_s[-1], abs=0.05)


def test_upright_carry_has_no_lean(fig) -> None:
    r = analyse_track(fig.carry(6.0, lean_deg=0.0), Movement.SUITCASE_CARRY, "x")
    assert r.hold_s == pytest.approx(6.0, abs=0.2)
    assert r.findings == []


def test_carry_from_the_side_notes_the_front_view(fig) -> None:
    r = analyse_track(fig.walking(4.0, yaw=90.0, lean_deg=10.0), Movement.SUITCASE_CARRY, "x")
    assert r.hold_s == pytest.approx(4.0, abs=0.2)
    assert r.findings == []
    assert any("front view" in n.en for n in r.notes)


def test_catalogue_rungs_map_onto_analyses() -> None:
    assert CATALOGUE_TO_MOVEMENT["pallof_press_half_kneeling"] is Movement.PALLOF_PRESS
    assert CATALOGUE_TO_MOVEMENT["side_plank_knees"] is Movement.SIDE_PLANK
    assert CATALOGUE_TO_MOVEMENT["dead_bug_heel_slide"] is Movement.DEAD_BUG
