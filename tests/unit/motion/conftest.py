"""Builders for the motion unit tests: a stick figure posed by joint angles, and back-outline masks.

There are no ``__init__.py`` files in the test tree, so the builders are handed out as fixtures
(``fig`` for pose tracks, ``back_mask`` for segmentation masks).

The figure
----------
A 33-landmark skeleton is posed from angles in degrees, per frame (a scalar or a (T,) array):

- body orientation: ``yaw`` (0 = facing the camera, +90 = facing the image's right, 180 = facing
  away), then ``pitch`` (tips the body forward: +90 = lying face down, -90 = lying on the back) and
  ``roll`` (tips the body sideways: -70 = lying on the right side, the left shoulder on top);
- the trunk relative to the pelvis: ``trunk_flex`` (forward), ``trunk_side`` (towards the person's
  left), ``trunk_twist`` (left shoulder forward), and ``pelvis_tilt`` (the left hip higher);
- legs: ``hip_l``/``hip_r`` (thigh forward from hanging straight down), ``knee_l``/``knee_r``
  (flexion), ``knee_in_l``/``knee_in_r`` (metres the knee moves towards the midline);
- arms: ``sh_l``/``sh_r`` (forward from hanging down: 90 = pointing forward, 180 = overhead),
  ``el_l``/``el_r`` (elbow flexion), ``abd_l``/``abd_r`` (out to the side).

With the trunk upright, measured hip flexion is ``trunk_flex + hip``, knee flexion is ``knee``
and elbow flexion is ``el``. Scene coordinates are metres with x to the image's right, y down and
z away from the camera (MediaPipe world axes: smaller z is closer). ``world_xyz`` is the scene
centred on the mid-hip; ``image_xy`` is an orthographic projection (``origin + scale * (x, y)``),
so for a limb moving in the image plane the 2-D and 3-D angles agree exactly. Landmarks of the
side turned away from the camera get visibility 0.8, everything else 0.9.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
import pytest

from corecoach.motion.landmarks import INDEX, N_LANDMARKS, PoseTrack

FPS = 30.0
PORTRAIT = (1080, 1920)
LANDSCAPE = (1920, 1080)

PELVIS_HALF = 0.12
SHOULDER_HALF = 0.18
TRUNK = 0.50
THIGH = 0.45
SHIN = 0.42
UPPER_ARM = 0.30
FOREARM = 0.27


def times(duration_s: float, fps: float = FPS) -> np.ndarray:
    """Timestamps of a clip of ``duration_s`` seconds at ``fps`` (the last frame starts before the end)."""
    return np.arange(round(duration_s * fps)) / fps


def knots(t: np.ndarray, *points: tuple[float, float]) -> np.ndarray:
    """Piecewise-linear value over time through (time, value) knots, flat beyond the ends."""
    ts, vs = zip(*points, strict=True)
    return np.interp(t, ts, vs)


def cycle(t: np.ndarray, start_s: float, period_s: float) -> np.ndarray:
    """0 -> 1 -> 0 as a raised cosine over one period starting at ``start_s``; 0 outside it."""
    u = (t - start_s) / period_s
    out = 0.5 - 0.5 * np.cos(2 * np.pi * u)
    return np.where((u >= 0) & (u <= 1), out, 0.0)


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _turn(a: np.ndarray, b: np.ndarray, deg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rotate the orthonormal pair (a, b) in their plane by ``deg``: a turns towards b."""
    c, s = np.cos(np.radians(deg))[:, None], np.sin(np.radians(deg))[:, None]
    return a * c + b * s, b * c - a * s


def make_track(
    t: np.ndarray,
    *,
    yaw: Any = 0.0,
    pitch: Any = 0.0,
    roll: Any = 0.0,
    trunk_flex: Any = 0.0,
    trunk_side: Any = 0.0,
    trunk_twist: Any = 0.0,
    pelvis_tilt: Any = 0.0,
    hip_l: Any = 0.0,
    hip_r: Any = 0.0,
    knee_l: Any = 0.0,
    knee_r: Any = 0.0,
    knee_in_l: Any = 0.0,
    knee_in_r: Any = 0.0,
    sh_l: Any = 0.0,
    sh_r: Any = 0.0,
    el_l: Any = 0.0,
    el_r: Any = 0.0,
    abd_l: Any = 0.0,
    abd_r: Any = 0.0,
    flat_feet: bool = True,
    anchor: str = "feet",
    frame_size: tuple[int, int] = PORTRAIT,
    scale: float = 800.0,
    origin: tuple[float, float] | None = None,
    noise_m: float = 0.0,
    seed: int = 0,
) -> PoseTrack:
    """A PoseTrack of the stick figure posed frame by frame (see the module notes)."""
    n = len(t)

    def arr(x: Any) -> np.ndarray:
        return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

    def vec(x: Sequence[float]) -> np.ndarray:
        return np.tile(np.asarray(x, dtype=float), (n, 1))

    # body frame: forward F, up U, the person's left L (L = U x F)
    f, u, lft = vec((0, 0, -1)), vec((0, -1, 0)), vec((1, 0, 0))
    f, lft = _turn(f, lft, arr(yaw))
    u, f = _turn(u, f, arr(pitch))
    u, lft = _turn(u, lft, arr(roll))
    # trunk frame
    ut, ft = _turn(u, f, arr(trunk_flex))
    ut, lt = _turn(ut, lft, arr(trunk_side))
    ft, lt = _turn(ft, lt, arr(trunk_twist))
    lp, _ = _turn(lft, u, arr(pelvis_tilt))

    pts: dict[str, np.ndarray] = {}
    mid_hip = np.zeros((n, 3))
    mid_sh = mid_hip + TRUNK * ut
    for side, sign in (("left", 1.0), ("right", -1.0)):
        pts[f"{side}_hip"] = mid_hip + sign * PELVIS_HALF * lp
        pts[f"{side}_shoulder"] = mid_sh + sign * SHOULDER_HALF * lt
    nose = mid_sh + 0.20 * ut + 0.10 * ft
    pts["nose"] = nose
    for side, sign in (("left", 1.0), ("right", -1.0)):
        for name, off in (("eye_inner", 0.02), ("eye", 0.035), ("eye_outer", 0.05)):
            pts[f"{side}_{name}"] = mid_sh + 0.23 * ut + 0.08 * ft + sign * off * lt
        pts[f"{side}_ear"] = mid_sh + 0.20 * ut - 0.01 * ft + sign * 0.075 * lt
        pts[f"mouth_{side}"] = mid_sh + 0.16 * ut + 0.09 * ft + sign * 0.025 * lt

    legs = {"left": (hip_l, knee_l, knee_in_l, 1.0), "right": (hip_r, knee_r, knee_in_r, -1.0)}
    world_down = vec((0, 1, 0))
    for side, (h, k, k_in, sign) in legs.items():
        h, k = arr(h), arr(k)
        thigh = -u * np.cos(np.radians(h))[:, None] + f * np.sin(np.radians(h))[:, None]
        shin_angle = np.radians(h - k)[:, None]
        shin = -u * np.cos(shin_angle) + f * np.sin(shin_angle)
        knee = pts[f"{side}_hip"] + THIGH * thigh
        ankle = knee + SHIN * shin
        knee = knee - sign * arr(k_in)[:, None] * lft
        if flat_feet:
            horizontal = f - np.sum(f * world_down, axis=-1, keepdims=True) * world_down
            ffwd, fdown = _unit(horizontal), world_down
        else:
            ffwd, fdown = u * np.sin(shin_angle) + f * np.cos(shin_angle), shin
        pts[f"{side}_knee"] = knee
        pts[f"{side}_ankle"] = ankle
        pts[f"{side}_heel"] = ankle + 0.05 * fdown - 0.05 * ffwd
        pts[f"{side}_foot_index"] = ankle + 0.05 * fdown + 0.15 * ffwd

    arms = {"left": (sh_l, el_l, abd_l, 1.0), "right": (sh_r, el_r, abd_r, -1.0)}
    for side, (s_deg, e_deg, a_deg, sign) in arms.items():
        s_rad, e_rad, a_rad = np.radians(arr(s_deg))[:, None], np.radians(arr(e_deg))[:, None], np.radians(arr(a_deg))[:, None]
        out = sign * lt
        upper = -ut * np.cos(s_rad) + ft * np.sin(s_rad)
        fore = -ut * np.cos(s_rad + e_rad) + ft * np.sin(s_rad + e_rad)
        upper = _unit(upper * np.cos(a_rad) + out * np.sin(a_rad))
        fore = _unit(fore * np.cos(a_rad) + out * np.sin(a_rad))
        elbow = pts[f"{side}_shoulder"] + UPPER_ARM * upper
        wrist = elbow + FOREARM * fore
        pts[f"{side}_elbow"] = elbow
        pts[f"{side}_wrist"] = wrist
        pts[f"{side}_pinky"] = wrist + 0.07 * fore + 0.02 * out
        pts[f"{side}_index"] = wrist + 0.09 * fore
        pts[f"{side}_thumb"] = wrist + 0.05 * fore + 0.03 * ft

    scene = np.zeros((n, N_LANDMARKS, 3))
    for name, p in pts.items():
        scene[:, INDEX[name]] = p
    if anchor == "feet":
        scene -= ((scene[:, INDEX["left_ankle"]] + scene[:, INDEX["right_ankle"]]) / 2.0)[:, None, :]
    elif anchor != "hips":
        raise ValueError(anchor)
    if noise_m > 0:
        scene = scene + np.random.default_rng(seed).normal(0.0, noise_m, scene.shape)

    w, hgt = frame_size
    ox, oy = origin if origin is not None else (w / 2.0, hgt - 150.0)
    image = np.stack([ox + scale * scene[..., 0], oy + scale * scene[..., 1]], axis=-1)
    mid = (scene[:, INDEX["left_hip"]] + scene[:, INDEX["right_hip"]]) / 2.0
    world = scene - mid[:, None, :]

    vis = np.full((n, N_LANDMARKS), 0.9)
    for name in pts:
        if name.startswith("left_"):
            i, j = INDEX[name], INDEX["right_" + name[5:]]
            vis[:, i] = np.where(scene[:, i, 2] > scene[:, j, 2] + 0.05, 0.8, 0.9)
            vis[:, j] = np.where(scene[:, j, 2] > scene[:, i, 2] + 0.05, 0.8, 0.9)
    return PoseTrack(timestamps_s=np.asarray(t, float), image_xy=image, world_xyz=world, visibility=vis, frame_size=frame_size)


# --- movements ---------------------------------------------------------------------------------


def squat(
    n_reps: int = 5,
    *,
    view: str = "side",
    depth_deg: float = 100.0,
    rep_s: float = 2.5,
    rest_s: float = 0.6,
    lead_s: float = 1.0,
    trunk_ratio: float = 0.45,
    knee_in_m: float = 0.0,
    noise_m: float = 0.002,
    seed: int = 1,
) -> tuple[PoseTrack, np.ndarray]:
    """Squats with feet planted: knee flexion 0 -> ``depth_deg`` -> 0 each rep; returns (track, bottom frames).

    At depth k the shin leans 0.35 k forward, the thigh is at 0.65 k and the trunk leans
    ``trunk_ratio`` * k forward (so trunk - shin stays under the FMS limit at 0.45).
    """
    period = rep_s + rest_s
    t = times(lead_s * 2 + n_reps * period)
    d = sum(cycle(t, lead_s + i * period, rep_s) for i in range(n_reps))
    k = depth_deg * d
    yaw = {"side": 90.0, "side_left": -90.0, "front": 0.0}[view]
    track = make_track(
        t,
        yaw=yaw,
        trunk_flex=trunk_ratio * k,
        hip_l=0.65 * k,
        hip_r=0.65 * k,
        knee_l=k,
        knee_r=k,
        knee_in_l=knee_in_m * d,
        knee_in_r=knee_in_m * d,
        sh_l=70 * d,
        sh_r=70 * d,
        noise_m=noise_m,
        seed=seed,
    )
    bottoms = np.array([round((lead_s + i * period + rep_s / 2) * FPS) for i in range(n_reps)])
    return track, bottoms


def walking(duration_s: float = 6.0, *, yaw: float = 90.0, stride_hz: float = 0.9, lean_deg: float = 0.0) -> PoseTrack:
    """Walking in place: the legs alternate and one knee is always straight."""
    t = times(duration_s)
    ph = np.sin(2 * np.pi * stride_hz * t)
    return make_track(
        t,
        yaw=yaw,
        trunk_side=lean_deg,
        hip_l=25 * ph,
        hip_r=-25 * ph,
        knee_l=55 * np.clip(ph, 0, None) ** 2,
        knee_r=55 * np.clip(-ph, 0, None) ** 2,
        sh_l=-20 * ph,
        sh_r=20 * ph,
        anchor="hips",
        origin=(540.0, 900.0),
    )


def standing(duration_s: float = 3.0, *, yaw: Any = 0.0, pelvis_tilt: float = 0.0, noise_m: float = 0.0, seed: int = 2) -> PoseTrack:
    t = times(duration_s)
    return make_track(t, yaw=yaw, pelvis_tilt=pelvis_tilt, noise_m=noise_m, seed=seed)


def plank(hold_s: float = 8.0, *, before_s: float = 2.0, after_s: float = 2.0, sag_deg: float = 0.0, yaw: float = 90.0) -> PoseTrack:
    """Standing, 0.5 s down into an elbow plank seen from the side, held ``hold_s``, 0.5 s up, standing.

    ``sag_deg`` > 0 drops the hips that far below the shoulder-ankle line (trunk and thighs each
    extend by half of it); < 0 pikes them. ``yaw`` 90: the head ends up to the image's right; -90: left.
    """
    a, b = before_s, before_s + hold_s
    t = times(b + after_s)
    down = knots(t, (0, 0), (a - 0.5, 0), (a, 1), (b, 1), (b + 0.5, 0))
    half_sag = sag_deg / 2.0 * down
    return make_track(
        t,
        yaw=yaw,
        pitch=80 * down,
        trunk_flex=-half_sag,
        hip_l=-half_sag,
        hip_r=-half_sag,
        sh_l=80 * down,
        sh_r=80 * down,
        el_l=90 * down,
        el_r=90 * down,
        frame_size=LANDSCAPE,
        scale=500.0,
        origin=(400.0 if yaw > 0 else 1520.0, 950.0),
    )


def side_plank(hold_s: float = 5.0, *, before_s: float = 1.5, after_s: float = 1.5, incline_deg: float = 20.0) -> PoseTrack:
    """Facing the camera, rolled onto the right side (left shoulder on top), body ``incline_deg`` from the floor."""
    a, b = before_s, before_s + hold_s
    t = times(b + after_s)
    down = knots(t, (0, 0), (a - 0.5, 0), (a, 1), (b, 1), (b + 0.5, 0))
    return make_track(
        t,
        yaw=0.0,
        roll=-(90.0 - incline_deg) * down,
        abd_r=80 * down,
        frame_size=LANDSCAPE,
        scale=500.0,
        origin=(1400.0, 950.0),
    )


def dead_bug(
    order: str = "LRLRLRLR", *, lead_s: float = 1.0, rep_s: float = 2.0, rest_s: float = 0.6, arms: bool = True
) -> tuple[PoseTrack, list[str]]:
    """Lying on the back seen from the side; each rep one leg reaches long with the opposite arm overhead.

    Legs rest at hip 90 / knee 90 and reach to hip 15 / knee 5; arms rest pointing at the ceiling
    and reach to 170 deg (``arms=False`` keeps them still). Rep i peaks at lead + i * (rep + rest) + rep / 2.
    """
    arm = 80.0 if arms else 0.0
    period = rep_s + rest_s
    t = times(2 * lead_s + len(order) * period)
    reach = {"L": np.zeros(len(t)), "R": np.zeros(len(t))}
    for i, s in enumerate(order):
        reach[s] = reach[s] + cycle(t, lead_s + i * period, rep_s)
    track = make_track(
        t,
        yaw=90.0,
        pitch=-90.0,
        hip_l=90 - 75 * reach["L"],
        knee_l=90 - 85 * reach["L"],
        hip_r=90 - 75 * reach["R"],
        knee_r=90 - 85 * reach["R"],
        sh_r=90 + arm * reach["L"],
        sh_l=90 + arm * reach["R"],
        flat_feet=False,
        anchor="hips",
        frame_size=LANDSCAPE,
        scale=500.0,
        origin=(960.0, 800.0),
    )
    return track, ["left" if s == "L" else "right" for s in order]


def bird_dog(
    order: str = "LRLR", *, hold_s: float = 1.0, move_s: float = 0.6, rest_s: float = 0.8, noise_m: float = 0.0, seed: int = 4
) -> PoseTrack:
    """On hands and knees seen from the side; each rep one leg and the opposite arm reach long and hold."""
    period = 2 * move_s + hold_s + rest_s
    lead = 1.0
    t = times(2 * lead + len(order) * period)
    reach = {"L": np.zeros(len(t)), "R": np.zeros(len(t))}
    for i, s in enumerate(order):
        a = lead + i * period
        up = knots(t, (a, 0), (a + move_s, 1), (a + move_s + hold_s, 1), (a + 2 * move_s + hold_s, 0))
        reach[s] = reach[s] + 0.5 - 0.5 * np.cos(np.pi * up)
    return make_track(
        t,
        yaw=90.0,
        pitch=90.0,
        hip_l=90 - 90 * reach["L"],
        knee_l=90 - 90 * reach["L"],
        hip_r=90 - 90 * reach["R"],
        knee_r=90 - 90 * reach["R"],
        sh_l=90 + 90 * reach["R"],
        sh_r=90 + 90 * reach["L"],
        flat_feet=False,
        anchor="hips",
        frame_size=LANDSCAPE,
        scale=500.0,
        origin=(700.0, 500.0),
        noise_m=noise_m,
        seed=seed,
    )


def pallof(n_reps: int = 5, *, twist_deg: float = 0.0, rep_s: float = 2.0, rest_s: float = 0.8, noise_m: float = 0.0) -> PoseTrack:
    """Standing facing the camera; each rep both arms press straight forward from the chest and come back."""
    period = rep_s + rest_s
    lead = 1.0
    t = times(2 * lead + n_reps * period)
    p = sum(cycle(t, lead + i * period, rep_s) for i in range(n_reps))
    return make_track(
        t,
        yaw=0.0,
        trunk_twist=twist_deg * p,
        sh_l=60 + 30 * p,
        sh_r=60 + 30 * p,
        el_l=100 - 100 * p,
        el_r=100 - 100 * p,
        noise_m=noise_m,
        seed=3,
    )


def carry(duration_s: float = 8.0, *, lean_deg: float = 10.0) -> PoseTrack:
    """Walking (in place) towards the camera with the trunk leaning ``lean_deg`` to the image's right."""
    return walking(duration_s, yaw=0.0, lean_deg=lean_deg)


def turning(front_s: float = 3.0, turn_s: float = 0.3, side_s: float = 3.0) -> PoseTrack:
    """Standing facing the camera, then turning 90 degrees to face the image's right."""
    t = times(front_s + turn_s + side_s)
    return make_track(t, yaw=knots(t, (0, 0), (front_s, 0), (front_s + turn_s, 90), (t[-1] + 1, 90)))


class Figures:
    """The builders above, handed to tests through the ``fig`` fixture."""

    times = staticmethod(times)
    knots = staticmethod(knots)
    cycle = staticmethod(cycle)
    make_track = staticmethod(make_track)
    squat = staticmethod(squat)
    walking = staticmethod(walking)
    standing = staticmethod(standing)
    plank = staticmethod(plank)
    side_plank = staticmethod(side_plank)
    dead_bug = staticmethod(dead_bug)
    bird_dog = staticmethod(bird_dog)
    pallof = staticmethod(pallof)
    carry = staticmethod(carry)
    turning = staticmethod(turning)
    FPS = FPS


@pytest.fixture(scope="session")
def fig() -> type[Figures]:
    return Figures


# --- back outline masks ------------------------------------------------------------------------


class BackMask:
    """A trunk silhouette whose back edge bends by a known angle at the middle of the lumbar range.

    The trunk axis runs from ``hip`` to ``shoulder`` (length ``length`` px, tilted ``incline_deg``
    from vertical towards the face). Front and back edges lie ``width`` x length from the axis;
    between 0.05 and 0.6 of the axis the back edge is a tent whose two straight halves meet at
    0.325 with ``bend_deg`` between them: outwards for ``bend_deg`` > 0 (rounding), inwards for < 0.
    """

    LOWER, UPPER = 0.05, 0.6

    def __init__(
        self,
        bend_deg: float,
        *,
        facing: str = "right",
        incline_deg: float = 0.0,
        length: float = 400.0,
        width: float = 0.25,
        size: tuple[int, int] = (1000, 1000),
        hip: tuple[float, float] = (500.0, 760.0),
    ) -> None:
        face = 1.0 if facing == "right" else -1.0
        tilt = np.radians(incline_deg) * face
        self.u = np.array([np.sin(tilt), -np.cos(tilt)])  # hip -> shoulder
        nf = np.array([np.cos(tilt), np.sin(tilt)]) * face  # towards the face
        nb = -nf
        self.hip = np.asarray(hip, float)
        self.shoulder = self.hip + length * self.u
        self.nose = self.shoulder + 0.2 * length * self.u + 0.15 * length * nf
        mid = (self.LOWER + self.UPPER) / 2.0
        half = (self.UPPER - self.LOWER) / 2.0
        ts = np.linspace(-0.1, 1.1, 241)
        bulge = np.tan(np.radians(abs(bend_deg) / 2.0)) * np.clip(half - np.abs(ts - mid), 0.0, None) * length
        back_off = width * length + np.sign(bend_deg) * bulge
        back = self.hip + np.outer(ts * length, self.u) + np.outer(back_off, nb)
        front = self.hip + np.outer(ts[::-1] * length, self.u) + width * length * nf
        poly = np.concatenate([back, front])
        self.mask = np.zeros((size[1], size[0]), np.uint8)
        cv2.fillPoly(self.mask, [np.round(poly * 16).astype(np.int32)], 1, lineType=cv2.LINE_8, shift=4)
        self.mask = self.mask.astype(np.float32)


@pytest.fixture(scope="session")
def back_mask() -> type[BackMask]:
    return BackMask
