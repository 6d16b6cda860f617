"""Uploaded videos and photos: the type is checked by name *and* by content before anything decodes them.

The extension must be one corecoach reads, and the first bytes must look like that kind of file
(ISO media ``ftyp``/QuickTime atoms, Matroska/WebM EBML, AVI ``RIFF....AVI``, JPEG, PNG). A text
file renamed to ``.mp4`` is refused here, before FFmpeg ever sees it.

An upload that is refused before its body is read (nobody signed in, a missing CSRF token, a declared
size over the limit) must not be received anyway: :class:`CloseUnreadBody` makes such an answer say
``Connection: close``, so the server hangs up instead of taking in (and throwing away) the rest.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MediaKind = Literal["video", "photo"]
SNIFF_BYTES = 16


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
    """What the first bytes say the file is (``video``/``photo``), or None: the very check ``corecoach analyze`` makes."""
    from corecoach.video.sniff import sniff_kind as shared_sniff_kind  # one rule for CLI and web (imports PyAV/OpenCV)

    return shared_sniff_kind(head)


def safe_stem(file_name: str) -> str:
    """A file name stem that is safe on every file system and in a URL (``my clip (1)`` -> ``my_clip_1``)."""
    stem = Path(file_name.replace("\\", "/")).stem
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_")[:60]
    return cleaned or "clip"


def declares_body(scope: Scope) -> bool:
    """The request head announces a body (a non-zero ``Content-Length``, or a chunked one)."""
    headers = Headers(scope=scope)
    if "transfer-encoding" in headers:
        return True
    return headers.get("content-length", "0").strip() not in ("", "0")


class CloseUnreadBody:
    """Pure ASGI middleware: an answer sent before the request's body was read to its end says ``Connection: close``.

    Without it uvicorn keeps the connection for the next request and so goes on receiving the unread
    body (and discarding it): a refused 250 MB upload would still cross the network. With it the
    server closes the connection as soon as the answer is sent.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not declares_body(scope):
            await self.app(scope, receive, send)
            return
        body_done = False

        async def tracked() -> Message:
            nonlocal body_done
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_done = True
            return message

        async def closing(message: Message) -> None:
            if message["type"] == "http.response.start" and not body_done:
                MutableHeaders(scope=message)["connection"] = "close"
            await send(message)

        await self.app(scope, tracked, closing)
