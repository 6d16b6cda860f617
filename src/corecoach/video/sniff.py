"""What a file really is, read from its first bytes: the one content check the CLI and the web share.

A name can lie (a PNG renamed ``.mp4``, a text file renamed ``.mov``); the first bytes rarely do.
Both the reader (``corecoach analyze``) and the web upload check call :func:`sniff_kind`, so a file
refused on one is refused on the other, with the same reason.

Signatures: ISO base media (mp4/mov: an atom type ``ftyp``/``moov``/``mdat``/``wide``/``free``/
``skip``/``pnot`` at byte 4), Matroska/WebM (EBML ``1A 45 DF A3``), AVI (``RIFF....AVI ``), JPEG
(``FF D8 FF``) and PNG (its 8-byte signature).

Every video container also says how long it is in bytes: mp4/mov top-level atoms carry their
sizes, a Matroska/WebM segment its size, an AVI its RIFF chunks' sizes. :func:`declared_end` reads
those few headers; a file shorter than that was cut off (a copy or upload that stopped), however
cleanly its first part decodes. This catches a cut at 90 % that the frame-count rule lets through.
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import BinaryIO, Literal

MediaKind = Literal["video", "photo"]

#: bytes read from the start of a file to tell what it is
SNIFF_BYTES = 16

_ISO_ATOMS_AT_4 = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
_EBML = b"\x1a\x45\xdf\xa3"
_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"


def sniff_kind(head: bytes) -> MediaKind | None:
    """``video`` or ``photo`` from a file's first bytes (at least :data:`SNIFF_BYTES`), or None for anything else."""
    if len(head) >= 8 and head[4:8] in _ISO_ATOMS_AT_4:
        return "video"
    if head.startswith(_EBML):
        return "video"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "video"
    if head.startswith(_JPEG):
        return "photo"
    if head.startswith(_PNG):
        return "photo"
    return None


def sniff_file(path: Path) -> MediaKind | None:
    """:func:`sniff_kind` of a file on disk; raises ``OSError`` when it cannot be opened."""
    with path.open("rb") as fh:
        return sniff_kind(fh.read(SNIFF_BYTES))


#: headers walked at most (an mp4 has a handful of top-level atoms, an AVI one RIFF chunk per GB)
_MAX_CHUNKS = 10_000
_SEGMENT = b"\x18\x53\x80\x67"


def declared_end(path: Path) -> int | None:
    """The length in bytes the video's container declares, or None when it does not say.

    None also for an mp4 whose last atom runs "to the end of the file" (size 0), a Matroska segment
    of unknown size (live recordings) and headers that do not parse: then the decoder's frame count
    and duration are the only check. Raises ``OSError`` when the file cannot be opened.
    """
    with path.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
        if len(head) >= 8 and head[4:8] in _ISO_ATOMS_AT_4:
            return _iso_end(fh)
        if head.startswith(_EBML):
            return _matroska_end(fh)
        if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
            return _riff_end(fh)
    return None


def _iso_end(fh: BinaryIO) -> int | None:
    offset = 0
    for _ in range(_MAX_CHUNKS):
        fh.seek(offset)
        header = fh.read(16)
        if len(header) < 8:
            return offset
        size = struct.unpack(">I", header[:4])[0]
        if size == 1:
            if len(header) < 16:
                return offset + 16
            size = struct.unpack(">Q", header[8:16])[0]
        if size == 0:
            return None  # the last atom runs to the end of the file, whatever its length
        if size < 8:
            return None
        offset += size
    return None


def _vint(fh: BinaryIO, *, keep_marker: bool) -> tuple[int, int] | None:
    """An EBML variable-length integer: (value, bytes read); ``keep_marker`` for element IDs."""
    first = fh.read(1)
    if not first:
        return None
    length = 1
    mask = 0x80
    while length <= 8 and not first[0] & mask:
        length += 1
        mask >>= 1
    if length > 8:
        return None
    rest = fh.read(length - 1)
    if len(rest) < length - 1:
        return None
    value = (first[0] if keep_marker else first[0] & (mask - 1)).to_bytes(1, "big") + rest
    return int.from_bytes(value, "big"), length


def _matroska_end(fh: BinaryIO) -> int | None:
    fh.seek(4)
    header = _vint(fh, keep_marker=False)
    if header is None:
        return None
    fh.seek(4 + header[1] + header[0])
    element = fh.read(4)
    if element != _SEGMENT:
        return None
    size = _vint(fh, keep_marker=False)
    if size is None:
        return None
    value, length = size
    if value == (1 << (7 * length)) - 1:
        return None  # "unknown size": a live recording that never went back to write it
    return fh.tell() + value


def _riff_end(fh: BinaryIO) -> int | None:
    offset = 0
    for _ in range(_MAX_CHUNKS):
        fh.seek(offset)
        header = fh.read(8)
        if len(header) < 8 or header[:4] != b"RIFF":
            return offset
        size = struct.unpack("<I", header[4:8])[0]
        offset += 8 + size + (size & 1)
    return None
