"""Angles as data: a declarative table, computed in 2D image space or from 3D world landmarks.

Notes
-----
Conventions (all angles in degrees, NaN where a point is missing):

- ``joint``: the angle at the middle point B of A-B-C, reported as **flexion** = 180 - inner
  angle, so a straight knee or hip is 0 and bending makes it grow (a deep squat knee ~ 120+).
  Unsigned.
- ``segment``: the angle of the segment A->B against the vertical (``vertical``: 0 = A straight
  above... i.e. B straight above A for trunk segments) or the horizontal (``horizontal``: 0 =
  level). In image space y grows downwards; the sign is stated per angle: ``signed=True`` gives
  positive when B lies to the image's right of A (vertical reference) or B is higher in the image
  than A (horizontal reference). Unsigned angles are 0..90 (horizontal) or 0..180 (vertical).
- ``line``: the deviation of A-B-C from a straight line (180 - inner angle at B) with the sign of
  B's side: positive when B lies *below* the line A-C in the image (e.g. hips sagging in a
  plank), negative above (piking).

Virtual points: ``mid_hip``, ``mid_shoulder``, ``mid_knee``, ``mid_ankle`` (midpoints of the pair,
or the one seen side when the other is hidden);
``near_*`` names are resolved by the caller to the side facing the camera.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from corecoach.motion.landmarks import INDEX, FloatArray

AngleKind = Literal["joint", "segment", "line"]
Reference = Literal["vertical", "horizontal"]


@dataclass(frozen=True)
class AngleSpec:
    name: str
    kind: AngleKind
    points: tuple[str, ...]
    reference: Reference | None = None
    signed: bool = False
    description: str = ""


def _side(side: str) -> dict[str, str]:
    return {
        f"{side}_knee_flexion_deg": f"{side}_hip {side}_knee {side}_ankle",
        f"{side}_hip_flexion_deg": f"{side}_shoulder {side}_hip {side}_knee",
        f"{side}_ankle_dorsiflexion_deg": f"{side}_knee {side}_ankle {side}_foot_index",
        f"{side}_elbow_flexion_deg": f"{side}_shoulder {side}_elbow {side}_wrist",
        f"{side}_shoulder_flexion_deg": f"{side}_hip {side}_shoulder {side}_elbow",
    }


ANGLES: tuple[AngleSpec, ...] = (
    *(
        AngleSpec(name, "joint", tuple(pts.split()), description="flexion: 0 = straight")
        for side in ("left", "right")
        for name, pts in _side(side).items()
    ),
    AngleSpec(
        "trunk_from_vertical_deg", "segment", ("mid_hip", "mid_shoulder"), "vertical", description="0 = upright trunk, 90 = horizontal"
    ),
    AngleSpec(
        "trunk_lateral_lean_deg",
        "segment",
        ("mid_hip", "mid_shoulder"),
        "vertical",
        signed=True,
        description="front view: + = shoulders to image right of hips",
    ),
    AngleSpec("left_shin_from_vertical_deg", "segment", ("left_ankle", "left_knee"), "vertical", description="0 = vertical shin"),
    AngleSpec("right_shin_from_vertical_deg", "segment", ("right_ankle", "right_knee"), "vertical", description="0 = vertical shin"),
    AngleSpec(
        "shoulder_tilt_deg", "segment", ("left_shoulder", "right_shoulder"), "horizontal", signed=True, description="front view: 0 = level"
    ),
    AngleSpec("pelvis_tilt_deg", "segment", ("left_hip", "right_hip"), "horizontal", signed=True, description="front view: 0 = level hips"),
    AngleSpec("body_from_horizontal_deg", "segment", ("mid_ankle", "mid_shoulder"), "horizontal", description="0 = body level (plank)"),
    AngleSpec(
        "left_body_line_deg",
        "line",
        ("left_shoulder", "left_hip", "left_ankle"),
        signed=True,
        description="+ = hips below the shoulder-ankle line (sag)",
    ),
    AngleSpec(
        "right_body_line_deg",
        "line",
        ("right_shoulder", "right_hip", "right_ankle"),
        signed=True,
        description="+ = hips below the shoulder-ankle line (sag)",
    ),
)
ANGLE_BY_NAME: dict[str, AngleSpec] = {a.name: a for a in ANGLES}


def point(coords: FloatArray, name: str) -> FloatArray:
    """(T, D) track of a named or virtual point from a (T, 33, D) array."""
    if name.startswith("mid_"):
        part = name[4:]
        left, right = coords[:, INDEX["left_" + part]], coords[:, INDEX["right_" + part]]
        # the far side is often hidden in a side view: then the seen side stands in for the middle
        left_ok = np.asarray(np.isfinite(left).all(axis=-1))
        both = left_ok & np.asarray(np.isfinite(right).all(axis=-1))
        mid = np.where(left_ok[:, None], left, right)
        mid[both] = (left[both] + right[both]) / 2.0
        return np.asarray(mid)
    return np.asarray(coords[:, INDEX[name]])


def compute_joint_flexion_deg(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """180 - inner angle ABC (degrees), per frame; works in 2D or 3D."""
    u, v = a - b, c - b
    nu, nv = np.linalg.norm(u, axis=-1), np.linalg.norm(v, axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(u * v, axis=-1) / (nu * nv)
    inner = np.degrees(np.arccos(np.clip(cos, -1.0, 1.0)))
    return np.asarray(180.0 - inner)


def compute_segment_angle_deg(a: FloatArray, b: FloatArray, reference: Reference, signed: bool) -> FloatArray:
    """Angle of A->B against the vertical or horizontal in image coordinates (y down)."""
    dx = b[:, 0] - a[:, 0]
    up = a[:, 1] - b[:, 1]  # positive when B is higher in the image
    if reference == "vertical":
        ang = np.degrees(np.arctan2(dx, up))  # 0 = B straight above A; + = B to the right
        return np.asarray(ang if signed else np.abs(ang))
    ang = np.degrees(np.arctan2(up, np.abs(dx)))  # 0 = level; + = B higher than A
    return np.asarray(ang if signed else np.abs(ang))


def compute_line_deviation_deg(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    """How far B bends the line A-C, signed + when B is below the line in the image (y down)."""
    dev = compute_joint_flexion_deg(a, b, c)
    ac = c[:, :2] - a[:, :2]
    ab = b[:, :2] - a[:, :2]
    cross = ac[:, 0] * ab[:, 1] - ac[:, 1] * ab[:, 0]  # image y down: >0 means B is "clockwise" of A->C
    # "below" = larger y than the line at B's x; for a line drawn left->right, cross>0 means below
    direction = np.sign(ac[:, 0])
    direction = np.where(direction == 0, 1.0, direction)
    return np.asarray(dev * np.sign(cross * direction))


def compute_angle(coords: FloatArray, spec: AngleSpec) -> FloatArray:
    """Evaluate one table entry on (T, 33, 2) image or (T, 33, 3) world coordinates.

    Segment and line angles need a vertical, so they are defined in image space (camera level);
    joint flexion is defined in both and is view-independent in world space.
    """
    pts = [point(coords, p) for p in spec.points]
    if spec.kind == "joint":
        return compute_joint_flexion_deg(*pts)
    if spec.kind == "segment":
        assert spec.reference is not None
        return compute_segment_angle_deg(pts[0], pts[1], spec.reference, spec.signed)
    return compute_line_deviation_deg(*pts)


def compute_angles(coords: FloatArray, names: tuple[str, ...] | None = None) -> dict[str, FloatArray]:
    """Several table entries at once, by name."""
    chosen = ANGLES if names is None else tuple(ANGLE_BY_NAME[n] for n in names)
    return {spec.name: compute_angle(coords, spec) for spec in chosen}
