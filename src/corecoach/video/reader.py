"""Read videos and photos as upright RGB frames, one at a time, with errors a person understands.

Videos are decoded with PyAV (FFmpeg) as a stream, so memory stays bounded whatever the length of
the clip; photos are read with OpenCV. Every FFmpeg or OpenCV failure is translated here, at the
boundary, into a :class:`~corecoach.errors.MediaError`::

    MediaError
    ├── UnsupportedFileTypeError  the extension is not a video or photo type we read
    └── VideoReadError            missing, empty, not a video, damaged/truncated, or zero frames

Notes
-----
* **Rotation.** Phones store portrait clips as landscape pixels plus a display matrix. Each decoded
  frame carries that matrix (``VideoFrame.rotation``: degrees counter-clockwise); frames are turned
  by it so that what callers see is what a player shows. ``MediaInfo.rotation_deg`` reports the same
  correction the way phones tag it: degrees *clockwise* applied to the stored pixels (0, 90, 180, 270).
  Mirroring in the display matrix (very rare) is not applied.
* **Time.** ``MediaFrame.timestamp_s`` comes from each frame's presentation timestamp, measured from
  the stream's start, so variable-frame-rate phone clips get their true times; ``MediaInfo.fps`` is
  the average rate and only an estimate for such clips.
* **Photos.** ``cv2.imread`` with ``IMREAD_COLOR`` honours the EXIF orientation tag, so photos come
  out upright too. A photo is one frame at ``timestamp_s == 0``.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Literal

import av
import av.error
import cv2
import numpy as np
import numpy.typing as npt
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from corecoach.errors import InvalidInputError, UnsupportedFileTypeError, VideoReadError
from corecoach.video.sniff import declared_end, sniff_file

VIDEO_SUFFIXES: frozenset[str] = frozenset({".mp4", ".mov", ".webm", ".avi", ".mkv"})
PHOTO_SUFFIXES: frozenset[str] = frozenset({".jpg", ".jpeg", ".png"})

MediaKind = Literal["video", "photo"]
RgbImage = npt.NDArray[np.uint8]

#: A clip whose frames decode to less than this share of what its container declares (the index's
#: frame count for mp4/mov/avi, the stated duration for every container, mkv/webm included) was cut
#: off: a truncated file decodes "cleanly" up to the cut. The same rule holds for every container,
#: and such a clip is refused (exit 2), never analysed on what remains. The margins below leave room
#: for the few frames an edit list may hide and for a sound track a little longer than the picture.
CUT_OFF_SHARE = 0.9
_CUT_OFF_MARGIN_FRAMES = 2
_CUT_OFF_MARGIN_S = 0.25

#: Decoding memory. Frame threads keep one decoded picture per thread in flight: harmless for 1080p
#: (3 MB each) but 96 MB each for an 8000x8000 clip, and FFmpeg starts one thread per core (a
#: 16-core machine: 17). So frame threads are used up to 4K UHD only and never more than
#: :data:`DECODE_THREADS`; larger pictures are decoded with slice threads, which hold none.
FRAME_THREADS_MAX_PIXELS = 3840 * 2160
DECODE_THREADS = 4
#: The largest picture decoded at all (64 MP: an 8000x8000 clip peaks at about 850 MB in a whole
#: analysis). Larger ones are refused before a frame is decoded: one picture of the largest size
#: FFmpeg allows (16384x16384) is 400 MB before its reference frames, and no camera films it.
MAX_PICTURE_PIXELS = 8192 * 8192

_READS = "corecoach reads videos (" + ", ".join(sorted(VIDEO_SUFFIXES)) + ") and photos (" + ", ".join(sorted(PHOTO_SUFFIXES)) + ")"


@dataclass(frozen=True)
class MediaInfo:
    """What a file holds, learnt without decoding more than its first frame.

    ``width``/``height`` are those of the upright frame (after rotation). For a photo ``fps`` is 0,
    ``frame_count`` 1 and ``duration_s`` 0. ``frame_count`` is the container's count when it has
    one, else ``duration_s * fps`` rounded: an estimate, the decoded count may differ by a frame.
    """

    path: Path
    kind: MediaKind
    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    rotation_deg: int


@dataclass(frozen=True)
class MediaFrame:
    """One upright frame: ``index`` counts decoded frames from 0 (so with a stride it jumps)."""

    index: int
    timestamp_s: float
    rgb: RgbImage  # (H, W, 3) uint8, C-contiguous


def probe_media(path: str | Path) -> MediaInfo:
    """Check that ``path`` is a readable video or photo and describe it.

    Parameters
    ----------
    path
        A video (.mp4, .mov, .webm, .avi, .mkv) or photo (.jpg, .jpeg, .png) file.

    Returns
    -------
    MediaInfo
        Kind, upright size, average frame rate, frame count estimate, duration and rotation.

    Raises
    ------
    UnsupportedFileTypeError
        The extension is not one corecoach reads.
    VideoReadError
        The file is missing, empty, not a video, damaged, or has no decodable frame.
    """
    p = Path(path)
    kind = _check_file(p)
    if kind == "photo":
        rgb = _read_photo(p)
        return MediaInfo(p, "photo", rgb.shape[1], rgb.shape[0], 0.0, 1, 0.0, 0)
    with _open_video(p) as container:
        stream = _video_stream(container, p)
        first = next(_decode(container, stream, p), None)
        if first is None:
            raise _zero_frames(p, _duration_s(container, stream))
        ccw = _rotation_ccw(first)
        width, height = (stream.height, stream.width) if ccw % 180 else (stream.width, stream.height)
        fps = _average_fps(stream)
        duration_s = _duration_s(container, stream)
        frame_count = int(stream.frames) if stream.frames and stream.frames > 0 else max(1, round(duration_s * fps))
        return MediaInfo(p, "video", int(width), int(height), fps, frame_count, duration_s, (-ccw) % 360)


def iter_frames(path: str | Path, stride: int = 1, *, max_side: int | None = None) -> Iterator[MediaFrame]:
    """Yield the upright RGB frames of a video or photo, one at a time.

    Parameters
    ----------
    path
        A video or photo file (see :func:`probe_media`).
    stride
        Keep every ``stride``-th decoded frame (1 keeps all). Slow movements such as holds lose
        nothing at 2-3 and the pose model, the costly step, runs that many times less often.
    max_side
        When given, video pictures above 4K UHD (:data:`FRAME_THREADS_MAX_PIXELS`) come out shrunk
        to this longer side (``round(w * f)`` x ``round(h * f)``, ``f = max_side / longer side``)
        by FFmpeg while converting to RGB, so a full-size RGB copy (192 MB for 8000x8000) is never
        made. Smaller pictures, and photos, keep their size: the caller shrinks them as it likes.

    Yields
    ------
    MediaFrame
        Index among all decoded frames, time from the frame's own timestamp, and the RGB pixels.

    Raises
    ------
    UnsupportedFileTypeError, VideoReadError
        As :func:`probe_media`; a clip that breaks off part-way, or decodes to less than
        :data:`CUT_OFF_SHARE` of the frames or duration its container declares, raises
        ``VideoReadError`` after the frames decoded before the damage have been yielded.

    Notes
    -----
    Only the frame being handed out (plus the decoder's few reference frames) is held in memory,
    so a long 1080p clip costs the same memory as a short one.
    """
    if isinstance(stride, bool) or not isinstance(stride, int) or stride < 1:
        raise InvalidInputError(f"The frame stride must be a whole number of 1 or more, not {stride!r}.")
    p = Path(path)
    if _check_file(p) == "photo":
        yield MediaFrame(0, 0.0, _read_photo(p))
        return
    with _open_video(p) as container:
        stream = _video_stream(container, p)
        large = stream.width * stream.height > FRAME_THREADS_MAX_PIXELS
        # frame + slice threads keep decoding in pace with the pose model; slice threads only for huge pictures
        stream.thread_type = "SLICE" if large else "AUTO"
        stream.codec_context.thread_count = min(DECODE_THREADS, (os.cpu_count() or 1) + 1)  # FFmpeg's own choice, capped
        size: tuple[int, int] | None = None
        if large and max_side is not None and max(stream.width, stream.height) > max_side:
            f = max_side / max(stream.width, stream.height)
            size = (round(stream.width * f), round(stream.height * f))
        start = stream.start_time
        fps = _average_fps(stream)
        declared_frames = int(stream.frames or 0)
        declared_s = _duration_s(container, stream)
        index, decoded_s = -1, 0.0
        for index, frame in enumerate(_decode(container, stream, p)):
            timestamp_s = _timestamp_s(frame, start, index, fps)
            decoded_s = max(decoded_s, timestamp_s + (1.0 / fps if fps > 0 else 0.0))
            if index % stride:
                continue
            yield MediaFrame(index, timestamp_s, _to_upright_rgb(frame, size))
        if index < 0:
            raise _zero_frames(p, declared_s)
        frames_short = index + 1 < CUT_OFF_SHARE * declared_frames - _CUT_OFF_MARGIN_FRAMES
        time_short = decoded_s < CUT_OFF_SHARE * declared_s - _CUT_OFF_MARGIN_S
        if frames_short or time_short:
            raise cut_off_error(p.name, decoded_s, declared_s, index + 1, declared_frames)


def cut_off_error(name: str, decoded_s: float, declared_s: float, decoded_frames: int, declared_frames: int) -> VideoReadError:
    """The one message for a clip that ends before its container says it does, whatever the container."""
    if declared_s > 0:
        share = f"only the first {decoded_s:.1f} s of its {declared_s:.1f} s ({min(1.0, decoded_s / declared_s):.0%})"
    else:
        share = f"only the first {decoded_frames} of its {declared_frames} frames"
    return VideoReadError(
        f"{name} could not be read to the end: it is damaged or incomplete (it seems cut off: {share} could be decoded). "
        "Nothing was analysed, so that a part of the set is never taken for all of it. "
        "If it was copied or uploaded, copy it again or export it once more from the phone."
    )


def _check_file(p: Path) -> MediaKind:
    """The kind the name promises, checked against the file itself: it exists, is not empty, its
    first bytes (:func:`~corecoach.video.sniff.sniff_kind`, the same check as web uploads) agree, and
    a video is as long as its container's header says (:func:`~corecoach.video.sniff.declared_end`)."""
    try:
        size = os.stat(p).st_size
    except OSError as exc:
        raise _stat_error(p, exc) from None
    if p.is_dir():
        raise VideoReadError(f"{p} is a folder; give the path of a video or photo file.")
    suffix = p.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        kind: MediaKind = "video"
    elif suffix in PHOTO_SUFFIXES:
        kind = "photo"
    else:
        what = f"a {suffix} file" if suffix else "a file without an extension"
        raise UnsupportedFileTypeError(f"{p.name} is {what}; {_READS}.")
    if size == 0:
        raise VideoReadError(f"{p.name} is empty (0 bytes): the copy or upload may have failed. Copy the {kind} again.")
    try:
        sniffed = sniff_file(p)
    except OSError as exc:
        raise _stat_error(p, exc) from None
    if sniffed is None:
        raise VideoReadError(f"{p.name} is not a {kind}: its contents are not a format corecoach can decode, whatever its name says.")
    if sniffed != kind:
        really = "a photo (a JPEG or PNG image)" if sniffed == "photo" else "a video"
        raise VideoReadError(
            f"{p.name} is not a {kind}: its contents are {really}, whatever its name says. "
            f"Give it its right extension, or pick the {kind} you meant."
        )
    if kind == "video":
        try:
            end = declared_end(p)
        except OSError as exc:
            raise _stat_error(p, exc) from None
        if end is not None and size < end:
            raise VideoReadError(
                f"{p.name} could not be read to the end: it is damaged or incomplete (it seems cut off: it holds "
                f"{_megabytes(size)} of the {_megabytes(end)} its own header declares ({size / end:.0%})). "
                "Nothing was analysed, so that a part of the set is never taken for all of it. "
                "If it was copied or uploaded, copy it again or export it once more from the phone."
            )
    return kind


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} kB"


def _stat_error(p: Path, exc: OSError) -> VideoReadError:
    """Why a path cannot be opened, in words: missing, a link loop, a broken link, or not allowed."""
    if exc.errno == errno.ELOOP:
        return VideoReadError(
            f"{p} cannot be opened: it is a symbolic link that leads back to itself (a link loop). Give the path of the file itself."
        )
    if exc.errno == errno.EACCES or isinstance(exc, PermissionError):
        return VideoReadError(f"{p} cannot be opened: you do not have permission to read it.")
    if p.is_symlink():
        return VideoReadError(f"{p} is a symbolic link to {os.readlink(p)}, which does not exist.")
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return VideoReadError(f"File not found: {p}")
    return VideoReadError(f"{p} cannot be opened: {exc.strerror or exc}.")


def _read_photo(p: Path) -> RgbImage:
    bgr = cv2.imread(str(p), cv2.IMREAD_COLOR)
    if bgr is None or bgr.size == 0:
        raise VideoReadError(f"{p.name} could not be read as a photo: it is not a JPEG or PNG image, or it is damaged.")
    return np.ascontiguousarray(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB), dtype=np.uint8)


def _open_video(p: Path) -> av.container.InputContainer:
    try:
        return av.open(str(p), mode="r")
    except av.error.FFmpegError as exc:
        raise _unreadable(p) from exc


def _video_stream(container: av.container.InputContainer, p: Path) -> VideoStream:
    if not container.streams.video:
        if container.streams.audio:
            raise VideoReadError(f"{p.name} has no video track (it holds only sound), so there is nothing to analyse.")
        raise _unreadable(p)  # a video container with no track at all: its index is damaged
    stream = container.streams.video[0]
    if not stream.codec_context or stream.width <= 0 or stream.height <= 0:
        raise _unreadable(p)
    if stream.width * stream.height > MAX_PICTURE_PIXELS:
        raise VideoReadError(
            f"{p.name} has pictures of {stream.width}x{stream.height} pixels, more than corecoach decodes "
            f"({MAX_PICTURE_PIXELS // 1_000_000} million pixels, such as 8192x8192). Export it at 4K or less and try again."
        )
    return stream


def _decode(container: av.container.InputContainer, stream: VideoStream, p: Path) -> Iterator[VideoFrame]:
    """Decoded frames in display order; FFmpeg errors become ``VideoReadError`` naming how far it got."""
    count = 0
    frames = container.decode(stream)
    while True:
        try:
            frame = next(frames)
        except StopIteration:
            return
        except av.error.FFmpegError as exc:
            if count == 0:
                raise _unreadable(p) from exc
            raise VideoReadError(
                f"{p.name} could not be read to the end: it is damaged or incomplete (it stopped decoding after {count} frames). "
                "Nothing was analysed; if it was copied or uploaded, copy it again."
            ) from exc
        count += 1
        yield frame


def _unreadable(p: Path) -> VideoReadError:
    """The file starts like a video (checked by :func:`_check_file`) but FFmpeg cannot use it."""
    return VideoReadError(
        f"{p.name} could not be read: it is damaged or incomplete (for example a copy or upload that was cut off), "
        "so it cannot be decoded. Copy it again or export it once more from the phone."
    )


def _zero_frames(p: Path, declared_s: float) -> VideoReadError:
    if declared_s > 0:
        return VideoReadError(
            f"{p.name} could not be read: it is damaged or incomplete (it declares {declared_s:.1f} s of video, "
            "but it contains no frames that can be decoded (zero frames)). Copy it again or export it once more from the phone."
        )
    return VideoReadError(f"{p.name} contains no frames that can be decoded (zero frames): record or export the video again.")


def _rotation_ccw(frame: VideoFrame) -> int:
    """The display matrix's rotation snapped to a quarter turn, counter-clockwise, in 0..270."""
    return (round(int(frame.rotation) / 90) * 90) % 360


def _to_upright_rgb(frame: VideoFrame, size: tuple[int, int] | None = None) -> RgbImage:
    """The frame as upright RGB; ``size`` (stored width, height) shrinks it on the way (area averaging)."""
    if size is None:
        rgb: RgbImage = np.asarray(frame.to_ndarray(format="rgb24"), dtype=np.uint8)
    else:
        rgb = np.asarray(frame.to_ndarray(format="rgb24", width=size[0], height=size[1], interpolation="AREA"), dtype=np.uint8)
    quarter_turns = _rotation_ccw(frame) // 90
    if quarter_turns:
        rgb = np.ascontiguousarray(np.rot90(rgb, k=quarter_turns))
    return rgb


def _average_fps(stream: VideoStream) -> float:
    rate: Fraction | None = stream.average_rate or stream.guessed_rate or stream.base_rate
    return float(rate) if rate else 0.0


def _duration_s(container: av.container.InputContainer, stream: VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return float(container.duration) / av.time_base
    return 0.0


def _timestamp_s(frame: VideoFrame, start: int | None, index: int, fps: float) -> float:
    """Seconds since the stream's start from the frame's pts; the frame rate only when pts is missing."""
    if frame.pts is None or frame.time_base is None:
        return index / fps if fps > 0 else 0.0
    return float((frame.pts - (start or 0)) * frame.time_base)
