"""Demonstrations: keyframes of a stick figure that shows how an exercise is done.

Each catalogue exercise has one demo, kept as data in ``data/demos/<exercise id>.yaml`` and
validated on load. A demo is seen from the ``view`` where the fault that matters shows (the side
for a dead bug, the front for a suitcase carry), has 2 to 5 keyframes played in order and looped
back to the first, the props the exercise uses and 2 or 3 cues, each pointing at the body region
that must stay still.

Notes
-----
Poses are joint angles, never joint positions: every segment has a fixed length
(:data:`SEGMENT_LENGTHS`, in centimetres of a person about 1.75 m tall) and each pose gives the
*direction* of each segment. So the figure keeps its proportions in every keyframe and in every
frame in between (angles are interpolated, then positions computed again).

* World frame: ``x`` to the right of the picture, ``y`` up (the floor is ``y = 0``), ``z``
  towards the viewer. Units are centimetres.
* A direction is an angle in degrees in the picture plane, counter-clockwise from the right
  (0 = right, 90 = up, 180 = left, 270 = down), optionally with a second angle towards the viewer
  (``[angle, towards]``, -90 to 90; 90 points straight at the viewer). A plain number means the
  segment lies in the picture plane.
* ``hip_line`` and ``shoulder_line`` point from the person's right side to their left side. By
  default they point away from the viewer in a side view (the figure's right side is the near
  side), to the right of the picture in a front view (the figure faces the viewer) and up in a
  view from the head end (the figure lies on its right side, head towards the viewer).
* One joint, the demo's ``anchor`` (the pelvis unless the demo says otherwise), is placed at the
  keyframe's ``at``; everything else hangs from it. A joint that rests on the floor in every
  keyframe (the feet of a side plank) is a good anchor: it then stays put between keyframes too.
* Only the first keyframe gives every field. Later keyframes give what changes; the rest is
  taken from the first keyframe (an empty ``pose: {}`` returns to the start position).
* ``belly`` and ``ribs`` (0 to 1) widen the outline of the trunk for breathing drills; the outline
  is drawn only when the first keyframe gives them.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from corecoach.domain.text import Text

Vec3 = tuple[float, float, float]


def _direction(value: object) -> tuple[float, float]:
    """``30`` or ``[30, 60]`` as ``(angle_deg, towards_deg)``; anything else is refused with an example."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (float(value), 0.0)
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        angle, towards = float(value[0]), float(value[1])
        if not -90.0 <= towards <= 90.0:
            raise ValueError(f"the angle towards the viewer must be between -90 and 90 degrees (got {towards:g})")
        return (angle, towards)
    raise ValueError("a direction is an angle in degrees (0 = right, 90 = up) or [angle, angle towards the viewer], e.g. 270 or [270, 40]")


#: A segment's direction: ``(angle in the picture plane, angle towards the viewer)`` in degrees.
Direction = Annotated[tuple[float, float], BeforeValidator(_direction)]


def _point(value: object) -> Vec3:
    if (
        isinstance(value, list | tuple)
        and len(value) in (2, 3)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        x, y, *rest = (float(v) for v in value)
        return (x, y, rest[0] if rest else 0.0)
    raise ValueError("a position is [x, y] or [x, y, z] in centimetres (y up from the floor, z towards the viewer)")


#: A position in the world frame, ``[x, y]`` or ``[x, y, z]`` in centimetres.
Point = Annotated[Vec3, BeforeValidator(_point)]


class View(StrEnum):
    """Where the viewer stands: beside the person, in front of them, or at their head (lying down)."""

    SIDE = "side"
    FRONT = "front"
    HEAD_END = "head_end"


class Joint(StrEnum):
    """The points of the stick figure."""

    PELVIS = "pelvis"
    MID_BACK = "mid_back"
    NECK = "neck"
    HEAD = "head"
    RIGHT_SHOULDER = "right_shoulder"
    RIGHT_ELBOW = "right_elbow"
    RIGHT_WRIST = "right_wrist"
    LEFT_SHOULDER = "left_shoulder"
    LEFT_ELBOW = "left_elbow"
    LEFT_WRIST = "left_wrist"
    RIGHT_HIP = "right_hip"
    RIGHT_KNEE = "right_knee"
    RIGHT_ANKLE = "right_ankle"
    RIGHT_TOE = "right_toe"
    LEFT_HIP = "left_hip"
    LEFT_KNEE = "left_knee"
    LEFT_ANKLE = "left_ankle"
    LEFT_TOE = "left_toe"


class BodyRegion(StrEnum):
    """A part of the body a cue points at; the renderer highlights it."""

    NECK = "neck"
    SHOULDERS = "shoulders"
    UPPER_BACK = "upper_back"
    RIBS = "ribs"
    BELLY = "belly"
    LOWER_BACK = "lower_back"
    PELVIS = "pelvis"
    RIGHT_ARM = "right_arm"
    LEFT_ARM = "left_arm"
    RIGHT_LEG = "right_leg"
    LEFT_LEG = "left_leg"


#: Radius of the head circle, in centimetres.
HEAD_RADIUS = 10.0

#: Half the distance between the shoulder joints and between the hip joints.
SHOULDER_HALF_WIDTH = 17.0
HIP_HALF_WIDTH = 9.0

#: How far below the base of the neck, along the upper trunk, the shoulder joints sit.
SHOULDER_DROP = 6.0

#: The chain of the figure: (from joint, to joint, pose field that gives the direction, length in cm).
BONES: tuple[tuple[Joint, Joint, str, float], ...] = (
    (Joint.PELVIS, Joint.MID_BACK, "lower_trunk", 24.0),
    (Joint.MID_BACK, Joint.NECK, "upper_trunk", 28.0),
    (Joint.NECK, Joint.HEAD, "head", 18.0),
    (Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW, "right_upper_arm", 29.0),
    (Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST, "right_forearm", 27.0),
    (Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, "left_upper_arm", 29.0),
    (Joint.LEFT_ELBOW, Joint.LEFT_WRIST, "left_forearm", 27.0),
    (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, "right_thigh", 43.0),
    (Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE, "right_shin", 42.0),
    (Joint.RIGHT_ANKLE, Joint.RIGHT_TOE, "right_foot", 14.0),
    (Joint.LEFT_HIP, Joint.LEFT_KNEE, "left_thigh", 43.0),
    (Joint.LEFT_KNEE, Joint.LEFT_ANKLE, "left_shin", 42.0),
    (Joint.LEFT_ANKLE, Joint.LEFT_TOE, "left_foot", 14.0),
)

#: Every pair of joints whose distance is fixed, with that distance: the bones and the two widths.
SEGMENT_LENGTHS: dict[tuple[Joint, Joint], float] = {
    **{(a, b): length for a, b, _, length in BONES},
    (Joint.RIGHT_SHOULDER, Joint.LEFT_SHOULDER): 2 * SHOULDER_HALF_WIDTH,
    (Joint.RIGHT_HIP, Joint.LEFT_HIP): 2 * HIP_HALF_WIDTH,
}

#: The pose fields that are directions, in a fixed order.
DIRECTION_FIELDS: tuple[str, ...] = (*(field for _, _, field, _ in BONES), "hip_line", "shoulder_line")

#: Default right-to-left direction of the hips and shoulders per view (see the module notes).
DEFAULT_BODY_LINE: dict[View, tuple[float, float]] = {View.SIDE: (0.0, -90.0), View.FRONT: (0.0, 0.0), View.HEAD_END: (90.0, 0.0)}

#: Largest turn of one segment between two keyframes that follow each other: beyond it, which way
#: the segment turns would be a guess.
MAX_TURN_DEG = 170.0


class Pose(BaseModel):
    """Directions of the segments and where the anchor joint is; see the module notes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at: Point | None = None
    lower_trunk: Direction | None = None
    upper_trunk: Direction | None = None
    head: Direction | None = None
    right_upper_arm: Direction | None = None
    right_forearm: Direction | None = None
    left_upper_arm: Direction | None = None
    left_forearm: Direction | None = None
    right_thigh: Direction | None = None
    right_shin: Direction | None = None
    right_foot: Direction | None = None
    left_thigh: Direction | None = None
    left_shin: Direction | None = None
    left_foot: Direction | None = None
    hip_line: Direction | None = None
    shoulder_line: Direction | None = None
    belly: float | None = Field(default=None, ge=0.0, le=1.0)
    ribs: float | None = Field(default=None, ge=0.0, le=1.0)


class Keyframe(BaseModel):
    """A pose held for ``hold_s`` seconds, then ``move_s`` seconds to move on to the next keyframe."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    pose: Pose
    hold_s: float = Field(default=0.6, ge=0.0, le=10.0)
    move_s: float = Field(default=1.2, gt=0.0, le=10.0)


class Cue(BaseModel):
    """What to keep still or do, and where on the body that is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Text
    region: BodyRegion


#: A point a prop hangs from: a joint, or ``hands`` (halfway between the wrists).
Attachment = Joint | Literal["hands"]


class Mat(BaseModel):
    """An exercise mat on the floor under the figure."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["mat"]


class Wall(BaseModel):
    """A wall standing at ``x`` (seen from the side)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["wall"]
    x: float


class Band(BaseModel):
    """A band or cable from a fixed ``anchor`` to the hands (or one wrist)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["band"]
    anchor: Point
    to: Attachment = "hands"


class Weight(BaseModel):
    """A kettlebell or dumbbell held at a wrist; ``offset`` is where its centre sits from the wrist."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["weight"]
    at: Attachment
    offset: Point = (0.0, -12.0, 0.0)
    radius: float = Field(default=8.0, gt=0, le=20)


class Wheel(BaseModel):
    """An ab wheel whose axle is held in the hands."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["wheel"]
    at: Attachment = "hands"
    radius: float = Field(default=9.0, gt=0, le=20)


class Roller(BaseModel):
    """A foam roller lying still on the floor, seen end-on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["roller"]
    at: Point
    radius: float = Field(default=7.5, gt=0, le=20)


Prop = Annotated[Mat | Wall | Band | Weight | Wheel | Roller, Field(discriminator="kind")]


class Demo(BaseModel):
    """The demonstration of one exercise; see the module notes for the conventions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str
    view: View
    #: Turn of the viewer around the vertical axis, for a front view where the arms move towards
    #: the viewer (a Pallof press): a few degrees show the press without hiding a turn of the trunk.
    camera_yaw_deg: float = Field(default=0.0, ge=-45.0, le=45.0)
    anchor: Joint = Joint.PELVIS
    props: tuple[Prop, ...] = ()
    keyframes: tuple[Keyframe, ...] = Field(min_length=2, max_length=5)
    #: Which keyframe is the end position shown next to the start (the first) in print.
    end_keyframe: int = Field(default=1, ge=1, le=4)
    start: Text
    movement: Text
    end: Text
    cues: tuple[Cue, ...] = Field(min_length=2, max_length=3)

    @model_validator(mode="after")
    def _complete_and_unambiguous(self) -> Self:
        first = self.keyframes[0].pose
        missing = [
            name
            for name in Pose.model_fields
            if getattr(first, name) is None and name not in ("hip_line", "shoulder_line", "belly", "ribs")
        ]
        if missing:
            raise ValueError(f"the first keyframe must give the whole pose; missing: {', '.join(missing)}")
        if (first.belly is None) != (first.ribs is None):
            raise ValueError("the first keyframe gives both belly and ribs (a breathing drill) or neither")
        if first.belly is None and any(k.pose.belly is not None or k.pose.ribs is not None for k in self.keyframes):
            raise ValueError("belly and ribs move only when the first keyframe gives them")
        if self.end_keyframe >= len(self.keyframes):
            raise ValueError(f"end_keyframe {self.end_keyframe} is not one of the {len(self.keyframes)} keyframes (counted from 0)")
        poses = self.poses()
        problems = []
        for i, a in enumerate(poses):
            b = poses[(i + 1) % len(poses)]
            for name, (a1, t1), (a2, t2) in zip(DIRECTION_FIELDS, a.directions, b.directions, strict=True):
                turn = abs(_turn(a1, a2))
                if turn > MAX_TURN_DEG and max(abs(t1), abs(t2)) < 80.0:
                    problems.append(f"keyframe {i} to {(i + 1) % len(poses)}: {name} turns {turn:.0f} degrees")
        if problems:
            raise ValueError(f"a segment may turn at most {MAX_TURN_DEG:.0f} degrees between keyframes: " + "; ".join(problems))
        return self

    def poses(self) -> tuple[PoseValues, ...]:
        """Every keyframe's full pose (fields it leaves out taken from the first keyframe)."""
        first = self.keyframes[0].pose
        default_line = DEFAULT_BODY_LINE[self.view]
        hip_line = first.hip_line or default_line
        base: dict[str, object] = {
            **first.model_dump(),
            "hip_line": hip_line,
            "shoulder_line": first.shoulder_line or hip_line,
        }
        out = []
        for keyframe in self.keyframes:
            values = {**base, **keyframe.pose.model_dump(exclude_none=True)}
            at = values["at"]
            assert isinstance(at, tuple)
            out.append(
                PoseValues(
                    at=(float(at[0]), float(at[1]), float(at[2])),
                    directions=tuple(_as_direction(values[name]) for name in DIRECTION_FIELDS),
                    belly=_as_float(values["belly"]),
                    ribs=_as_float(values["ribs"]),
                )
            )
        return tuple(out)

    @property
    def breathing(self) -> bool:
        """Whether the trunk outline (belly and ribs) is drawn."""
        return self.keyframes[0].pose.belly is not None

    @property
    def duration_s(self) -> float:
        """Length of one loop of the animation."""
        return sum(k.hold_s + k.move_s for k in self.keyframes)

    def timeline(self, max_turn_deg: float = 6.0) -> tuple[tuple[float, PoseValues], ...]:
        """Poses sampled over one loop, as ``(time_s, pose)``, the last one back at the start.

        Holds give their two ends; each move gives enough steps that no segment turns more than
        ``max_turn_deg`` between two samples (at least 4 steps), eased in and out, so that
        straight lines between the samples keep every segment within a fraction of a percent of
        its length.
        """
        poses = self.poses()
        samples: list[tuple[float, PoseValues]] = []
        t = 0.0
        for i, keyframe in enumerate(self.keyframes):
            a, b = poses[i], poses[(i + 1) % len(poses)]
            samples.append((t, a))
            if keyframe.hold_s > 0:
                t += keyframe.hold_s
                samples.append((t, a))
            biggest = max((abs(turn) for turn in a.turns_to(b)), default=0.0)
            steps = max(4, math.ceil(biggest / max_turn_deg))
            for step in range(1, steps):
                fraction = step / steps
                samples.append((t + keyframe.move_s * fraction, self.between(a, b, _ease(fraction))))
            t += keyframe.move_s
        samples.append((t, poses[0]))
        return tuple(samples)

    def between(self, a: PoseValues, b: PoseValues, fraction: float) -> PoseValues:
        """The pose ``fraction`` of the way from ``a`` to ``b``, hands and feet that stay put kept put.

        Angles are interpolated (:meth:`PoseValues.interpolate`). A limb whose end (wrist or
        ankle) is in the same place in both poses, within :data:`LOCK_CM`, would still drift
        in between, as its angles and its root move; it is bent again (two-bone inverse
        kinematics, the knee or elbow on the side the interpolated pose put it) so that its end
        stays where it is, as a hand on the floor or a foot on the wall does. Segment lengths
        are unchanged by this.
        """
        pose = a.interpolate(b, fraction)
        if fraction <= 0.0 or fraction >= 1.0:
            return pose
        ja, jb, now = compute_joints(a, self.anchor), compute_joints(b, self.anchor), compute_joints(pose, self.anchor)
        directions = dict(zip(DIRECTION_FIELDS, pose.directions, strict=True))
        changed = False
        for root, middle, end, first_field, second_field in _LIMB_CHAINS:
            if self.anchor in (middle, end) or math.dist(ja[end], jb[end]) > LOCK_CM:
                continue
            target = tuple(p + (q - p) * fraction for p, q in zip(ja[end], jb[end], strict=True))
            solved = _two_bone(
                now[root], (target[0], target[1], target[2]), now[middle], _BONE_LENGTH[first_field], _BONE_LENGTH[second_field]
            )
            if solved is not None:
                directions[first_field], directions[second_field] = solved
                changed = True
        if not changed:
            return pose
        return PoseValues(at=pose.at, directions=tuple(directions[name] for name in DIRECTION_FIELDS), belly=pose.belly, ribs=pose.ribs)

    def pose_at(self, time_s: float) -> PoseValues:
        """The exact pose at a time within the loop (angles interpolated, eased in and out)."""
        poses = self.poses()
        t = time_s % self.duration_s
        for i, keyframe in enumerate(self.keyframes):
            if t <= keyframe.hold_s:
                return poses[i]
            t -= keyframe.hold_s
            if t <= keyframe.move_s:
                return self.between(poses[i], poses[(i + 1) % len(poses)], _ease(t / keyframe.move_s))
            t -= keyframe.move_s
        return poses[0]


#: A wrist or ankle that moves less than this between two keyframes is held in place in between.
LOCK_CM = 2.0

#: The two-bone limbs: (root, middle, end joint, first segment's field, second segment's field).
_LIMB_CHAINS: tuple[tuple[Joint, Joint, Joint, str, str], ...] = (
    (Joint.RIGHT_SHOULDER, Joint.RIGHT_ELBOW, Joint.RIGHT_WRIST, "right_upper_arm", "right_forearm"),
    (Joint.LEFT_SHOULDER, Joint.LEFT_ELBOW, Joint.LEFT_WRIST, "left_upper_arm", "left_forearm"),
    (Joint.RIGHT_HIP, Joint.RIGHT_KNEE, Joint.RIGHT_ANKLE, "right_thigh", "right_shin"),
    (Joint.LEFT_HIP, Joint.LEFT_KNEE, Joint.LEFT_ANKLE, "left_thigh", "left_shin"),
)
_BONE_LENGTH: dict[str, float] = {name: length for _, _, name, length in BONES}


def _direction_of(v: Vec3) -> tuple[float, float]:
    """The ``(angle, towards)`` of a non-zero vector (the inverse of :func:`unit_vector`)."""
    u = _normalised(v)
    return (math.degrees(math.atan2(u[1], u[0])), math.degrees(math.asin(max(-1.0, min(1.0, u[2])))))


def _two_bone(
    root: Vec3, target: Vec3, middle: Vec3, first: float, second: float
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Directions of two segments from ``root`` that end at ``target``, bending towards ``middle``.

    A target out of reach gets the limb straight towards it; a target at the root, or a
    middle joint on the root-target line (no side to bend to), gives None (nothing changed).
    """
    d = (target[0] - root[0], target[1] - root[1], target[2] - root[2])
    distance = math.sqrt(d[0] ** 2 + d[1] ** 2 + d[2] ** 2)
    if distance < 1e-6:
        return None
    u = (d[0] / distance, d[1] / distance, d[2] / distance)
    if distance >= first + second:
        return (_direction_of(u), _direction_of(u))
    m = (middle[0] - root[0], middle[1] - root[1], middle[2] - root[2])
    along = m[0] * u[0] + m[1] * u[1] + m[2] * u[2]
    side = (m[0] - along * u[0], m[1] - along * u[1], m[2] - along * u[2])
    if math.sqrt(side[0] ** 2 + side[1] ** 2 + side[2] ** 2) < 1e-6:
        return None
    side = _normalised(side)
    a = (first * first - second * second + distance * distance) / (2.0 * distance)
    h = math.sqrt(max(0.0, first * first - a * a))
    joint = (root[0] + a * u[0] + h * side[0], root[1] + a * u[1] + h * side[1], root[2] + a * u[2] + h * side[2])
    return (
        _direction_of((joint[0] - root[0], joint[1] - root[1], joint[2] - root[2])),
        _direction_of((target[0] - joint[0], target[1] - joint[1], target[2] - joint[2])),
    )


def _as_direction(value: object) -> tuple[float, float]:
    assert isinstance(value, tuple) and len(value) == 2
    return (float(value[0]), float(value[1]))


def _as_float(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _ease(fraction: float) -> float:
    """Smooth start and stop (smoothstep): 0 -> 0, 1 -> 1, slope 0 at both ends."""
    return fraction * fraction * (3.0 - 2.0 * fraction)


def _turn(a_deg: float, b_deg: float) -> float:
    """Signed shortest turn from angle a to angle b, in (-180, 180]."""
    d = (b_deg - a_deg) % 360.0
    return d - 360.0 if d > 180.0 else d


@dataclass(frozen=True)
class PoseValues:
    """A full pose: the anchor's position, every direction (in :data:`DIRECTION_FIELDS` order), belly and ribs."""

    at: Vec3
    directions: tuple[tuple[float, float], ...]
    belly: float = 0.0
    ribs: float = 0.0

    def direction(self, name: str) -> tuple[float, float]:
        return self.directions[DIRECTION_FIELDS.index(name)]

    def turns_to(self, other: PoseValues) -> Iterator[float]:
        """How far each segment turns on the way to ``other``, in degrees (the larger of its two angles' turns)."""
        for (a1, t1), (a2, t2) in zip(self.directions, other.directions, strict=True):
            yield max(abs(_turn(a1, a2)), abs(t2 - t1))

    def interpolate(self, other: PoseValues, fraction: float) -> PoseValues:
        """The pose ``fraction`` of the way to ``other``: angles the short way round, positions in a line."""
        f = fraction
        return PoseValues(
            at=(
                self.at[0] + (other.at[0] - self.at[0]) * f,
                self.at[1] + (other.at[1] - self.at[1]) * f,
                self.at[2] + (other.at[2] - self.at[2]) * f,
            ),
            directions=tuple(
                (a1 + _turn(a1, a2) * f, t1 + (t2 - t1) * f) for (a1, t1), (a2, t2) in zip(self.directions, other.directions, strict=True)
            ),
            belly=self.belly + (other.belly - self.belly) * f,
            ribs=self.ribs + (other.ribs - self.ribs) * f,
        )


def unit_vector(direction: tuple[float, float]) -> Vec3:
    """The 3-D unit vector of a direction ``(angle in the picture plane, angle towards the viewer)``."""
    a, t = math.radians(direction[0]), math.radians(direction[1])
    return (math.cos(t) * math.cos(a), math.cos(t) * math.sin(a), math.sin(t))


def _add(p: Vec3, v: Vec3, k: float = 1.0) -> Vec3:
    return (p[0] + k * v[0], p[1] + k * v[1], p[2] + k * v[2])


def _cross(u: Vec3, v: Vec3) -> Vec3:
    return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])


def _normalised(v: Vec3) -> Vec3:
    n = math.sqrt(v[0] ** 2 + v[1] ** 2 + v[2] ** 2)
    return (0.0, 0.0, 1.0) if n < 1e-9 else (v[0] / n, v[1] / n, v[2] / n)


def compute_joints(pose: PoseValues, anchor: Joint = Joint.PELVIS) -> dict[Joint, Vec3]:
    """Positions of every joint of a pose, in centimetres, with ``anchor`` at ``pose.at``.

    Parameters
    ----------
    pose
        The full pose.
    anchor
        The joint placed at ``pose.at``; the rest of the figure hangs from it.

    Returns
    -------
    dict
        Every :class:`Joint` and its ``(x, y, z)`` position in the world frame.
    """
    d = {name: unit_vector(value) for name, value in zip(DIRECTION_FIELDS, pose.directions, strict=True)}
    origin: Vec3 = (0.0, 0.0, 0.0)
    joints: dict[Joint, Vec3] = {Joint.PELVIS: origin}
    joints[Joint.RIGHT_HIP] = _add(origin, d["hip_line"], -HIP_HALF_WIDTH)
    joints[Joint.LEFT_HIP] = _add(origin, d["hip_line"], HIP_HALF_WIDTH)
    for start, end, name, length in BONES:
        if end is Joint.RIGHT_ELBOW:  # the shoulders hang from just below the neck, which is known by now
            centre = _add(joints[Joint.NECK], d["upper_trunk"], -SHOULDER_DROP)
            joints[Joint.RIGHT_SHOULDER] = _add(centre, d["shoulder_line"], -SHOULDER_HALF_WIDTH)
            joints[Joint.LEFT_SHOULDER] = _add(centre, d["shoulder_line"], SHOULDER_HALF_WIDTH)
        joints[end] = _add(joints[start], d[name], length)
    shift = tuple(p - q for p, q in zip(pose.at, joints[anchor], strict=True))
    return {joint: (p[0] + shift[0], p[1] + shift[1], p[2] + shift[2]) for joint, p in joints.items()}


def compute_forward(pose: PoseValues, upper: bool) -> Vec3:
    """The way the chest (``upper``) or the belly faces: right-to-left line crossed with the trunk's up."""
    line = unit_vector(pose.direction("shoulder_line" if upper else "hip_line"))
    up = unit_vector(pose.direction("upper_trunk" if upper else "lower_trunk"))
    return _normalised(_cross(line, up))


def compute_outline(pose: PoseValues, joints: Mapping[Joint, Vec3], back: bool = False) -> tuple[Vec3, ...]:
    """The front (or ``back``) of the trunk for breathing drills, pelvis to neck.

    In front the belly and the ribs bulge out as they fill; at the back the lower back widens a
    little with the belly (breathing "into the back pockets") and the ribs with the ribs.
    """
    low, high = compute_forward(pose, upper=False), compute_forward(pose, upper=True)
    pelvis, mid, neck = joints[Joint.PELVIS], joints[Joint.MID_BACK], joints[Joint.NECK]
    side = -1.0 if back else 1.0

    def along(a: Vec3, b: Vec3, f: float, normal: Vec3, out: float) -> Vec3:
        return _add((a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f), normal, side * out)

    if back:
        return (
            along(pelvis, mid, 0.0, low, 4.0),
            along(pelvis, mid, 0.55, low, 4.0 + 5.0 * pose.belly),
            along(mid, neck, 0.1, high, 4.5 + 2.0 * pose.ribs),
            along(mid, neck, 0.6, high, 5.0 + 2.0 * pose.ribs),
            along(mid, neck, 1.0, high, 4.0),
        )
    return (
        along(pelvis, mid, 0.0, low, 5.0),
        along(pelvis, mid, 0.55, low, 6.0 + 8.0 * pose.belly),
        along(mid, neck, 0.1, high, 7.0 + 3.0 * pose.ribs),
        along(mid, neck, 0.6, high, 7.0 + 3.0 * pose.ribs),
        along(mid, neck, 1.0, high, 4.0),
    )


def moved_points(pose: PoseValues, anchor: Joint) -> dict[str, Vec3]:
    """Joints and trunk outline points of a pose by name, for comparing keyframes."""
    joints = compute_joints(pose, anchor)
    points: dict[str, Vec3] = {joint.value: p for joint, p in joints.items()}
    points.update({f"outline_{i}": p for i, p in enumerate(compute_outline(pose, joints))})
    points.update({f"outline_back_{i}": p for i, p in enumerate(compute_outline(pose, joints, back=True))})
    return points


def largest_move_cm(a: PoseValues, b: PoseValues, anchor: Joint, include_outline: bool) -> float:
    """How far the point that moves most travels between two poses, in centimetres."""
    pa, pb = moved_points(a, anchor), moved_points(b, anchor)
    names: Sequence[str] = [n for n in pa if include_outline or not n.startswith("outline_")]
    return max(math.dist(pa[n], pb[n]) for n in names)
