"""Every file the reader refuses, with the message a person reads. Never a bare FFmpeg/OpenCV error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

from corecoach.errors import InvalidInputError, MediaError, UnsupportedFileTypeError, VideoReadError
from corecoach.video import iter_frames, probe_media


def _read_all(path: Path) -> int:
    """Probe, then decode every frame; returns the count (or raises the reader's error)."""
    probe_media(path)
    return sum(1 for _ in iter_frames(path))


@pytest.mark.parametrize("name", ["notes.txt", "animation.gif", "clip.MTS", "README"])
def test_unsupported_extension(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"GIF89a not really")
    for call in (probe_media, lambda p: list(iter_frames(p))):
        with pytest.raises(UnsupportedFileTypeError) as info:
            call(path)
        message = str(info.value)
        assert name in message
        assert ".mp4" in message and ".mov" in message and ".jpg" in message and ".png" in message
        assert ("." + name.rpartition(".")[2].lower() if "." in name else "without an extension") in message


def test_text_file_renamed_mp4_is_not_a_video(tmp_path: Path) -> None:
    path = tmp_path / "squat.mp4"
    path.write_text("These are my notes about squats, not a video.\n" * 50, encoding="utf-8")
    with pytest.raises(VideoReadError, match=r"squat\.mp4 is not a video"):
        probe_media(path)
    with pytest.raises(VideoReadError, match="not a video"):
        list(iter_frames(path))


@pytest.mark.parametrize("suffix", [".mp4", ".png"])
def test_zero_byte_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"upload{suffix}"
    path.touch()
    for call in (probe_media, lambda p: list(iter_frames(p))):
        with pytest.raises(VideoReadError, match=r"is empty \(0 bytes\)"):
            call(path)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.mp4"
    with pytest.raises(VideoReadError, match=r"File not found: .*nowhere\.mp4"):
        probe_media(path)
    with pytest.raises(VideoReadError, match="File not found"):
        list(iter_frames(path))


def test_folder_instead_of_file(tmp_path: Path) -> None:
    folder = tmp_path / "clips.mp4"
    folder.mkdir()
    with pytest.raises(VideoReadError, match="is a folder"):
        probe_media(folder)


def test_video_without_decodable_frames(tmp_path: Path) -> None:
    """Only the inter frames of an H.264 clip: a valid container whose frames can't be decoded."""
    path = tmp_path / "no_keyframe.mp4"
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=30)
        stream.width, stream.height = 160, 96
        stream.pix_fmt = "yuv420p"
        rng = np.random.default_rng(1)
        packets = []
        for _ in range(20):
            frame = av.VideoFrame.from_ndarray(rng.integers(0, 255, (96, 160, 3), dtype=np.uint8), format="rgb24")
            packets += stream.encode(frame)
        packets += stream.encode()
        for packet in packets:
            if not packet.is_keyframe:
                container.mux(packet)
    with pytest.raises(VideoReadError, match=r"no frames that can be decoded \(zero frames\)"):
        probe_media(path)
    with pytest.raises(VideoReadError, match="zero frames"):
        list(iter_frames(path))


def test_sound_only_file(tmp_path: Path) -> None:
    path = tmp_path / "voice_memo.mp4"
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("aac", rate=44100)
        for i in range(10):
            frame = av.AudioFrame.from_ndarray(np.zeros((1, 1024), np.float32), format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 44100, i * 1024
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    with pytest.raises(VideoReadError, match="has no video track"):
        probe_media(path)


def test_damaged_photo(tmp_path: Path) -> None:
    path = tmp_path / "side.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 this is the start of a jpeg and nothing more")
    with pytest.raises(VideoReadError, match=r"side\.jpg could not be read as a photo"):
        probe_media(path)


@pytest.mark.parametrize("stride", [0, -1, 1.5, True])
def test_bad_stride(make_clip: Callable[..., Path], stride: object) -> None:
    path = make_clip("ok.mp4")
    with pytest.raises(InvalidInputError, match="stride"):
        list(iter_frames(path, stride=stride))  # type: ignore[arg-type]


def _truncate(source: Path, target: Path) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _assert_truncation_reported(path: Path, full_count: int) -> int:
    """Damage is reported either at probe or after the frames before the cut, never silently."""
    decoded: list[float] = []
    with pytest.raises(VideoReadError) as info:
        probe_media(path)
        decoded.extend(f.timestamp_s for f in iter_frames(path))
    assert isinstance(info.value, MediaError)
    assert "damaged or incomplete" in str(info.value) or "seems cut off" in str(info.value)
    assert path.name in str(info.value)
    assert len(decoded) < full_count
    return len(decoded)


@pytest.mark.parametrize(
    ("name", "options"),
    [("index_at_end.mp4", None), ("index_at_front.mp4", {"movflags": "faststart"}), ("clip.avi", None)],
)
def test_truncated_synthetic_clip(make_clip: Callable[..., Path], tmp_path: Path, name: str, options: dict[str, str] | None) -> None:
    codec = "mpeg4" if name.endswith(".avi") else "libx264"
    full = make_clip(name, codec=codec, size=(160, 96), n_frames=40, options=options)
    assert _read_all(full) == 40
    _assert_truncation_reported(_truncate(full, tmp_path / f"half_{name}"), 40)


@pytest.mark.parametrize(
    "name",
    [
        "rohanx01_squat_side_portrait.mp4",  # index at the end, as phones write it
        "mrpose_plank_side.mp4",  # index at the front: it would decode, but the header says the file is longer
    ],
)
def test_truncated_real_clip(clip: Callable[[str], Path], tmp_path: Path, name: str) -> None:
    """The first half of a real clip's bytes: refused at probe, before a frame is handed out."""
    source = clip(name)
    total = probe_media(source).frame_count
    half = _truncate(source, tmp_path / f"half_{name}")
    assert _assert_truncation_reported(half, total) == 0
