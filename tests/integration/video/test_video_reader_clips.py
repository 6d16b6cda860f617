"""The video reader on the real shared clips: counts, times, sizes and portrait orientation."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from corecoach.video import iter_frames, probe_media

# A spread of what the shared clips hold: H.264 and VP9, 24-60 fps, 608x1080 to 1920x1080,
# portrait and landscape, 11 to 614 frames.
DECODED_CLIPS = [
    "pose2sim_static_standing_cam01.mp4",
    "pose2sim_single_leg_balance_cam02.mp4",  # VP9, 60 fps, portrait
    "mrpose_plank_side.mp4",  # 1080p, 25 fps
    "sports2d_demo_walk_two_people.mp4",  # VP9, odd size 1768x994
    "rohanx01_squat_side_portrait.mp4",  # phone, portrait
]


@pytest.mark.parametrize("name", DECODED_CLIPS)
def test_decoded_frames_match_probe(clip: Callable[[str], Path], name: str) -> None:
    path = clip(name)
    info = probe_media(path)
    count, last_t, shapes = 0, -1.0, set()
    first_t: float | None = None
    for frame in iter_frames(path):
        assert frame.index == count
        assert frame.timestamp_s > last_t, f"time went back at frame {count}"
        first_t = frame.timestamp_s if first_t is None else first_t
        last_t = frame.timestamp_s
        shapes.add(frame.rgb.shape)
        count += 1
    assert info.kind == "video"
    assert abs(count - info.frame_count) <= 1
    assert shapes == {(info.height, info.width, 3)}
    assert first_t == pytest.approx(0.0, abs=0.05)
    # The last frame starts one frame period before the end.
    assert last_t == pytest.approx(info.duration_s - 1 / info.fps, abs=1.5 / info.fps)
    assert info.fps == pytest.approx((count - 1) / last_t, rel=0.02)


def test_portrait_phone_clip_comes_out_taller_than_wide(clip: Callable[[str], Path]) -> None:
    path = clip("rohanx01_squat_side_portrait.mp4")
    info = probe_media(path)
    assert info.height > info.width
    assert (info.width, info.height) == (608, 1080)
    first = next(iter_frames(path))
    assert first.rgb.shape == (1080, 608, 3)


def test_stride_on_a_real_clip(clip: Callable[[str], Path]) -> None:
    path = clip("pose2sim_single_leg_balance_cam01.mp4")  # 100 frames at 60 fps
    every = {f.index: f for f in iter_frames(path)}
    kept = list(iter_frames(path, stride=4))
    assert [f.index for f in kept] == list(range(0, 100, 4))
    for f in kept:
        assert f.timestamp_s == pytest.approx(every[f.index].timestamp_s)
        assert np.array_equal(f.rgb, every[f.index].rgb)
    assert np.diff([f.timestamp_s for f in kept]) == pytest.approx(np.full(len(kept) - 1, 4 / 60), abs=1e-3)


def test_probe_agrees_with_labelled_durations(clips_dir: Path) -> None:
    """labels.json's segments end where each clip ends; probing alone (one frame decoded) says so.

    The labels were timed against the whole file, whose sound track can outlast the picture by a few
    frames (wahoo_good_mornings: 24.08 s file, 23.94 s of video), hence 0.2 s.
    """
    labels = json.loads((clips_dir / "labels.json").read_text(encoding="utf-8"))
    checked = 0
    for entry in labels["clips"]:
        info = probe_media(clips_dir / entry["clip"])
        labelled_end = max(seg["end_s"] for seg in entry["segments"])
        assert info.duration_s == pytest.approx(labelled_end, abs=0.2), entry["clip"]
        assert info.rotation_deg == 0, entry["clip"]  # stored upright: the notes say so
        assert info.frame_count == pytest.approx(info.duration_s * info.fps, abs=2), entry["clip"]
        checked += 1
    assert checked >= 20
