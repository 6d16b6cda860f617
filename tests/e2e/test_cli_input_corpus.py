"""A bad-input corpus made here, run through the real console script: each case its documented exit code,
a sentence naming the problem, and never a traceback. Prints a tally (tried / clear error / crash)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml

from corecoach.cli.exit_codes import INTERNAL_ERROR, INVALID_INPUT

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
LOG = ["-e", "dead_bug", "--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2", "--pain-during", "2"]


def _bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 9):
        lines.append(f"a{n}: &a{n} [" + ",".join([f"*a{n - 1}"] * 9) + "]")
    return "defs:\n" + "\n".join("  " + line for line in lines) + "\nequipment: *a8\n"


def _intake(**changes: Any) -> str:
    return yaml.safe_dump({**EXAMPLE, **changes})


def _pain(value: object) -> str:
    return _intake(pain={**EXAMPLE["pain"], "now_nrs": value})


#: case -> (file name, content (text or bytes), command ("plan" or "log"), what the message must name)
CORPUS: dict[str, tuple[str, str | bytes, str, str]] = {
    "duplicate-key": ("i.yaml", yaml.safe_dump(EXAMPLE) + "pain:\n  now_nrs: 1\n", "plan", "appears twice"),
    "billion-laughs": ("i.yaml", _bomb(), "plan", "aliases expand"),
    "deep-yaml": ("i.yaml", "x: " + "[" * 3000 + "]" * 3000 + "\n", "plan", "nested"),
    "deep-json": ("i.json", '{"x": ' + "[" * 100000 + "]" * 100000 + "}", "plan", "nested"),
    "huge-int": ("i.yaml", _pain(int("9" * 4000)).replace(str(int("9" * 4000)), "9" * 5000), "plan", "digits"),
    "true-as-pain": ("i.yaml", _pain(True), "plan", "pain.now_nrs"),
    "pain-out-of-range": ("i.yaml", _pain(11), "plan", "pain.now_nrs"),
    "text-pain": ("i.json", json.dumps({**EXAMPLE, "pain": {"now_nrs": [3]}}), "plan", "pain.now_nrs"),
    "empty": ("i.yaml", "", "plan", "empty"),
    "binary": ("i.yaml", bytes(range(256)) * 4, "plan", "not a text file"),
    "too-big": ("i.yaml", "# " + "x" * 1_100_000 + "\n", "plan", "larger than"),
    "session-entries-5": ("s.yaml", "entries: 5\n", "log", "entries"),
    "session-red-flags-5": ("s.yaml", "red_flags: 5\nentries: []\n", "log", "red_flags"),
    "session-red-flags-nested": ("s.yaml", "red_flags: [[x]]\nentries: []\n", "log", "red_flags.0"),
    "session-unknown-flag": ("s.yaml", "red_flags: {headache: true}\n", "log", "headache"),
    "session-int-key": ("s.yaml", "1: x\nentries: []\n", "log", "field name must be text"),
    "session-not-mapping": ("s.yaml", "- a\n- b\n", "log", "expected a mapping"),
    "session-true-as-pain": (
        "s.yaml",
        yaml.safe_dump(
            {
                "entries": [
                    {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": True, "pain_during": 2}
                ]
            }
        ),
        "log",
        "entries.0.pain_before",
    ),
}


def _run(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp: Path, case: str) -> subprocess.CompletedProcess[str]:
    name, content, command, _ = CORPUS[case]
    path = tmp / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    if command == "plan":
        return run_cli("plan", "--intake", path, "--json")
    return run_cli("log", "--file", path, "--json")


TALLY = {"tried": 0, "clear error": 0, "crash": 0}


@pytest.mark.parametrize("case", list(CORPUS))
def test_bad_file_gets_exit_2_and_a_sentence(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path, case: str) -> None:
    proc = _run(run_cli, tmp_path, case)
    TALLY["tried"] += 1
    crashed = "Traceback" in proc.stderr or proc.returncode not in (INVALID_INPUT,)
    TALLY["crash" if crashed else "clear error"] += 1
    print(f"corpus tally: {TALLY}")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == INVALID_INPUT, (proc.stdout[-2000:], proc.stderr[-2000:])
    error = json.loads(proc.stdout)["error"]
    assert error["type"] == "InvalidInputError"
    assert CORPUS[case][3] in " ".join([error["message"], *error["problems"]])


def test_the_whole_corpus_loses_nothing_already_stored(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    """Every case of the corpus sent to a profile with a program and a logged session: the stored data after
    all of them is exactly what it was before (nothing half-written, nothing lost). Prints the lost count."""
    assert run_cli("plan", "--intake", REPO / "examples" / "intake.yaml").returncode == 0
    assert run_cli("log", *LOG).returncode == 0
    before = run_cli("export", "--format", "json")
    assert before.returncode == 0, before.stderr
    for case in CORPUS:
        proc = _run(run_cli, tmp_path, case)
        assert proc.returncode == INVALID_INPUT, (case, proc.stderr[-1000:])
    after = run_cli("export", "--format", "json")
    lost = 0 if after.stdout == before.stdout else 1
    print(f"corpus against stored data: {len(CORPUS)} tried, lost {lost}")
    assert json.loads(after.stdout) == json.loads(before.stdout)


def test_false_red_flag_in_a_session_file_is_no_red_flag(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    assert run_cli("plan", "--intake", REPO / "examples" / "intake.yaml").returncode == 0
    entry = {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 2}
    session = tmp_path / "s.yaml"
    session.write_text(yaml.safe_dump({"red_flags": {"trauma": False}, "entries": [entry]}), encoding="utf-8")
    proc = run_cli("log", "--file", session, "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["session_id"] >= 1
    session.write_text(yaml.safe_dump({"red_flags": {"trauma": True}, "entries": [entry]}), encoding="utf-8")
    assert run_cli("log", "--file", session, "--json").returncode == 3


@pytest.mark.parametrize(("when", "needle"), [("9999-12-31", "in the future"), ("0001-01-01", "too long ago")])
def test_session_dates_outside_the_window_are_refused(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], when: str, needle: str
) -> None:
    assert run_cli("plan", "--intake", REPO / "examples" / "intake.yaml").returncode == 0
    proc = run_cli("log", *LOG, "--date", when, "--json")
    assert proc.returncode == INVALID_INPUT
    error = json.loads(proc.stdout)["error"]
    assert "outside the dates you can log" in error["message"] and needle in " ".join(error["problems"])


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 100_000])
def test_bad_profile_names_are_refused(run_cli: Callable[..., subprocess.CompletedProcess[str]], name: str) -> None:
    proc = run_cli("plan", "--intake", REPO / "examples" / "intake.yaml", "--profile", name, "--json")
    assert proc.returncode == INVALID_INPUT
    assert "profile" in json.loads(proc.stdout)["error"]["message"]
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("kind", ["existing-file", "missing-parent", "under-a-file", "proc"])
def test_out_paths_that_cannot_be_written(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path, kind: str) -> None:
    assert run_cli("plan", "--intake", REPO / "examples" / "intake.yaml").returncode == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    target = {
        "existing-file": blocker,  # analyze --out wants a folder
        "missing-parent": tmp_path / "no" / "such" / "out.json",
        "under-a-file": blocker / "out.json",
        "proc": Path("/proc/corecoach-out.json"),
    }[kind]
    commands = [["analyze", REPO / "examples" / "intake.yaml", "--out", target]] if kind == "existing-file" else []
    commands.append(["export", "--format", "json" if kind != "existing-file" else "csv", "--out", target])
    for args in commands:
        proc = run_cli(*args)
        assert proc.returncode == INVALID_INPUT, (args, proc.stderr)
        assert "--out" in proc.stderr or "Could not write" in proc.stderr
        assert "Traceback" not in proc.stderr


def test_unexpected_error_goes_to_the_log_file(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    """A stored program that no longer matches its model (a damaged row) is a bug path: exit 70, the log has the trace."""
    assert run_cli("plan", "--intake", REPO / "examples" / "intake.yaml").returncode == 0
    with closing(sqlite3.connect(tmp_path / "cc.db")) as conn:
        conn.execute("""UPDATE programs SET data = '{"damaged": true}'""")
        conn.commit()
    log_file = tmp_path / "data" / "logs" / "corecoach-errors.log"
    for as_json in (False, True):
        proc = run_cli("plan", *(["--json"] if as_json else []))
        assert proc.returncode == INTERNAL_ERROR, proc.stderr
        assert "internal error" in proc.stderr and str(log_file) in proc.stderr
        assert "Traceback" not in proc.stderr
        if as_json:
            assert json.loads(proc.stdout)["error"]["log_file"] == str(log_file)
    assert "Traceback" in log_file.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--video", "clip.mp4", "--pain-before", "1", "--pain-during", "1"], "exactly one --exercise"),
        (["-e", "breathing_90_90", "--video", "clip.mp4", "--pain-before", "1", "--pain-during", "1"], "cannot analyse"),
        (["-e", "dead_bug", "--video", "clip.mp4", "--pain-before", "1", "--pain-during", "1"], "clip.mp4"),
        (["-e", "dead_bug", "--video", "clip.mp4", "--pain-before", "1"], "--pain-during"),
    ],
)
def test_log_video_errors(run_cli: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path, args: list[str], needle: str) -> None:
    assert run_cli("plan", "--intake", REPO / "examples" / "intake.yaml").returncode == 0
    proc = run_cli("log", *[str(tmp_path / a) if a == "clip.mp4" else a for a in args], "--json")
    assert proc.returncode == INVALID_INPUT, proc.stderr
    assert needle in json.loads(proc.stdout)["error"]["message"]
    assert "Traceback" not in proc.stderr
