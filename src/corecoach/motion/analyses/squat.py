"""Squat: reps, depth, trunk vs shin, heel rise, knees caving in, and lower-back rounding ("butt wink").

Notes
-----
Reps come from the *lesser* knee flexion of the two legs in 3-D (both knees bend in a squat; in
walking one leg is always nearly straight), so the count does not depend on the view.

Butt wink is fused from two signals, each measured between the top of the rep and its bottom:

- the segmentation mask's back contour (side view only, see :mod:`corecoach.motion.contour`):
  rounding shows as the lumbar outline turning from curving in to bulging out
  (``lumbar_outline_bottom_deg`` above 10) with a clear change from the top of the rep
  (``lumbar_flexion_change_deg`` above 15);
- ``hip_flexion_rebound_deg`` from the landmarks: near the bottom the trunk-thigh angle stops
  closing and opens again while the knees still bend, i.e. the pelvis tucks under.

Either over its threshold raises the finding; both together raise its confidence. It describes
what the camera sees and is never called a diagnosis.
"""

from __future__ import annotations

import numpy as np

from corecoach.domain.text import Text
from corecoach.motion.analyses.common import Context, near_side, upper_body_frames, view_note, world_flexion
from corecoach.motion.angles import compute_segment_angle_deg, point
from corecoach.motion.landmarks import FloatArray
from corecoach.motion.reps import RepWindow, detect_reps
from corecoach.motion.results import Finding, RepOut, Severity

SQUAT_MIN_PROMINENCE_DEG = 40.0
TRUNK_AHEAD_OF_SHIN_DEG = 15.0
HEEL_RISE_FRACTION = 0.25  # of the foot's length
KNEE_CAVE_RATIO = 0.8  # knee distance / ankle distance at the bottom
LUMBAR_ROUNDING_DEG = 15.0  # change of the lumbar outline from the top of the rep to its bottom
LUMBAR_ROUNDED_DEG = 10.0  # outline bulging outwards at the bottom (a neutral lower back curves inwards)
HIP_REBOUND_DEG = 12.0
HIP_DROP_MIN = 0.15  # of the leg's length in the image
TRACK_JUMP_MAX = 0.5  # of the trunk length, hip travel between two frames


def squat_depth_deg(ctx: Context) -> FloatArray:
    """Per frame, how deep the squat is (deg); NaN where the legs are not seen.

    With the whole body in view: the lesser of the two 3-D knee flexions. When the feet are cut
    off (a close-up to the thighs), the lesser 3-D hip flexion (trunk-thigh) stands in: in a
    squat both bend together through a similar range, and counting should not stop at a close-up.
    """
    tr = ctx.track
    with np.errstate(all="ignore"):
        knee = np.fmin(
            world_flexion(tr, "left_hip", "left_knee", "left_ankle"), world_flexion(tr, "right_hip", "right_knee", "right_ankle")
        )
        hip = np.fmin(
            world_flexion(tr, "left_shoulder", "left_hip", "left_knee"), world_flexion(tr, "right_shoulder", "right_hip", "right_knee")
        )
    thighs = upper_body_frames(tr)
    depth = np.where(ctx.full_body, knee, np.where(thighs, hip, np.nan))
    return np.asarray(depth)


def count_squat_reps(ctx: Context) -> list[RepWindow]:
    """Reps of the depth signal that are real squats: the hips go down, and the tracked person stays the same.

    A knee angle alone can spike in a jump, a stumble or when the model briefly jumps to another
    person; a squat also lowers the hips (by at least ``HIP_DROP_MIN`` of the leg's length in the
    image) and the hips never teleport between frames (``TRACK_JUMP_MAX`` of the trunk length).
    """
    tr = ctx.track
    reps = detect_reps(squat_depth_deg(ctx), tr.timestamps_s, SQUAT_MIN_PROMINENCE_DEG, min_separation_s=0.8)
    side = near_side(tr)
    hip = point(tr.image_xy, f"{side}_hip")
    knee = point(tr.image_xy, f"{side}_knee")
    ankle = point(tr.image_xy, f"{side}_ankle")
    thigh = np.linalg.norm(knee - hip, axis=-1)
    shin = np.linalg.norm(ankle - knee, axis=-1)
    leg = np.where(np.isfinite(shin), thigh + shin, 2.0 * thigh)
    trunk = np.linalg.norm(point(tr.image_xy, "mid_shoulder") - point(tr.image_xy, "mid_hip"), axis=-1)
    step = np.r_[0.0, np.linalg.norm(np.diff(point(tr.image_xy, "mid_hip"), axis=0), axis=-1)]
    kept: list[RepWindow] = []
    for r in reps:
        window = slice(r.start, r.end + 1)
        leg_len = float(np.nanmedian(leg[window])) if np.isfinite(leg[window]).any() else float("nan")
        top_y = np.nanmin([hip[r.start, 1], hip[r.end, 1]])
        drop = (float(np.nanmax(hip[r.start : r.end + 1, 1])) - top_y) / leg_len if np.isfinite(leg_len) and leg_len > 0 else float("nan")
        trunk_len = float(np.nanmedian(trunk[window])) if np.isfinite(trunk[window]).any() else float("nan")
        jumped = (
            bool(np.nanmax(step[window]) > TRACK_JUMP_MAX * trunk_len)
            if np.isfinite(trunk_len) and np.isfinite(step[window]).any()
            else False
        )
        if np.isfinite(drop) and drop >= HIP_DROP_MIN and not jumped:
            kept.append(r)
    return kept


def _at(x: FloatArray, i: int) -> float | None:
    v = float(x[i])
    return round(v, 1) if np.isfinite(v) else None


def analyse_squat(ctx: Context) -> tuple[list[RepOut], list[Finding], list[Text]]:
    """Per-rep metrics and findings for a squat; notes for metrics this view cannot show."""
    tr = ctx.track
    t = tr.timestamps_s
    reps = count_squat_reps(ctx)
    side = near_side(tr)
    view = ctx.view
    sideish = view in ("side", "oblique")
    frontish = view in ("front", "rear", "oblique")
    knee = squat_depth_deg(ctx)
    hip_flex = world_flexion(tr, f"{side}_shoulder", f"{side}_hip", f"{side}_knee")
    trunk = compute_segment_angle_deg(point(tr.image_xy, "mid_hip"), point(tr.image_xy, "mid_shoulder"), "vertical", False)
    shin = compute_segment_angle_deg(point(tr.image_xy, f"{side}_ankle"), point(tr.image_xy, f"{side}_knee"), "vertical", False)
    heel_y = point(tr.image_xy, f"{side}_heel")[:, 1]
    toe = point(tr.image_xy, f"{side}_foot_index")
    foot_len = np.linalg.norm(toe - point(tr.image_xy, f"{side}_heel"), axis=-1)
    knee_w = np.abs(point(tr.image_xy, "left_knee")[:, 0] - point(tr.image_xy, "right_knee")[:, 0])
    ankle_w = np.abs(point(tr.image_xy, "left_ankle")[:, 0] - point(tr.image_xy, "right_ankle")[:, 0])
    lumbar = tr.back_curvature
    hip_y = point(tr.image_xy, "mid_hip")[:, 1]
    knee_y = point(tr.image_xy, f"{side}_knee")[:, 1]

    per_rep: list[RepOut] = []
    findings: list[Finding] = []
    for n, r in enumerate(reps, 1):
        b, s, e = r.bottom, r.start, r.end
        descent = slice(s, b + 1)
        m: dict[str, float | None] = {
            "knee_flexion_bottom_deg": _at(knee, b),
            "hip_flexion_bottom_deg": _at(hip_flex, b),
            "hip_below_knee": None,
        }
        if np.isfinite(hip_y[b]) and np.isfinite(knee_y[b]) and sideish:
            m["hip_below_knee"] = 1.0 if hip_y[b] > knee_y[b] else 0.0
        clean = True
        # form is judged only on reps seen whole from the top to the bottom (not across a cut or close-up)
        whole = bool(ctx.full_body[s : b + 1].all())
        m["whole_body_seen"] = 1.0 if whole else 0.0
        if sideish and whole:
            trunk_b, shin_b = _at(trunk, b), _at(shin, b)
            m["trunk_from_vertical_bottom_deg"] = trunk_b
            m["shin_from_vertical_bottom_deg"] = shin_b
            if trunk_b is not None and shin_b is not None:
                diff = round(trunk_b - shin_b, 1)
                m["trunk_minus_shin_deg"] = diff
                if diff > TRUNK_AHEAD_OF_SHIN_DEG:
                    clean = False
                    findings.append(
                        _finding(
                            "trunk_ahead_of_shin",
                            Severity.MINOR,
                            0.6,
                            t,
                            s,
                            e,
                            diff,
                            TRUNK_AHEAD_OF_SHIN_DEG,
                            "deg",
                            Text(
                                en=f"Rep {n}: the trunk leans {diff:.0f}° further forward than the shins at the bottom (FMS deep-squat criterion: trunk parallel to the shins or more upright).",
                                nl=f"Herhaling {n}: de romp helt onderin {diff:.0f}° verder voorover dan de schenen (FMS-criterium: romp evenwijdig aan de schenen of rechter).",
                            ),
                        )
                    )
            heel_seen = ctx.view == "side" and bool(np.all(tr.vis(f"{side}_heel")[s : b + 1] >= 0.5))
            base = float(np.nanmedian(heel_y[s : s + max(1, (b - s) // 4) + 1])) if b > s and heel_seen else float("nan")
            fl = float(np.nanmedian(foot_len[descent])) if np.isfinite(foot_len[descent]).any() else float("nan")
            rise = (base - float(np.nanmin(heel_y[descent]))) / fl if np.isfinite(base) and fl > 0 else float("nan")
            m["heel_rise_foot_fraction"] = round(rise, 2) if np.isfinite(rise) else None
            if np.isfinite(rise) and rise > HEEL_RISE_FRACTION:
                clean = False
                findings.append(
                    _finding(
                        "heel_rise",
                        Severity.MINOR,
                        0.5,
                        t,
                        s,
                        e,
                        round(rise, 2),
                        HEEL_RISE_FRACTION,
                        "foot_length",
                        Text(
                            en=f"Rep {n}: the heels come up (by {rise:.0%} of the foot's length): often the ankles lack mobility.",
                            nl=f"Herhaling {n}: de hielen komen los (met {rise:.0%} van de voetlengte): vaak zijn de enkels niet beweeglijk genoeg.",
                        ),
                    )
                )
            change, bottom_value, rebound, wink = _butt_wink(n, r, t, lumbar, hip_flex, knee)
            m["lumbar_flexion_change_deg"] = change
            m["lumbar_outline_bottom_deg"] = bottom_value
            m["hip_flexion_rebound_deg"] = rebound
            if wink is not None:
                clean = False
                findings.append(wink)
        if frontish and ctx.view != "oblique" and whole:
            ratio = float(knee_w[b] / ankle_w[b]) if ankle_w[b] > 0 else float("nan")
            m["knee_to_ankle_width_ratio"] = round(ratio, 2) if np.isfinite(ratio) else None
            if np.isfinite(ratio) and ratio < KNEE_CAVE_RATIO:
                clean = False
                findings.append(
                    _finding(
                        "knees_caving_in",
                        Severity.MAJOR,
                        0.6,
                        t,
                        s,
                        e,
                        round(ratio, 2),
                        KNEE_CAVE_RATIO,
                        "ratio",
                        Text(
                            en=f"Rep {n}: the knees move in towards each other at the bottom (knee width {ratio:.0%} of ankle width). Push the knees out over the toes.",
                            nl=f"Herhaling {n}: de knieën gaan onderin naar binnen (kniebreedte {ratio:.0%} van de enkelbreedte). Duw de knieën naar buiten, boven de tenen.",
                        ),
                    )
                )
        per_rep.append(
            RepOut(
                index=n, start_s=round(float(t[s]), 2), bottom_s=round(float(t[b]), 2), end_s=round(float(t[e]), 2), metrics=m, clean=clean
            )
        )

    notes: list[Text] = []
    if not sideish:
        notes.append(
            view_note(
                Text(
                    en="Lower-back rounding, trunk-vs-shin angle and heel rise",
                    nl="Bollen van de onderrug, romp-scheenhoek en hielen die loskomen",
                ),
                "side",
            )
        )
    if not frontish or ctx.view == "oblique":
        notes.append(view_note(Text(en="Knees caving in", nl="Knieën die naar binnen vallen"), "front"))
    return per_rep, findings, notes


def _butt_wink(
    n: int, r: RepWindow, t: FloatArray, lumbar: FloatArray, hip_flex: FloatArray, knee: FloatArray
) -> tuple[float | None, float | None, float | None, Finding | None]:
    """Fuse the contour and the landmark signs of the lower back rounding at the bottom.

    A neutral lower back curves inwards (the outline reads negative), and squatting down already
    flattens the outline somewhat as the trunk leans and the hips flex. Rounding is when, at the
    bottom, the outline has turned outwards (above ``LUMBAR_ROUNDED_DEG``) *and* moved by more than
    ``LUMBAR_ROUNDING_DEG`` from the top of the rep; the medians of a few frames resist mask noise.
    """
    s, b, e = r.start, r.bottom, r.end
    change = bottom_value = float("nan")
    top = lumbar[s : s + max(1, (b - s) // 4) + 1]
    bottom = lumbar[max(s, b - 2) : min(e, b + 2) + 1]
    if np.isfinite(top).any() and np.isfinite(bottom).any():
        bottom_value = float(np.nanmedian(bottom))
        change = bottom_value - float(np.nanmedian(top))
    rebound = float("nan")
    window = hip_flex[s : b + 1]
    if np.isfinite(window).sum() >= 3 and np.isfinite(hip_flex[b]):
        rebound = float(np.nanmax(window) - hip_flex[b])
    over_contour = np.isfinite(change) and change > LUMBAR_ROUNDING_DEG and bottom_value > LUMBAR_ROUNDED_DEG
    over_rebound = np.isfinite(rebound) and rebound > HIP_REBOUND_DEG
    finding = None
    if over_contour or over_rebound:
        confidence = 0.8 if over_contour and over_rebound else (0.55 if over_contour else 0.4)
        value = bottom_value if over_contour else rebound
        threshold = LUMBAR_ROUNDED_DEG if over_contour else HIP_REBOUND_DEG
        finding = _finding("lower_back_rounding", Severity.MAJOR, confidence, t, max(s, b - 5), min(e, b + 5), round(value, 1), threshold, "deg", Text(
            en=f"Rep {n}: the lower back rounds at the bottom (\"butt wink\"). Squat only as deep as the back stays neutral, and train hip mobility.",
            nl=f"Herhaling {n}: de onderrug bolt onderin (\"butt wink\"). Zak alleen zo diep als de rug neutraal blijft en train de heupmobiliteit.",
        ))  # fmt: skip

    def r1(x: float) -> float | None:
        return round(x, 1) if np.isfinite(x) else None

    return r1(change), r1(bottom_value), r1(rebound), finding


def _finding(
    fid: str, sev: Severity, conf: float, t: FloatArray, s: int, e: int, value: float | None, threshold: float | None, unit: str, msg: Text
) -> Finding:
    return Finding(
        id=fid,
        severity=sev,
        confidence=conf,
        start_s=round(float(t[s]), 2),
        end_s=round(float(t[e]), 2),
        value=value,
        threshold=threshold,
        unit=unit,
        message=msg,
    )
