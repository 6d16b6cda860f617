"""Every catalogue exercise has a demo that moves, keeps its proportions and stays on the floor.

The demos are joint angles with fixed segment lengths (``catalogue/demo.py``); these tests check
the shipped data and the geometry with known answers, and that bad demo files are refused.
"""

from __future__ import annotations

import copy
import math
import re
from typing import Any

import pytest

from corecoach.catalogue import Catalogue
from corecoach.catalogue.demo import (
    HEAD_RADIUS,
    SEGMENT_LENGTHS,
    Demo,
    Joint,
    View,
    Weight,
    Wheel,
    compute_joints,
    largest_move_cm,
    unit_vector,
)
from corecoach.catalogue.loader import load_catalogue, parse_demo, parse_demos
from corecoach.errors import CatalogueError

#: Some point of the figure moves at least this far between two keyframes that follow each other
#: (a breathing drill's belly outline counts: 3 cm is a clearly visible breath at this scale).
MIN_MOVE_CM = 3.0
#: Segment lengths stay within this fraction of their mean over the animation.
LENGTH_TOLERANCE = 0.01
#: A hand or foot that moves less than this between two keyframes rests on something (the floor,
#: a wall, the back of the head) and must not slide in between.
STAYS_PUT_CM = 2.0
#: Time points sampled per demo (evenly over one loop, plus the midpoints of every move).
TIME_POINTS = 24
#: Nothing sinks further into the floor than this (joint centres; the head by its radius).
FLOOR_TOLERANCE_CM = 3.0
#: A keyframe rests on the floor: its lowest point (a joint centre, the head's edge, a wheel's rim)
#: is at most this high (a knee or wrist on the floor sits a few centimetres up).
CONTACT_CM = 5.0

#: The view where the fault that matters shows (issue 11): the side for the anti-extension drills,
#: the front for the carries, the Pallof press and the side plank.
EXPECTED_VIEWS = {
    "dead_bug": View.SIDE,
    "dead_bug_toe_tap": View.SIDE,
    "dead_bug_heel_slide": View.SIDE,
    "wall_press_dead_bug": View.SIDE,
    "bird_dog": View.SIDE,
    "bird_dog_single_limb": View.SIDE,
    "ab_wheel_rollout": View.SIDE,
    "suitcase_carry": View.FRONT,
    "kettlebell_crosswalk": View.FRONT,
    "pallof_press_standing": View.FRONT,
    "pallof_press_tall_kneeling": View.FRONT,
    "pallof_press_half_kneeling": View.FRONT,
    "side_plank": View.FRONT,
    "side_plank_knees": View.FRONT,
}


def _demos() -> list[tuple[str, Demo]]:
    catalogue = load_catalogue()
    return sorted(catalogue.demos.items())


DEMOS = _demos()
DEMO_IDS = [exercise_id for exercise_id, _ in DEMOS]


def _times(demo: Demo) -> list[float]:
    """Evenly spread times over one loop plus the middle of every move (where drift is largest)."""
    times = [demo.duration_s * k / TIME_POINTS for k in range(TIME_POINTS)]
    t = 0.0
    for keyframe in demo.keyframes:
        t += keyframe.hold_s
        times.append(t + keyframe.move_s / 2)
        t += keyframe.move_s
    return times


def _lowest_point(demo: Demo, joints: dict[Joint, tuple[float, float, float]]) -> float:
    low = min(p[1] - (HEAD_RADIUS if joint is Joint.HEAD else 0.0) for joint, p in joints.items())
    for prop in demo.props:
        if isinstance(prop, Wheel | Weight):
            if prop.at == "hands":
                r, left = joints[Joint.RIGHT_WRIST], joints[Joint.LEFT_WRIST]
                centre_y = (r[1] + left[1]) / 2
            else:
                centre_y = joints[Joint(prop.at)][1]
            if isinstance(prop, Weight):
                centre_y += prop.offset[1]
            low = min(low, centre_y - prop.radius)
    return low


def test_every_catalogue_exercise_has_a_demo(catalogue: Catalogue) -> None:
    missing = sorted(e.id for e in catalogue if catalogue.demo(e.id) is None)
    assert not missing, f"exercises without a demo: {missing}"
    assert len(catalogue.demos) == len(catalogue.exercises) >= 20


@pytest.mark.parametrize(("exercise_id", "view"), sorted(EXPECTED_VIEWS.items()))
def test_demo_is_seen_from_where_the_fault_shows(catalogue: Catalogue, exercise_id: str, view: View) -> None:
    demo = catalogue.demo(exercise_id)
    assert demo is not None
    assert demo.view is view


@pytest.mark.parametrize(("exercise_id", "demo"), DEMOS, ids=DEMO_IDS)
def test_keyframes_differ(exercise_id: str, demo: Demo) -> None:
    poses = demo.poses()
    for i, pose in enumerate(poses):
        following = poses[(i + 1) % len(poses)]
        moved = largest_move_cm(pose, following, demo.anchor, include_outline=demo.breathing)
        assert moved >= MIN_MOVE_CM, f"{exercise_id}: keyframe {i} and the next differ by only {moved:.1f} cm"
    assert largest_move_cm(poses[0], poses[demo.end_keyframe], demo.anchor, demo.breathing) >= MIN_MOVE_CM


@pytest.mark.parametrize(("exercise_id", "demo"), DEMOS, ids=DEMO_IDS)
def test_segment_lengths_hold_through_the_animation(exercise_id: str, demo: Demo) -> None:
    lengths: dict[tuple[Joint, Joint], list[float]] = {pair: [] for pair in SEGMENT_LENGTHS}
    for t in _times(demo):
        joints = compute_joints(demo.pose_at(t), demo.anchor)
        for (a, b), values in lengths.items():
            values.append(math.dist(joints[a], joints[b]))
    for (a, b), values in lengths.items():
        mean = sum(values) / len(values)
        worst = max(abs(v - mean) for v in values)
        assert worst <= LENGTH_TOLERANCE * mean, f"{exercise_id}: {a.value}-{b.value} varies by {worst:.2f} cm around {mean:.1f}"
        assert mean == pytest.approx(SEGMENT_LENGTHS[(a, b)], rel=LENGTH_TOLERANCE)


@pytest.mark.parametrize(("exercise_id", "demo"), DEMOS, ids=DEMO_IDS)
def test_figure_rests_on_the_floor_and_never_sinks_into_it(exercise_id: str, demo: Demo) -> None:
    for i, pose in enumerate(demo.poses()):
        low = _lowest_point(demo, compute_joints(pose, demo.anchor))
        assert low <= CONTACT_CM, f"{exercise_id}: keyframe {i} floats {low:.1f} cm above the floor"
    for t in _times(demo):
        low = _lowest_point(demo, compute_joints(demo.pose_at(t), demo.anchor))
        assert low >= -FLOOR_TOLERANCE_CM, f"{exercise_id}: at {t:.2f} s the figure is {-low:.1f} cm into the floor"


@pytest.mark.parametrize(("exercise_id", "demo"), DEMOS, ids=DEMO_IDS)
def test_a_hand_or_foot_that_stays_put_is_held_in_between(exercise_id: str, demo: Demo) -> None:
    poses = demo.poses()
    ends = (Joint.RIGHT_WRIST, Joint.LEFT_WRIST, Joint.RIGHT_ANKLE, Joint.LEFT_ANKLE)
    for i, pose in enumerate(poses):
        following = poses[(i + 1) % len(poses)]
        ja, jb = compute_joints(pose, demo.anchor), compute_joints(following, demo.anchor)
        for f in (0.25, 0.5, 0.75):
            now = compute_joints(demo.between(pose, following, f), demo.anchor)
            for end in ends:
                if math.dist(ja[end], jb[end]) <= STAYS_PUT_CM:
                    expected = tuple(p + (q - p) * f for p, q in zip(ja[end], jb[end], strict=True))
                    assert math.dist(now[end], expected) < 0.5, f"{exercise_id}: {end.value} slides between keyframes {i} and {i + 1}"


@pytest.mark.parametrize(("exercise_id", "demo"), DEMOS, ids=DEMO_IDS)
def test_cues_point_at_regions_and_speak_plain_dutch(exercise_id: str, demo: Demo) -> None:
    assert 2 <= len(demo.cues) <= 3
    assert len({cue.region for cue in demo.cues}) == len(demo.cues), f"{exercise_id}: two cues point at the same region"
    for text in [*(cue.text for cue in demo.cues), demo.start, demo.movement, demo.end]:
        assert not re.search(r"\b(u|uw)\b", text.nl, flags=re.IGNORECASE), f"{exercise_id}: formal Dutch in {text.nl!r}"


def test_known_answers_of_the_figure() -> None:
    """Standing straight: ankles 7 cm up, hips at 92, neck at 144, head centre at 162, shoulders 34 apart."""
    raw = _standing_demo()
    demo = parse_demo("demos/standing.yaml", raw)
    joints = compute_joints(demo.poses()[0], demo.anchor)
    assert joints[Joint.PELVIS][1] == pytest.approx(92.0)
    assert joints[Joint.RIGHT_ANKLE][1] == pytest.approx(7.0)
    assert joints[Joint.NECK][1] == pytest.approx(144.0)
    assert joints[Joint.HEAD][1] == pytest.approx(162.0)
    assert joints[Joint.RIGHT_SHOULDER][0] == pytest.approx(-17.0)  # the person's right is the picture's left
    assert joints[Joint.LEFT_SHOULDER][0] == pytest.approx(17.0)
    assert joints[Joint.RIGHT_WRIST][1] == pytest.approx(144.0 - 6.0 - 56.0)
    assert unit_vector((0.0, 90.0)) == pytest.approx((0.0, 0.0, 1.0))
    assert unit_vector((90.0, 0.0)) == pytest.approx((0.0, 1.0, 0.0), abs=1e-12)


def test_anchor_joint_sits_where_the_keyframe_says() -> None:
    raw = _standing_demo()
    raw["anchor"] = "right_ankle"
    raw["keyframes"][0]["pose"]["at"] = [10, 7, 3]
    demo = parse_demo("demos/standing.yaml", raw)
    joints = compute_joints(demo.poses()[0], demo.anchor)
    assert joints[Joint.RIGHT_ANKLE] == pytest.approx((10.0, 7.0, 3.0))
    assert joints[Joint.PELVIS] == pytest.approx((19.0, 92.0, 3.0))


def test_later_keyframes_take_what_they_leave_out_from_the_first() -> None:
    demo = parse_demo("demos/standing.yaml", _standing_demo())
    start, raised, back = demo.poses()
    assert raised.direction("right_upper_arm") == (180.0, 0.0)
    assert raised.direction("left_upper_arm") == start.direction("left_upper_arm")
    assert back == start


def _standing_demo() -> dict[str, Any]:
    straight = {
        "at": [0, 92],
        "lower_trunk": 90,
        "upper_trunk": 90,
        "head": 90,
        "right_upper_arm": 270,
        "right_forearm": 270,
        "left_upper_arm": 270,
        "left_forearm": 270,
        "right_thigh": 270,
        "right_shin": 270,
        "right_foot": [270, 65],
        "left_thigh": 270,
        "left_shin": 270,
        "left_foot": [270, 65],
    }
    text = {"en": "Standing.", "nl": "Staand."}
    return {
        "exercise": "standing",
        "view": "front",
        "keyframes": [
            {"pose": straight},
            {"pose": {"right_upper_arm": 180, "right_forearm": 180}},
            {"pose": {}},
        ],
        "start": text,
        "movement": {"en": "One arm lifts out to the side.", "nl": "Eén arm gaat zijwaarts omhoog."},
        "end": {"en": "Arm out to the side.", "nl": "Arm zijwaarts."},
        "cues": [
            {"region": "shoulders", "text": {"en": "Shoulders level.", "nl": "Schouders recht."}},
            {"region": "ribs", "text": {"en": "Ribs down.", "nl": "Ribben omlaag."}},
        ],
    }


def _broken(change: str) -> dict[str, Any]:
    raw = copy.deepcopy(_standing_demo())
    if change == "incomplete first keyframe":
        del raw["keyframes"][0]["pose"]["left_shin"]
    elif change == "one keyframe":
        raw["keyframes"] = raw["keyframes"][:1]
    elif change == "ambiguous turn":
        raw["keyframes"][1]["pose"] = {"right_upper_arm": 90, "right_forearm": 92}  # from 270: which way round?
    elif change == "direction as text":
        raw["keyframes"][0]["pose"]["head"] = "up"
    elif change == "towards beyond 90":
        raw["keyframes"][0]["pose"]["head"] = [90, 120]
    elif change == "unknown region":
        raw["cues"][0]["region"] = "elbow"
    elif change == "four cues":
        raw["cues"] = raw["cues"] * 2
    elif change == "unknown field":
        raw["keyframes"][0]["pose"]["tail"] = 10
    elif change == "belly in a later keyframe only":
        raw["keyframes"][1]["pose"]["belly"] = 0.5
    elif change == "end keyframe out of range":
        raw["end_keyframe"] = 3
    return raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("incomplete first keyframe", "missing: left_shin"),
        ("one keyframe", "keyframes"),
        ("ambiguous turn", "right_upper_arm turns 180 degrees"),
        ("direction as text", "a direction is an angle"),
        ("towards beyond 90", "between -90 and 90"),
        ("unknown region", "region"),
        ("four cues", "cues"),
        ("unknown field", "tail"),
        ("belly in a later keyframe only", "belly and ribs move only"),
        ("end keyframe out of range", "end_keyframe 3"),
    ],
)
def test_bad_demo_files_are_refused_with_the_reason(change: str, message: str) -> None:
    with pytest.raises(CatalogueError) as excinfo:
        parse_demo("demos/standing.yaml", _broken(change))
    assert "demos/standing.yaml" in str(excinfo.value)
    assert message in str(excinfo.value)


def test_demo_file_named_after_its_exercise(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match=r"name it demos/standing\.yaml"):
        parse_demo("demos/sitting.yaml", _standing_demo())


def test_demo_of_an_exercise_not_in_the_catalogue_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(CatalogueError, match="'standing', which is not in the catalogue"):
        parse_demos([("demos/standing.yaml", _standing_demo())], catalogue.exercises)
    raw = _standing_demo()
    raw["exercise"] = "dead_bug"
    assert set(parse_demos([("demos/dead_bug.yaml", raw)], catalogue.exercises)) == {"dead_bug"}
