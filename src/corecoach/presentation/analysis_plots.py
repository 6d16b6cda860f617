"""Angles over time for the analysis outputs: which angles matter per movement, and the plot.

Angles come from the declarative table in :mod:`corecoach.motion.angles`: joint flexions from the
3-D world landmarks (independent of the camera angle, as the analyses use them; image space when
no world landmarks were seen), segment and line angles in image space (they need the vertical).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from corecoach.domain.enums import Language
from corecoach.motion.angles import ANGLE_BY_NAME, compute_angle
from corecoach.motion.landmarks import FloatArray, PoseTrack
from corecoach.motion.results import AnalysisResult, Movement
from corecoach.presentation.analysis_text import Words, angle_label, finding_label, movement_name

if TYPE_CHECKING:
    from matplotlib.figure import Figure

_KNEES = (Words("Knees", "Knieën"), ("left_knee_flexion_deg", "right_knee_flexion_deg"))
_HIPS = (Words("Hips", "Heupen"), ("left_hip_flexion_deg", "right_hip_flexion_deg"))
_TRUNK_SHINS = (
    Words("Trunk and shins", "Romp en schenen"),
    ("trunk_from_vertical_deg", "left_shin_from_vertical_deg", "right_shin_from_vertical_deg"),
)
_BODY_LINE = (Words("Body line", "Lichaamslijn"), ("left_body_line_deg", "right_body_line_deg", "body_from_horizontal_deg"))
_SHOULDERS = (Words("Shoulders", "Schouders"), ("left_shoulder_flexion_deg", "right_shoulder_flexion_deg"))
_FRONTAL = (Words("Lean and tilt", "Helling en kanteling"), ("trunk_lateral_lean_deg", "shoulder_tilt_deg", "pelvis_tilt_deg"))
_ELBOWS = (Words("Elbows", "Ellebogen"), ("left_elbow_flexion_deg", "right_elbow_flexion_deg"))

#: The panels plotted per movement (title, angle names from the table).
PANELS: dict[Movement, tuple[tuple[Words, tuple[str, ...]], ...]] = {
    Movement.SQUAT: (_KNEES, _HIPS, _TRUNK_SHINS),
    Movement.PLANK: (_BODY_LINE, _HIPS),
    Movement.SIDE_PLANK: (_BODY_LINE, _FRONTAL),
    Movement.POSTURE: ((Words("Trunk", "Romp"), ("trunk_from_vertical_deg",)), _FRONTAL, _KNEES, _HIPS),
    Movement.DEAD_BUG: (_HIPS, _SHOULDERS, _KNEES),
    Movement.BIRD_DOG: (_HIPS, _SHOULDERS, _FRONTAL),
    Movement.PALLOF_PRESS: (_FRONTAL, _ELBOWS),
    Movement.SUITCASE_CARRY: (_FRONTAL, _KNEES),
    Movement.KETTLEBELL_CROSSWALK: (_FRONTAL, _KNEES, _SHOULDERS),
}
_DEFAULT_PANELS = (_KNEES, _HIPS, _TRUNK_SHINS)

#: The few angles written on the annotated video, per movement.
OVERLAY_ANGLES: dict[Movement, tuple[str, ...]] = {
    Movement.SQUAT: (
        "left_knee_flexion_deg",
        "right_knee_flexion_deg",
        "left_hip_flexion_deg",
        "right_hip_flexion_deg",
        "trunk_from_vertical_deg",
    ),
    Movement.PLANK: ("left_body_line_deg", "right_body_line_deg", "body_from_horizontal_deg"),
    Movement.SIDE_PLANK: ("left_body_line_deg", "right_body_line_deg", "shoulder_tilt_deg"),
    Movement.POSTURE: ("trunk_from_vertical_deg", "shoulder_tilt_deg", "pelvis_tilt_deg"),
    Movement.DEAD_BUG: ("left_hip_flexion_deg", "right_hip_flexion_deg", "left_shoulder_flexion_deg", "right_shoulder_flexion_deg"),
    Movement.BIRD_DOG: ("left_hip_flexion_deg", "right_hip_flexion_deg", "pelvis_tilt_deg", "shoulder_tilt_deg"),
    Movement.PALLOF_PRESS: ("trunk_lateral_lean_deg", "shoulder_tilt_deg", "pelvis_tilt_deg"),
    Movement.SUITCASE_CARRY: ("trunk_lateral_lean_deg", "shoulder_tilt_deg", "pelvis_tilt_deg"),
    Movement.KETTLEBELL_CROSSWALK: ("trunk_lateral_lean_deg", "shoulder_tilt_deg", "pelvis_tilt_deg"),
}
_DEFAULT_OVERLAY = ("left_knee_flexion_deg", "right_knee_flexion_deg", "trunk_from_vertical_deg")

_COLOURS = ("#d95f02", "#1b9e77", "#7570b3", "#e7298a")


@dataclass(frozen=True)
class Panel:
    title: Words
    series: dict[str, FloatArray]  # angle name -> (T,) degrees


def angle_values(track: PoseTrack, names: tuple[str, ...]) -> dict[str, FloatArray]:
    """Each named table angle over the track: joints in 3-D (image when no world point was seen), the rest in 2-D."""
    values: dict[str, FloatArray] = {}
    for name in names:
        spec = ANGLE_BY_NAME[name]
        series = np.full(len(track), np.nan)
        if spec.kind == "joint" and len(track):
            series = compute_angle(track.world_xyz, spec)
        if not np.isfinite(series).any() and len(track):
            series = compute_angle(track.image_xy, spec)
        values[name] = np.asarray(series, dtype=np.float64)
    return values


def angle_panels(movement: Movement, track: PoseTrack) -> list[Panel]:
    """The movement's panels with the angles computed from ``track``."""
    return [Panel(title, angle_values(track, names)) for title, names in PANELS.get(movement, _DEFAULT_PANELS)]


def overlay_angles(movement: Movement, track: PoseTrack) -> dict[str, FloatArray]:
    return angle_values(track, OVERLAY_ANGLES.get(movement, _DEFAULT_OVERLAY))


def render_angles_png(
    result: AnalysisResult, track: PoseTrack, panels: list[Panel], held: npt.NDArray[np.bool_] | None, lang: Language
) -> bytes:
    """The angle-over-time figure as PNG bytes: one panel per body region, rep bottoms and findings marked.

    A photo (one frame) gets a bar chart of the same angles instead. ``held`` is a per-frame
    mask of held frames (holds), shaded green.
    """
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    t = np.asarray(track.timestamps_s, dtype=np.float64)
    title = f"{movement_name(result.movement, lang)} - {result.file}"
    if len(t) <= 1:
        return _bar_chart(title, panels, lang)

    fig = Figure(figsize=(11, 2.4 * len(panels) + 0.8), dpi=100, layout="constrained")
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    fig.suptitle(title)
    for ax, panel in zip(axes, panels, strict=True):
        drawn = 0
        for n, (name, values) in enumerate(panel.series.items()):
            if np.isfinite(values).any():
                ax.plot(t, values, color=_COLOURS[n % len(_COLOURS)], linewidth=1.4, label=angle_label(name, lang))
                drawn += 1
        if not drawn:
            ax.text(0.5, 0.5, Words("not seen", "niet gezien")(lang), transform=ax.transAxes, ha="center", va="center", color="#777")
        ax.set_title(panel.title(lang), loc="left", fontsize=10)
        ax.set_ylabel(Words("degrees", "graden")(lang))
        ax.grid(True, alpha=0.3)
        for k, rep in enumerate(result.per_rep):
            ax.axvline(
                rep.bottom_s,
                color="#444",
                linestyle="--",
                linewidth=0.9,
                label=Words("bottom of a rep", "onderste punt")(lang) if k == 0 else None,
            )
        for k, finding in enumerate(result.findings):
            end = max(finding.end_s, finding.start_s + 1.0 / max(track.source_fps, 1.0))
            ax.axvspan(finding.start_s, end, color="#e31a1c", alpha=0.15, label=finding_label(finding.id, lang) if k < 4 else None)
        if held is not None and held.any():
            for a, b in _runs(held):
                ax.axvspan(float(t[a]), float(t[b]), color="#33a02c", alpha=0.08)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=8, frameon=False)
    axes[-1].set_xlabel(Words("time (s)", "tijd (s)")(lang))
    axes[-1].set_xlim(float(t[0]), float(t[-1]))
    return _png_bytes(fig)


def _bar_chart(title: str, panels: list[Panel], lang: Language) -> bytes:
    from matplotlib.figure import Figure

    names: list[str] = []
    values: list[float] = []
    for panel in panels:
        for name, series in panel.series.items():
            v = float(series[0]) if series.size and np.isfinite(series[0]) else float("nan")
            if np.isfinite(v) and angle_label(name, lang) not in names:
                names.append(angle_label(name, lang))
                values.append(v)
    fig = Figure(figsize=(8, 0.45 * max(len(names), 2) + 1.2), dpi=100, layout="constrained")
    ax = fig.subplots()
    fig.suptitle(title)
    if names:
        ax.barh(names, values, color="#1b9e77")
        ax.invert_yaxis()
        for y, v in enumerate(values):
            ax.text(v, y, f" {v:.0f}°", va="center", fontsize=8)
    else:
        ax.text(0.5, 0.5, Words("no angles seen", "geen hoeken gezien")(lang), transform=ax.transAxes, ha="center", va="center")
    ax.set_xlabel(Words("degrees", "graden")(lang))
    ax.grid(True, axis="x", alpha=0.3)
    return _png_bytes(fig)


def _png_bytes(fig: Figure) -> bytes:
    buf = io.BytesIO()
    # no Software tag: it names a web address, and the report promises none
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _runs(mask: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, end] index ranges where ``mask`` is true."""
    idx = np.flatnonzero(mask)
    if idx.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(idx) > 1)
    starts = np.concatenate([[idx[0]], idx[breaks + 1]])
    ends = np.concatenate([idx[breaks], [idx[-1]]])
    return [(int(a), int(b)) for a, b in zip(starts, ends, strict=True)]


def write_angles_png(path: Path, png: bytes) -> Path:
    path.write_bytes(png)
    return path
