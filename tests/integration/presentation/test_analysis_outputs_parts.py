"""The pieces behind ``write_outputs`` with known answers: hold timer, key frames, sizes, rates, words.

Results and tracks here are constructed (no clip needed), so these run everywhere.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from corecoach.domain.enums import Language
from corecoach.domain.text import Text
from corecoach.motion.landmarks import N_LANDMARKS, PoseTrack
from corecoach.motion.results import AnalysisResult, Finding, FrameStats, Movement, RepOut, Severity
from corecoach.presentation.analysis_plots import angle_panels, render_angles_png
from corecoach.presentation.analysis_report import render_report
from corecoach.presentation.analysis_text import ascii_text, next_steps
from corecoach.presentation.analysis_video import (
    MAX_KEY_FRAMES,
    Overlay,
    _Style,
    draw_overlay,
    frame_rate,
    hold_timer,
    key_frame_targets,
    output_size,
)

FPS = 10.0


def _track(n: int, size: tuple[int, int] = (640, 480)) -> PoseTrack:
    rng = np.random.default_rng(0)
    xy = rng.uniform(50, 400, (n, N_LANDMARKS, 2))
    return PoseTrack(
        timestamps_s=np.arange(n) / FPS,
        image_xy=xy,
        world_xyz=rng.normal(0, 0.3, (n, N_LANDMARKS, 3)),
        visibility=np.full((n, N_LANDMARKS), 0.9),
        frame_size=size,
        source_fps=FPS,
    )


def _finding(fid: str, start: float, end: float) -> Finding:
    return Finding(
        id=fid,
        severity=Severity.MINOR,
        confidence=0.5,
        start_s=start,
        end_s=end,
        value=12.0,
        threshold=10.0,
        unit="deg",
        message=Text(en=f"{fid} <seen>", nl=f"{fid} <gezien>"),
    )


def _result(
    n: int, *, movement: Movement = Movement.SQUAT, reps: int = 0, hold: float | None = None, findings: list[Finding] | None = None
) -> AnalysisResult:
    per_rep = [
        RepOut(
            index=i + 1,
            start_s=i * 1.0,
            bottom_s=i * 1.0 + 0.5,
            end_s=i * 1.0 + 0.9,
            metrics={"knee_flexion_bottom_deg": 100.0},
            clean=i % 2 == 0,
        )
        for i in range(reps)
    ]
    return AnalysisResult(
        file="made.mp4",
        movement=movement,
        movement_confidence=1.0,
        view="side",
        view_confidence=0.9,
        views=[],
        reps=reps if hold is None else None,
        reps_per_side=None,
        hold_s=hold,
        per_rep=per_rep,
        findings=findings or [],
        notes=[],
        frames=FrameStats(analysed=n, with_person=n, full_body=n, fps=FPS, duration_s=n / FPS, people_max=1),
    )


def test_hold_timer_counts_held_frames_and_ends_at_the_reported_hold() -> None:
    n = 50
    track = _track(n)
    held = np.zeros(n, dtype=bool)
    held[10:30] = True
    timer = hold_timer(_result(n, movement=Movement.PLANK, hold=2.0), track, held)
    assert timer is not None
    assert np.all(np.diff(timer) >= 0)
    assert timer[9] == 0.0
    assert timer[-1] == pytest.approx(2.0)
    assert timer[19] == pytest.approx(1.0)
    assert hold_timer(_result(n), track, held) is None  # rep movements have no timer


def test_key_frames_are_rep_bottoms_capped_at_twelve_unclean_first() -> None:
    n = 300
    result = _result(n, reps=20)
    targets = key_frame_targets(result, _track(n), None, Language.EN)
    assert len(targets) == MAX_KEY_FRAMES
    rows = [t.row for t in targets]
    assert rows == sorted(rows)
    unclean_bottoms = {round((r.bottom_s) * FPS) for r in result.per_rep if not r.clean}
    assert unclean_bottoms <= set(rows)
    assert all("bottom" in t.caption for t in targets)


def test_key_frames_for_a_hold_and_for_findings_outside_reps() -> None:
    n = 100
    track = _track(n)
    held = np.ones(n, dtype=bool)
    result = _result(n, movement=Movement.PLANK, hold=10.0, findings=[_finding("hip_sag", 0.0, 9.9)])
    timer = hold_timer(result, track, held)
    targets = key_frame_targets(result, track, timer, Language.NL)
    assert [t.caption for t in targets] == ["Midden van het vasthouden"]  # the finding is shown by that frame
    assert abs(targets[0].row - 50) <= 1
    lone = key_frame_targets(_result(n, findings=[_finding("heel_rise", 2.0, 3.0)]), track, None, Language.EN)
    assert [t.row for t in lone] == [25]


def test_output_size_is_even_and_at_most_1920() -> None:
    assert output_size(1920, 1080) == (1920, 1080)
    assert output_size(1081, 1919) == (1080, 1918)
    w, h = output_size(3840, 2160)
    assert (w, h) == (1920, 1080)
    w, h = output_size(2160, 3841)
    assert w % 2 == 0 and h % 2 == 0 and max(w, h) <= 1920


def test_frame_rate_is_the_source_rate_over_the_stride() -> None:
    assert frame_rate(30000 / 1001, 1) == Fraction(30000, 1001)
    assert frame_rate(24000 / 1001, 2) == Fraction(12000, 1001)
    assert frame_rate(60.0, 3) == 20
    assert frame_rate(0.0, 1) == 30


def test_overlay_draws_in_place_and_marks_active_findings() -> None:
    n = 20
    track = _track(n)
    result = _result(n, findings=[_finding("knees_caving_in", 1.0, 1.5)])
    ov = Overlay(result=result, track=track, lang=Language.EN, angles={})
    style = _Style.for_size(640, 480)
    quiet = np.full((480, 640, 3), 128, np.uint8)
    draw_overlay(quiet, 0, 0.0, ov, style)
    loud = np.full((480, 640, 3), 128, np.uint8)
    draw_overlay(loud, 12, 1.2, ov, style)
    assert not np.array_equal(quiet, np.full_like(quiet, 128))  # skeleton and HUD drawn
    assert tuple(loud[0, 320]) == (235, 30, 30)  # red border while the finding happens
    assert tuple(quiet[0, 320]) == (128, 128, 128)


def test_next_steps_prefer_the_analysis_then_advice_per_finding() -> None:
    n = 10
    own = _result(n).model_copy(update={"next_steps": [Text(en="Do this.", nl="Doe dit.")]})
    assert next_steps(own, Language.NL) == ["Doe dit."]
    two = _result(
        n, findings=[_finding("lower_back_rounding", 0, 1), _finding("lower_back_rounding", 2, 3), _finding("odd_new_fault", 0, 1)]
    )
    lines = next_steps(two, Language.EN)
    assert len(lines) == 2 and "hip mobility" in lines[0]
    assert "odd new fault" in lines[1]
    assert next_steps(_result(n, movement=Movement.UNKNOWN), Language.EN)[0].startswith("Film the whole body")


def test_report_escapes_messages_and_names_no_web_address() -> None:
    n = 30
    track = _track(n)
    result = _result(n, reps=2, findings=[_finding("heel_rise", 0.2, 0.8)])
    png = render_angles_png(result, track, angle_panels(result.movement, track), None, Language.EN)
    page = render_report(result, Language.EN, [], png, "made_annotated.mp4")
    assert "heel_rise &lt;seen&gt;" in page and "<seen>" not in page
    assert "http://" not in page and "https://" not in page
    assert page.count("data:image/png;base64,") == 1


def test_photo_plot_is_a_bar_chart_png() -> None:
    track = _track(1)
    result = _result(1, movement=Movement.POSTURE)
    png = render_angles_png(result, track, angle_panels(result.movement, track), None, Language.NL)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_overlay_text_is_ascii() -> None:
    assert ascii_text("Knieën 12° – één") == "Knieen 12 deg - een"
