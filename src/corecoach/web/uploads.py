"""Uploaded videos and photos: the type is checked by name *and* by content before anything decodes them.

The extension must be one corecoach reads, and the first bytes must look like that kind of file
(ISO media ``ftyp``/QuickTime atoms, Matroska/WebM EBML, AVI ``RIFF....AVI``, JPEG, PNG). A text
file renamed to ``.mp4`` is refused here, before FFmpeg ever sees it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

MediaKind = Literal["video", "photo"]
SNIFF_BYTES = 16

_VIDEO_AT_4 = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")


def kind_for_name(file_name: str) -> MediaKind | None:
    """``video``/``photo`` from the extension, or None for a type corecoach does not read."""
    from corecoach.video.reader import PHOTO_SUFFIXES, VIDEO_SUFFIXES  # the reader's own lists (imports PyAV/OpenCV)

    suffix = Path(file_name).suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return "video"
    if suffix in PHOTO_SUFFIXES:
        return "photo"
    return None


def sniff_kind(head: bytes) -> MediaKind | None:
    """What the first bytes say the file is (``video``/``photo``), or None."""
    if len(head) >= 8 and head[4:8] in _VIDEO_AT_4:
        return "video"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "video"  # Matroska / WebM
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video"
    if head.startswith(b"\xff\xd8\xff"):
        return "photo"  # JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "photo"
    return None


def safe_stem(file_name: str) -> str:
    """A file name stem that is safe on every file system and in a URL (``my clip (1)`` -> ``my_clip_1``)."""
    stem = Path(file_name.replace("\\", "/")).stem
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60]
    return cleaned or "clip"
