"""A corpus of bad, odd and valid videos, made by the test in its tmp folder, through the real CLI.

Every file is generated here (nothing downloaded; the shared clip is only read, never copied): a
2.5 s piece of a real squat clip is re-encoded into each container and then cut off, renamed,
rotated, darkened, shrunk or blown up. Each case runs as ``corecoach analyze FILE --json`` and as
``corecoach analyze FILE`` and must give its documented exit code (0 analysed, 2 unusable file,
4 nobody found), a message of at least a sentence, and never a Python traceback. A tally is printed:
``video corpus: N tried, A analysed, B clear errors, 0 crashes``.

The pose model runs on every valid case (``--stride 3`` on short clips keeps it quick); the cases
run two at a time.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
import numpy.typing as npt
import pytest
from av.video.stream import VideoStream

REPO_ROOT = Path(__file__).resolve().parents[2]
SOURCE = "rohanx01_squat_side_portrait.mp4"  # a person in view from the first frame, portrait 608x1080
PIECE_S = 2.5
PIECE_SIZE = (304, 540)  # half size: quick to encode and to analyse
Frames = list[npt.NDArray[np.uint8]]
Run = Callable[..., subprocess.CompletedProcess[str]]

#: containers and the codec each is written with (the ones phones and exports produce, as PyAV has them)
CONTAINERS: dict[str, tuple[str, dict[str, str]]] = {
    "mp4": ("libx264", {"movflags": "faststart"}),  # index first, as phones' exports: a cut keeps the index
    "mov": ("libx264", {}),  # index last: a cut loses it
    "webm": ("libvpx", {}),
    "avi": ("mpeg4", {}),
    "mkv": ("libx264", {}),
}
TRUNCATIONS = (0.1, 0.5, 0.9)

#: the largest square frame written here; libx264 writes 8000x8000 (beyond H.264's levels, which it
#: only warns about) and FFmpeg decodes it, so the size asked for is the size tested (3 frames)
HUGE = 8000


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path, Frames], Path]
    code: int  # the documented exit code this file must give
    fragment: str = ""  # words the error message must contain (exit 2 and 4)


def source_frames(clips: Path) -> Frames:
    frames: Frames = []
    with av.open(str(clips / SOURCE)) as container:
        stream = container.streams.video[0]
        fps = float(stream.average_rate or 30)
        for frame in container.decode(stream):
            if len(frames) >= round(PIECE_S * fps):
                break
            frames.append(np.ascontiguousarray(frame.to_ndarray(format="rgb24", width=PIECE_SIZE[0], height=PIECE_SIZE[1])))
    return frames


def encode(
    path: Path,
    frames: Frames,
    *,
    codec: str = "libx264",
    options: dict[str, str] | None = None,
    pix_fmt: str = "yuv420p",
    rate: int = 30,
    pts_ms: list[int] | None = None,
    rotation_ccw: float | None = None,
) -> Path:
    height, width = frames[0].shape[:2]
    with av.open(str(path), "w", options=options or {}) as out:
        stream = out.add_stream(codec, rate=rate)
        assert isinstance(stream, VideoStream)
        stream.width, stream.height, stream.pix_fmt = width, height, pix_fmt
        if codec == "libx264":
            stream.options = {"preset": "ultrafast", "crf": "23"}
        if pts_ms is not None:
            stream.codec_context.time_base = stream.time_base = Fraction(1, 1000)
            stream.codec_context.max_b_frames = 0
        if rotation_ccw is not None:
            stream.set_display_rotation(rotation_ccw)
        for i, rgb in enumerate(frames):
            frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
            if pix_fmt != "yuv420p":
                frame = frame.reformat(format=pix_fmt)
            if pts_ms is not None:
                frame.pts, frame.time_base = pts_ms[i], Fraction(1, 1000)
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def in_container(ext: str) -> Callable[[Path, Frames], Path]:
    codec, options = CONTAINERS[ext]
    return lambda folder, frames: encode(folder / f"squat.{ext}", frames, codec=codec, options=options)


def truncated(ext: str, share: float) -> Callable[[Path, Frames], Path]:
    def make(folder: Path, frames: Frames) -> Path:
        whole = in_container(ext)(folder, frames)
        data = whole.read_bytes()
        cut = folder / f"cut {share:.0%}.{ext}"
        cut.write_bytes(data[: int(len(data) * share)])
        whole.unlink()
        return cut

    return make


def written(name: str, data: bytes) -> Callable[[Path, Frames], Path]:
    def make(folder: Path, frames: Frames) -> Path:
        (folder / name).write_bytes(data)
        return folder / name

    return make


def audio_only(folder: Path, frames: Frames) -> Path:
    path = folder / "voice memo.mp4"
    with av.open(str(path), "w") as out:
        stream = out.add_stream("aac", rate=44100)
        t = np.arange(44100 * 2) / 44100
        tone = (0.2 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        for i in range(0, tone.size - 1024, 1024):
            frame = av.AudioFrame.from_ndarray(tone[None, i : i + 1024], format="fltp", layout="mono")
            frame.sample_rate, frame.pts = 44100, i
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def resized(size: int, n: int | None = None) -> Callable[[Path, Frames], Path]:
    def make(folder: Path, frames: Frames) -> Path:
        scaled = [np.ascontiguousarray(cv2.resize(f, (size, size), interpolation=cv2.INTER_AREA)) for f in frames[:n]]
        return encode(folder / f"{size}x{size}.mp4", scaled, rate=10 if n else 30)

    return make


def beyond_the_largest(folder: Path, frames: Frames) -> Path:
    """Two grey pictures of 9000x8000 (72 MP), over the 64 MP the reader decodes."""
    grey = np.full((8000, 9000, 3), 90, dtype=np.uint8)
    return encode(folder / "9000x8000.mkv", [grey, grey], rate=5)


def rotated(folder: Path, frames: Frames) -> Path:
    """Stored as landscape pixels with a display matrix turning them upright, as phones record portrait."""
    landscape = [np.ascontiguousarray(np.rot90(f, k=-1)) for f in frames]
    return encode(folder / "portrait from a phone.mp4", landscape, rotation_ccw=90)


def variable_rate(folder: Path, frames: Frames) -> Path:
    rng = np.random.default_rng(3)
    steps = rng.choice([25, 33, 40, 50], size=len(frames))
    return encode(folder / "vfr.mp4", frames, pts_ms=[int(t) for t in np.cumsum(steps) - steps[0]], rate=30)


def ten_bit(folder: Path, frames: Frames) -> Path:
    return encode(folder / "ten bit.mp4", frames, pix_fmt="yuv420p10le")


def upside_down(folder: Path, frames: Frames) -> Path:
    return encode(folder / "upside down.mp4", [np.ascontiguousarray(np.rot90(f, k=2)) for f in frames])


def very_dark(folder: Path, frames: Frames) -> Path:
    return encode(folder / "dark.mp4", [(f.astype(np.float32) * 0.08).astype(np.uint8) for f in frames])


def png_named_mp4(folder: Path, frames: Frames) -> Path:
    ok, png = cv2.imencode(".png", cv2.cvtColor(frames[0], cv2.COLOR_RGB2BGR))
    assert ok
    return written("photo.mp4", png.tobytes())(folder, frames)


def odd_path(folder: Path, frames: Frames) -> Path:
    inner = folder / "my clips – Zoë" / "日本 séance"
    inner.mkdir(parents=True)
    return encode(inner / "squat à la maison 1.mp4", frames)


def link_loop(folder: Path, frames: Frames) -> Path:
    a, b = folder / "a.mp4", folder / "b.mp4"
    a.symlink_to(b)
    b.symlink_to(a)
    return a


def a_folder(folder: Path, frames: Frames) -> Path:
    path = folder / "squat.mp4"
    path.mkdir()
    return path


CASES: list[Case] = [
    Case("zero-byte", written("empty.mp4", b""), 2, "empty (0 bytes)"),
    *(Case(f"{ext}-cut-{share:.0%}", truncated(ext, share), 2, "damaged or incomplete") for ext in CONTAINERS for share in TRUNCATIONS),
    Case("random-bytes", written("clip.mkv", np.random.default_rng(5).bytes(200_000)), 2, "is not a video"),
    Case("audio-only", audio_only, 2, "no video track"),
    Case("16x16", resized(16), 2, "too small to find a body's joints"),
    Case(f"{HUGE}x{HUGE}", resized(HUGE, n=3), 0),
    Case("9000x8000", beyond_the_largest, 2, "more than corecoach decodes"),
    Case("rotated", rotated, 0),
    Case("vfr", variable_rate, 0),
    Case("10-bit", ten_bit, 0),
    Case("upside-down", upside_down, 0),
    Case("very-dark", very_dark, 4, "No person was found"),
    Case("png-named-mp4", png_named_mp4, 2, "its contents are a photo"),
    Case("text-named-mov", written("notes.mov", b"Sets: 3 x 8 squats, felt fine.\n" * 40), 2, "is not a video"),
    Case("spaces-non-ascii-path", odd_path, 0),
    Case("link-loop", link_loop, 2, "link loop"),
    Case("folder", a_folder, 2, "is a folder"),
    *(Case(f"{ext}-whole", in_container(ext), 0) for ext in CONTAINERS),
]


@pytest.fixture(scope="module")
def clips() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    folder = (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"
    if not folder.is_dir():
        pytest.skip(f"shared clips not found at {folder}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return folder


def sentence(text: str) -> bool:
    words = text.split()
    return len(words) >= 5 and any(c in text for c in ".!?")


def check(case: Case, path: Path, as_json: subprocess.CompletedProcess[str], plain: subprocess.CompletedProcess[str]) -> list[str]:
    """What is wrong with one case's two runs (an empty list when all is as documented)."""
    problems: list[str] = []
    for label, proc in (("--json", as_json), ("plain", plain)):
        if "Traceback" in proc.stdout + proc.stderr:
            problems.append(f"{label}: a Python traceback:\n{proc.stderr[-1500:]}")
        if proc.returncode != case.code:
            problems.append(f"{label}: exit {proc.returncode}, expected {case.code}; stderr: {proc.stderr.strip()[-600:]}")
    if problems:
        return problems
    try:
        doc = json.loads(as_json.stdout)
    except json.JSONDecodeError:
        return [f"--json: stdout is not one JSON document: {as_json.stdout[:300]!r}"]
    if case.code == 0:
        frames = doc["frames"]
        if frames["analysed"] < 1 or doc["movement"] not in {"squat", "unknown"} or not 0 < frames["duration_s"] < 10:
            problems.append(f"--json: not a sensible result: movement {doc['movement']}, frames {frames}")
        if path.name not in plain.stdout:
            problems.append(f"plain: the summary does not name {path.name}: {plain.stdout[:300]!r}")
    else:
        message = doc.get("error", {}).get("message", "")
        if not sentence(message) or case.fragment not in message:
            problems.append(f"--json: message {message!r} is not a sentence with {case.fragment!r}")
        said = " ".join(plain.stderr.split())
        if not sentence(said) or case.fragment not in said:
            problems.append(f"plain: stderr {said!r} is not a sentence with {case.fragment!r}")
    return problems


def test_video_corpus(clips: Path, run_cli_env: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    frames = source_frames(clips)
    assert len(frames) == round(PIECE_S * 29.97), len(frames)
    env = dict(os.environ)
    env["GLOG_minloglevel"] = "2"

    def run(case: Case) -> tuple[Case, Path, subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
        folder = tmp_path / case.name
        folder.mkdir()
        path = case.make(folder, frames)
        as_json = run_cli_env("analyze", path, "--json", "--stride", "3", env=env, timeout=240)
        plain = run_cli_env("analyze", path, "--stride", "3", env=env, timeout=240)
        return case, path, as_json, plain

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(run, CASES))
    failures = {case.name: problems for case, path, as_json, plain in outcomes if (problems := check(case, path, as_json, plain))}
    crashes = sum(
        1 for _, _, a, p in outcomes if "Traceback" in a.stderr + p.stderr + a.stdout + p.stdout or 70 in (a.returncode, p.returncode)
    )
    analysed = sum(1 for _, _, a, _ in outcomes if a.returncode == 0)
    clear = sum(1 for _, _, a, _ in outcomes if a.returncode in (2, 4))
    with capsys.disabled():
        print(f"\nvideo corpus: {len(CASES)} tried, {analysed} analysed, {clear} clear errors, {crashes} crashes")
    assert not failures, "\n".join(f"{name}:\n  " + "\n  ".join(p) for name, p in failures.items())
    assert crashes == 0
