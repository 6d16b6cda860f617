"""The annotated video (or photo): skeleton, key angles, rep counter, hold timer and faults as they happen.

The source is decoded again, one frame at a time, with the same stride as the analysis, so frame
``n`` of the decode is row ``n`` of the track. Each frame is drawn on with OpenCV (on the RGB array,
so colours are RGB) and handed straight to PyAV's libx264 encoder: H.264, yuv420p, even width and
height, ``+faststart`` so browsers can start playing before the whole file is loaded. Only the
current frame and the few small key-frame JPEGs are held in memory, whatever the clip's length.

Notes
-----
The output is constant frame rate at the analysed rate (source rate / stride) with one output
frame per analysed frame; overlays use each frame's own timestamp, so they match the analysis even
for variable-frame-rate phone clips. Frames larger than 1920 px on their long side are scaled down
(for encoding speed and file size); landmarks are scaled with them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt

from corecoach.domain.enums import Language
from corecoach.motion.landmarks import INDEX, FloatArray, PoseTrack
from corecoach.motion.results import AnalysisResult, Movement
from corecoach.presentation.analysis_text import Words, angle_label, ascii_text, finding_label, finding_value, movement_name
from corecoach.video.reader import RgbImage, iter_frames

MAX_SIDE_PX = 1920
KEY_FRAME_WIDTH_PX = 480
MAX_KEY_FRAMES = 12
MIN_VISIBILITY = 0.3
X264_OPTIONS = {"crf": "23", "preset": "superfast"}

_LEFT, _RIGHT, _MID = (255, 140, 0), (0, 170, 255), (235, 235, 235)  # RGB
_RED, _WHITE, _GREEN, _BLACK = (235, 30, 30), (255, 255, 255), (90, 220, 90), (0, 0, 0)
_FONT = cv2.FONT_HERSHEY_SIMPLEX


def _pairs(spec: str) -> tuple[tuple[int, int], ...]:
    return tuple((INDEX[a], INDEX[b]) for a, b in (p.split("-") for p in spec.split()))


SKELETON: tuple[tuple[tuple[tuple[int, int], ...], tuple[int, int, int]], ...] = (
    (
        _pairs(
            "left_shoulder-left_elbow left_elbow-left_wrist left_shoulder-left_hip left_hip-left_knee left_knee-left_ankle "
            "left_ankle-left_heel left_heel-left_foot_index left_ankle-left_foot_index left_wrist-left_index left_ear-left_eye"
        ),
        _LEFT,
    ),
    (
        _pairs(
            "right_shoulder-right_elbow right_elbow-right_wrist right_shoulder-right_hip right_hip-right_knee right_knee-right_ankle "
            "right_ankle-right_heel right_heel-right_foot_index right_ankle-right_foot_index right_wrist-right_index right_ear-right_eye"
        ),
        _RIGHT,
    ),
    (_pairs("left_shoulder-right_shoulder left_hip-right_hip left_eye-nose right_eye-nose"), _MID),
)
_JOINTS = tuple(
    INDEX[n]
    for n in (
        "nose", "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
        "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel", "right_heel", "left_foot_index", "right_foot_index",
    )
)  # fmt: skip


@dataclass(frozen=True)
class KeyFrameTarget:
    row: int  # track row (analysed frame) to capture
    caption: str


@dataclass(frozen=True)
class KeyFrame:
    caption: str
    time_s: float
    jpeg: bytes


@dataclass
class Overlay:
    """Everything drawn on a frame, precomputed per track row before the decode pass."""

    result: AnalysisResult
    track: PoseTrack
    lang: Language
    angles: dict[str, FloatArray]
    hold_timer_s: FloatArray | None = None  # (T,) seconds held so far, or None when not a hold
    targets: list[KeyFrameTarget] = field(default_factory=list)
    photo: bool = False  # no clock, counter or timer on a photo


@dataclass(frozen=True)
class VideoWritten:
    frames: int
    fps: float
    size: tuple[int, int]
    key_frames: list[KeyFrame]


# ---------------------------------------------------------------------------- per-frame facts


def held_mask(result: AnalysisResult, track: PoseTrack) -> npt.NDArray[np.bool_]:
    """Frames counted as held: the plank analyses' own test where it applies, else frames with a person."""
    n = len(track)
    if result.hold_s is None or n == 0:
        return np.zeros(n, dtype=bool)
    if result.movement in (Movement.PLANK, Movement.SIDE_PLANK):
        try:
            from corecoach.motion.analyses.common import make_context
            from corecoach.motion.analyses.holds import plank_frames
            from corecoach.motion.reps import runs_of

            ctx = make_context(track)
            runs = runs_of(plank_frames(ctx, side_plank=result.movement is Movement.SIDE_PLANK), track.timestamps_s, 1.0)
            mask = np.zeros(n, dtype=bool)
            for a, b in runs:
                mask[a : b + 1] = True
            if mask.any():
                return mask
        except Exception:  # the timer is a drawing aid: fall back rather than lose the outputs
            pass
    return np.asarray(track.detected, dtype=bool)


def hold_timer(result: AnalysisResult, track: PoseTrack, held: npt.NDArray[np.bool_]) -> FloatArray | None:
    """Seconds held up to each frame, scaled so that the last frame shows ``result.hold_s`` exactly."""
    if result.hold_s is None:
        return None
    n = len(track)
    t = np.asarray(track.timestamps_s, dtype=np.float64)
    if n == 0:
        return np.zeros(0)
    dt = np.diff(t, append=t[-1] + (t[-1] - t[-2] if n > 1 else 0.0))
    timer = np.cumsum(np.where(held, dt, 0.0))
    total = float(timer[-1]) if n else 0.0
    if total > 0 and result.hold_s > 0:
        timer *= result.hold_s / total
    else:
        timer[:] = 0.0
    return np.asarray(timer)


def key_frame_targets(result: AnalysisResult, track: PoseTrack, timer: FloatArray | None, lang: Language) -> list[KeyFrameTarget]:
    """Each rep's bottom (unclean reps first when there are more than 12), else the middle of the hold,
    plus the middle of any finding no chosen frame shows; the middle of the clip when nothing else."""
    t = np.asarray(track.timestamps_s, dtype=np.float64)
    if len(t) == 0:
        return []

    def row_at(time_s: float) -> int:
        return int(np.argmin(np.abs(t - time_s)))

    chosen: dict[int, str] = {}
    reps = sorted(result.per_rep, key=lambda r: (r.clean, r.index))[:MAX_KEY_FRAMES]
    for rep in sorted(reps, key=lambda r: r.index):
        side = f" ({rep.side})" if rep.side else ""
        chosen[row_at(rep.bottom_s)] = Words(f"Rep {rep.index}{side}, bottom", f"Herhaling {rep.index}{side}, onderste punt")(lang)
    if not chosen and timer is not None and result.hold_s:
        half = result.hold_s / 2.0
        chosen[int(np.searchsorted(timer, half))] = Words("Middle of the hold", "Midden van het vasthouden")(lang)
    for finding in result.findings:
        if len(chosen) >= MAX_KEY_FRAMES:
            break
        if any(finding.start_s - 1e-6 <= t[r] <= finding.end_s + 1e-6 for r in chosen):
            continue
        chosen[row_at((finding.start_s + finding.end_s) / 2.0)] = finding_label(finding.id, lang)
    if not chosen:
        chosen[len(t) // 2] = Words("Middle of the clip", "Midden van de opname")(lang)
    return [KeyFrameTarget(min(r, len(t) - 1), c) for r, c in sorted(chosen.items())][:MAX_KEY_FRAMES]


# ---------------------------------------------------------------------------- drawing


@dataclass(frozen=True)
class _Style:
    scale: float
    thickness: int
    line_h: int
    pad: int

    @classmethod
    def for_size(cls, width: int, height: int) -> _Style:
        u = max(0.45, min(width, height) / 720.0)
        return cls(scale=0.62 * u, thickness=max(1, round(1.6 * u)), line_h=round(26 * u), pad=round(8 * u))


def draw_overlay(rgb: RgbImage, row: int | None, time_s: float, ov: Overlay, style: _Style, sx: float = 1.0, sy: float = 1.0) -> None:
    """Draw skeleton, HUD and active findings on ``rgb`` in place (``row`` None: no landmarks for this frame)."""
    result, lang = ov.result, ov.lang
    if row is not None and 0 <= row < len(ov.track):
        _draw_skeleton(rgb, ov.track.image_xy[row], ov.track.visibility[row], style, sx, sy)

    title = movement_name(result.movement, lang) + ("" if ov.photo else f"   t = {time_s:5.1f} s")
    lines: list[tuple[str, tuple[int, int, int]]] = [(title, _WHITE)]
    if result.reps is not None and not ov.photo:
        done = [r for r in result.per_rep if r.end_s <= time_s + 1e-6]
        text = f"{Words('Reps', 'Herhalingen')(lang)}: {len(done)}"
        if result.reps_per_side:
            left = sum(1 for r in done if r.side == "left")
            right = sum(1 for r in done if r.side == "right")
            text += f"  (L {left} / R {right})"
        lines.append((text, _GREEN))
    if ov.hold_timer_s is not None and not ov.photo and row is not None and 0 <= row < len(ov.hold_timer_s):
        lines.append((f"{Words('Hold', 'Vastgehouden')(lang)}: {ov.hold_timer_s[row]:.1f} s", _GREEN))
    if row is not None:
        for name, values in ov.angles.items():
            if row < len(values) and np.isfinite(values[row]):
                lines.append((f"{angle_label(name, lang)}: {values[row]:.0f} deg", _WHITE))
    _text_box(rgb, [(ascii_text(s), c) for s, c in lines], style, top=True)

    active = [f for f in result.findings if f.start_s - 1e-6 <= time_s <= f.end_s + 1e-6]
    if active:
        h, w = rgb.shape[:2]
        cv2.rectangle(rgb, (0, 0), (w - 1, h - 1), _RED, max(3, style.thickness * 3))
        fault_lines: list[tuple[str, tuple[int, int, int]]] = []
        for f in active:
            value = finding_value(f, lang)
            text = ascii_text(f"! {finding_label(f.id, lang)}" + (f": {value}" if value else ""))
            fault_lines.extend((part, _RED) for part in _wrap(text, w - 4 * style.pad, style))
        _text_box(rgb, fault_lines, style, top=False)


def _draw_skeleton(rgb: RgbImage, xy: FloatArray, vis: FloatArray, style: _Style, sx: float, sy: float) -> None:
    ok = np.isfinite(xy).all(axis=1) & (np.nan_to_num(vis, nan=0.0) >= MIN_VISIBILITY)
    pts = np.zeros((len(xy), 2), dtype=np.int32)
    pts[ok] = np.round(xy[ok] * (sx, sy)).astype(np.int32)
    width = max(2, style.thickness * 2)
    for bones, colour in SKELETON:
        for a, b in bones:
            if ok[a] and ok[b]:
                cv2.line(rgb, (int(pts[a, 0]), int(pts[a, 1])), (int(pts[b, 0]), int(pts[b, 1])), colour, width, cv2.LINE_AA)
    radius = max(3, width + 1)
    for j in _JOINTS:
        if ok[j]:
            centre = (int(pts[j, 0]), int(pts[j, 1]))
            cv2.circle(rgb, centre, radius, _BLACK, -1, cv2.LINE_AA)
            cv2.circle(rgb, centre, max(1, radius - 2), _WHITE, -1, cv2.LINE_AA)


def _wrap(text: str, max_width: int, style: _Style) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and cv2.getTextSize(trial, _FONT, style.scale, style.thickness)[0][0] > max_width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _text_box(rgb: RgbImage, lines: list[tuple[str, tuple[int, int, int]]], style: _Style, *, top: bool) -> None:
    """Lines of text on a darkened box, top-left (HUD) or bottom-left (faults)."""
    if not lines:
        return
    h, w = rgb.shape[:2]
    widths = [cv2.getTextSize(s, _FONT, style.scale, style.thickness)[0][0] for s, _ in lines]
    box_w = min(w, max(widths) + 2 * style.pad)
    box_h = min(h, len(lines) * style.line_h + 2 * style.pad)
    y0 = style.pad if top else max(0, h - box_h - style.pad)
    x0 = style.pad
    roi = rgb[y0 : y0 + box_h, x0 : x0 + box_w]
    np.right_shift(roi, 1, out=roi)  # darken to half: text stays readable on any background
    for n, (text, colour) in enumerate(lines):
        y = y0 + style.pad + (n + 1) * style.line_h - round(style.line_h * 0.25)
        cv2.putText(rgb, text, (x0 + style.pad, y), _FONT, style.scale, colour, style.thickness, cv2.LINE_AA)


# ---------------------------------------------------------------------------- writing


def output_size(width: int, height: int) -> tuple[int, int]:
    """Even width and height, the long side at most ``MAX_SIDE_PX``."""
    factor = min(1.0, MAX_SIDE_PX / max(width, height, 1))
    w = max(2, int(width * factor) // 2 * 2)
    h = max(2, int(height * factor) // 2 * 2)
    return w, h


def _fit(rgb: RgbImage, size: tuple[int, int]) -> RgbImage:
    """``rgb`` at ``size``: cropped by a pixel when only evenness is needed, else scaled; always writable."""
    h, w = rgb.shape[:2]
    tw, th = size
    if (w, h) == (tw, th):
        return rgb if rgb.flags.writeable else rgb.copy()
    if w - tw <= 1 and h - th <= 1 and w >= tw and h >= th:
        return np.ascontiguousarray(rgb[:th, :tw])
    return np.asarray(cv2.resize(rgb, (tw, th), interpolation=cv2.INTER_AREA), dtype=np.uint8)


def _key_frame_jpeg(rgb: RgbImage) -> bytes:
    h, w = rgb.shape[:2]
    if w > KEY_FRAME_WIDTH_PX:
        rgb = np.asarray(cv2.resize(rgb, (KEY_FRAME_WIDTH_PX, max(1, round(h * KEY_FRAME_WIDTH_PX / w))), interpolation=cv2.INTER_AREA))
    ok, buf = cv2.imencode(".jpg", cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 85])
    if not ok:
        raise RuntimeError("OpenCV could not encode a key frame as JPEG")
    return bytes(buf.tobytes())


def frame_rate(fps: float, stride: int) -> Fraction:
    """The output rate as a fraction (``23.976`` -> 24000/1001), divided by the stride."""
    rate = Fraction(fps if fps > 0 else 30.0).limit_denominator(1001)
    return rate / max(1, stride)


def write_annotated_video(
    media_path: Path,
    out_path: Path,
    ov: Overlay,
    *,
    fps: float,
    stride: int = 1,
    on_frame: Callable[[int], None] | None = None,
) -> VideoWritten:
    """Decode ``media_path`` again (same stride), draw on every frame and encode H.264 to ``out_path``."""
    targets = {k.row: k.caption for k in ov.targets}
    key_frames: list[KeyFrame] = []
    rate = frame_rate(fps, stride)
    track_w, track_h = ov.track.frame_size
    container = av.open(str(out_path), mode="w", options={"movflags": "+faststart"})
    written = 0
    size = (0, 0)
    try:
        stream = container.add_stream("libx264", rate=rate, options=dict(X264_OPTIONS))
        stream.pix_fmt = "yuv420p"
        style: _Style | None = None
        sx = sy = 1.0
        for row, frame in enumerate(iter_frames(media_path, stride=stride)):
            if style is None:
                src_h, src_w = frame.rgb.shape[:2]
                size = output_size(src_w, src_h)
                stream.width, stream.height = size
                style = _Style.for_size(*size)
                sx, sy = size[0] / max(track_w, 1), size[1] / max(track_h, 1)
            rgb = _fit(frame.rgb, size)
            draw_overlay(rgb, row if row < len(ov.track) else None, frame.timestamp_s, ov, style, sx, sy)
            if row in targets:
                key_frames.append(KeyFrame(targets[row], frame.timestamp_s, _key_frame_jpeg(rgb)))
            # OpenCV's RGB -> I420 (BT.601, limited range, as swscale does) is several times faster than PyAV's
            i420 = np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2YUV_I420), dtype=np.uint8)
            video_frame = av.VideoFrame.from_ndarray(i420, format="yuv420p")
            video_frame.pts = written
            for packet in stream.encode(video_frame):
                container.mux(packet)
            written += 1
            if on_frame is not None:
                on_frame(written)
        if written:
            for packet in stream.encode(None):
                container.mux(packet)
    finally:
        container.close()
    return VideoWritten(written, float(rate), size, key_frames)


def write_annotated_photo(media_path: Path, out_path: Path, ov: Overlay) -> list[KeyFrame]:
    """The photo with the overlay as PNG; it is also the report's key frame."""
    frame = next(iter_frames(media_path))
    rgb = frame.rgb if frame.rgb.flags.writeable else frame.rgb.copy()
    h, w = rgb.shape[:2]
    track_w, track_h = ov.track.frame_size
    draw_overlay(rgb, 0 if len(ov.track) else None, 0.0, ov, _Style.for_size(w, h), w / max(track_w, 1), h / max(track_h, 1))
    if not cv2.imwrite(str(out_path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR)):
        raise OSError(f"Could not write {out_path}")
    return [KeyFrame(Words("Photo", "Foto")(ov.lang), 0.0, _key_frame_jpeg(rgb))]
