"""Standing posture from a photo or a few seconds of standing still.

Notes
-----
Side view: horizontal offsets of ear, shoulder, hip and knee from the ankle (the plumb line),
as a fraction of standing height (ankle to ear), positive in the direction the person faces;
forward head = ear ahead of the shoulder; the lordosis and kyphosis indices are the back
contour's lumbar and upper-back curves (:mod:`corecoach.motion.contour`: negative = curving in).
The nearest Kendall type (ideal, kyphotic-lordotic, flat-back, sway-back) is the prototype
closest to these features; confidence falls as the runner-up gets closer. A camera cannot see
the pelvis bones, so anterior pelvic tilt is never reported as a fault (clinical.md 8).

Front view: shoulder and pelvis height difference (deg, against the body's own ankle-shoulder axis
so that a crooked camera does not count), lateral shift of the hips from that axis and weight on
one leg (hips over one foot), as fractions of the ankle or hip width.
"""

from __future__ import annotations

import numpy as np

from corecoach.domain.text import Text
from corecoach.motion.analyses.common import Context, near_side, view_note
from corecoach.motion.angles import compute_segment_angle_deg, point
from corecoach.motion.landmarks import FloatArray
from corecoach.motion.results import Finding, RepOut, Severity

FORWARD_HEAD_FRACTION = 0.04
UPRIGHT_MAX_DEG = 30.0  # trunk from vertical; a camera held high tilts a standing trunk by 20 deg and more
TILT_DEG = 3.0
LATERAL_SHIFT_FRACTION = 0.25
ONE_LEG_FRACTION = 0.35

#: Kendall prototypes: (lordosis index deg, kyphosis index deg, hip offset fraction, shoulder-behind-hip fraction)
KENDALL: dict[str, tuple[float, float, float, float]] = {
    "ideal": (-10.0, 10.0, 0.0, 0.0),
    "kyphotic_lordotic": (-25.0, 25.0, 0.0, 0.0),
    "flat_back": (0.0, 3.0, -0.01, 0.0),
    "sway_back": (-5.0, 20.0, 0.04, 0.04),
}
KENDALL_SCALE = (8.0, 8.0, 0.02, 0.02)


def _standing(ctx: Context) -> np.ndarray:
    tr = ctx.track
    trunk = compute_segment_angle_deg(point(tr.image_xy, "mid_hip"), point(tr.image_xy, "mid_shoulder"), "vertical", False)
    with np.errstate(invalid="ignore"):
        return np.asarray(ctx.full_body & (trunk < UPRIGHT_MAX_DEG))


def _body_axis(xy: FloatArray) -> FloatArray:
    """Unit vector from the middle of the ankles to the middle of the shoulders (the body's long axis)."""
    v = point(xy, "mid_shoulder") - point(xy, "mid_ankle")
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(v / np.linalg.norm(v, axis=-1)[:, None])


def tilt_from_body_axis_deg(xy: FloatArray, left: str, right: str) -> FloatArray:
    """How far the left-right line is from square to the body's axis (deg), signed + when the right side is higher.

    Measured against the body's own axis rather than the image's horizontal, so a camera held
    crooked (rolled) does not read as uneven shoulders or hips.
    """
    s = point(xy, right) - point(xy, left)
    with np.errstate(invalid="ignore", divide="ignore"):
        s = s / np.linalg.norm(s, axis=-1)[:, None]
    return np.asarray(np.degrees(np.arcsin(np.clip(np.sum(s * _body_axis(xy), axis=-1), -1.0, 1.0))))


def hip_offset_from_body_axis_px(xy: FloatArray) -> FloatArray:
    """Signed distance (px) of the middle of the hips from the ankle-shoulder line: a sideways shift of the hips."""
    axis = _body_axis(xy)
    rel = point(xy, "mid_hip") - point(xy, "mid_ankle")
    return np.asarray(rel[:, 0] * axis[:, 1] - rel[:, 1] * axis[:, 0])


def nearest_kendall_type(features: tuple[float, float, float, float]) -> tuple[str, float]:
    """Closest prototype and a 0..1 confidence from the margin to the runner-up."""
    dists = {}
    for name, proto in KENDALL.items():
        dists[name] = float(np.sqrt(sum(((f - p) / s) ** 2 for f, p, s in zip(features, proto, KENDALL_SCALE, strict=True))))
    ranked = sorted(dists, key=lambda k: dists[k])
    best, second = dists[ranked[0]], dists[ranked[1]]
    confidence = 0.5 if second == 0 else min(0.95, 0.4 + 0.6 * (second - best) / second)
    return ranked[0], round(confidence, 2)


def _med(x: FloatArray, idx: np.ndarray) -> float:
    v = x[idx]
    return float(np.nanmedian(v)) if np.isfinite(v).any() else float("nan")


def analyse_posture(ctx: Context) -> tuple[int | None, list[RepOut], list[Finding], list[Text], float | None]:
    tr = ctx.track
    t = tr.timestamps_s
    idx = np.flatnonzero(_standing(ctx))
    notes: list[Text] = []
    findings: list[Finding] = []
    if idx.size == 0:
        notes.append(
            Text(
                en="No upright, whole-body frame was found: stand tall, whole body in view, camera at hip height.",
                nl="Geen rechtopstaand beeld van het hele lichaam gevonden: sta rechtop, helemaal in beeld, camera op heuphoogte.",
            )
        )
        return None, [], findings, notes, None
    s, e = int(idx[0]), int(idx[-1])
    metrics: dict[str, float | None] = {}
    if ctx.view in ("side", "oblique"):
        side = near_side(tr)
        ankle = point(tr.image_xy, f"{side}_ankle")
        ear = point(tr.image_xy, f"{side}_ear")
        height = _med(ankle[:, 1] - ear[:, 1], idx)
        facing = np.sign(_med(point(tr.image_xy, "nose")[:, 0] - ear[:, 0], idx)) or 1.0
        for part in ("ear", "shoulder", "hip", "knee"):
            off = _med((point(tr.image_xy, f"{side}_{part}")[:, 0] - ankle[:, 0]) * facing, idx) / height
            metrics[f"{part}_ahead_of_ankle_fraction"] = round(off, 3) if np.isfinite(off) else None
        head = (metrics["ear_ahead_of_ankle_fraction"] or 0.0) - (metrics["shoulder_ahead_of_ankle_fraction"] or 0.0)
        metrics["forward_head_fraction"] = round(head, 3)
        lordosis = _med(tr.back_curvature, idx)
        kyphosis = _med(tr.upper_back_curve_deg, idx)
        metrics["lordosis_index_deg"] = round(-lordosis, 1) if np.isfinite(lordosis) else None
        metrics["kyphosis_index_deg"] = round(kyphosis, 1) if np.isfinite(kyphosis) else None
        if head > FORWARD_HEAD_FRACTION:
            findings.append(Finding(id="forward_head", severity=Severity.MINOR, confidence=0.6, start_s=round(float(t[s]), 2), end_s=round(float(t[e]), 2),
                value=round(head, 3), threshold=FORWARD_HEAD_FRACTION, unit="height_fraction", message=Text(
                en=f"The ear is ahead of the shoulder ({head:.0%} of your height): the head pokes forward. Grow tall, chin slightly in.",
                nl=f"Het oor staat vóór de schouder ({head:.0%} van je lengte): het hoofd steekt naar voren. Maak je lang, kin iets in.")))  # fmt: skip
        hip_off = metrics["hip_ahead_of_ankle_fraction"] or 0.0
        shoulder_behind = hip_off - (metrics["shoulder_ahead_of_ankle_fraction"] or 0.0)
        if np.isfinite(lordosis) and np.isfinite(kyphosis):
            kendall, conf = nearest_kendall_type((lordosis, kyphosis, hip_off, shoulder_behind))
            findings.append(Finding(id=f"kendall_{kendall}", severity=Severity.INFO, confidence=conf, start_s=round(float(t[s]), 2), end_s=round(float(t[e]), 2),
                value=None, threshold=None, unit="", message=Text(
                en=f"Nearest Kendall posture type: {kendall.replace('_', '-')} (a description of the silhouette, not a diagnosis).",
                nl=f"Dichtstbijzijnde Kendall-houdingstype: {kendall.replace('_', '-')} (een beschrijving van het silhouet, geen diagnose).")))  # fmt: skip
        else:
            notes.append(
                Text(
                    en="The back's outline was not visible enough for lordosis/kyphosis indices.",
                    nl="De omtrek van de rug was niet goed genoeg te zien voor lordose-/kyfose-indexen.",
                )
            )
        notes.append(
            view_note(
                Text(
                    en="Shoulder and pelvis height difference and weight on one leg",
                    nl="Hoogteverschil van schouders en bekken en gewicht op één been",
                ),
                "front",
            )
        )
    else:
        sh = tilt_from_body_axis_deg(tr.image_xy, "left_shoulder", "right_shoulder")
        pv = tilt_from_body_axis_deg(tr.image_xy, "left_hip", "right_hip")
        width = max(
            _med(np.linalg.norm(point(tr.image_xy, "left_ankle") - point(tr.image_xy, "right_ankle"), axis=-1), idx),
            _med(np.linalg.norm(point(tr.image_xy, "left_hip") - point(tr.image_xy, "right_hip"), axis=-1), idx),
        )
        shift = _med(hip_offset_from_body_axis_px(tr.image_xy), idx) / width if width > 0 else float("nan")
        metrics.update({
            "shoulder_tilt_deg": round(_med(sh, idx), 1), "pelvis_tilt_deg": round(_med(pv, idx), 1),
            "lateral_shift_fraction": round(shift, 2) if np.isfinite(shift) else None,
        })  # fmt: skip
        for fid, val, en, nl in (
            (
                "shoulder_height_difference",
                metrics["shoulder_tilt_deg"],
                "One shoulder sits higher than the other",
                "De ene schouder staat hoger dan de andere",
            ),
            (
                "pelvis_height_difference",
                metrics["pelvis_tilt_deg"],
                "One hip sits higher than the other",
                "De ene heup staat hoger dan de andere",
            ),
        ):
            if val is not None and abs(val) > TILT_DEG:
                findings.append(Finding(id=fid, severity=Severity.MINOR, confidence=0.5, start_s=round(float(t[s]), 2), end_s=round(float(t[e]), 2),
                    value=abs(val), threshold=TILT_DEG, unit="deg", message=Text(en=f"{en} ({abs(val):.0f}°).", nl=f"{nl} ({abs(val):.0f}°).")))  # fmt: skip
        if np.isfinite(shift) and abs(shift) > ONE_LEG_FRACTION:
            findings.append(Finding(id="weight_on_one_leg", severity=Severity.MINOR, confidence=0.5, start_s=round(float(t[s]), 2), end_s=round(float(t[e]), 2),
                value=round(abs(shift), 2), threshold=ONE_LEG_FRACTION, unit="ankle_width", message=Text(
                en="The hips hang over one foot: you stand on one leg. Stand on both feet, ribs stacked over the hips.",
                nl="De heupen hangen boven één voet: je staat op één been. Sta op beide voeten, ribben boven het bekken.")))  # fmt: skip
        elif np.isfinite(shift) and abs(shift) > LATERAL_SHIFT_FRACTION:
            findings.append(Finding(id="lateral_shift", severity=Severity.INFO, confidence=0.5, start_s=round(float(t[s]), 2), end_s=round(float(t[e]), 2),
                value=round(abs(shift), 2), threshold=LATERAL_SHIFT_FRACTION, unit="ankle_width", message=Text(
                en="The hips are shifted to one side over the feet.", nl="De heupen staan naar één kant verschoven boven de voeten.")))  # fmt: skip
        notes.append(
            view_note(
                Text(
                    en="Plumb-line offsets, forward head and lordosis/kyphosis",
                    nl="Schietloodafwijkingen, voorover hoofd en lordose/kyfose",
                ),
                "side",
            )
        )
    per_rep = [
        RepOut(
            index=1,
            start_s=round(float(t[s]), 2),
            bottom_s=round(float(t[(s + e) // 2]), 2),
            end_s=round(float(t[e]), 2),
            metrics=metrics,
            clean=not any(f.severity is not Severity.INFO for f in findings),
        )
    ]
    return None, per_rep, findings, notes, None
