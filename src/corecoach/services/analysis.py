"""Analyse a video or photo: decode (streaming) -> pose -> clean -> analyse -> result.

Memory stays bounded: one frame and its mask at a time; only landmarks (about 1 KB a frame) and a
few numbers per frame are kept. The back contour is measured from each frame's mask as it passes.

Two rules watch the whole clip rather than one frame:

* **Nobody in the first 30 s** (:data:`NO_PERSON_STOP_S`): the analysis stops there with
  :class:`~corecoach.errors.NoPersonError` instead of running the pose model over the rest of an
  empty (or black, or lens-covered) clip, which took ten minutes for a ten-minute clip.
* **More than one person**: about once a second (:data:`PEOPLE_CHECK_EVERY_S`) the person
  detector looks at the whole frame with the followed person hidden (:mod:`corecoach.pose.people`);
  the counts go on the track (``people_seen``) and the analysis warns when someone else was there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from corecoach.errors import MediaError, NoPersonError
from corecoach.motion.analyse import analyse_track
from corecoach.motion.contour import back_edge_points, compute_lumbar_flexion_deg
from corecoach.motion.landmarks import INDEX, PoseTrack
from corecoach.motion.results import AnalysisResult, Movement
from corecoach.motion.signal import clean_track
from corecoach.pose.base import PoseEstimator, PoseFrame
from corecoach.pose.people import PersonDetector, people_in_frame
from corecoach.pose.recording import TrackRecorder
from corecoach.video.reader import MediaInfo, iter_frames, probe_media

ProgressCallback = Callable[[int, int], None]

#: frames are shrunk to this long side before the pose model: the model works on 256x256 crops
#: anyway, and full-HD frames plus a full-HD mask cost memory (peak > 600 MB) and time for nothing
MAX_MODEL_SIDE_PX = 1280

#: frames smaller than this on either side are refused (exit 2): a whole body in 95 pixels leaves a
#: few pixels between joints, and the model then returns a confident-looking skeleton all the same
#: (a 16x16 clip was "analysed"). The smallest phone and web sizes (144p: 256x144) are above it
MIN_SIDE_PX = 96

#: the most frames one analysis looks at: 20 minutes at 30 fps (10 at 60 fps; twice as long with
#: --stride 2). Landmarks cost about 1.6 KB a frame while the model runs and about 5 KB a frame at
#: the peak of cleaning them, so this caps what a clip's length can add to memory at ~60 MB during
#: the model and ~190 MB after it; a longer clip is refused before the model starts
MAX_ANALYSED_FRAMES = 36_000

#: seconds of video in which someone must have been seen, else the analysis stops with "no person".
#: Someone who starts the recording and then walks into view is in frame within a few seconds, and
#: even a slow set-up (phone propped up, walk back, mat laid out) well within 30 s; a clip still
#: empty by then is black, covered, or pointed away. Stopping keeps a wrong clip from costing
#: minutes of pose model (a 10-minute empty clip ran 10 minutes before; now about as long as 30 s)
NO_PERSON_STOP_S = 30.0

#: seconds of video between two checks for other people: people do not come and go faster than
#: this, and the detector costs about one pose-model frame, so checking every second adds ~3-5 %
PEOPLE_CHECK_EVERY_S = 1.0


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


def default_person_detector() -> PersonDetector:
    from corecoach.pose.mediapipe_backend import MediaPipePersonDetector

    return MediaPipePersonDetector()


def too_long_error(name: str, frames: int, stride: int) -> MediaError:
    """A clip with more frames to analyse than :data:`MAX_ANALYSED_FRAMES`."""
    every = "" if stride == 1 else f" (one frame in {stride})"
    return MediaError(
        f"{name} is too long to analyse in one go: it has about {frames:,} frames to look at{every}, and corecoach looks at "
        f"{MAX_ANALYSED_FRAMES:,} at most (20 minutes at 30 frames a second), so that memory stays bounded. "
        "Trim it to the set you want checked (with corecoach analyze, --stride 2 also halves the frames)."
    )


def nobody_seen_error(name: str, seconds: float) -> NoPersonError:
    """The early stop's message: what was looked at, and what to do."""
    return NoPersonError(
        f"Nobody was seen in the first {seconds:.0f} s of {name}, so the analysis stopped there. "
        "Film the whole body, in good light, with only the person exercising in view, "
        "and start recording shortly before the exercise (or trim the empty start off the clip)."
    )


def track_from_media(
    path: Path,
    *,
    estimator: PoseEstimator | None = None,
    stride: int = 1,
    progress: ProgressCallback | None = None,
    measure_back: bool = True,
    measure_upper_back: bool = False,
    info: MediaInfo | None = None,
    person_detector: PersonDetector | None = None,
) -> tuple[MediaInfo, PoseTrack]:
    """Run the pose model over every ``stride``-th frame; raises NoPersonError when nobody is seen.

    Nobody seen by :data:`NO_PERSON_STOP_S` of video ends the run early with NoPersonError. Other
    people are counted about every :data:`PEOPLE_CHECK_EVERY_S` with ``person_detector``; with the
    default estimator (``estimator=None``) the MediaPipe detector is used, with a given estimator
    (a recording being replayed) only a detector passed in.
    """
    info = info or probe_media(path)
    total = max(1, -(-info.frame_count // max(1, stride)))
    if total > MAX_ANALYSED_FRAMES:
        raise too_long_error(path.name, total, stride)
    detector = person_detector
    if detector is None and estimator is None:
        detector = default_person_detector()
    recorder = TrackRecorder()
    factor = model_scale(info.width, info.height)
    anyone = False
    next_check_s = 0.0
    try:
        pose = estimator or default_estimator(info)
    except BaseException:
        if detector is not None:
            detector.close()
        raise
    try:
        for n, frame in enumerate(iter_frames(path, stride=stride, max_side=MAX_MODEL_SIDE_PX), 1):
            if n > MAX_ANALYSED_FRAMES:  # the container under-stated its length
                raise too_long_error(path.name, n, stride)
            rgb = frame.rgb
            if factor < 1.0 and max(rgb.shape[:2]) > MAX_MODEL_SIDE_PX:  # huge pictures come shrunk already
                size = (round(rgb.shape[1] * factor), round(rgb.shape[0] * factor))
                rgb = np.ascontiguousarray(cv2.resize(rgb, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)
            result = pose.process(rgb, frame.timestamp_s)
            anyone = anyone or result.image_xy is not None
            if not anyone and frame.timestamp_s >= NO_PERSON_STOP_S:
                raise nobody_seen_error(path.name, NO_PERSON_STOP_S)
            seen = -1
            if detector is not None and frame.timestamp_s >= next_check_s:
                seen = people_in_frame(detector, rgb, result.image_xy)
                next_check_s = frame.timestamp_s + PEOPLE_CHECK_EVERY_S
            # the back contour is read in the model's pixels (mask and landmarks agree there)
            recorder.append(
                frame.timestamp_s,
                _rescaled(result, factor),
                seen,
                back_curvature=lumbar_flexion_from_frame(result) if measure_back else float("nan"),
                upper_back_curve_deg=lumbar_flexion_from_frame(result, 0.55, 0.95) if measure_upper_back else float("nan"),
            )
            if progress is not None:
                progress(n, max(total, n))
    finally:
        pose.close()
        if detector is not None:
            detector.close()
    track = recorder.build((info.width, info.height), info.fps or 30.0)
    del recorder
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
    if min(info.width, info.height) < MIN_SIDE_PX:
        raise MediaError(
            f"{path.name} is only {info.width}x{info.height} pixels: too small to find a body's joints in "
            f"(corecoach needs at least {MIN_SIDE_PX} pixels on each side). Film or export it at a normal size, such as 720p."
        )
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
