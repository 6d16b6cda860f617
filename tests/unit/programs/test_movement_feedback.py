"""What the program does with what the camera saw (programs/movement_feedback.py)."""

from __future__ import annotations

from corecoach.domain.enums import CoreFunction, Need
from corecoach.programs.movement_feedback import adjustments_from_analysis, log_values_from_analysis, program_extras


def _finding(fid: str, start: float = 1.0, end: float = 2.0, severity: str = "major") -> dict:
    return {"id": fid, "severity": severity, "start_s": start, "end_s": end}


def test_butt_wink_adds_hip_mobility_and_caps_depth_above_the_wink() -> None:
    result = {
        "movement": "squat",
        "findings": [_finding("lower_back_rounding", 1.0, 2.0)],
        "per_rep": [
            {"bottom_s": 1.5, "metrics": {"knee_flexion_bottom_deg": 110.0}},
            {"bottom_s": 4.0, "metrics": {"knee_flexion_bottom_deg": 95.0}},  # no wink on this rep
        ],
    }
    (adj,) = adjustments_from_analysis(result)
    assert adj.rule == "video_butt_wink" and adj.need is Need.HIP_MOBILITY
    assert adj.squat_depth_cap_deg == 100
    assert "100°" in adj.explanation.en and "100°" in adj.explanation.nl


def test_carry_lean_asks_for_a_lighter_load() -> None:
    (adj,) = adjustments_from_analysis({"movement": "suitcase_carry", "findings": [_finding("lateral_trunk_lean")]})
    assert adj.rule == "video_carry_lean" and "lighter" in adj.explanation.en and adj.regress is None


def test_dead_bug_arching_goes_back_a_rung() -> None:
    (adj,) = adjustments_from_analysis({"movement": "dead_bug", "findings": [_finding("lower_back_arching")]})
    assert adj.regress is CoreFunction.ANTI_EXTENSION


def test_clean_video_changes_nothing() -> None:
    assert adjustments_from_analysis({"movement": "squat", "findings": [], "per_rep": []}) == []


def test_program_extras_use_the_latest_analysis_per_movement() -> None:
    old = {"movement": "squat", "findings": [_finding("lower_back_rounding")], "per_rep": []}
    new = {"movement": "squat", "findings": [], "per_rep": []}
    assert program_extras([old, new]) == ([], [])
    needs, notes = program_extras([new, old])
    assert needs == [Need.HIP_MOBILITY] and len(notes) == 1


def test_log_values_take_the_weaker_side_and_clean_form() -> None:
    values = log_values_from_analysis({"reps_per_side": {"left": 8, "right": 7}, "reps": 15, "hold_s": None, "findings": []})
    assert values == {"clean_form": True, "reps_per_side": 7}
    values = log_values_from_analysis({"reps_per_side": None, "reps": None, "hold_s": 31.5, "findings": [_finding("hip_sag")]})
    assert values == {"clean_form": False, "hold_s": 31.5}
    info_only = log_values_from_analysis({"reps": 5, "findings": [_finding("kendall_ideal", severity="info")]})
    assert info_only["clean_form"] is True
