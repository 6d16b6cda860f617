"""Clips too short to measure (1, 2 or 3 analysed frames): every analysis answers, none raises.

A 1-frame clip, or ``--stride`` larger than the clip, leaves one sample; derivatives, filters and
rep counters need more. Each analysis must then give a result (no reps, no hold) rather than a
NumPy error.
"""

from __future__ import annotations

import numpy as np
import pytest

from corecoach.motion.analyse import analyse_track
from corecoach.motion.landmarks import PoseTrack
from corecoach.motion.results import Movement

MOVEMENTS = [m for m in Movement if m is not Movement.UNKNOWN]


def _first(track: PoseTrack, start: int, n: int) -> PoseTrack:
    """``n`` frames of ``track`` from ``start``, as a clip of their own."""
    cut = slice(start, start + n)
    return PoseTrack(
        timestamps_s=track.timestamps_s[cut] - track.timestamps_s[start],
        image_xy=track.image_xy[cut].copy(),
        world_xyz=track.world_xyz[cut].copy(),
        visibility=track.visibility[cut].copy(),
        frame_size=track.frame_size,
        people_in_mask=track.people_in_mask[cut].copy(),
        back_curvature=track.back_curvature[cut].copy(),
        upper_back_curve_deg=track.upper_back_curve_deg[cut].copy(),
        source_fps=track.source_fps,
    )


@pytest.fixture(scope="module")
def sources(fig) -> dict[str, PoseTrack]:
    return {
        "plank": fig.plank(4.0, before_s=0.5, after_s=0.5),
        "side_plank": fig.side_plank(3.0, before_s=0.5, after_s=0.5),
        "squat": fig.squat(2)[0],
        "dead_bug": fig.dead_bug("LR")[0],
        "standing": fig.standing(1.0),
    }


@pytest.mark.parametrize("n_frames", [1, 2, 3])
@pytest.mark.parametrize("movement", MOVEMENTS, ids=lambda m: m.value)
@pytest.mark.parametrize("source", ["plank", "side_plank", "squat", "dead_bug", "standing"])
def test_a_few_frames_give_a_result_not_an_error(sources: dict[str, PoseTrack], source: str, movement: Movement, n_frames: int) -> None:
    track = sources[source]
    short = _first(track, len(track) // 2, n_frames)
    result = analyse_track(short, movement, "short.mp4")
    assert result.frames.analysed == n_frames
    assert result.hold_s in (None, 0.0)
    assert not result.reps  # None or 0: nothing can be counted in a few frames


@pytest.mark.parametrize("n_frames", [1, 2, 3])
@pytest.mark.parametrize("movement", MOVEMENTS, ids=lambda m: m.value)
def test_a_person_in_only_one_of_a_few_frames(sources: dict[str, PoseTrack], movement: Movement, n_frames: int) -> None:
    short = _first(sources["plank"], 60, n_frames)
    short.image_xy[1:] = np.nan
    short.world_xyz[1:] = np.nan
    short.visibility[1:] = 0.0
    result = analyse_track(short, movement, "short.mp4")
    assert result.frames.with_person == 1
