"""A video shorter than its container's header says is cut off, in every container; a header that
does not say (a live recording's Matroska segment of unknown size) leaves it to the frame count."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from corecoach.errors import VideoReadError
from corecoach.video import iter_frames, probe_media
from corecoach.video.sniff import declared_end

CONTAINERS = {
    "clip.mp4": ("libx264", {"movflags": "faststart"}),
    "clip.mov": ("libx264", None),
    "clip.webm": ("libvpx", None),
    "clip.avi": ("mpeg4", None),
    "clip.mkv": ("libx264", None),
}


@pytest.mark.parametrize("name", CONTAINERS)
def test_a_whole_file_is_as_long_as_it_says(make_clip: Callable[..., Path], name: str) -> None:
    codec, options = CONTAINERS[name]
    path = make_clip(name, codec=codec, size=(160, 96), n_frames=30, options=options)
    assert declared_end(path) == path.stat().st_size
    assert sum(1 for _ in iter_frames(path)) == 30


@pytest.mark.parametrize("name", CONTAINERS)
def test_the_last_few_percent_missing_are_refused_before_any_frame(make_clip: Callable[..., Path], tmp_path: Path, name: str) -> None:
    codec, options = CONTAINERS[name]
    path = make_clip(name, codec=codec, size=(160, 96), n_frames=30, options=options)
    data = path.read_bytes()
    cut = tmp_path / f"cut_{name}"
    cut.write_bytes(data[: int(len(data) * 0.97)])
    with pytest.raises(VideoReadError, match=r"cut off: it holds .* of the .* its own header declares \(9[78]%\)"):
        probe_media(cut)
    with pytest.raises(VideoReadError, match="damaged or incomplete"):
        next(iter_frames(cut))


def test_a_segment_of_unknown_size_falls_back_to_the_frame_count(make_clip: Callable[..., Path], tmp_path: Path) -> None:
    path = make_clip("live.mkv", size=(160, 96), n_frames=60)
    data = bytearray(path.read_bytes())
    segment = data.index(b"\x18\x53\x80\x67") + 4
    assert data[segment] == 0x01  # FFmpeg writes the segment size as an 8-byte number
    data[segment : segment + 8] = b"\x01" + b"\xff" * 7  # "unknown size", as a live recording leaves it
    live = tmp_path / "live.mkv"
    live.write_bytes(bytes(data))
    assert declared_end(live) is None
    assert sum(1 for _ in iter_frames(live)) == 60
    cut = tmp_path / "live_cut.mkv"
    cut.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(VideoReadError, match="damaged or incomplete"):
        list(iter_frames(cut))


def test_headers_that_do_not_parse_say_nothing(tmp_path: Path) -> None:
    odd = tmp_path / "odd.mp4"
    odd.write_bytes(b"\x00\x00\x00\x04ftyp" + b"\x00" * 40)  # an atom smaller than its own header
    assert declared_end(odd) is None
    riff = tmp_path / "odd.avi"
    riff.write_bytes(b"RIFF\x10\x00\x00\x00AVI " + b"\x00" * 8)
    assert declared_end(riff) == 24
