"""Plank and side plank: seconds held in a straight line with the whole body in view; hip sag or pike.

Notes
-----
A frame counts as held when the whole body is seen, the shoulder-ankle line is near level
(plank: within 35 deg of horizontal; side plank: 5-50 deg, the feet on the floor and the body
rising to the supporting elbow), the shoulders are side by side (plank) or stacked (side plank,
one shoulder above the other in the image), and the hips are nearly still. Runs shorter than
one second are ignored; gaps up to half a second are bridged.
"""

from __future__ import annotations

import numpy as np

from corecoach.domain.text import Text
from corecoach.motion.analyses.common import Context, near_side
from corecoach.motion.angles import compute_line_deviation_deg, compute_segment_angle_deg, point
from corecoach.motion.landmarks import FloatArray
from corecoach.motion.reps import held_seconds, runs_of
from corecoach.motion.results import Finding, Severity
from corecoach.motion.views import compute_chest_down_deg

PLANK_MAX_FROM_HORIZONTAL_DEG = 35.0
SIDE_PLANK_RANGE_DEG = (5.0, 50.0)
STACKED_SHOULDERS_MIN_DEG = 45.0
MAX_LINE_DEVIATION_DEG = 30.0
PLANK_CHEST_DOWN_MAX_DEG = 45.0  # chest faces the floor
SIDE_PLANK_CHEST_DEG = (55.0, 125.0)  # chest faces sideways
SAG_DEG = 10.0
PIKE_DEG = -12.0
MAX_HIP_SPEED_BODY_PER_S = 0.35


def _body_length_px(ctx: Context) -> FloatArray:
    tr = ctx.track
    return np.asarray(np.linalg.norm(point(tr.image_xy, "mid_shoulder") - point(tr.image_xy, "mid_ankle"), axis=-1))


def _still(ctx: Context) -> np.ndarray:
    tr = ctx.track
    hip = point(tr.image_xy, "mid_hip")
    if len(tr) < 2:
        # one frame shows no movement, and no stillness either: a hold cannot be timed from it
        return np.zeros(len(tr), dtype=bool)
    dt = np.gradient(tr.timestamps_s)
    speed = np.linalg.norm(np.gradient(hip, axis=0), axis=-1) / np.maximum(dt, 1e-3)
    with np.errstate(all="ignore"):
        rel = speed / _body_length_px(ctx)
    return np.asarray(np.nan_to_num(rel, nan=np.inf) < MAX_HIP_SPEED_BODY_PER_S)


def shoulder_stack_deg(ctx: Context) -> FloatArray:
    """How far the shoulder line is from level in the image: ~90 when one shoulder is above the other."""
    tr = ctx.track
    return np.asarray(
        np.abs(compute_segment_angle_deg(point(tr.image_xy, "left_shoulder"), point(tr.image_xy, "right_shoulder"), "horizontal", True))
    )


def body_line_deg(ctx: Context) -> FloatArray:
    tr = ctx.track
    side = near_side(tr)
    return compute_line_deviation_deg(
        point(tr.image_xy, f"{side}_shoulder"), point(tr.image_xy, f"{side}_hip"), point(tr.image_xy, f"{side}_ankle")
    )


def plank_frames(ctx: Context, side_plank: bool) -> np.ndarray:
    tr = ctx.track
    incline = compute_segment_angle_deg(point(tr.image_xy, "mid_ankle"), point(tr.image_xy, "mid_shoulder"), "horizontal", False)
    stack = shoulder_stack_deg(ctx)
    chest_down = compute_chest_down_deg(tr.world_xyz)
    line = np.abs(body_line_deg(ctx))
    with np.errstate(invalid="ignore"):
        if side_plank:
            lo, hi = SIDE_PLANK_RANGE_DEG
            chest_sideways = (chest_down >= SIDE_PLANK_CHEST_DEG[0]) & (chest_down <= SIDE_PLANK_CHEST_DEG[1])
            pose_ok = (incline >= lo) & (incline <= hi) & (stack >= STACKED_SHOULDERS_MIN_DEG) & chest_sideways
            line_ok = np.ones(len(tr), dtype=bool)  # the near-side line is foreshortened from the front
        else:
            pose_ok = (incline <= PLANK_MAX_FROM_HORIZONTAL_DEG) & (chest_down <= PLANK_CHEST_DOWN_MAX_DEG)
            line_ok = line <= MAX_LINE_DEVIATION_DEG
    return np.asarray(ctx.full_body & pose_ok & line_ok & _still(ctx))


def analyse_hold(ctx: Context, side_plank: bool) -> tuple[float, list[Finding], list[tuple[int, int]]]:
    """Seconds held, and hip sag/pike findings over the held frames (plank from the side)."""
    tr = ctx.track
    t = tr.timestamps_s
    held = plank_frames(ctx, side_plank)
    runs = runs_of(held, t, min_duration_s=1.0)
    hold = round(held_seconds(runs, t, 1.0 / max(ctx.fps, 1.0)), 1)
    findings: list[Finding] = []
    if not runs:
        return hold, findings, runs
    if not side_plank and ctx.view in ("side", "oblique"):
        line = body_line_deg(ctx)
        in_hold = np.zeros(len(tr), dtype=bool)
        for a, b in runs:
            in_hold[a : b + 1] = True
        med = float(np.nanmedian(line[in_hold])) if np.isfinite(line[in_hold]).any() else float("nan")
        start, end = round(float(t[runs[0][0]]), 2), round(float(t[runs[-1][1]]), 2)
        if np.isfinite(med) and med > SAG_DEG:
            findings.append(
                Finding(
                    id="hip_sag",
                    severity=Severity.MAJOR,
                    confidence=0.6,
                    start_s=start,
                    end_s=end,
                    value=round(med, 1),
                    threshold=SAG_DEG,
                    unit="deg",
                    message=Text(
                        en=f"The hips sag {med:.0f}° below the shoulder-ankle line: the lower back arches. Squeeze the glutes, ribs down, or shorten the hold.",
                        nl=f"De heupen zakken {med:.0f}° onder de lijn schouder-enkel: de onderrug trekt hol. Span de billen aan, ribben omlaag, of houd korter vast.",
                    ),
                )
            )
        elif np.isfinite(med) and med < PIKE_DEG:
            findings.append(
                Finding(
                    id="hip_pike",
                    severity=Severity.MINOR,
                    confidence=0.6,
                    start_s=start,
                    end_s=end,
                    value=round(med, 1),
                    threshold=PIKE_DEG,
                    unit="deg",
                    message=Text(
                        en=f"The hips pike {abs(med):.0f}° above the shoulder-ankle line: lower them into one straight line.",
                        nl=f"De heupen steken {abs(med):.0f}° boven de lijn schouder-enkel uit: breng ze omlaag in één rechte lijn.",
                    ),
                )
            )
    if side_plank:
        line = body_line_deg(ctx)
        # from the front the line shows the hips dropping towards the floor as a bend at the hip
        in_hold = np.concatenate([np.arange(a, b + 1) for a, b in runs])
        med = float(np.nanmedian(np.abs(line[in_hold]))) if np.isfinite(line[in_hold]).any() else float("nan")
        if np.isfinite(med) and med > 20.0:
            findings.append(
                Finding(
                    id="hip_drop",
                    severity=Severity.MINOR,
                    confidence=0.4,
                    start_s=round(float(t[runs[0][0]]), 2),
                    end_s=round(float(t[runs[-1][1]]), 2),
                    value=round(med, 1),
                    threshold=20.0,
                    unit="deg",
                    message=Text(
                        en=f"The body bends {med:.0f}° at the hips: lift the hips into one line from head to feet.",
                        nl=f"Het lichaam knikt {med:.0f}° bij de heupen: til de heupen op tot één lijn van hoofd tot voeten.",
                    ),
                )
            )
    return hold, findings, runs
