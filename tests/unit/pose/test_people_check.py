"""Counting other people: hiding the followed person, the warning's rule, and recordings with and
without the detector's counts (older recordings still load)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from corecoach.motion.analyse import MIN_CHECKS_WITH_OTHERS, analyse_track, other_people_note
from corecoach.motion.landmarks import N_LANDMARKS, PoseTrack
from corecoach.motion.results import Movement
from corecoach.pose.people import HIDE_MARGIN, hide_person, people_in_frame
from corecoach.pose.replay import load_recording, save_recording

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "landmarks"


class CountingDetector:
    """Finds a 'person' wherever a pure white pixel is left, one per white column band; records what it saw."""

    def __init__(self) -> None:
        self.seen: list[npt.NDArray[np.uint8]] = []

    def count(self, rgb: npt.NDArray[np.uint8]) -> int:
        self.seen.append(rgb)
        cols = np.flatnonzero(np.all(rgb == 255, axis=2).any(axis=0))
        return 0 if cols.size == 0 else 1 + int(np.count_nonzero(np.diff(cols) > 1))

    def close(self) -> None:
        pass


def two_people_image() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.float64]]:
    """White 'people' at columns 20-40 and 120-140 of a 100x200 frame; landmarks on the left one."""
    rgb = np.zeros((100, 200, 3), np.uint8)
    rgb[20:90, 20:40] = 255
    rgb[20:90, 120:140] = 255
    xy = np.column_stack([np.linspace(22, 38, N_LANDMARKS), np.linspace(25, 85, N_LANDMARKS)])
    return rgb, xy


def test_hiding_the_followed_person_leaves_the_other() -> None:
    rgb, xy = two_people_image()
    hidden = hide_person(rgb, xy)
    assert not np.all(hidden[20:90, 20:40] == 255, axis=2).any()  # the followed one, margins included
    assert np.all(hidden[20:90, 120:140] == 255)  # the other one untouched
    assert np.all(rgb[20:90, 20:40] == 255)  # the frame itself is not changed
    x_margin = HIDE_MARGIN * (38 - 22)
    assert hidden[50, int(22 - x_margin) + 1, 0] == 128 and hidden[50, int(38 + x_margin) + 2, 0] == 0


def test_people_in_frame_counts_the_followed_one_once() -> None:
    rgb, xy = two_people_image()
    detector = CountingDetector()
    assert people_in_frame(detector, rgb, xy) == 2
    assert people_in_frame(detector, rgb, None) == 2  # nobody followed: the detector's own count
    alone = rgb.copy()
    alone[:, 100:] = 0
    assert people_in_frame(detector, alone, xy) == 1


def test_landmarks_outside_the_frame_are_clipped() -> None:
    rgb, _ = two_people_image()
    xy = np.column_stack([np.linspace(-50, 30, N_LANDMARKS), np.linspace(-10, 130, N_LANDMARKS)])
    hidden = hide_person(rgb, xy)
    assert hidden.shape == rgb.shape and hidden[0, 0, 0] == 128


def track_with(seen: list[int]) -> PoseTrack:
    track = load_recording(FIXTURES / "rohanx01_squat_side_portrait.npz")
    people = np.full(len(track), -1, dtype=np.int64)
    people[:: max(1, len(track) // max(1, len(seen)))][: len(seen)] = seen
    track.people_seen = people
    return track


@pytest.mark.parametrize(
    ("seen", "warned"),
    [
        ([1] * 20, False),
        ([2] + [1] * 19, False),  # one stray detection is not enough
        ([1] * 10 + [2] * MIN_CHECKS_WITH_OTHERS + [1] * 8, True),
        ([2] * 20, True),
        ([3, 1, 3], True),
        ([2], True),  # a photo or a clip under a second: its only check counts
        ([1], False),
        ([], False),  # never checked (a replayed recording): no warning either way
    ],
)
def test_the_warning_needs_a_second_person_in_two_checks(seen: list[int], warned: bool) -> None:
    note = other_people_note(track_with(seen))
    assert (note is not None) is warned
    if note is not None:
        assert "More than one person was in view" in note.en and "meer dan één persoon" in note.nl


def test_the_warning_leads_the_notes_and_people_max_counts_it() -> None:
    result = analyse_track(track_with([2] * 20), Movement.SQUAT, "two.mp4")
    assert "More than one person" in result.notes[0].en
    assert f"in 20 of {20} checks" in result.notes[0].en
    assert result.frames.people_max == 2
    alone = analyse_track(track_with([1] * 20), Movement.SQUAT, "one.mp4")
    assert not any("More than one person" in n.en for n in alone.notes)
    assert alone.frames.people_max == 1


def test_people_seen_survives_a_recording_and_older_recordings_load_without_it(tmp_path: Path) -> None:
    track = track_with([1, 2, 2])
    back = load_recording(save_recording(tmp_path / "with.npz", track))
    np.testing.assert_array_equal(back.people_seen, track.people_seen)
    committed = load_recording(FIXTURES / "rohanx01_squat_side_portrait.npz")
    assert committed.people_seen.shape == (len(committed),) and (committed.people_seen == -1).all()
