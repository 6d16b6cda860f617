"""The back's outline from the segmentation mask: a lumbar flexion angle a camera can see.

Notes
-----
Side view only. Along the trunk axis (hip -> shoulder, length L) the back edge of the
silhouette is found by marching from the axis away from the face until the mask ends. The
lumbar part of that edge (from ``lower`` to ``upper`` of L above the hip) is split in two halves
and a line is fitted to each; ``lumbar_flexion_deg`` is the angle between them, **positive when
the back bulges outwards (rounding, flexion)** and negative when it curves inwards (lordosis).
A neutral standing back reads slightly negative or near 0; "butt wink" is its change towards
positive at the bottom of a squat. It is a silhouette measure (clothing and the camera angle
matter), never a diagnosis.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from corecoach.motion.landmarks import FloatArray


def back_edge_points(
    mask: npt.NDArray[np.floating],
    hip_xy: FloatArray,
    shoulder_xy: FloatArray,
    nose_xy: FloatArray,
    lower: float = 0.05,
    upper: float = 0.6,
    samples: int = 16,
) -> FloatArray | None:
    """(samples, 2) pixel points of the back's edge between ``lower`` and ``upper`` of the trunk; None if unseen."""
    if not (np.all(np.isfinite(hip_xy)) and np.all(np.isfinite(shoulder_xy)) and np.all(np.isfinite(nose_xy))):
        return None
    axis = shoulder_xy - hip_xy
    length = float(np.linalg.norm(axis))
    if length < 10:
        return None
    u = axis / length
    normal = np.array([-u[1], u[0]])
    if float(np.dot(nose_xy - hip_xy, normal)) > 0:  # the face is on the +normal side: the back is the other
        normal = -normal
    h, w = mask.shape
    steps = np.arange(0, int(0.6 * length))
    bases = hip_xy[None, :] + np.linspace(lower, upper, samples)[:, None] * length * u[None, :]  # (samples, 2)
    rays = bases[:, None, :] + steps[None, :, None] * normal[None, None, :]  # (samples, steps, 2)
    xi, yi = np.round(rays[..., 0]).astype(int), np.round(rays[..., 1]).astype(int)
    inside = (xi >= 0) & (xi < w) & (yi >= 0) & (yi < h)
    values = np.zeros(rays.shape[:2])
    values[inside] = mask[yi[inside], xi[inside]]
    if np.any(values[:, 0] < 0.5):
        return None  # the axis itself is outside the silhouette: the mask does not trace this person
    outside = values < 0.5
    if not outside.any(axis=1).all():
        return None  # the silhouette runs off the frame or a ray is too short
    first_out = outside.argmax(axis=1)
    return np.asarray(bases + (first_out[:, None] - 0.5) * normal[None, :], dtype=np.float64)


def compute_lumbar_flexion_deg(edge: FloatArray | None, hip_xy: FloatArray, shoulder_xy: FloatArray) -> float:
    """Angle between lines fitted to the lower and upper half of the back edge (see module notes)."""
    if edge is None or len(edge) < 6:
        return float("nan")
    half = len(edge) // 2
    lo, hi = edge[: half + 1], edge[half:]

    def direction(points: FloatArray) -> FloatArray:
        centred = points - points.mean(axis=0)
        _, _, vt = np.linalg.svd(centred)
        d = vt[0]
        return np.asarray(d if float(np.dot(d, shoulder_xy - hip_xy)) > 0 else -d, dtype=np.float64)

    d_lo, d_hi = direction(lo), direction(hi)
    angle = float(np.degrees(np.arccos(np.clip(np.dot(d_lo, d_hi), -1.0, 1.0))))
    # bulge: is the middle of the edge further out (away from the axis) than the chord of its ends?
    axis = shoulder_xy - hip_xy
    normal = np.array([-axis[1], axis[0]]) / np.linalg.norm(axis)
    out_dir = normal if float(np.dot(edge[half] - hip_xy, normal)) > 0 else -normal
    chord_mid = (edge[0] + edge[-1]) / 2.0
    bulge = float(np.dot(edge[half] - chord_mid, out_dir))
    return angle if bulge >= 0 else -angle
