"""Bad input through the console script: exit 2 and a message that names the field and the problem.

Every case is one independent call on its own fresh database; they run side by side (``cli_batch``).
"""

from __future__ import annotations

import copy
import json
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml

Runs = dict[str, tuple[Path, subprocess.CompletedProcess[str]]]
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
LOG = ["--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2", "--pain-during", "2"]


def flat(text: str) -> str:
    return " ".join(text.split())


def parse_json(proc: subprocess.CompletedProcess[str]) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - shows what polluted stdout
        pytest.fail(f"stdout is not one JSON document ({exc}):\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}")


def _edited(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLE)
    edit(data)
    return data


def _several(d: dict[str, Any]) -> None:
    d["pain"]["now_nrs"] = 12
    d["habits"]["sitting_hours_per_day"] = 30
    d["colour"] = "red"


def _text_file(text: str, name: str) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    return make


def _data_file(data: dict[str, Any], name: str = "intake.yaml") -> Callable[[Path], Path]:
    return _text_file(json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data), name)


#: case -> (the intake file to write, what the message must name)
BAD_INTAKES: dict[str, tuple[Callable[[Path], Path], list[str]]] = {
    "malformed-yaml": (
        _text_file("language: en\nred_flags: {saddle_numbness: false\npain: [\n", "intake.yaml"),
        ["not valid YAML", "line"],
    ),
    "pain-out-of-range": (_data_file(_edited(lambda d: d["pain"].update(now_nrs=11))), ["pain.now_nrs", "less than or equal to 10"]),
    "negative-pain": (_data_file(_edited(lambda d: d["pain"].update(now_nrs=-1))), ["pain.now_nrs", "greater than or equal to 0"]),
    "unknown-field": (_data_file(_edited(lambda d: d.update(favourite_colour="blue"))), ["favourite_colour", "unknown field"]),
    "unknown-nested-field": (_data_file(_edited(lambda d: d["pain"].update(now_nsr=3))), ["pain.now_nsr", "unknown field"]),
    "unknown-red-flag": (
        _data_file(_edited(lambda d: d["red_flags"].update(headache=False))),
        ["red_flags.headache", "unknown red-flag id"],
    ),
    "missing-red-flag-answer": (_data_file(_edited(lambda d: d["red_flags"].pop("trauma"))), ["red_flags", "trauma", "missing"]),
    "missing-pain": (_data_file(_edited(lambda d: d.pop("pain"))), ["pain", "required field is missing"]),
    "several-problems": (
        _data_file(_edited(_several)),
        ["pain.now_nrs", "habits.sitting_hours_per_day", "colour: unknown field"],
    ),
    "empty-file": (_text_file("", "intake.yaml"), ["is empty"]),
    "blank-file": (_text_file("   \n\n", "intake.yaml"), ["is empty"]),
    "missing-file": (lambda tmp: tmp / "does-not-exist.yaml", ["File not found", "does-not-exist.yaml"]),
    "json-syntax-error": (_text_file('{"language": "en", "pain": {"now_nrs": 3,}}', "intake.json"), ["not valid JSON", "line 1"]),
    "not-a-mapping": (_text_file("- just\n- a list\n", "intake.yaml"), ["mapping", "list"]),
    "wrong-type": (_data_file(_edited(lambda d: d["schedule"].update(days=["someday"]))), ["schedule.days.0"]),
}

#: case -> (`corecoach log` arguments, what the message must name); no profile exists, validation comes first
BAD_LOGS: dict[str, tuple[list[str], str]] = {
    "unknown-exercise": (["-e", "not_an_exercise", *LOG], "not_an_exercise"),
    "pain-out-of-range": (
        ["-e", "dead_bug", "--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2", "--pain-during", "11"],
        "entries.0.pain_during",
    ),
    "missing-option": (["-e", "dead_bug", "--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2"], "--pain-during"),
    "unknown-red-flag": (["-e", "dead_bug", *LOG, "--red-flag", "headache"], "headache"),
    "bad-date": (["-e", "dead_bug", *LOG, "--date", "2026-13-45"], "--date"),
    "nothing": ([], "Nothing to log"),
}


LONG_MISSING = ("a-rather-long-folder-name-" * 3) + "/intake-file-that-does-not-exist.yaml"


def _jobs() -> dict[str, Any]:
    jobs: dict[str, Any] = {}
    for case, (make, _) in BAD_INTAKES.items():
        jobs[f"intake:{case}"] = lambda tmp, m=make: ([["plan", "--intake", m(tmp), "--json"]], {})
    for case, (args, _) in BAD_LOGS.items():
        jobs[f"log:{case}"] = lambda _tmp, a=args: ([["log", *a, "--json"]], {})
    jobs["intake-human"] = lambda tmp: ([["plan", "--intake", BAD_INTAKES["pain-out-of-range"][0](tmp)]], {})
    session = {"date": "2026-01-05", "entries": [{"exercise_id": "dead_bug", "sets": 3}], "mood": "ok"}
    jobs["session-file"] = lambda tmp: ([["log", "--file", _data_file(session, "session.yaml")(tmp), "--json"]], {})
    jobs["export-format"] = lambda _tmp: ([["export", "--format", "pdf"]], {})
    jobs["morning-range"] = lambda _tmp: ([["morning", "--pain", "11", "--json"]], {})
    jobs["long-path"] = lambda tmp: ([["plan", "--intake", tmp / LONG_MISSING]], {})
    return jobs


@pytest.fixture(scope="module")
def runs(cli_batch: Any) -> dict[str, tuple[Path, subprocess.CompletedProcess[str]]]:
    return {name: (tmp, procs[0]) for name, (tmp, procs) in cli_batch("bad", _jobs()).items()}


def _profiles_stored(db_file: Path) -> int:
    if not db_file.exists():
        return 0
    with closing(sqlite3.connect(db_file)) as conn:
        return int(conn.execute("SELECT count(*) FROM profiles").fetchone()[0])


@pytest.mark.parametrize("case", list(BAD_INTAKES))
def test_bad_intake_exits_2_naming_the_problem(runs: Runs, case: str) -> None:
    tmp, proc = runs[f"intake:{case}"]
    _, expected = BAD_INTAKES[case]
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    doc = parse_json(proc)  # with --json, errors are JSON too
    assert set(doc) == {"error"}
    error = doc["error"]
    assert error["type"] == "InvalidInputError"
    text = flat(error["message"] + " " + " ".join(error["problems"]))
    for part in expected:
        assert part in text, f"{part!r} not in {text!r}"
    stderr = "".join(proc.stderr.split())  # people see it on stderr too (Rich may wrap it)
    for part in expected:
        assert "".join(part.split()) in stderr
    assert "Traceback" not in proc.stderr
    assert _profiles_stored(tmp / "cc.db") == 0


def test_bad_intake_lists_every_problem_separately(runs: Runs) -> None:
    problems = parse_json(runs["intake:several-problems"][1])["error"]["problems"]
    assert any(p.startswith("pain.now_nrs:") for p in problems)
    assert any(p.startswith("habits.sitting_hours_per_day:") for p in problems)
    assert any(p.startswith("colour:") for p in problems)


def test_bad_intake_without_json_says_it_on_stderr_only(runs: Runs) -> None:
    proc = runs["intake-human"][1]
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "pain.now_nrs" in flat(proc.stderr)
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", list(BAD_LOGS))
def test_bad_log_exits_2_naming_the_problem(runs: Runs, case: str) -> None:
    tmp, proc = runs[f"log:{case}"]
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    error = parse_json(proc)["error"]
    assert BAD_LOGS[case][1] in flat(error["message"] + " " + " ".join(error["problems"]))
    assert "Traceback" not in proc.stderr
    assert _profiles_stored(tmp / "cc.db") == 0


def test_unknown_exercise_is_its_own_error_type(runs: Runs) -> None:
    proc = runs["log:unknown-exercise"][1]
    assert parse_json(proc)["error"]["type"] == "UnknownExerciseError"
    assert "not_an_exercise" in flat(proc.stderr)


def test_bad_session_file_exits_2(runs: Runs) -> None:
    proc = runs["session-file"][1]
    assert proc.returncode == 2
    assert "mood" in parse_json(proc)["error"]["message"]


def test_export_unknown_format_exits_2(runs: Runs) -> None:
    proc = runs["export-format"][1]
    assert proc.returncode == 2
    assert "--format" in flat(proc.stderr) and "pdf" in flat(proc.stderr)


def test_morning_pain_out_of_range_exits_2(runs: Runs) -> None:
    proc = runs["morning-range"][1]
    assert proc.returncode == 2
    assert "0 to 10" in parse_json(proc)["error"]["message"]


def test_error_messages_are_not_hard_wrapped_when_piped(runs: Runs) -> None:
    tmp, proc = runs["long-path"]
    assert proc.returncode == 2
    assert str(tmp / LONG_MISSING) in proc.stderr  # the whole path, copyable


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["exercises", "--function", "bogus", "--json"], "'bogus' is not one of"), (["exercises", "--bogus", "--json"], "No such option")],
)
def test_bad_options_with_json_still_answer_json(
    run_cli: Callable[..., subprocess.CompletedProcess[str]], args: list[str], needle: str
) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    assert error["type"] == "InvalidInputError" and needle in error["message"]
    assert "Traceback" not in result.stderr
