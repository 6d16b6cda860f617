"""What a file really is, read from its first bytes: the one content check the CLI and the web share.

A name can lie (a PNG renamed ``.mp4``, a text file renamed ``.mov``); the first bytes rarely do.
Both the reader (``corecoach analyze``) and the web upload check call :func:`sniff_kind`, so a file
refused on one is refused on the other, with the same reason.

Signatures: ISO base media (mp4/mov: an atom type ``ftyp``/``moov``/``mdat``/``wide``/``free``/
``skip``/``pnot`` at byte 4), Matroska/WebM (EBML ``1A 45 DF A3``), AVI (``RIFF....AVI ``), JPEG
(``FF D8 FF``) and PNG (its 8-byte signature).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

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
