"""``write_outputs`` (``corecoach analyze --out DIR``) on real shared clips.

The squat outputs run the real analysis pipeline (decode, cleaning, views, squat analysis) on
``rohanx01_squat_side_portrait.mp4`` at stride 2, with the pose model replaced by the landmarks the
real model recorded on that clip (``tests/fixtures/landmarks``), so the test needs no model and
stays quick. None of the labelled shared clips shows a fault, so one finding is added to that
result by hand (marked below) to check how findings are drawn and reported. The standing clip and
the photo run the real MediaPipe model end to end.

The shared clips live in ``$CORECOACH_SHARED_DIR/data/clips`` or ``../shared/data/clips`` beside
the repository; the tests are skipped with a message when that folder is absent.
"""

from __future__ import annotations

import base64
import dataclasses
import html
import importlib
import json
import os
import re
import shutil
import struct
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np
import pytest

from corecoach.domain.enums import Language
from corecoach.domain.text import Text
from corecoach.motion.landmarks import PoseTrack
from corecoach.motion.results import AnalysisResult, Finding, Movement, Severity
from corecoach.pose.replay import ReplayEstimator, load_recording
from corecoach.presentation.analysis_report import write_outputs
from corecoach.presentation.analysis_text import finding_label, movement_name
from corecoach.services.analysis import analyse_media_with_track
from corecoach.video.reader import probe_media

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "landmarks"
SQUAT_CLIP = "rohanx01_squat_side_portrait.mp4"
SQUAT_STRIDE = 2
STANDING_CLIP = "pose2sim_static_standing_cam01.mp4"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
CHROMIUM = Path("/usr/bin/chromium")


def _clips_dir() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    return (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"


@pytest.fixture(scope="module")
def clips_dir() -> Path:
    path = _clips_dir()
    if not path.is_dir():
        pytest.skip(f"shared clips not found at {path}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return path


def _every_nth(track: PoseTrack, stride: int) -> PoseTrack:
    """The recording thinned to the frames ``iter_frames(stride=stride)`` yields (every per-frame array sliced)."""
    n = len(track)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(track):
        value = getattr(track, f.name)
        if isinstance(value, np.ndarray) and value.shape[:1] == (n,):
            value = value[::stride]
        fields[f.name] = value
    return PoseTrack(**fields)


@dataclasses.dataclass(frozen=True)
class Outputs:
    media: Path
    result: AnalysisResult
    stride: int
    paths: list[Path]

    def by_suffix(self, suffix: str) -> Path:
        (path,) = [p for p in self.paths if p.name.endswith(suffix)]
        return path


@pytest.fixture(scope="module")
def squat_outputs(clips_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    media = clips_dir / SQUAT_CLIP
    assert media.is_file(), f"{SQUAT_CLIP} missing from {clips_dir}"
    recording = load_recording(FIXTURES / f"{media.stem}.npz")
    result, track = analyse_media_with_track(
        media, Movement.SQUAT, estimator=ReplayEstimator(_every_nth(recording, SQUAT_STRIDE)), stride=SQUAT_STRIDE
    )
    assert result.per_rep, "the squat clip should give reps to mark"
    bottom = result.per_rep[0].bottom_s
    # Added by hand (no shared clip shows a fault): quotes and a degree sign test the escaping.
    added = Finding(
        id="lower_back_rounding",
        severity=Severity.MAJOR,
        confidence=0.55,
        start_s=round(bottom - 0.4, 2),
        end_s=round(bottom + 0.4, 2),
        value=18.0,
        threshold=15.0,
        unit="deg",
        message=Text(
            en='Rep 1: the lower back rounds at the bottom ("butt wink", 18° seen). Squat only as deep as the back stays neutral.',
            nl='Herhaling 1: de onderrug bolt onderin ("butt wink", 18° gezien). Zak alleen zo diep als de rug neutraal blijft.',
        ),
    )
    result = result.model_copy(update={"findings": [*result.findings, added]})
    out_dir = tmp_path_factory.mktemp("squat") / "nested" / "out"
    paths = write_outputs(media, result, track, out_dir, Language.EN, stride=SQUAT_STRIDE)
    return Outputs(media, result, SQUAT_STRIDE, paths)


@pytest.fixture(scope="module")
def standing_outputs(clips_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """The real MediaPipe model, end to end, on the 11-frame standing clip, reported in Dutch."""
    media = clips_dir / STANDING_CLIP
    assert media.is_file(), f"{STANDING_CLIP} missing from {clips_dir}"
    result, track = analyse_media_with_track(media, Movement.AUTO)
    paths = write_outputs(media, result, track, tmp_path_factory.mktemp("standing"), Language.NL)
    return Outputs(media, result, 1, paths)


def _decode(path: Path) -> tuple[str, str, int, Fraction, tuple[int, int]]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        codec = stream.codec_context.name
        pix_fmt = stream.codec_context.format.name if stream.codec_context.format else ""
        rate = stream.average_rate or Fraction(0)
        frames = sum(1 for _ in container.decode(stream))
        return codec, pix_fmt, frames, rate, (stream.width, stream.height)


def _frame_at(path: Path, time_s: float) -> np.ndarray:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        for frame in container.decode(stream):
            if frame.time is not None and frame.time >= time_s - 1e-3:
                return np.asarray(frame.to_ndarray(format="rgb24"))
    raise AssertionError(f"no frame at {time_s} s in {path}")


def _top_level_boxes(path: Path) -> list[str]:
    """The MP4's top-level box types in file order (``ftyp``, ``moov``, ``mdat``, ...)."""
    boxes: list[str] = []
    with path.open("rb") as fh:
        while len(header := fh.read(8)) == 8:
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", fh.read(8))[0] - 8
            if size == 0:
                boxes.append(kind.decode("latin-1"))
                break
            fh.seek(size - 8, 1)
            boxes.append(kind.decode("latin-1"))
    return boxes


def _assert_self_contained(page: str) -> None:
    assert not re.search(r"https?://", page, re.IGNORECASE), "the report names a web address"
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*//""", page), "the report loads a protocol-relative resource"
    assert "url(" not in page
    assert "<script" not in page and "<link" not in page and "<iframe" not in page
    for src in re.findall(r"""<img[^>]*\bsrc\s*=\s*["']([^"']*)""", page):
        assert src.startswith("data:image/"), f"image not embedded: {src[:60]}"


# ---------------------------------------------------------------------------- squat video


def test_written_files_are_returned_in_order(squat_outputs: Outputs) -> None:
    stem = squat_outputs.media.stem
    assert [p.name for p in squat_outputs.paths] == ["result.json", f"{stem}_annotated.mp4", "angles.png", "report.html"]
    assert all(p.is_file() and p.stat().st_size > 0 for p in squat_outputs.paths)


def test_result_json_is_the_result_document(squat_outputs: Outputs) -> None:
    data = json.loads(squat_outputs.by_suffix("result.json").read_text(encoding="utf-8"))
    assert data == squat_outputs.result.model_dump(mode="json")
    assert AnalysisResult.model_validate(data) == squat_outputs.result


def test_annotated_video_is_h264_with_the_analysed_frames(squat_outputs: Outputs) -> None:
    codec, pix_fmt, frames, rate, (width, height) = _decode(squat_outputs.by_suffix("_annotated.mp4"))
    assert codec == "h264"
    assert pix_fmt == "yuv420p"
    assert width % 2 == 0 and height % 2 == 0
    assert abs(frames - squat_outputs.result.frames.analysed) <= 1
    boxes = _top_level_boxes(squat_outputs.by_suffix("_annotated.mp4"))
    assert boxes.index("moov") < boxes.index("mdat"), f"not fast-start: {boxes}"  # browsers can play before it is all loaded
    source_fps = probe_media(squat_outputs.media).fps
    assert float(rate) == pytest.approx(source_fps / squat_outputs.stride, rel=1e-3)


def test_findings_are_drawn_in_red_while_they_happen(squat_outputs: Outputs) -> None:
    video = squat_outputs.by_suffix("_annotated.mp4")
    finding = squat_outputs.result.findings[-1]
    during = _frame_at(video, (finding.start_s + finding.end_s) / 2).astype(int)
    before = _frame_at(video, 0.0).astype(int)
    redness_during = float(np.mean(during[:2, :, 0] - during[:2, :, 1]))  # the red border along the top edge
    redness_before = float(np.mean(before[:2, :, 0] - before[:2, :, 1]))
    assert redness_during > 120, redness_during
    assert redness_before < 60, redness_before


def test_angles_plot_is_a_png(squat_outputs: Outputs) -> None:
    path = squat_outputs.by_suffix("angles.png")
    assert path.read_bytes()[:8] == PNG_MAGIC
    image = cv2.imread(str(path))
    assert image is not None and image.shape[0] > 200 and image.shape[1] > 400


def test_report_is_self_contained_with_findings_and_key_frames(squat_outputs: Outputs) -> None:
    page = squat_outputs.by_suffix("report.html").read_text(encoding="utf-8")
    _assert_self_contained(page)
    text = html.unescape(page)
    result = squat_outputs.result
    assert movement_name(result.movement, Language.EN) in text  # plain words: the ids stay in the JSON
    assert '<html lang="en">' in page
    assert result.findings
    for finding in result.findings:
        assert finding_label(finding.id, Language.EN) in text and f">{finding.id}<" not in page
        assert finding.message(Language.EN) in text
    # quotes from the message are escaped, not raw markup
    assert "&#34;butt wink&#34;" in page or "&quot;butt wink&quot;" in page
    key_frames = re.findall(r'src="data:image/jpeg;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(key_frames) == len(result.per_rep) >= 1
    assert len(re.findall(r'src="data:image/png;base64,', page)) == 1  # the angles plot
    jpeg = cv2.imdecode(np.frombuffer(base64.b64decode(key_frames[0]), np.uint8), cv2.IMREAD_COLOR)
    assert jpeg is not None and jpeg.shape[1] <= 480
    assert "not a medical device" in text and "not a diagnosis" in text
    assert str(result.reps) in text


# ---------------------------------------------------------------------------- real model, Dutch


def test_standing_clip_with_the_real_model_in_dutch(standing_outputs: Outputs) -> None:
    result = standing_outputs.result
    codec, _pix, frames, _rate, _size = _decode(standing_outputs.by_suffix("_annotated.mp4"))
    assert codec == "h264"
    assert abs(frames - result.frames.analysed) <= 1
    page = standing_outputs.by_suffix("report.html").read_text(encoding="utf-8")
    _assert_self_contained(page)
    text = html.unescape(page)
    assert '<html lang="nl">' in page
    assert movement_name(result.movement, Language.NL) in text
    assert "geen medisch hulpmiddel" in text and "geen diagnose" in text
    for note in result.notes:
        assert note(Language.NL) in text
    assert "data:image/jpeg;base64," in page  # no reps: the middle of the clip is the key frame
    assert standing_outputs.by_suffix("angles.png").read_bytes()[:8] == PNG_MAGIC


def test_photo_gives_an_annotated_png(clips_dir: Path, tmp_path: Path) -> None:
    """A photo (a frame of the standing clip saved as PNG) through the real model."""
    from corecoach.video.reader import iter_frames

    frame = next(iter_frames(clips_dir / STANDING_CLIP))
    photo = tmp_path / "standing.png"
    assert cv2.imwrite(str(photo), cv2.cvtColor(frame.rgb, cv2.COLOR_RGB2BGR))
    # squat rather than auto (posture): the photo output path does not depend on the analysis chosen
    result, track = analyse_media_with_track(photo, Movement.SQUAT)
    paths = write_outputs(photo, result, track, tmp_path / "out", Language.EN)
    assert [p.name for p in paths] == ["result.json", "standing_annotated.png", "angles.png", "report.html"]
    annotated = cv2.imread(str(paths[1]))
    assert annotated is not None and annotated.shape[:2] == frame.rgb.shape[:2]
    page = paths[3].read_text(encoding="utf-8")
    _assert_self_contained(page)
    assert "data:image/jpeg;base64," in page


# ---------------------------------------------------------------------------- browser


def test_annotated_video_plays_in_chromium(squat_outputs: Outputs, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium): cannot check playback in a browser")
    try:
        sync_playwright = importlib.import_module("playwright.sync_api").sync_playwright
    except ImportError:
        pytest.skip("python playwright is not installed in this environment: cannot drive Chromium")
    video = tmp_path / "clip.mp4"
    shutil.copyfile(squat_outputs.by_suffix("_annotated.mp4"), video)
    page_file = tmp_path / "play.html"
    page_file.write_text('<!doctype html><video id="v" src="clip.mp4" muted preload="auto"></video>', encoding="utf-8")
    args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
    ]

    def play() -> Any:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=args)
            try:
                page = browser.new_page()
                page.goto(page_file.as_uri())
                page.wait_for_function("document.getElementById('v').readyState >= 2 || document.getElementById('v').error", timeout=30_000)
                return page.evaluate(
                    "(() => { const v = document.getElementById('v'); return [v.readyState, v.duration, v.error && v.error.code]; })()"
                )
            finally:
                browser.close()

    # a thread of its own: the browser tests' session-wide Playwright keeps an event loop on the main thread
    with ThreadPoolExecutor(max_workers=1) as pool:
        state = pool.submit(play).result()
    ready, duration, error = state
    assert error is None, f"Chromium could not play the video (MediaError code {error})"
    assert ready >= 2
    assert duration > 0
