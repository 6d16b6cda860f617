"""Dead bug, bird dog, Pallof press and the carries: reps per side, holds and the faults that load the back.

Notes
-----
No labelled real clips exist yet for these (shared/data/README.md); the thresholds are coaching
defaults and the tests use constructed landmark sequences with known answers.

- dead bug / bird dog: a rep is one leg reaching long, seen as that leg's 3-D hip flexion
  opening by at least 30 deg and coming back; the side is the leg's side. Arm-leg coordination
  checks that the opposite arm reaches within 0.6 s of the leg. Lower-back arching comes from
  the back contour (side view); hip hike / pelvis rotation from the pelvis line (front view).
  Bird-dog hold per rep is the time the leg stays within 10 deg of its longest reach.
- Pallof press: a rep is both elbows straightening (3-D elbow flexion dropping by at least 40
  deg) and bending back; trunk rotation is the change of the shoulder line's yaw in 3-D during
  the press; hip shift is the sideways travel of the mid-hip, as a fraction of trunk length.
- carries: time walked with the whole body in view; lateral trunk lean and shoulder tilt from
  the front; for the kettlebell crosswalk, whether the overhead arm stays straight.
"""

from __future__ import annotations

import numpy as np

from corecoach.domain.text import Text
from corecoach.motion.analyses.common import Context, view_note, world_flexion
from corecoach.motion.angles import compute_segment_angle_deg, point
from corecoach.motion.landmarks import FloatArray
from corecoach.motion.reps import RepWindow, detect_reps, held_seconds, runs_of
from corecoach.motion.results import Finding, Movement, RepOut, Severity

LEG_REACH_MIN_DEG = 30.0
ARM_SYNC_S = 0.6
BACK_ARCH_DEG = 10.0
PELVIS_TILT_DEG = 8.0
PRESS_MIN_DEG = 40.0
TRUNK_ROTATION_DEG = 10.0
HIP_SHIFT_FRACTION = 0.08
LATERAL_LEAN_DEG = 6.0
SHOULDER_TILT_DEG = 6.0
OVERHEAD_ELBOW_MAX_DEG = 25.0

Outcome = tuple[int | None, list[RepOut], list[Finding], list[Text], float | None]


def _f(
    fid: str, sev: Severity, conf: float, t: FloatArray, s: int, e: int, value: float, threshold: float, unit: str, en: str, nl: str
) -> Finding:
    return Finding(id=fid, severity=sev, confidence=conf, start_s=round(float(t[s]), 2), end_s=round(float(t[e]), 2),
                   value=round(value, 1), threshold=threshold, unit=unit, message=Text(en=en, nl=nl))  # fmt: skip


def _rep(n: int, side: str | None, t: FloatArray, r: RepWindow, metrics: dict[str, float | None], clean: bool) -> RepOut:
    return RepOut(index=n, side=side, start_s=round(float(t[r.start]), 2), bottom_s=round(float(t[r.bottom]), 2),
                  end_s=round(float(t[r.end]), 2), metrics=metrics, clean=clean)  # fmt: skip


def _limb_reps(ctx: Context) -> list[tuple[str, RepWindow, FloatArray]]:
    """Leg reaches per side: the hip opening from its resting flexion (signal = resting - current)."""
    tr = ctx.track
    out: list[tuple[str, RepWindow, FloatArray]] = []
    for side in ("left", "right"):
        hip = world_flexion(tr, f"{side}_shoulder", f"{side}_hip", f"{side}_knee")
        if not np.isfinite(hip).any():
            continue
        reach = float(np.nanpercentile(hip, 90)) - hip
        for r in detect_reps(reach, tr.timestamps_s, LEG_REACH_MIN_DEG, min_separation_s=0.8):
            out.append((side, r, reach))
    out.sort(key=lambda item: item[1].bottom)
    return out


def _arm_reach(ctx: Context, side: str) -> FloatArray:
    """Shoulder flexion of one arm in 3-D: 0 with the arm down by the side, 180 overhead.

    ``world_flexion`` gives 180 - inner angle at the shoulder, i.e. 180 with the arm hanging
    along the trunk, so it is turned around here: reaching overhead makes this grow.
    """
    return np.asarray(180.0 - world_flexion(ctx.track, f"{side}_hip", f"{side}_shoulder", f"{side}_wrist"))


def analyse_limb_reach(ctx: Context, bird_dog: bool) -> Outcome:
    tr = ctx.track
    t = tr.timestamps_s
    per_rep: list[RepOut] = []
    findings: list[Finding] = []
    notes: list[Text] = []
    lumbar = tr.back_curvature
    pelvis = np.abs(compute_segment_angle_deg(point(tr.image_xy, "left_hip"), point(tr.image_xy, "right_hip"), "horizontal", True))
    sideish = ctx.view in ("side", "oblique")
    frontish = ctx.view in ("front", "rear")
    name = ("Bird dog", "Bird dog") if bird_dog else ("Dead bug", "Dead bug")
    for n, (side, r, reach) in enumerate(_limb_reps(ctx), 1):
        other = "right" if side == "left" else "left"
        arm = _arm_reach(ctx, other)
        s, b, e = r.start, r.bottom, r.end
        m: dict[str, float | None] = {"leg_reach_deg": round(float(reach[b] - reach[s]), 1)}
        clean = True
        # coordination: the opposite arm's peak reach within ARM_SYNC_S of the leg's
        if np.isfinite(arm[s : e + 1]).any():
            arm_peak = s + int(np.nanargmax(arm[s : e + 1]))
            lag = float(t[arm_peak] - t[b])
            arm_moved = float(np.nanmax(arm[s : e + 1]) - np.nanmin(arm[s : e + 1]))
            m["arm_leg_lag_s"] = round(lag, 2)
            if arm_moved < 30.0 or abs(lag) > ARM_SYNC_S:
                clean = False
                findings.append(_f("arm_leg_out_of_sync", Severity.MINOR, 0.5, t, s, e, abs(lag), ARM_SYNC_S, "s",
                    f"{name[0]} rep {n} ({side} leg): the opposite arm did not reach with the leg. Move arm and leg together, slowly.",
                    f"{name[1]} herhaling {n} ({'linker' if side == 'left' else 'rechter'} been): de andere arm reikte niet mee. Beweeg arm en been samen, rustig."))  # fmt: skip
        if bird_dog:
            near_peak = reach[s : e + 1] >= reach[b] - 10.0
            m["hold_s"] = round(float(np.sum(near_peak)) / max(ctx.fps, 1.0), 2)
        if sideish:
            top = lumbar[s : s + max(1, (b - s) // 3) + 1]
            peak = lumbar[max(s, b - 2) : b + 3]
            if np.isfinite(top).any() and np.isfinite(peak).any():
                change = float(np.nanmedian(peak) - np.nanmedian(top))
                m["lumbar_flexion_change_deg"] = round(change, 1)
                if change < -BACK_ARCH_DEG:
                    clean = False
                    fid = "lower_back_sagging" if bird_dog else "lower_back_arching"
                    findings.append(_f(fid, Severity.MAJOR, 0.5, t, s, e, change, -BACK_ARCH_DEG, "deg",
                        f"Rep {n}: the lower back arches as the leg reaches ({abs(change):.0f}°). Reach less far, ribs down, keep breathing.",
                        f"Herhaling {n}: de onderrug trekt hol als het been uitstrekt ({abs(change):.0f}°). Reik minder ver, ribben omlaag, blijf ademen."))  # fmt: skip
        if frontish and np.isfinite(pelvis[s : e + 1]).any():
            tilt = float(np.nanmax(pelvis[s : e + 1]) - np.nanmin(pelvis[s : s + 3]))
            m["pelvis_tilt_change_deg"] = round(tilt, 1)
            if tilt > PELVIS_TILT_DEG:
                clean = False
                findings.append(_f("hip_hike", Severity.MINOR, 0.5, t, s, e, tilt, PELVIS_TILT_DEG, "deg",
                    f"Rep {n}: the pelvis tilts/rotates ({tilt:.0f}°) as the leg moves. Keep both hips level.",
                    f"Herhaling {n}: het bekken kantelt/draait ({tilt:.0f}°) als het been beweegt. Houd beide heupen op gelijke hoogte."))  # fmt: skip
        per_rep.append(_rep(n, side, t, r, m, clean))
    if not sideish:
        notes.append(view_note(Text(en="Lower-back arching", nl="Hol trekken van de onderrug"), "side"))
    if not frontish:
        notes.append(view_note(Text(en="Hip hike and pelvis rotation", nl="Optrekken en draaien van het bekken"), "front"))
    return len(per_rep), per_rep, findings, notes, None


def _yaw_deg(ctx: Context) -> FloatArray:
    ls, rs = point(ctx.track.world_xyz, "left_shoulder"), point(ctx.track.world_xyz, "right_shoulder")
    d = rs - ls
    yaw = np.arctan2(d[:, 2], d[:, 0])
    ok = np.isfinite(yaw)
    if ok.any():
        yaw[ok] = np.unwrap(yaw[ok])  # facing the camera sits on the +-180 deg wrap
    return np.asarray(np.degrees(yaw))


def analyse_pallof(ctx: Context) -> Outcome:
    tr = ctx.track
    t = tr.timestamps_s
    elbows = np.fmax(
        world_flexion(tr, "left_shoulder", "left_elbow", "left_wrist"), world_flexion(tr, "right_shoulder", "right_elbow", "right_wrist")
    )
    press = float(np.nanpercentile(elbows, 90)) - elbows if np.isfinite(elbows).any() else elbows
    reps = detect_reps(press, t, PRESS_MIN_DEG, min_separation_s=1.0)
    yaw = _yaw_deg(ctx)
    hip_x = point(tr.image_xy, "mid_hip")[:, 0]
    trunk_len = np.linalg.norm(point(tr.image_xy, "mid_shoulder") - point(tr.image_xy, "mid_hip"), axis=-1)
    per_rep: list[RepOut] = []
    findings: list[Finding] = []
    for n, r in enumerate(reps, 1):
        s, b, e = r.start, r.bottom, r.end
        m: dict[str, float | None] = {"press_deg": round(float(press[b] - press[s]), 1)}
        clean = True
        if np.isfinite(yaw[s : e + 1]).any():
            rot = float(np.nanmax(yaw[s : e + 1]) - np.nanmin(yaw[s : e + 1]))
            m["trunk_rotation_deg"] = round(rot, 1)
            if rot > TRUNK_ROTATION_DEG:
                clean = False
                findings.append(_f("trunk_rotation", Severity.MAJOR, 0.5, t, s, e, rot, TRUNK_ROTATION_DEG, "deg",
                    f"Rep {n}: the trunk turns {rot:.0f}° towards the band. Use a lighter band or step closer; hips and shoulders stay square.",
                    f"Herhaling {n}: de romp draait {rot:.0f}° naar de band. Neem een lichtere band of ga dichterbij staan; heupen en schouders blijven recht."))  # fmt: skip
        if np.isfinite(hip_x[s : e + 1]).any() and np.isfinite(trunk_len[s : e + 1]).any():
            shift = float((np.nanmax(hip_x[s : e + 1]) - np.nanmin(hip_x[s : e + 1])) / np.nanmedian(trunk_len[s : e + 1]))
            m["hip_shift_trunk_fraction"] = round(shift, 2)
            if shift > HIP_SHIFT_FRACTION:
                clean = False
                findings.append(_f("hip_shift", Severity.MINOR, 0.5, t, s, e, shift, HIP_SHIFT_FRACTION, "trunk_length",
                    f"Rep {n}: the hips shift sideways during the press. Squeeze the glutes and keep the hips still.",
                    f"Herhaling {n}: de heupen schuiven opzij tijdens het drukken. Span de billen aan en houd de heupen stil."))  # fmt: skip
        per_rep.append(_rep(n, None, t, r, m, clean))
    notes = [
        Text(
            en="Reps per side need the band's side, which the camera cannot see: log the sets per side yourself.",
            nl="Herhalingen per kant vragen aan welke kant de band zit, en dat ziet de camera niet: log de sets per kant zelf.",
        )
    ]
    if ctx.view not in ("front", "rear"):
        notes.append(view_note(Text(en="Hip shift", nl="Opzij schuiven van de heupen"), "front"))
    return len(per_rep), per_rep, findings, notes, None


def analyse_carry(ctx: Context, crosswalk: bool) -> Outcome:
    tr = ctx.track
    t = tr.timestamps_s
    hip_x = point(tr.image_xy, "mid_hip")[:, 0]
    ankles_apart = np.abs(point(tr.image_xy, "left_ankle")[:, 1] - point(tr.image_xy, "right_ankle")[:, 1])
    walking = ctx.full_body & np.isfinite(hip_x) & np.isfinite(ankles_apart)
    runs = runs_of(walking, t, min_duration_s=1.0)
    walked = round(held_seconds(runs, t, 1.0 / max(ctx.fps, 1.0)), 1)
    findings: list[Finding] = []
    notes: list[Text] = []
    if runs and ctx.view in ("front", "rear"):
        idx = np.concatenate([np.arange(a, b + 1) for a, b in runs])
        lean = compute_segment_angle_deg(point(tr.image_xy, "mid_hip"), point(tr.image_xy, "mid_shoulder"), "vertical", True)
        tilt = compute_segment_angle_deg(point(tr.image_xy, "left_shoulder"), point(tr.image_xy, "right_shoulder"), "horizontal", True)
        s, e = int(idx[0]), int(idx[-1])
        med_lean = float(np.nanmedian(lean[idx]))
        med_tilt = float(np.nanmedian(tilt[idx]))
        if abs(med_lean) > LATERAL_LEAN_DEG:
            findings.append(_f("lateral_trunk_lean", Severity.MAJOR, 0.6, t, s, e, abs(med_lean), LATERAL_LEAN_DEG, "deg",
                f"The trunk leans {abs(med_lean):.0f}° sideways while walking: the load is too heavy for now. Take a lighter weight, ribs down over the hips.",
                f"De romp helt {abs(med_lean):.0f}° opzij tijdens het lopen: het gewicht is nu te zwaar. Neem een lichter gewicht, ribben omlaag boven het bekken."))  # fmt: skip
        if abs(med_tilt) > SHOULDER_TILT_DEG:
            findings.append(_f("shoulder_tilt", Severity.MINOR, 0.5, t, s, e, abs(med_tilt), SHOULDER_TILT_DEG, "deg",
                f"The shoulders are {abs(med_tilt):.0f}° out of level: pull the loaded shoulder up and back.",
                f"De schouders staan {abs(med_tilt):.0f}° scheef: trek de belaste schouder omhoog en naar achteren."))  # fmt: skip
        if crosswalk:
            elbow = np.fmin(
                world_flexion(tr, "left_shoulder", "left_elbow", "left_wrist"),
                world_flexion(tr, "right_shoulder", "right_elbow", "right_wrist"),
            )
            med_elbow = float(np.nanmedian(elbow[idx])) if np.isfinite(elbow[idx]).any() else float("nan")
            if np.isfinite(med_elbow) and med_elbow > OVERHEAD_ELBOW_MAX_DEG:
                findings.append(_f("arm_not_locked_out", Severity.MINOR, 0.5, t, s, e, med_elbow, OVERHEAD_ELBOW_MAX_DEG, "deg",
                    f"The outstretched arm bends {med_elbow:.0f}° at the elbow: lock it out, or use a lighter kettlebell in that hand.",
                    f"De gestrekte arm buigt {med_elbow:.0f}° in de elleboog: strek hem volledig, of neem een lichtere kettlebell in die hand."))  # fmt: skip
    else:
        notes.append(
            view_note(Text(en="Lateral trunk lean and shoulder tilt", nl="Zijwaarts hellen van de romp en scheve schouders"), "front")
        )
    return None, [], findings, notes, walked


def analyse_core_move(ctx: Context, movement: Movement) -> Outcome:
    """Dispatch for the movements without their own module."""
    if movement is Movement.DEAD_BUG:
        return analyse_limb_reach(ctx, bird_dog=False)
    if movement is Movement.BIRD_DOG:
        return analyse_limb_reach(ctx, bird_dog=True)
    if movement is Movement.PALLOF_PRESS:
        return analyse_pallof(ctx)
    if movement in (Movement.SUITCASE_CARRY, Movement.KETTLEBELL_CROSSWALK):
        return analyse_carry(ctx, crosswalk=movement is Movement.KETTLEBELL_CROSSWALK)
    from corecoach.motion.analyses.posture import analyse_posture

    return analyse_posture(ctx)
