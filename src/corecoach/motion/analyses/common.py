"""Shared measures for the analyses: visibility of the whole body, near side, world joint angles."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corecoach.domain.text import Text
from corecoach.motion.angles import compute_joint_flexion_deg, point
from corecoach.motion.landmarks import INDEX, FloatArray, PoseTrack
from corecoach.motion.results import FrameStats, ViewOut
from corecoach.motion.views import ViewSegment, detect_views, dominant_view

BODY_POINTS = ("shoulder", "hip", "knee", "ankle")


@dataclass(frozen=True)
class Context:
    """What every analysis needs besides the track: views and frame statistics."""

    track: PoseTrack
    views: list[ViewSegment]
    view: str
    view_confidence: float
    full_body: np.ndarray
    fps: float


def full_body_frames(
    track: PoseTrack, min_visibility: float = 0.5, margin_px: float = 2.0, parts: tuple[str, ...] = BODY_POINTS
) -> np.ndarray:
    """Frames where shoulders, hips, knees and ankles of at least one side are seen inside the frame."""
    w, h = track.frame_size
    ok_sides = []
    for side in ("left", "right"):
        ok = np.ones(len(track), dtype=bool)
        for part in parts:
            i = INDEX[f"{side}_{part}"]
            xy = track.image_xy[:, i]
            ok &= track.visibility[:, i] >= min_visibility
            ok &= np.isfinite(xy[:, 0]) & (xy[:, 0] >= -margin_px) & (xy[:, 0] <= w + margin_px)
            ok &= (xy[:, 1] >= -margin_px) & (xy[:, 1] <= h + margin_px)
        ok_sides.append(ok)
    return np.asarray(ok_sides[0] | ok_sides[1])


def upper_body_frames(track: PoseTrack) -> np.ndarray:
    """Frames where at least shoulders, hips and knees of one side are seen (e.g. a close-up to the thighs)."""
    return full_body_frames(track, parts=("shoulder", "hip", "knee"))


def near_side(track: PoseTrack) -> str:
    """The side facing the camera (higher mean visibility of hip, knee and ankle)."""
    score = {s: float(np.nanmean([np.nanmean(track.vis(f"{s}_{p}")) for p in ("hip", "knee", "ankle")])) for s in ("left", "right")}
    return max(score, key=lambda s: score[s])


def world_flexion(track: PoseTrack, a: str, b: str, c: str) -> FloatArray:
    """3-D joint flexion from world landmarks: independent of the camera's viewpoint."""
    return compute_joint_flexion_deg(point(track.world_xyz, a), point(track.world_xyz, b), point(track.world_xyz, c))


def make_context(track: PoseTrack) -> Context:
    views = detect_views(track)
    view, conf = dominant_view(views)
    t = track.timestamps_s
    fps = float((len(t) - 1) / (t[-1] - t[0])) if len(t) > 1 and t[-1] > t[0] else track.source_fps
    return Context(track=track, views=views, view=view.value, view_confidence=conf, full_body=full_body_frames(track), fps=fps)


def views_out(ctx: Context) -> list[ViewOut]:
    return [ViewOut(start_s=round(v.start_s, 2), end_s=round(v.end_s, 2), view=v.view.value, confidence=v.confidence) for v in ctx.views]


def frame_stats(ctx: Context) -> FrameStats:
    t = ctx.track.timestamps_s
    people = np.concatenate([ctx.track.people_in_mask, ctx.track.people_seen])
    return FrameStats(
        analysed=len(ctx.track),
        with_person=int(ctx.track.detected.sum()),
        full_body=int(ctx.full_body.sum()),
        fps=round(ctx.fps, 2),
        duration_s=round(float(t[-1] - t[0]) + 1.0 / max(ctx.fps, 1.0), 2) if len(t) else 0.0,
        people_max=int(people.max()) if people.size and people.max() >= 0 else 1,
    )


def view_note(metric: Text, needed: str) -> Text:
    return Text(
        en=f"{metric.en} is left out: it needs a {needed} view.",
        nl=f"{metric.nl} is weggelaten: daarvoor is een {'zij' if needed == 'side' else 'voor'}aanzicht nodig.",
    )
