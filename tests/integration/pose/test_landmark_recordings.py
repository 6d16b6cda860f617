"""The committed landmark recordings still describe the shared clips and the model as installed:
same frames, same times, same size, and the real model reproduces them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corecoach.pose.mediapipe_backend import MediaPipePoseEstimator
from corecoach.pose.replay import load_recording
from corecoach.video import iter_frames, probe_media

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "landmarks"
RECORDINGS = sorted(FIXTURES.glob("*.npz"))


def test_every_shared_clip_has_a_recording(clips_dir: Path) -> None:
    clips = {p.stem for p in clips_dir.glob("*.mp4")}
    assert clips, f"no clips in {clips_dir}"
    missing = sorted(clips - {p.stem for p in RECORDINGS})
    assert not missing, f"no recording for {missing}: run scripts/record_landmarks.py --skip-existing"


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda p: p.stem)
def test_recording_matches_its_clip(clips_dir: Path, recording: Path) -> None:
    track = load_recording(recording)
    info = probe_media(clips_dir / f"{recording.stem}.mp4")
    assert track.frame_size == (info.width, info.height)
    assert track.source_fps == pytest.approx(info.fps)
    assert abs(len(track) - info.frame_count) <= 1
    first = [f.timestamp_s for _, f in zip(range(20), iter_frames(info.path), strict=False)]
    np.testing.assert_allclose(track.timestamps_s[: len(first)], first, atol=1e-9)


@pytest.mark.parametrize("name", ["rohanx01_squat_side_portrait", "pose2sim_single_leg_balance_cam03"])
def test_model_reproduces_the_recording(clips_dir: Path, name: str) -> None:
    """The model is deterministic on one machine (differences are float32 rounding); other CPUs
    may differ by a fraction of a pixel, hence the tolerances."""
    track = load_recording(FIXTURES / f"{name}.npz")
    diffs: list[float] = []
    with MediaPipePoseEstimator() as estimator:
        for _, frame in zip(range(30), iter_frames(clips_dir / f"{name}.mp4"), strict=False):
            result = estimator.process(frame.rgb, frame.timestamp_s)
            assert result.image_xy is not None
            diffs.append(float(np.abs(result.image_xy - track.image_xy[frame.index]).max()))
    assert np.median(diffs) < 1.0 and max(diffs) < 5.0, diffs
