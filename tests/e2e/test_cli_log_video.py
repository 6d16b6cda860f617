"""`corecoach log -e ID --video FILE` as a person runs it: a real clip of a real bird dog, the real pose model.

The set's reps and clean form come from the analysis and are stored as the session's entry; the
analysis itself is stored with the profile. Checks that cost nothing (the exercise not in the
program) answer before the minute of analysis, not after it.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIP = "polybag_bird_dog_side_portrait.mp4"

Run = Callable[..., subprocess.CompletedProcess[str]]


def fresh_env(tmp: Path, extra: dict[str, str]) -> dict[str, str]:
    """The environment of a person with an empty database of their own in ``tmp``."""
    env = {k: v for k, v in os.environ.items() if k != "CORECOACH_PROFILE"}
    env.update(CORECOACH_DATABASE_URL=f"sqlite:///{tmp / 'cc.db'}", CORECOACH_DATA_DIR=str(tmp / "data"), **extra)
    return env


@pytest.fixture(scope="module")
def clips() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    folder = (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"
    if not (folder / CLIP).is_file():
        pytest.skip(f"shared clips not found at {folder}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return folder


def _intake_with_bird_dog(tmp: Path) -> Path:
    """The example intake of someone whose tests place them on the bird dog (mat, band and kettlebell at home)."""
    data: dict[str, Any] = yaml.safe_load((REPO_ROOT / "examples" / "intake.yaml").read_text())
    cap = data["capability"]
    cap["dead_bug"].update(clean_sets=3, clean_reps_per_side=8)
    cap["suitcase_carry"]["clean_distance_m"] = 40
    cap["pallof_press"]["standing_clean_reps_per_side"] = 10
    cap["bird_dog"]["clean_reps_per_side"] = 6
    data["equipment"] = ["mat", "band", "kettlebell"]
    path = tmp / "intake.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _labelled_reps_per_side(clips: Path) -> int:
    labels = json.loads((clips / "labels.json").read_text())
    entries = labels["clips"] if isinstance(labels, dict) and "clips" in labels else labels
    entry = next(e for e in (entries.values() if isinstance(entries, dict) else entries) if isinstance(e, dict) and e.get("clip") == CLIP)
    return min(entry["reps_per_side"].values())


def test_a_set_logged_from_its_video_stores_the_counted_reps_and_the_analysis(run_cli_env: Run, clips: Path, tmp_path: Path) -> None:
    env = fresh_env(tmp_path, {"GLOG_minloglevel": "2"})
    plan = run_cli_env("plan", "--intake", _intake_with_bird_dog(tmp_path), "--json", env=env)
    assert plan.returncode == 0, plan.stderr
    assert '"exercise_id": "bird_dog"' in plan.stdout, "the intake must place this person on the bird dog"

    proc = run_cli_env("log", "-e", "bird_dog", "--video", clips / CLIP, "--pain-before", "2", "--pain-during", "1", "--json", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    logged = json.loads(proc.stdout)
    assert [d["from_exercise"] for d in logged["decisions"]] == ["bird_dog"]
    assert "From the video:" in proc.stderr and "per side" in proc.stderr and "{" not in proc.stderr.split("From the video:")[1]

    export = run_cli_env("export", "--format", "json", env=env)
    assert export.returncode == 0, export.stderr
    data = json.loads(export.stdout)
    [session] = data["sessions"]
    [entry] = session["entries"]
    assert entry["exercise_id"] == "bird_dog"
    assert entry["sets"] == 1
    assert entry["reps_per_side"] == _labelled_reps_per_side(clips), "the reps counted by eye on this clip"
    assert entry["pain_before"] == 2 and entry["pain_during"] == 1
    [analysis] = data["movement_analyses"]
    assert "bird_dog" in json.dumps(analysis)


def test_an_exercise_not_in_the_program_is_refused_before_the_analysis(run_cli_env: Run, clips: Path, tmp_path: Path) -> None:
    env = fresh_env(tmp_path, {"GLOG_minloglevel": "2"})
    assert run_cli_env("plan", "--intake", REPO_ROOT / "examples" / "intake.yaml", env=env).returncode == 0
    proc = run_cli_env("log", "-e", "bird_dog", "--video", clips / CLIP, "--pain-before", "1", "--pain-during", "1", env=env)
    assert proc.returncode == 2, proc.stderr
    assert "not in your current program" in proc.stderr
    assert "Analysing" not in proc.stderr, "the video must not be analysed for a set that cannot be logged"
