"""Which way the camera looks at the person: ``side``, ``front``, ``rear`` or ``oblique``, per segment.

Notes
-----
The view comes from the 3D world landmarks, so it works standing, squatting or lying: the
torso's forward normal (shoulder line x trunk line, turned to the side the nose is on) is
compared with the camera axis. Angle to the camera below 35 deg -> ``front``; above 145 ->
``rear``; 55-125 -> ``side``; in between -> ``oblique``. Confidence grows with the distance from
the nearest boundary and with how many frames of the segment agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from corecoach.motion.angles import point
from corecoach.motion.landmarks import FloatArray, PoseTrack


class View(StrEnum):
    SIDE = "side"
    FRONT = "front"
    REAR = "rear"
    OBLIQUE = "oblique"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ViewSegment:
    start_s: float
    end_s: float
    view: View
    confidence: float


def compute_chest_direction(world_xyz: FloatArray) -> FloatArray:
    """(T, 3) unit vector the chest faces: shoulder line x trunk line, turned to the nose's side."""
    ls, rs = point(world_xyz, "left_shoulder"), point(world_xyz, "right_shoulder")
    mh, ms = point(world_xyz, "mid_hip"), point(world_xyz, "mid_shoulder")
    nose = point(world_xyz, "nose")
    normal = np.cross(rs - ls, ms - mh)
    orient = np.sign(np.sum(normal * (nose - ms), axis=-1))
    orient = np.where(orient == 0, 1.0, orient)
    normal = normal * orient[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(normal / np.linalg.norm(normal, axis=-1)[:, None])


def compute_facing_angle_deg(world_xyz: FloatArray) -> FloatArray:
    """Per frame, the angle between the torso's forward direction and the direction to the camera."""
    to_camera = np.array([0.0, 0.0, -1.0])  # MediaPipe world z: smaller is closer to the camera
    cos = compute_chest_direction(world_xyz) @ to_camera
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def compute_chest_down_deg(world_xyz: FloatArray) -> FloatArray:
    """Angle between where the chest faces and straight down (y is down): 0 face-down (plank, all
    fours), 90 chest facing sideways (standing, side plank), 180 face-up (dead bug)."""
    cos = compute_chest_direction(world_xyz) @ np.array([0.0, 1.0, 0.0])
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))))


def classify_view(angle_deg: float) -> tuple[View, float]:
    """One angle -> view and a 0..1 margin-based confidence."""
    if not np.isfinite(angle_deg):
        return View.UNKNOWN, 0.0
    bands = (
        (View.FRONT, 0.0, 35.0),
        (View.OBLIQUE, 35.0, 55.0),
        (View.SIDE, 55.0, 125.0),
        (View.OBLIQUE, 125.0, 145.0),
        (View.REAR, 145.0, 180.0),
    )
    for view, lo, hi in bands:
        if lo <= angle_deg <= hi:
            edges = [e for e in (lo, hi) if 0.0 < e < 180.0]
            margin = min(abs(angle_deg - e) for e in edges) if edges else 20.0
            return view, float(min(1.0, 0.5 + margin / 40.0))
    return View.UNKNOWN, 0.0


def detect_views(track: PoseTrack, min_segment_s: float = 1.0) -> list[ViewSegment]:
    """Split the clip into segments of one view each (frames without a person are skipped)."""
    angles = compute_facing_angle_deg(track.world_xyz)
    t = track.timestamps_s
    labels: list[View] = []
    confs: list[float] = []
    for a in angles:
        v, c = classify_view(float(a))
        labels.append(v)
        confs.append(c)
    # majority smoothing over ~1 s so a few noisy frames do not split a segment
    n = len(labels)
    if n == 0:
        return []
    fps = max(1.0, (n - 1) / max(1e-6, t[-1] - t[0])) if n > 1 else 30.0
    half = max(1, int(fps * 0.5))
    smoothed: list[View] = []
    for i in range(n):
        window = [v for v in labels[max(0, i - half) : i + half + 1] if v is not View.UNKNOWN]
        smoothed.append(max(set(window), key=window.count) if window else View.UNKNOWN)
    segments: list[list[int]] = []
    for i, v in enumerate(smoothed):
        if segments and smoothed[segments[-1][0]] is v:
            segments[-1].append(i)
        else:
            segments.append([i])
    out: list[ViewSegment] = []
    for idx in segments:
        view = smoothed[idx[0]]
        start, end = float(t[idx[0]]), float(t[idx[-1]])
        if view is View.UNKNOWN:
            continue
        agree = float(np.mean([labels[i] is view for i in idx]))
        conf = float(np.mean([confs[i] for i in idx if labels[i] is view] or [0.0])) * agree
        if out and (end - start < min_segment_s or out[-1].view is view):
            prev = out[-1]
            if prev.view is view or end - start < min_segment_s:
                out[-1] = ViewSegment(prev.start_s, end, prev.view, prev.confidence)
                continue
        out.append(ViewSegment(start, end, view, round(conf, 2)))
    return out


def dominant_view(segments: list[ViewSegment]) -> tuple[View, float]:
    """The view covering most of the time, with its confidence."""
    if not segments:
        return View.UNKNOWN, 0.0
    totals: dict[View, float] = {}
    for s in segments:
        totals[s.view] = totals.get(s.view, 0.0) + max(s.end_s - s.start_s, 1e-3)
    view = max(totals, key=lambda v: totals[v])
    conf = max(s.confidence for s in segments if s.view is view)
    return view, conf
