"""What ``corecoach analyze FILE --out DIR`` writes: the result, an annotated video, angle plots, a report.

``write_outputs`` creates ``DIR`` and writes

- ``result.json``: the result document (the same as ``--json`` prints);
- ``<stem>_annotated.mp4``: the clip with skeleton, key angles, rep counter, hold timer and the
  faults in red while they happen (H.264/yuv420p via PyAV, plays in browsers), streamed frame by
  frame; ``<stem>_annotated.png`` for a photo;
- ``angles.png``: the movement's angles over time, rep bottoms and finding ranges marked;
- ``report.html``: one self-contained page (images embedded as data URIs, no external resources)
  in English or Dutch: summary, reps table, findings, notes, key frames, the plot, what to do next
  and the disclaimer.

Example::

    from corecoach.services.analysis import analyse_media_with_track
    result, track = analyse_media_with_track(path, Movement.SQUAT, stride=1)
    paths = write_outputs(path, result, track, Path("out"), Language.EN, stride=1)
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, PackageLoader

from corecoach import __version__
from corecoach.domain.enums import Language
from corecoach.motion.landmarks import PoseTrack
from corecoach.motion.results import AnalysisResult
from corecoach.presentation.analysis_plots import angle_panels, overlay_angles, render_angles_png
from corecoach.presentation.analysis_text import (
    DISCLAIMER,
    SEVERITY_NAMES,
    Words,
    finding_label,
    finding_value,
    format_number,
    metric_label,
    movement_name,
    next_steps,
    view_name,
)
from corecoach.presentation.analysis_video import (
    KeyFrame,
    Overlay,
    held_mask,
    hold_timer,
    key_frame_targets,
    write_annotated_photo,
    write_annotated_video,
)
from corecoach.video.reader import probe_media

TEMPLATE = "analysis_report.html.j2"

LABELS: dict[str, Words] = {
    "title": Words("Movement analysis", "Bewegingsanalyse"),
    "summary": Words("Summary", "Samenvatting"),
    "file": Words("File", "Bestand"),
    "movement": Words("Movement", "Beweging"),
    "view": Words("Camera view", "Camerastandpunt"),
    "views": Words("Views per segment", "Standpunt per deel"),
    "reps": Words("Reps", "Herhalingen"),
    "per_side": Words("per side", "per kant"),
    "left": Words("left", "links"),
    "right": Words("right", "rechts"),
    "hold": Words("Held in good position", "Goed vastgehouden"),
    "frames": Words("Frames analysed", "Geanalyseerde beelden"),
    "with_person": Words("with a person", "met een persoon"),
    "full_body": Words("whole body in view", "hele lichaam in beeld"),
    "duration": Words("Duration", "Duur"),
    "confidence": Words("confidence", "zekerheid"),
    "per_rep": Words("Repetitions", "Herhalingen"),
    "rep": Words("Rep", "Herhaling"),
    "side": Words("Side", "Kant"),
    "time": Words("Time (s)", "Tijd (s)"),
    "bottom": Words("Bottom (s)", "Onderste punt (s)"),
    "clean": Words("Good form", "Goede techniek"),
    "yes": Words("yes", "ja"),
    "no": Words("no", "nee"),
    "findings": Words("What we saw", "Wat we zagen"),
    "no_findings": Words("No faults were found.", "Er zijn geen fouten gevonden."),
    "severity": Words("Severity", "Ernst"),
    "measured": Words("Measured", "Gemeten"),
    "notes": Words("Notes", "Opmerkingen"),
    "key_frames": Words("Key frames", "Sleutelbeelden"),
    "angles": Words("Angles over time", "Hoeken in de tijd"),
    "angles_alt": Words("Angle-over-time plot", "Grafiek van de hoeken in de tijd"),
    "next": Words("What to do next", "Wat nu"),
    "video": Words("Annotated video", "Video met markeringen"),
    "video_text": Words("in the same folder as this report", "in dezelfde map als dit rapport"),
    "generated": Words("Made by corecoach", "Gemaakt door corecoach"),
    "from": Words("from", "van"),
    "to": Words("to", "tot"),
}


def write_outputs(
    media_path: Path,
    result: AnalysisResult,
    track: PoseTrack,
    out_dir: Path,
    lang: Language,
    *,
    stride: int = 1,
    on_frame: Callable[[int], None] | None = None,
) -> list[Path]:
    """Write ``result.json``, the annotated video (or photo), ``angles.png`` and ``report.html`` into ``out_dir``.

    Parameters
    ----------
    media_path
        The analysed video or photo; it is decoded once more, with the same ``stride``.
    result, track
        What :func:`corecoach.services.analysis.analyse_media_with_track` returned: one track row
        per analysed frame, in order.
    out_dir
        Created when missing; files already there with the same names are replaced.
    lang
        Language of the report and the overlay text.
    stride
        The frame stride the analysis used (the annotated video has one frame per analysed frame,
        at the source rate divided by the stride).
    on_frame
        Optional progress callback, called with the number of video frames written so far.

    Returns
    -------
    list[Path]
        The written files, in the order above.
    """
    lang = Language(lang)
    media_path, out_dir = Path(media_path), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    info = probe_media(media_path)

    json_path = out_dir / "result.json"
    json_path.write_text(json.dumps(result.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    held = held_mask(result, track)
    timer = hold_timer(result, track, held)
    overlay = Overlay(
        result=result,
        track=track,
        lang=lang,
        angles=overlay_angles(result.movement, track),
        hold_timer_s=timer,
        targets=key_frame_targets(result, track, timer, lang),
        photo=info.kind == "photo",
    )
    if info.kind == "photo":
        annotated = out_dir / f"{media_path.stem}_annotated.png"
        key_frames = write_annotated_photo(media_path, annotated, overlay)
    else:
        annotated = out_dir / f"{media_path.stem}_annotated.mp4"
        key_frames = write_annotated_video(
            media_path, annotated, overlay, fps=info.fps or track.source_fps, stride=stride, on_frame=on_frame
        ).key_frames

    panels = angle_panels(result.movement, track)
    png = render_angles_png(result, track, panels, held if result.hold_s is not None else None, lang)
    plot_path = out_dir / "angles.png"
    plot_path.write_bytes(png)

    report_path = out_dir / "report.html"
    report_path.write_text(render_report(result, lang, key_frames, png, annotated.name), encoding="utf-8")
    return [json_path, annotated, plot_path, report_path]


def _data_uri(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _environment() -> Environment:
    return Environment(loader=PackageLoader("corecoach.presentation", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_report(result: AnalysisResult, lang: Language, key_frames: list[KeyFrame], angles_png: bytes, annotated_name: str) -> str:
    """The report page as one HTML string (every image inline)."""
    lang = Language(lang)
    L = {key: words(lang) for key, words in LABELS.items()}
    metric_keys: list[str] = []
    for rep in result.per_rep:
        for key in rep.metrics:
            if key not in metric_keys:
                metric_keys.append(key)
    has_side = any(rep.side for rep in result.per_rep)
    rep_rows = [
        {
            "index": rep.index,
            "side": (L[rep.side] if rep.side in ("left", "right") else rep.side) if rep.side else "",
            "start": f"{rep.start_s:.1f}",
            "end": f"{rep.end_s:.1f}",
            "bottom": f"{rep.bottom_s:.1f}",
            "clean": rep.clean,
            "metrics": [_metric_text(key, rep.metrics.get(key), L) for key in metric_keys],
        }
        for rep in result.per_rep
    ]
    findings = [
        {
            "id": f.id,
            "label": finding_label(f.id, lang),
            "severity": f.severity.value,
            "severity_label": SEVERITY_NAMES[f.severity](lang) if f.severity in SEVERITY_NAMES else f.severity.value,
            "confidence": f"{f.confidence:.0%}",
            "start": f"{f.start_s:.1f}",
            "end": f"{f.end_s:.1f}",
            "value": finding_value(f, lang),
            "message": f.message(lang),
        }
        for f in result.findings
    ]
    per_side = ""
    if result.reps_per_side:
        per_side = ", ".join(f"{L[s] if s in ('left', 'right') else s} {n}" for s, n in result.reps_per_side.items())
    context = {
        "lang": lang.value,
        "L": L,
        "r": result,
        "movement": movement_name(result.movement, lang),
        "movement_confidence": f"{result.movement_confidence:.0%}",
        "view": view_name(result.view, lang),
        "view_confidence": f"{result.view_confidence:.0%}",
        "views": [
            {"view": view_name(v.view, lang), "start": f"{v.start_s:.1f}", "end": f"{v.end_s:.1f}", "confidence": f"{v.confidence:.0%}"}
            for v in result.views
        ],
        "per_side": per_side,
        "hold": format_number(result.hold_s, "s") if result.hold_s is not None else None,
        "duration": format_number(result.frames.duration_s, "s"),
        "metric_headers": [metric_label(k, lang) for k in metric_keys],
        "has_side": has_side,
        "reps_table": rep_rows,
        "findings": findings,
        "notes": [n(lang) for n in result.notes],
        "key_frames": [{"src": _data_uri("image/jpeg", k.jpeg), "caption": k.caption, "time": f"{k.time_s:.1f}"} for k in key_frames],
        "angles_src": _data_uri("image/png", angles_png),
        "next_steps": next_steps(result, lang),
        "disclaimer": DISCLAIMER(lang),
        "annotated_name": annotated_name,
        "is_video": annotated_name.endswith(".mp4"),
        "version": __version__,
        "generated": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M"),
    }
    return _environment().get_template(TEMPLATE).render(**context)


def _metric_text(key: str, value: float | None, L: dict[str, str]) -> str:
    if value is None:
        return "–"
    if key == "hip_below_knee":
        return L["yes"] if value >= 0.5 else L["no"]
    if key.endswith("_deg"):
        return f"{value:.0f}" if abs(value) >= 10 else f"{value:.1f}"
    return f"{value:.2f}" if abs(value) < 1 else f"{value:.1f}"
