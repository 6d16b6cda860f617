"""Analyse a video or photo: decode (streaming) -> pose -> clean -> analyse -> result.

Memory stays bounded: one frame and its mask at a time; only landmarks (about 1 KB a frame) and a
few numbers per frame are kept. The back contour is measured from each frame's mask as it passes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from corecoach.errors import NoPersonError
from corecoach.motion.analyse import analyse_track
from corecoach.motion.contour import back_edge_points, compute_lumbar_flexion_deg
from corecoach.motion.landmarks import INDEX, PoseTrack
from corecoach.motion.results import AnalysisResult, Movement
from corecoach.motion.signal import clean_track
from corecoach.pose.base import PoseEstimator, PoseFrame
from corecoach.pose.recording import TrackRecorder
from corecoach.video.reader import MediaInfo, iter_frames, probe_media

ProgressCallback = Callable[[int, int], None]

#: frames are shrunk to this long side before the pose model: the model works on 256x256 crops
#: anyway, and full-HD frames plus a full-HD mask cost memory (peak > 600 MB) and time for nothing
MAX_MODEL_SIDE_PX = 1280


def model_scale(width: int, height: int) -> float:
    """Factor from the upright frame to what the pose model sees (1.0 for frames up to 1280 px)."""
    return min(1.0, MAX_MODEL_SIDE_PX / max(width, height, 1))


def _rescaled(frame: PoseFrame, factor: float) -> PoseFrame:
    if factor == 1.0 or frame.image_xy is None:
        return frame
    return PoseFrame(frame.image_xy / factor, frame.world_xyz, frame.visibility, frame.mask)


def lumbar_flexion_from_frame(frame: PoseFrame, lower: float = 0.05, upper: float = 0.6) -> float:
    """Back outline angle for one frame between ``lower`` and ``upper`` of the trunk (NaN when unseen).

    The default range is the lumbar spine; 0.55-0.95 gives the upper back (thoracic curve).
    """
    if frame.mask is None or frame.image_xy is None or frame.visibility is None:
        return float("nan")
    vis = frame.visibility
    side = (
        "left"
        if vis[INDEX["left_hip"]] + vis[INDEX["left_shoulder"]] >= vis[INDEX["right_hip"]] + vis[INDEX["right_shoulder"]]
        else "right"
    )
    hip, shoulder, nose = frame.image_xy[INDEX[f"{side}_hip"]], frame.image_xy[INDEX[f"{side}_shoulder"]], frame.image_xy[INDEX["nose"]]
    edge = back_edge_points(frame.mask, hip, shoulder, nose, lower, upper)
    return compute_lumbar_flexion_deg(edge, hip, shoulder)


def default_estimator(info: MediaInfo) -> PoseEstimator:
    from corecoach.pose.mediapipe_backend import MediaPipePoseEstimator

    return MediaPipePoseEstimator(enable_segmentation=True, static_image_mode=info.kind == "photo")


def track_from_media(
    path: Path,
    *,
    estimator: PoseEstimator | None = None,
    stride: int = 1,
    progress: ProgressCallback | None = None,
    measure_back: bool = True,
    measure_upper_back: bool = False,
    info: MediaInfo | None = None,
) -> tuple[MediaInfo, PoseTrack]:
    """Run the pose model over every ``stride``-th frame; raises NoPersonError when nobody is seen."""
    info = info or probe_media(path)
    pose = estimator or default_estimator(info)
    recorder = TrackRecorder()
    lumbar: list[float] = []
    upper: list[float] = []
    total = max(1, info.frame_count // max(1, stride))
    factor = model_scale(info.width, info.height)
    try:
        for n, frame in enumerate(iter_frames(path, stride=stride), 1):
            rgb = frame.rgb
            if factor < 1.0:
                size = (round(rgb.shape[1] * factor), round(rgb.shape[0] * factor))
                rgb = np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
            result = pose.process(rgb, frame.timestamp_s)
            # the back contour is read in the model's pixels (mask and landmarks agree there)
            lumbar.append(lumbar_flexion_from_frame(result) if measure_back else float("nan"))
            upper.append(lumbar_flexion_from_frame(result, 0.55, 0.95) if measure_upper_back else float("nan"))
            recorder.append(frame.timestamp_s, _rescaled(result, factor))
            if progress is not None:
                progress(n, max(total, n))
    finally:
        pose.close()
    track = recorder.build((info.width, info.height), info.fps or 30.0)
    track.back_curvature = np.asarray(lumbar, dtype=np.float64)
    track.upper_back_curve_deg = np.asarray(upper, dtype=np.float64)
    if len(track) == 0 or not track.detected.any():
        raise NoPersonError(
            f"No person was found in {path.name}. Film the whole body, in good light, with only the person exercising in view."
        )
    return info, track


def analyse_media_with_track(
    path: Path,
    movement: Movement = Movement.AUTO,
    *,
    estimator: PoseEstimator | None = None,
    stride: int = 1,
    progress: ProgressCallback | None = None,
) -> tuple[AnalysisResult, PoseTrack]:
    """The whole analysis of one file, plus the cleaned track (for annotated outputs)."""
    info = probe_media(path)
    if info.kind == "photo" and movement is Movement.AUTO:
        movement = Movement.POSTURE
    # the upper-back outline is read only for posture (kyphosis index): it costs time on every frame
    info, track = track_from_media(
        path, estimator=estimator, stride=stride, progress=progress, measure_upper_back=movement is Movement.POSTURE, info=info
    )
    clean = clean_track(track)
    return analyse_track(clean, movement, path.name, already_clean=True), clean


def analyse_media(
    path: Path,
    movement: Movement = Movement.AUTO,
    *,
    estimator: PoseEstimator | None = None,
    stride: int = 1,
    progress: ProgressCallback | None = None,
) -> AnalysisResult:
    """The whole analysis of one file (the JSON-only path: nothing is drawn or written)."""
    return analyse_media_with_track(path, movement, estimator=estimator, stride=stride, progress=progress)[0]
