"""`corecoach analyze` at its limits, through the real CLI, pose model and person detector: nobody in
view for ten minutes, one person, two people side by side, a clip too long to analyse. Every clip is
made by the test in its tmp folder."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest
from av.video.stream import VideoStream

from corecoach.services.analysis import MAX_ANALYSED_FRAMES, NO_PERSON_STOP_S

REPO_ROOT = Path(__file__).resolve().parents[2]

#: the 10-minute empty clip must be refused within this many seconds of wall time. The pose model
#: looks at 30 s of video (900 frames at 30 fps, about 10-20 s on one free core, before the early stop
#: over 600 s); 120 s leaves room for a loaded 2-core CI machine and the model's start-up
EMPTY_CLIP_WALL_S = 120.0
MORE_THAN_ONE = "More than one person was in view"


@pytest.fixture(scope="module")
def clips() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    folder = (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"
    if not folder.is_dir():
        pytest.skip(f"shared clips not found at {folder}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return folder


Analyze = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def analyze(run_cli_env: Callable[..., subprocess.CompletedProcess[str]]) -> Analyze:
    """``analyze(path, *options, timeout=300)``: the real ``corecoach analyze`` with MediaPipe's logging quiet."""

    def run(path: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        env = dict(os.environ)
        env["GLOG_minloglevel"] = "2"
        return run_cli_env("analyze", path, *args, env=env, timeout=timeout)

    return run


def write_black_clip(path: Path, seconds: float, size: tuple[int, int] = (160, 120), fps: int = 30) -> None:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=fps)
        assert isinstance(stream, VideoStream)
        stream.width, stream.height, stream.pix_fmt = size[0], size[1], "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "30"}
        black = np.zeros((size[1], size[0], 3), dtype=np.uint8)
        for _ in range(round(seconds * fps)):
            for packet in stream.encode(av.VideoFrame.from_ndarray(black, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def write_side_by_side(source: Path, target: Path, seconds: float) -> None:
    """The first ``seconds`` of ``source`` twice side by side (the right copy mirrored): two people."""
    with av.open(str(source)) as src, av.open(str(target), "w") as out:
        video = src.streams.video[0]
        fps = round(float(video.average_rate or 30))
        stream = out.add_stream("libx264", rate=fps)
        assert isinstance(stream, VideoStream)
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast", "crf": "23"}
        for i, frame in enumerate(src.decode(video)):
            if i >= seconds * fps:
                break
            rgb = frame.to_ndarray(format="rgb24")
            pair = np.ascontiguousarray(np.hstack([rgb, rgb[:, ::-1]]))
            if i == 0:
                stream.width, stream.height = pair.shape[1], pair.shape[0]
            for packet in stream.encode(av.VideoFrame.from_ndarray(pair, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)


def test_ten_minutes_with_nobody_stop_early_with_exit_4(tmp_path: Path, analyze: Analyze) -> None:
    clip = tmp_path / "nobody for ten minutes.mp4"
    write_black_clip(clip, 600)
    with av.open(str(clip)) as container:
        assert float(container.duration or 0) / av.time_base == pytest.approx(600, abs=1)
    started = time.perf_counter()
    proc = analyze(clip, "--json", timeout=EMPTY_CLIP_WALL_S + 60)
    wall = time.perf_counter() - started
    assert proc.returncode == 4, proc.stderr
    error = json.loads(proc.stdout)["error"]
    assert error["type"] == "NoPersonError"
    assert f"Nobody was seen in the first {NO_PERSON_STOP_S:.0f} s of nobody for ten minutes.mp4" in error["message"]
    assert "Traceback" not in proc.stderr
    assert wall < EMPTY_CLIP_WALL_S, f"took {wall:.0f} s for a clip that should stop after {NO_PERSON_STOP_S:.0f} s of video"


def test_a_short_clip_with_nobody_is_still_looked_at_to_the_end(tmp_path: Path, analyze: Analyze) -> None:
    clip = tmp_path / "empty.mp4"
    write_black_clip(clip, 3)
    proc = analyze(clip)
    assert proc.returncode == 4
    assert "No person was found in empty.mp4" in proc.stderr


def test_two_people_side_by_side_are_warned_about(clips: Path, tmp_path: Path, analyze: Analyze) -> None:
    clip = tmp_path / "two people.mp4"
    write_side_by_side(clips / "rohanx01_squat_side_portrait.mp4", clip, 6)
    proc = analyze(clip, "--json", "--movement", "squat", "--stride", "2")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    warnings = [n for n in doc["notes"] if MORE_THAN_ONE in n["en"]]
    assert len(warnings) == 1, doc["notes"]
    assert "Er was meer dan één persoon in beeld" in warnings[0]["nl"]
    assert doc["frames"]["people_max"] == 2
    plain = analyze(clip, "--movement", "squat", "--stride", "2")
    assert plain.returncode == 0, plain.stderr
    assert MORE_THAN_ONE in " ".join(plain.stdout.split())


def test_one_person_gets_no_such_warning(clips: Path, analyze: Analyze) -> None:
    proc = analyze(clips / "rohanx01_squat_side_portrait.mp4", "--json", "--movement", "squat", "--stride", "2")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert not [n for n in doc["notes"] if MORE_THAN_ONE in n["en"]], doc["notes"]
    assert doc["frames"]["people_max"] == 1
    assert doc["reps"] == 2


def test_a_clip_too_long_to_analyse_is_refused_before_the_model_runs(tmp_path: Path, analyze: Analyze) -> None:
    clip = tmp_path / "whole workout.mp4"
    write_black_clip(clip, (MAX_ANALYSED_FRAMES + 30) / 30, size=(96, 96))
    started = time.perf_counter()
    proc = analyze(clip, "--json")
    assert proc.returncode == 2, proc.stderr
    message = json.loads(proc.stdout)["error"]["message"]
    assert f"whole workout.mp4 is too long to analyse in one go: it has about {MAX_ANALYSED_FRAMES + 30:,} frames" in message
    assert "Trim it to the set you want checked" in message
    assert time.perf_counter() - started < 60
    halved = analyze(clip, "--json", "--stride", "2", timeout=EMPTY_CLIP_WALL_S + 60)
    assert halved.returncode == 4, halved.stderr  # half the frames fit: then nobody is seen in the first 30 s
    assert "Nobody was seen in the first" in json.loads(halved.stdout)["error"]["message"]
