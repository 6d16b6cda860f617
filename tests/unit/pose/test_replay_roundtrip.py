"""Recordings: a PoseTrack survives save/load, and ReplayEstimator hands its frames back in order."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corecoach.errors import PoseBackendError
from corecoach.motion.landmarks import N_LANDMARKS, PoseTrack
from corecoach.pose.base import PoseEstimator, PoseFrame
from corecoach.pose.recording import TrackRecorder
from corecoach.pose.replay import ReplayEstimator, load_recording, save_recording

BLANK = np.zeros((4, 4, 3), np.uint8)


def synthetic_track(n: int = 6) -> PoseTrack:
    """Known values: frame i has every pixel coordinate = 100 * i + landmark, frame 2 has nobody."""
    rng = np.random.default_rng(7)
    image_xy = (100.0 * np.arange(n)[:, None, None] + np.arange(N_LANDMARKS)[None, :, None]) * np.ones((1, 1, 2)) + 0.25
    world_xyz = rng.normal(0.0, 0.4, (n, N_LANDMARKS, 3))
    visibility = rng.uniform(0, 1, (n, N_LANDMARKS))
    image_xy[2], world_xyz[2], visibility[2] = np.nan, np.nan, 0.0
    return PoseTrack(
        timestamps_s=np.array([0.0, 0.041, 0.083, 0.2, 0.21, 1 / 3])[:n],
        image_xy=image_xy,
        world_xyz=world_xyz,
        visibility=visibility,
        frame_size=(1920, 1080),
        people_in_mask=np.array([1, 1, 0, 2, -1, 1])[:n],
        back_curvature=np.array([np.nan, 0.01, np.nan, -0.002, 0.0, 0.5])[:n],
        upper_back_curve_deg=np.array([12.5, np.nan, np.nan, 30.0, -4.0, 0.0])[:n],
        source_fps=23.976,
    )


@pytest.mark.parametrize(("world_dtype", "world_atol"), [(np.float32, 1e-6), (np.float16, 1e-3)])
def test_save_load_roundtrip(tmp_path: Path, world_dtype: type[np.floating], world_atol: float) -> None:
    track = synthetic_track()
    path = save_recording(tmp_path / "sub" / "clip.npz", track, world_dtype=world_dtype)
    assert path == tmp_path / "sub" / "clip.npz" and path.exists()
    back = load_recording(path)
    assert back.frame_size == (1920, 1080)
    assert back.source_fps == pytest.approx(23.976)
    np.testing.assert_array_equal(back.timestamps_s, track.timestamps_s)  # float64 kept: times stay exact
    np.testing.assert_allclose(back.image_xy, track.image_xy, atol=1e-3, equal_nan=True)
    np.testing.assert_allclose(back.world_xyz, track.world_xyz, atol=world_atol, equal_nan=True)
    np.testing.assert_allclose(back.visibility, track.visibility, atol=1e-6)
    np.testing.assert_array_equal(back.people_in_mask, track.people_in_mask)
    np.testing.assert_allclose(back.back_curvature, track.back_curvature, rtol=1e-6, equal_nan=True)
    np.testing.assert_allclose(back.upper_back_curve_deg, track.upper_back_curve_deg, rtol=1e-6, equal_nan=True)
    assert back.image_xy.dtype == back.world_xyz.dtype == back.visibility.dtype == np.float64
    assert back.people_in_mask.dtype == np.int64
    assert list(back.detected) == [True, True, False, True, True, True]


def test_suffix_is_added(tmp_path: Path) -> None:
    path = save_recording(tmp_path / "clip", synthetic_track())
    assert path.name == "clip.npz"
    assert len(load_recording(path)) == 6


def test_defaults_survive_roundtrip(tmp_path: Path) -> None:
    """A track built without mask facts stores -1 (unknown) people and NaN curvature."""
    t = synthetic_track()
    bare = PoseTrack(t.timestamps_s, t.image_xy, t.world_xyz, t.visibility, (640, 480))
    back = load_recording(save_recording(tmp_path / "bare.npz", bare))
    assert list(back.people_in_mask) == [-1] * 6
    assert np.isnan(back.back_curvature).all()
    assert np.isnan(back.upper_back_curve_deg).all()


def test_files_without_the_upper_back_curve_still_load(tmp_path: Path) -> None:
    """Recordings written before ``upper_back_curve_deg`` existed load with NaN there."""
    path = save_recording(tmp_path / "old.npz", synthetic_track())
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files if k != "upper_back_curve_deg"}
    np.savez_compressed(path, **arrays)
    back = load_recording(path)
    assert back.upper_back_curve_deg.shape == (6,) and np.isnan(back.upper_back_curve_deg).all()


def test_not_a_recording(tmp_path: Path) -> None:
    other = tmp_path / "other.npz"
    np.savez(other, something=np.zeros(3))
    with pytest.raises(PoseBackendError, match="not a corecoach landmark recording"):
        load_recording(other)
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip file")
    with pytest.raises(PoseBackendError, match="could not be read"):
        load_recording(garbage)


def test_replay_returns_recorded_frames_in_order() -> None:
    track = synthetic_track()
    replay: PoseEstimator = ReplayEstimator(track)
    frames = [replay.process(BLANK, t) for t in track.timestamps_s]
    for i, frame in enumerate(frames):
        assert frame.mask is None
        if i == 2:
            assert frame == PoseFrame(None, None, None, None)
            continue
        assert frame.image_xy is not None and frame.world_xyz is not None and frame.visibility is not None
        assert frame.image_xy[0, 0] == pytest.approx(100 * i + 0.25)
        np.testing.assert_array_equal(frame.world_xyz, track.world_xyz[i])
        np.testing.assert_array_equal(frame.visibility, track.visibility[i])
    with pytest.raises(PoseBackendError, match="holds 6 frames; frame 7"):
        replay.process(BLANK, 9.0)
    replay.close()


def test_replay_hands_out_copies() -> None:
    track = synthetic_track()
    frame = ReplayEstimator(track).process(BLANK, 0.0)
    assert frame.image_xy is not None
    frame.image_xy[:] = -1
    assert track.image_xy[0, 0, 0] == pytest.approx(0.25)


def test_recorder_then_replay_rebuilds_the_track(tmp_path: Path) -> None:
    """Replaying a recording into a TrackRecorder gives the same landmarks back (the fixture pipeline in reverse)."""
    track = load_recording(save_recording(tmp_path / "t.npz", synthetic_track()))
    replay = ReplayEstimator.from_file(tmp_path / "t.npz")
    recorder = TrackRecorder()
    for t in track.timestamps_s:
        recorder.append(float(t), replay.process(BLANK, float(t)))
    assert replay.frames_used == len(track) == len(recorder)
    rebuilt = recorder.build(track.frame_size, track.source_fps)
    np.testing.assert_array_equal(rebuilt.image_xy, track.image_xy)
    np.testing.assert_array_equal(rebuilt.world_xyz, track.world_xyz)
    np.testing.assert_array_equal(rebuilt.visibility, track.visibility)
    assert list(rebuilt.people_in_mask) == [-1] * len(track)  # replay has no masks


def test_recorder_counts_people_from_masks() -> None:
    mask = np.zeros((100, 100), np.float32)
    mask[10:60, 5:25] = 0.9
    mask[10:60, 70:95] = 0.8
    recorder = TrackRecorder()
    xy = np.full((N_LANDMARKS, 2), 50.0)
    recorder.append(0.0, PoseFrame(xy, np.zeros((N_LANDMARKS, 3)), np.ones(N_LANDMARKS), mask))
    recorder.append(0.5, PoseFrame(None, None, None, np.zeros((100, 100), np.float32)))
    track = recorder.build((100, 100), 2.0)
    assert list(track.people_in_mask) == [2, 0]
    assert list(track.detected) == [True, False]
    assert track.visibility[1].tolist() == [0.0] * N_LANDMARKS


def test_empty_recorder_builds_an_empty_track() -> None:
    track = TrackRecorder().build((640, 480), 30.0)
    assert len(track) == 0 and track.image_xy.shape == (0, N_LANDMARKS, 2)
