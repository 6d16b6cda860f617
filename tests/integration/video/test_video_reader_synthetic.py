"""The video reader on small clips and photos written here, whose contents are known exactly:
containers, rotation metadata, variable frame rate, stride, photos with EXIF orientation, memory."""

from __future__ import annotations

import struct
import tracemalloc
import types
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from corecoach.video import iter_frames, probe_media


def _bright_centre(rgb: np.ndarray) -> tuple[float, float]:
    """(x, y) as fractions of width/height of the white marker block."""
    ys, xs = np.nonzero(rgb.min(axis=2) > 200)
    assert len(xs), "marker not found"
    return xs.mean() / rgb.shape[1], ys.mean() / rgb.shape[0]


@pytest.mark.parametrize(
    ("name", "codec"),
    [("clip.mp4", "libx264"), ("clip.mov", "libx264"), ("clip.mkv", "libx264"), ("clip.webm", "libvpx-vp9"), ("clip.avi", "mpeg4")],
)
def test_every_supported_container_reads(make_clip: Callable[..., Path], name: str, codec: str) -> None:
    path = make_clip(name, codec=codec, size=(96, 64), n_frames=12)
    info = probe_media(path)
    frames = list(iter_frames(path))
    assert (info.kind, info.width, info.height, info.rotation_deg) == ("video", 96, 64, 0)
    assert info.fps == pytest.approx(30, abs=0.5)
    assert len(frames) == 12
    assert abs(info.frame_count - len(frames)) <= 1
    assert [f.index for f in frames] == list(range(12))
    assert np.allclose([f.timestamp_s for f in frames], np.arange(12) / 30, atol=1e-3)
    for f in frames:
        assert f.rgb.shape == (64, 96, 3) and f.rgb.dtype == np.uint8 and f.rgb.flags.c_contiguous
    assert _bright_centre(frames[0].rgb) == pytest.approx((0.125, 0.125), abs=0.03)


@pytest.mark.parametrize(
    ("rotation_ccw", "rotation_deg", "upright_size", "marker_at"),
    [
        # A phone held upright records landscape pixels tagged "rotate 90" (display matrix -90° ccw):
        # turned clockwise, the top-left marker ends up top-right.
        (-90, 90, (32, 64), (0.875, 0.125)),
        (90, 270, (32, 64), (0.125, 0.875)),
        (180, 180, (64, 32), (0.875, 0.875)),
        (0, 0, (64, 32), (0.125, 0.125)),
    ],
)
def test_rotation_metadata_gives_upright_frames(
    make_clip: Callable[..., Path],
    rotation_ccw: int,
    rotation_deg: int,
    upright_size: tuple[int, int],
    marker_at: tuple[float, float],
) -> None:
    path = make_clip("phone.mp4", size=(64, 32), n_frames=3, rotation_ccw=rotation_ccw)
    info = probe_media(path)
    assert (info.width, info.height, info.rotation_deg) == (*upright_size, rotation_deg)
    frames = list(iter_frames(path))
    width, height = upright_size
    assert all(f.rgb.shape == (height, width, 3) for f in frames)
    assert _bright_centre(frames[0].rgb) == pytest.approx(marker_at, abs=0.05)
    # An independent oracle: OpenCV's FFmpeg backend applies the same display matrix itself.
    capture = cv2.VideoCapture(str(path))
    ok, bgr = capture.read()
    capture.release()
    assert ok
    assert bgr.shape == frames[0].rgb.shape
    assert np.abs(cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB).astype(int) - frames[0].rgb.astype(int)).mean() < 3


@pytest.mark.parametrize("name", ["vfr.mp4", "vfr.mkv"])
def test_variable_frame_rate_timestamps_follow_pts(make_clip: Callable[..., Path], name: str) -> None:
    pts_ms = [0, 40, 50, 120, 300, 310, 500, 1000]
    path = make_clip(name, pts_ms=pts_ms)
    frames = list(iter_frames(path))
    assert [f.timestamp_s for f in frames] == pytest.approx([t / 1000 for t in pts_ms], abs=1e-3)
    # The stride keeps true times too: never index / fps.
    assert [f.timestamp_s for f in iter_frames(path, stride=3)] == pytest.approx([0.0, 0.12, 0.5], abs=1e-3)


def test_stride_keeps_every_nth_frame(make_clip: Callable[..., Path]) -> None:
    path = make_clip("stride.mp4", n_frames=10)
    all_frames = list(iter_frames(path))
    kept = list(iter_frames(path, stride=3))
    assert [f.index for f in kept] == [0, 3, 6, 9]
    for f in kept:
        assert f.timestamp_s == pytest.approx(all_frames[f.index].timestamp_s)
        assert np.array_equal(f.rgb, all_frames[f.index].rgb)


def test_frames_stream_one_at_a_time(make_clip: Callable[..., Path]) -> None:
    """200 frames of 640x360 would be 138 MB held at once; streaming stays at a few frames."""
    path = make_clip("long.mp4", size=(640, 360), n_frames=200)
    frames = iter_frames(path)
    assert isinstance(frames, types.GeneratorType)
    tracemalloc.start()
    try:
        count = sum(1 for _ in frames)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 200
    assert peak < 20 * 640 * 360 * 3, f"peak {peak / 1e6:.1f} MB while decoding"


def test_png_photo_is_one_rgb_frame(tmp_path: Path) -> None:
    bgr = np.zeros((30, 50, 3), np.uint8)
    bgr[:, :, 2] = 255  # pure red in OpenCV's BGR order
    path = tmp_path / "standing.PNG"
    assert cv2.imwrite(str(path), bgr)
    info = probe_media(path)
    assert (info.kind, info.width, info.height, info.frame_count, info.fps, info.duration_s) == ("photo", 50, 30, 1, 0.0, 0.0)
    frames = list(iter_frames(path, stride=5))
    assert len(frames) == 1
    assert (frames[0].index, frames[0].timestamp_s) == (0, 0.0)
    assert frames[0].rgb.shape == (30, 50, 3)
    assert tuple(frames[0].rgb[0, 0]) == (255, 0, 0)


def _jpeg_with_exif_orientation(bgr: np.ndarray, orientation: int) -> bytes:
    """JPEG bytes with a minimal EXIF block holding only the orientation tag (0x0112)."""
    ok, encoded = cv2.imencode(".jpg", bgr)
    assert ok
    jpeg = encoded.tobytes()
    tiff = (
        b"MM\x00\x2a"
        + struct.pack(">I", 8)
        + struct.pack(">H", 1)
        + struct.pack(">HHIHH", 0x0112, 3, 1, orientation, 0)
        + struct.pack(">I", 0)
    )
    app1 = b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(tiff)) + b"Exif\x00\x00" + tiff
    return jpeg[:2] + app1 + jpeg[2:]


def test_jpeg_exif_orientation_is_honoured(tmp_path: Path) -> None:
    """A phone photo stored landscape with "rotate 90° clockwise to view" comes out portrait."""
    bgr = np.full((40, 80, 3), 90, np.uint8)
    bgr[:10, :20] = 255
    path = tmp_path / "side_photo.jpg"
    path.write_bytes(_jpeg_with_exif_orientation(bgr, orientation=6))
    info = probe_media(path)
    assert (info.width, info.height) == (40, 80)
    (frame,) = iter_frames(path)
    assert frame.rgb.shape == (80, 40, 3)
    assert _bright_centre(frame.rgb) == pytest.approx((0.875, 0.125), abs=0.05)
