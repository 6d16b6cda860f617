"""Notes about framing: the person partly out of frame, or the track jumping to someone else."""

from __future__ import annotations

import dataclasses

from corecoach.motion.analyse import analyse_track
from corecoach.motion.landmarks import INDEX
from corecoach.motion.results import Movement


def test_clean_framing_has_no_framing_note(fig) -> None:
    track, _ = fig.squat(3, view="side")
    notes = [n.en for n in analyse_track(track, Movement.SQUAT, "x").notes]
    assert not any("out of frame" in n or "more than one person" in n for n in notes)


def test_feet_out_of_frame_is_said(fig) -> None:
    track, _ = fig.squat(3, view="side")
    vis = track.visibility.copy()
    for part in ("left_ankle", "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index"):
        vis[: int(0.8 * len(track)), INDEX[part]] = 0.05
    notes = [n.en for n in analyse_track(dataclasses.replace(track, visibility=vis), Movement.SQUAT, "x").notes]
    assert any("partly out of frame" in n for n in notes)


def test_a_jump_to_another_body_is_said(fig) -> None:
    track, _ = fig.squat(3, view="side")
    xy = track.image_xy.copy()
    xy[len(track) // 2 :, :, 0] += 0.4 * track.frame_size[0]  # from mid-clip on, someone elsewhere in the frame
    notes = [n.en for n in analyse_track(dataclasses.replace(track, image_xy=xy), Movement.SQUAT, "x").notes]
    assert any("more than one person" in n for n in notes)
