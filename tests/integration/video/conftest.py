"""Fixtures for the video reader: the shared real clips (skipped with a message when absent) and
tiny clips written with PyAV whose contents are known (size, rotation, timestamps, container)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from av.video.stream import VideoStream

REPO_ROOT = Path(__file__).resolve().parents[3]


def _clips_dir() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    return (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    """``<shared>/data/clips``: ``$CORECOACH_SHARED_DIR`` or ``../shared`` beside the repository."""
    path = _clips_dir()
    if not path.is_dir():
        pytest.skip(f"shared clips not found at {path}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return path


@pytest.fixture(scope="session")
def clip(clips_dir: Path) -> Callable[[str], Path]:
    """``clip(name) -> Path`` of one shared clip; a missing clip fails (the folder is there)."""

    def get(name: str) -> Path:
        path = clips_dir / name
        assert path.is_file(), f"{name} missing from {clips_dir}"
        return path

    return get


def marker_image(width: int, height: int, seed: int = 0) -> np.ndarray:
    """Grey noise with a white block in the top-left corner, so orientation can be read back."""
    rng = np.random.default_rng(seed)
    img = rng.integers(60, 120, (height, width, 3), dtype=np.uint8)
    img[: height // 4, : width // 4] = 255
    return img


def write_clip(
    path: Path,
    *,
    codec: str = "libx264",
    size: tuple[int, int] = (64, 32),
    n_frames: int = 10,
    rate: int = 30,
    pts_ms: Sequence[int] | None = None,
    rotation_ccw: float | None = None,
    options: dict[str, str] | None = None,
) -> Path:
    """Encode ``n_frames`` marker images (``size`` = width, height); ``pts_ms`` gives each frame's time
    in milliseconds (variable frame rate); ``rotation_ccw`` writes a display matrix, as phones do."""
    width, height = size
    with av.open(str(path), mode="w", options=options or {}) as container:
        stream = container.add_stream(codec, rate=rate)
        assert isinstance(stream, VideoStream)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        if pts_ms is not None:
            stream.codec_context.time_base = Fraction(1, 1000)
            stream.time_base = Fraction(1, 1000)
            # No B-frames, as in phone recordings: with reordering, x264 derives decode times that
            # make the container under-state the duration of an irregular clip.
            stream.codec_context.max_b_frames = 0
        if rotation_ccw is not None:
            stream.set_display_rotation(rotation_ccw)
        times = list(pts_ms) if pts_ms is not None else list(range(n_frames))
        for i, t in enumerate(times):
            frame = av.VideoFrame.from_ndarray(marker_image(width, height, seed=i), format="rgb24")
            if pts_ms is not None:
                frame.pts = t
                frame.time_base = Fraction(1, 1000)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


@pytest.fixture
def make_clip(tmp_path: Path) -> Callable[..., Path]:
    """``make_clip(name, **write_clip_options) -> Path`` under the test's tmp folder."""

    def make(name: str, **kwargs: Any) -> Path:
        return write_clip(tmp_path / name, **kwargs)

    return make
