"""Issue 14 through the installed `corecoach`: the active profile (no name to repeat), the profile's
language without --lang, forgiving input with a way forward, and output readable at 80 columns."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from e2e.conftest import fresh_env

REPO = Path(__file__).resolve().parents[2]
INTAKE = REPO / "examples" / "intake.yaml"
Run = Callable[..., subprocess.CompletedProcess[str]]

DEAD_BUG = ["log", "-e", "dead_bug", "--sets", "2", "--reps-per-side", "6", "--clean"]


def _intake(tmp: Path, language: str) -> Path:
    data = yaml.safe_load(INTAKE.read_text(encoding="utf-8"))
    data["language"] = language
    path = tmp / f"intake-{language}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    return proc


def test_the_profile_plan_makes_is_the_active_one_until_another_is_chosen(run_cli_env: Run, tmp_path: Path) -> None:
    env = fresh_env(tmp_path)
    _ok(run_cli_env("plan", "--intake", _intake(tmp_path, "en"), "--profile", "Ann", env=env))
    assert "it is now the active profile" in run_cli_env("plan", "--intake", INTAKE, "--profile", "Ann", env=env).stderr
    logged = _ok(run_cli_env(*DEAD_BUG, "--pain-before", "2", "--pain-during", "2", env=env))
    assert logged.stderr.startswith("Profile: Ann\n")  # whose data, first
    _ok(run_cli_env("plan", "--intake", _intake(tmp_path, "nl"), "--profile", "Bo", env=env))
    listed = _ok(run_cli_env("profiles", env=env)).stdout
    assert re.search(r"^\* Bo \(nl", listed, re.M) and re.search(r"^  Ann \(en", listed, re.M), listed
    as_json = json.loads(_ok(run_cli_env("profiles", "--json", env=env)).stdout)
    assert {p["name"]: p["active"] for p in as_json} == {"Ann": False, "Bo": True}
    assert _ok(run_cli_env("progress", env=env)).stderr.startswith("Profiel: Bo\n")
    used = _ok(run_cli_env("profiles", "use", "Ann", env=env))
    assert "'Ann' is now the active profile" in used.stderr
    progress = json.loads(_ok(run_cli_env("progress", "--json", env=env)).stdout)
    assert progress["profile"] == "Ann" and progress["sessions_logged"] == 1
    # --profile and CORECOACH_PROFILE still win over the active one
    assert json.loads(_ok(run_cli_env("progress", "--json", "--profile", "Bo", env=env)).stdout)["profile"] == "Bo"
    assert json.loads(_ok(run_cli_env("progress", "--json", env={**env, "CORECOACH_PROFILE": "Bo"})).stdout)["profile"] == "Bo"
    typo = run_cli_env("profiles", "use", "An", env=env)
    assert typo.returncode != 0 and "Did you mean Ann?" in typo.stderr and "Traceback" not in typo.stderr
    assert (tmp_path / "data" / "config.json").is_file()
    # deleting the active profile forgets it: the next command is on "default" and says how to start
    _ok(run_cli_env("delete", "--yes", env=env))
    gone = run_cli_env("progress", env=env)
    assert gone.returncode != 0 and "default" in gone.stderr


def test_a_dutch_profile_speaks_dutch_without_lang(run_cli_env: Run, tmp_path: Path) -> None:
    env = {**fresh_env(tmp_path), "COLUMNS": "80"}
    made = _ok(run_cli_env("plan", "--intake", _intake(tmp_path, "nl"), "--profile", "Sanne", env=env))
    assert "Fases" in made.stdout and "dit is nu het actieve profiel" in made.stderr
    shown = _ok(run_cli_env("plan", env=env))
    assert shown.stderr.startswith("Profiel: Sanne\n")
    assert "Fases" in shown.stdout and "oefening" in shown.stdout and "Phases" not in shown.stdout
    wrong = run_cli_env(*DEAD_BUG, "--pain-before", "2", "--pain-during", "2", "--date", "31-13-2026", env=env)
    assert wrong.returncode == 2 and "Fout: --date:" in wrong.stderr and "dag-maand-jaar" in wrong.stderr
    _ok(run_cli_env(*DEAD_BUG, "--pain-before", "2", "--pain-during", "2", env=env))
    progress = _ok(run_cli_env("progress", env=env)).stdout
    assert "Sanne: 1 training" in progress and "Pijn per training" in progress and "Beslissingen" in progress
    assert "Phases" not in _ok(run_cli_env("plan", "--lang", "nl", env=env)).stdout
    assert "Phases" in _ok(run_cli_env("plan", "--lang", "en", env=env)).stdout  # --lang still overrides
    assert "Termen uitgelegd" in _ok(run_cli_env("exercises", env=env)).stdout


def test_forgiving_input_with_a_way_forward(run_cli_env: Run, tmp_path: Path) -> None:
    env = fresh_env(tmp_path)
    _ok(run_cli_env("plan", "--intake", INTAKE, "--profile", "Ann", env=env))
    typo = run_cli_env(
        "log", "-e", "dead_bgu", "--sets", "2", "--reps-per-side", "6", "--clean", "--pain-before", "2", "--pain-during", "2", env=env
    )
    assert typo.returncode == 2 and "Did you mean dead_bug" in typo.stderr, typo.stderr
    cut = run_cli_env("log", "-e", "crocodile", env=env)
    assert cut.returncode == 2 and "crocodile_breathing" in cut.stderr
    two_days_ago = date.today() - timedelta(days=2)
    day_first = f"{two_days_ago.day}-{two_days_ago.month:02d}-{two_days_ago.year}"  # e.g. 2-12-2026, no leading zero
    _ok(run_cli_env(*DEAD_BUG, "--pain-before", "2/10", "--pain-during", "3/10", "--date", day_first, env=env))
    future = (date.today() + timedelta(days=1)).strftime("%d-%m-%Y")
    ahead = run_cli_env(*DEAD_BUG, "--pain-before", "2", "--pain-during", "2", "--date", future, env=env)
    assert ahead.returncode == 2 and "is in the future" in ahead.stderr and "Traceback" not in ahead.stderr
    odd = run_cli_env(*DEAD_BUG, "--pain-before", "2", "--pain-during", "2", "--date", "next tuesday", env=env)
    assert odd.returncode == 2 and "YYYY-MM-DD" in odd.stderr and "02-12-2026" in odd.stderr
    bad_pain = run_cli_env(*DEAD_BUG, "--pain-before", "7/11", "--pain-during", "2", env=env)
    assert bad_pain.returncode == 2 and "0 (none) to 10 (worst)" in bad_pain.stderr
    _ok(run_cli_env("morning", "--pain", "3/10", env=env))
    report = json.loads(_ok(run_cli_env("progress", "--json", env=env)).stdout)
    assert [(s["date"], s["pain_before"], s["pain_during"], s["pain_next_morning"]) for s in report["sessions"]] == [
        (two_days_ago.isoformat(), 2, 3, 3)
    ]


@pytest.mark.parametrize("columns", ["80", "100"])
def test_exercises_never_cut_an_id(run_cli_env: Run, tmp_path: Path, columns: str) -> None:
    env = {**fresh_env(tmp_path), "COLUMNS": columns}
    ids = [e["id"] for e in json.loads(_ok(run_cli_env("exercises", "--json", env=env)).stdout)]
    for lang in ("en", "nl"):
        text = _ok(run_cli_env("exercises", "--lang", lang, env=env)).stdout
        assert "…" not in text
        assert max(len(line) for line in text.splitlines()) <= int(columns)
        missing = [i for i in ids if not re.search(rf"--exercise {re.escape(i)}(?![\w])", text)]
        assert not missing, f"{lang} at {columns} columns: {missing}"


def test_progress_shows_pain_per_session_and_decisions_in_date_order(run_cli_env: Run, tmp_path: Path) -> None:
    env = {**fresh_env(tmp_path), "COLUMNS": "80"}
    _ok(run_cli_env("plan", "--intake", INTAKE, "--profile", "Ann", env=env))
    later, earlier = (date.today() - timedelta(days=n) for n in (1, 5))
    _ok(run_cli_env(*DEAD_BUG, "--pain-before", "1", "--pain-during", "2", "--date", later.isoformat(), env=env))
    _ok(run_cli_env(*DEAD_BUG, "--pain-before", "3", "--pain-during", "4", "--date", earlier.isoformat(), env=env))
    text = _ok(run_cli_env("progress", env=env)).stdout
    assert "Pain per session" in text
    rows = re.findall(r"^│ (\d{4}-\d\d-\d\d) │\s+(\d+) │\s+(\d+) │", text, re.M)
    assert rows == [(earlier.isoformat(), "3", "4"), (later.isoformat(), "1", "2")], text
    decided: list[Any] = re.findall(r"^(\d{4}-\d\d-\d\d) ", text.split("Decisions", 1)[1], re.M)
    assert decided and decided == sorted(decided), text
