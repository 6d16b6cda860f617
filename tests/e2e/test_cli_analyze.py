"""`corecoach analyze` as a user runs it: real clips through the real pose model, and every unusable input."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import av
import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def clips() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    folder = (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"
    if not folder.is_dir():
        pytest.skip(f"shared clips not found at {folder}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return folder


def _json(proc: subprocess.CompletedProcess[str]) -> dict:
    return json.loads(proc.stdout)


def test_short_real_clip_gives_one_json_document(run_cli: Run, clips: Path) -> None:
    proc = run_cli("analyze", clips / "pose2sim_static_standing_cam01.mp4", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = _json(proc)
    for key in ("schema_version", "movement", "view", "views", "reps", "reps_per_side", "hold_s", "per_rep", "findings"):
        assert key in doc
    assert doc["movement"] == "unknown"  # standing still is none of the exercises
    assert doc["frames"]["with_person"] > 0


def test_squat_clip_counts_reps_and_stores_with_profile(run_cli: Run, clips: Path, tmp_path: Path) -> None:
    proc = run_cli("analyze", clips / "rohanx01_squat_side_portrait.mp4", "--movement", "squat", "--json", "--profile", "sam")
    # no profile yet: analysing works, storing it says how to make one (and the JSON is still there)
    assert proc.returncode == 1
    assert "no profile called 'sam'" in proc.stderr
    assert run_cli("plan", "--intake", REPO_ROOT / "examples" / "intake.yaml", "--profile", "sam").returncode == 0
    proc = run_cli(
        "analyze", clips / "rohanx01_squat_side_portrait.mp4", "--movement", "squat", "--json", "--profile", "sam", "--stride", "2"
    )
    assert proc.returncode == 0, proc.stderr
    doc = _json(proc)
    assert doc["movement"] == "squat" and doc["reps"] == 2 and doc["view"] == "side"
    assert "Stored with profile 'sam'" in proc.stderr
    export = json.loads(run_cli("export", "--format", "json", "--profile", "sam").stdout)
    assert [a["movement"] for a in export["movement_analyses"]] == ["squat"]


def test_out_dir_writes_report_and_h264_video(run_cli: Run, clips: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    proc = run_cli("analyze", clips / "pose2sim_static_standing_cam01.mp4", "--out", out, "--lang", "nl")
    assert proc.returncode == 0, proc.stderr
    assert (out / "report.html").read_text(encoding="utf-8").count("data:image") >= 1
    with av.open(str(out / "pose2sim_static_standing_cam01_annotated.mp4")) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert abs(sum(1 for _ in container.decode(stream)) - 11) <= 1


@pytest.mark.parametrize(
    ("name", "content", "code", "fragment"),
    [
        ("notes.txt", b"hello", 2, "corecoach reads videos"),
        ("fake.mp4", b"this is not a video at all" * 100, 2, "not a video"),
        ("empty.mp4", b"", 2, "empty"),
    ],
)
def test_unusable_files_exit_2_with_a_message(run_cli: Run, tmp_path: Path, name: str, content: bytes, code: int, fragment: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    proc = run_cli("analyze", path, "--json")
    assert proc.returncode == code
    assert fragment in _json(proc)["error"]["message"]


def test_truncated_clip_exits_2(run_cli: Run, clips: Path, tmp_path: Path) -> None:
    data = (clips / "wahoo_plank.mp4").read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(data[: len(data) // 3])
    proc = run_cli("analyze", cut, "--json")
    assert proc.returncode == 2
    assert _json(proc)["error"]["type"] == "VideoReadError"


def test_no_person_exits_4(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "empty_room.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 320, 240, "yuv420p"
        for i in range(15):
            img = np.full((240, 320, 3), 40 + 5 * i, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(img, format="rgb24")):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    proc = run_cli("analyze", path, "--json")
    assert proc.returncode == 4
    assert "No person was found" in _json(proc)["error"]["message"]


def test_unknown_movement_exits_2(run_cli: Run, clips: Path) -> None:
    proc = run_cli("analyze", clips / "pose2sim_static_standing_cam01.mp4", "--movement", "cartwheel")
    assert proc.returncode == 2
    assert "cartwheel" in proc.stderr


def test_catalogue_rung_maps_onto_its_analysis(run_cli: Run, clips: Path) -> None:
    proc = run_cli("analyze", clips / "pose2sim_static_standing_cam01.mp4", "--movement", "pallof_press_half_kneeling", "--json")
    assert proc.returncode == 0, proc.stderr
    assert _json(proc)["movement"] == "pallof_press"
