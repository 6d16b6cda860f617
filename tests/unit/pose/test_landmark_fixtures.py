"""The committed landmark recordings load without the model or the clips, and hold sane data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corecoach.motion.landmarks import INDEX, N_LANDMARKS
from corecoach.pose.replay import load_recording

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "landmarks"
RECORDINGS = sorted(FIXTURES.glob("*.npz"))


def test_recordings_are_present_and_small() -> None:
    assert len(RECORDINGS) >= 20
    assert sum(p.stat().st_size for p in RECORDINGS) < 15e6


@pytest.mark.parametrize("recording", RECORDINGS, ids=lambda p: p.stem)
def test_recording_is_sane(recording: Path) -> None:
    track = load_recording(recording)
    width, height = track.frame_size
    assert len(track) >= 11 and track.image_xy.shape[1:] == (N_LANDMARKS, 2)
    assert np.all(np.diff(track.timestamps_s) > 0) and track.timestamps_s[0] == pytest.approx(0.0, abs=0.05)
    assert track.source_fps > 20
    assert track.detected.mean() > 0.5
    assert np.all(track.people_in_mask[track.detected] >= 0)  # masks were on: known wherever a person was found
    assert np.isnan(track.back_curvature).all()  # left for the analysis to fill
    seen = track.image_xy[track.detected]
    assert not np.isnan(seen).any()
    # Pixels of the upright frame: the hips are inside it in most frames with a person (close-ups
    # and the model's guesses in empty scenes put them outside now and then).
    hips = seen[:, [INDEX["left_hip"], INDEX["right_hip"]]].mean(axis=1)
    inside = (hips[:, 0] >= 0) & (hips[:, 0] <= width) & (hips[:, 1] >= 0) & (hips[:, 1] <= height)
    assert inside.mean() > 0.8
    world = track.world_xyz[track.detected]
    hip_width = np.linalg.norm(world[:, INDEX["left_hip"]] - world[:, INDEX["right_hip"]], axis=1)
    assert 0.1 < np.median(hip_width) < 0.5
