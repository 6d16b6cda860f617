"""`corecoach exercises` and `corecoach screen` through the installed console script."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from corecoach.screening.red_flags import load_red_flags

Runs = dict[str, tuple[Path, list[subprocess.CompletedProcess[str]]]]

REQUIRED_IDS = {
    "breathing_90_90",
    "crocodile_breathing",
    "dead_bug",
    "wall_press_dead_bug",
    "ab_wheel_rollout",
    "suitcase_carry",
    "pallof_press_standing",
    "pallof_press_tall_kneeling",
    "pallof_press_half_kneeling",
    "bird_dog",
    "kettlebell_crosswalk",
    "side_plank",
    "mcgill_curl_up",
}
FUNCTIONS = {"breathing", "anti_extension", "anti_lateral_flexion", "anti_rotation", "integration", "hip_mobility", "thoracic_mobility"}

CALLS: dict[str, tuple[list[str], dict[str, str]]] = {
    "exercises": (["exercises", "--json"], {}),
    "anti_rotation": (["exercises", "--function", "anti_rotation", "--json"], {}),
    "bad_function": (["exercises", "--function", "anti-rotation", "--json"], {}),
    "human_nl": (["exercises", "--function", "anti_extension", "--lang", "nl"], {"COLUMNS": "250"}),  # wide: Rich keeps cells whole
    "screen": (["screen", "--list-red-flags", "--json"], {}),
    "screen_bare": (["screen"], {}),
    "version": (["--version"], {}),
}


def flat(text: str) -> str:
    """Rich wraps long lines on stderr; compare words, not line breaks."""
    return " ".join(text.split())


def parse_json(proc: subprocess.CompletedProcess[str]) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - shows what polluted stdout
        pytest.fail(f"stdout is not one JSON document ({exc}):\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}")


@pytest.fixture(scope="module")
def runs(cli_batch: Any) -> Runs:
    return cli_batch("catalogue", {name: (lambda _tmp, c=call: ([c[0]], c[1])) for name, call in CALLS.items()})


def proc_of(runs: Runs, name: str) -> subprocess.CompletedProcess[str]:
    return runs[name][1][0]


@pytest.fixture(scope="module")
def all_exercises(runs: Runs) -> list[dict[str, Any]]:
    proc = proc_of(runs, "exercises")
    assert proc.returncode == 0, proc.stderr
    data = parse_json(proc)
    assert isinstance(data, list)
    return data


def test_exercises_json_lists_every_required_id(all_exercises: list[dict[str, Any]]) -> None:
    ids = [e["id"] for e in all_exercises]
    assert len(ids) == len(set(ids))
    assert set(ids) >= REQUIRED_IDS
    assert any(i.startswith("dead_bug_") for i in ids)
    assert sum("hip_mobility" in e["functions"] for e in all_exercises) >= 3
    assert sum("thoracic_mobility" in e["functions"] for e in all_exercises) >= 3
    assert {f for e in all_exercises for f in e["functions"]} <= FUNCTIONS


def test_exercises_json_has_both_languages_and_the_ladders(all_exercises: list[dict[str, Any]]) -> None:
    by_id = {e["id"]: e for e in all_exercises}
    for e in all_exercises:
        assert e["name"]["en"].strip() and e["name"]["nl"].strip()
        assert e["level"] in {"beginner", "intermediate", "advanced"}
        assert e["dosage"]["sets"] >= 1
        for link in (e["regression"], e["progression"]):
            assert link is None or link in by_id
    assert by_id["dead_bug"]["progression"] == "wall_press_dead_bug"
    assert by_id["wall_press_dead_bug"]["progression"] == "ab_wheel_rollout"
    assert by_id["ab_wheel_rollout"]["level"] == "advanced"
    assert by_id["pallof_press_standing"]["progression"] == "pallof_press_tall_kneeling"
    assert by_id["pallof_press_tall_kneeling"]["progression"] == "pallof_press_half_kneeling"
    assert by_id["suitcase_carry"]["progression"] == "kettlebell_crosswalk"
    assert by_id["dead_bug"]["regression"].startswith("dead_bug_")


def test_exercises_function_filter(runs: Runs, all_exercises: list[dict[str, Any]]) -> None:
    proc = proc_of(runs, "anti_rotation")
    assert proc.returncode == 0, proc.stderr
    chosen = parse_json(proc)
    assert chosen
    assert all("anti_rotation" in e["functions"] for e in chosen)
    assert [e["id"] for e in chosen] == [e["id"] for e in all_exercises if "anti_rotation" in e["functions"]]
    assert {"pallof_press_standing", "pallof_press_tall_kneeling", "pallof_press_half_kneeling"} <= {e["id"] for e in chosen}


def test_exercises_bad_function_is_a_usage_error(runs: Runs) -> None:
    proc = proc_of(runs, "bad_function")
    assert proc.returncode == 2
    message = flat(proc.stderr)
    assert "--function" in message and "anti_rotation" in message  # names the option and the valid spellings
    assert json.loads(proc.stdout)["error"]["type"] == "InvalidInputError"  # --json: stdout holds only the error document


def test_exercises_human_table_in_dutch(runs: Runs) -> None:
    proc = proc_of(runs, "human_nl")
    assert proc.returncode == 0, proc.stderr
    assert "dead_bug" in proc.stdout and "Dead bug (dode kever)" in proc.stdout and "per kant" in proc.stdout


def test_screen_lists_every_red_flag_as_pure_json(runs: Runs) -> None:
    proc = proc_of(runs, "screen")
    assert proc.returncode == 0, proc.stderr
    flags = parse_json(proc)
    assert isinstance(flags, list) and len(flags) >= 10
    assert proc.stdout.lstrip().startswith("[") and proc.stdout.rstrip().endswith("]")
    for f in flags:
        assert isinstance(f, dict)
        assert {"id", "category", "urgency", "en", "nl"} <= set(f)
        assert all(isinstance(f[k], str) and f[k].strip() for k in ("id", "category", "urgency", "en", "nl"))
        assert not any(isinstance(v, (dict, list)) for v in f.values()), "the list must be flat"
        assert f["urgency"] in {"emergency", "urgent", "see_doctor_before_starting"}
        assert f["en"] != f["nl"]
    ids = [f["id"] for f in flags]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(load_red_flags())
    assert {"cauda_equina", "cancer", "infection", "fracture"} <= {f["category"] for f in flags}


def test_screen_without_option_points_to_the_list(runs: Runs) -> None:
    proc = proc_of(runs, "screen_bare")
    assert proc.returncode == 2
    assert "--list-red-flags" in flat(proc.stderr)


def test_version(runs: Runs) -> None:
    proc = proc_of(runs, "version")
    assert proc.returncode == 0
    assert proc.stdout.startswith("corecoach ")
