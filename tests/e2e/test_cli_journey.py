"""A person's whole journey through the console script on a real SQLite file: plan, log, progress,
next-morning pain, exports, erasure; two people in one database; a red flag during training."""

from __future__ import annotations

import csv
import json
import sqlite3
import subprocess
from collections.abc import Callable
from contextlib import closing
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

RunCli = Callable[..., subprocess.CompletedProcess[str]]
REPO = Path(__file__).resolve().parents[2]
CLEAN_3X8 = ["--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2", "--pain-during", "2", "--pain-next-morning", "2"]
WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


def flat(text: str) -> str:
    return " ".join(text.split())


def parse_json(proc: subprocess.CompletedProcess[str]) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - shows what polluted stdout
        pytest.fail(f"stdout is not one JSON document ({exc}):\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}")


def ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}"
    return proc


def rows(db_file: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_file)) as conn:
        return conn.execute(sql).fetchall()


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_full_journey(run_cli: RunCli, tmp_path: Path) -> None:
    db_file = tmp_path / "cc.db"

    # 1. plan
    planned = parse_json(ok(run_cli("plan", "--intake", "examples/intake.yaml", "--json")))
    assert planned["profile"] == "default"
    assert db_file.exists()

    # 2. two qualifying dead-bug sessions on different dates
    first = parse_json(ok(run_cli("log", "-e", "dead_bug", *CLEAN_3X8, "--date", "2026-01-05", "--json")))
    assert [(d["function"], d["rule"]) for d in first["decisions"]] == [("anti_extension", "hold_criterion_not_met")]
    second = ok(run_cli("log", "-e", "dead_bug", *CLEAN_3X8, "--date", "2026-01-07"))  # the human view this time
    assert "PROGRESS" in second.stdout and "progress_criterion_met" in flat(second.stdout)

    # 3. progress shows the decision, its rule, and the new rung
    progress = parse_json(ok(run_cli("progress", "--json")))
    assert progress["sessions_logged"] == 2
    assert progress["stopped_red_flag"] is False
    moved = [d for d in progress["decisions"] if d["action"] == "progress"]
    assert len(moved) == 1
    assert moved[0] | {"explanation": None} == {
        "date": "2026-01-07",
        "function": "anti_extension",
        "rule": "progress_criterion_met",
        "action": "progress",
        "from_exercise": "dead_bug",
        "to_exercise": "wall_press_dead_bug",
        "explanation": None,
    }
    assert moved[0]["explanation"]["en"] and moved[0]["explanation"]["nl"]
    phases = {p["function"]: p for p in progress["phases"]}
    assert phases["anti_extension"]["exercise_id"] == "wall_press_dead_bug"
    assert phases["anti_lateral_flexion"]["unlocked"] is True
    assert [s["date"] for s in progress["sessions"]] == ["2026-01-05", "2026-01-07"]

    # the stored program now trains the carry too
    program = parse_json(ok(run_cli("plan", "--json")))["program"]
    for day in program["week"]:
        ids = {i["exercise_id"] for i in day["items"]}
        assert {"suitcase_carry", "wall_press_dead_bug"} <= ids and "dead_bug" not in ids

    # 4. next-morning pain lands on the last session
    morning = parse_json(ok(run_cli("morning", "--pain", "1", "--json")))
    assert morning["profile"] == "default" and isinstance(morning["decisions"], list)
    assert rows(db_file, "SELECT session_date, pain_next_morning FROM exercise_logs ORDER BY id") == [("2026-01-05", 2), ("2026-01-07", 1)]

    # 5. exports that parse
    out = tmp_path / "out"
    out.mkdir()
    ok(run_cli("export", "--format", "json", "--out", out / "me.json"))
    exported = json.loads((out / "me.json").read_text(encoding="utf-8"))
    assert exported["profile"]["name"] == "default"
    assert [e["pain_next_morning"] for s in exported["sessions"] for e in s["entries"]] == [2, 1]
    assert [d["rule"] for d in exported["decisions"]] == [d["rule"] for d in progress["decisions"]] + [
        d["rule"] for d in morning["decisions"]
    ]

    ok(run_cli("export", "--format", "csv", "--out", out / "csv"))
    with (out / "csv" / "exercise_logs.csv").open(encoding="utf-8", newline="") as fh:
        logs = list(csv.DictReader(fh))
    assert [(r["session_date"], r["exercise_id"], r["sets"], r["reps_per_side"]) for r in logs] == [
        ("2026-01-05", "dead_bug", "3", "8"),
        ("2026-01-07", "dead_bug", "3", "8"),
    ]
    with (out / "csv" / "decisions.csv").open(encoding="utf-8", newline="") as fh:
        assert "progress_criterion_met" in [r["rule"] for r in csv.DictReader(fh)]

    ok(run_cli("export", "--format", "md", "--out", out / "plan.md"))
    md = (out / "plan.md").read_text(encoding="utf-8")
    assert md.startswith("# ")
    names = {i["name"]["en"] for d in program["week"] for i in d["items"]}
    assert all(name in md for name in names)

    ok(run_cli("export", "--format", "html", "--out", out / "plan.html", "--lang", "nl"))
    parser = _Html()
    parser.feed((out / "plan.html").read_text(encoding="utf-8"))
    text = flat(" ".join(parser.text))
    assert {"html", "head", "body", "h1", "section"} <= set(parser.tags)
    assert all(i["name"]["nl"] in text for d in program["week"] for i in d["items"])

    today = date.today()
    ok(run_cli("export", "--format", "ics", "--out", out / "plan.ics", "--weeks", "2"))
    events = list(Calendar.from_ical((out / "plan.ics").read_bytes()).walk("VEVENT"))
    planned_days = {WEEKDAY[d["day"]] for d in program["week"]}
    starts = sorted(e.decoded("DTSTART").date() for e in events)
    assert events and len(starts) == len(set(starts))
    assert all(today <= s < today + timedelta(weeks=2) and s.weekday() in planned_days for s in starts)
    # every planned day in the two weeks from today on is there, once
    window = [today + timedelta(days=n) for n in range(14)]
    assert starts == [d for d in window if d.weekday() in planned_days]
    assert len(events) == 2 * len(program["week"])

    # 6. erasure: refused without --yes when nobody can be asked, then done
    refused = run_cli("delete")
    assert refused.returncode == 2
    assert "--yes" in flat(refused.stderr)
    assert rows(db_file, "SELECT name FROM profiles") == [("default",)]

    ok(run_cli("delete", "--yes"))
    for table in ("profiles", "intakes", "programs", "rungs", "sessions", "exercise_logs", "decisions"):
        assert rows(db_file, f"SELECT count(*) FROM {table}") == [(0,)], table
    gone = run_cli("progress")
    assert gone.returncode != 0
    assert "no profile called 'default'" in flat(gone.stderr)
    assert "Traceback" not in gone.stderr
    gone_json = run_cli("progress", "--json")
    assert gone_json.returncode != 0
    assert parse_json(gone_json)["error"]["type"] == "ProfileNotFoundError"


def test_profiles_keep_two_people_apart(run_cli: RunCli, write_intake: Callable[..., Path], example_intake: dict[str, Any]) -> None:
    bob = dict(example_intake, language="nl")
    bob["capability"] = dict(example_intake["capability"], dead_bug={"back_flat": False})
    ok(run_cli("plan", "--intake", "examples/intake.yaml", "--profile", "alice", "--json"))
    ok(run_cli("plan", "--intake", write_intake(bob), "-p", "bob", "--json"))
    ok(run_cli("log", "-e", "dead_bug", *CLEAN_3X8, "--date", "2026-01-05", "--profile", "alice", "--json"))

    # alice's exercise is not bob's: his program starts lower on the ladder
    refused = run_cli("log", "-e", "dead_bug", *CLEAN_3X8, "--profile", "bob", "--json")
    assert refused.returncode == 2
    assert "not in your current program" in parse_json(refused)["error"]["message"]

    listed = parse_json(ok(run_cli("profiles", "--json")))
    assert {(p["name"], p["language"]) for p in listed} == {("alice", "en"), ("bob", "nl")}

    alice = parse_json(ok(run_cli("progress", "--profile", "alice", "--json")))
    bob_report = parse_json(ok(run_cli("progress", "--profile", "bob", "--json")))
    assert (alice["sessions_logged"], bob_report["sessions_logged"]) == (1, 0)
    assert bob_report["decisions"] == []
    assert {p["function"]: p["exercise_id"] for p in bob_report["phases"]}["anti_extension"].startswith("dead_bug_")

    # and the default profile is nobody yet
    nobody = run_cli("progress", "--json")
    assert nobody.returncode != 0 and "error" in parse_json(nobody)


def test_profile_from_the_environment(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CORECOACH_PROFILE", "from-env")
    doc = parse_json(ok(run_cli("plan", "--intake", "examples/intake.yaml", "--json")))
    assert doc["profile"] == "from-env"


def test_red_flag_during_training_stops_and_refuses_further_logs(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("plan", "--intake", "examples/intake.yaml", "--json"))
    flagged = run_cli("log", "-e", "dead_bug", *CLEAN_3X8, "--red-flag", "saddle_numbness", "--json")
    assert flagged.returncode == 3, flagged.stderr
    doc = parse_json(flagged)
    assert doc["program"] is None
    assert doc["referral"]["urgency"] == "emergency"
    assert doc["referral"]["red_flag_ids"] == ["saddle_numbness"]

    refused = run_cli("log", "-e", "dead_bug", *CLEAN_3X8, "--json")
    assert refused.returncode == 2
    assert "red flag" in parse_json(refused)["error"]["message"]
    assert rows(tmp_path / "cc.db", "SELECT red_flag_ids FROM sessions") == [('["saddle_numbness"]',)]
    assert rows(tmp_path / "cc.db", "SELECT stopped_red_flag FROM profiles") == [(1,)]

    report = parse_json(ok(run_cli("progress", "--json")))
    assert report["stopped_red_flag"] is True and report["decisions"] == []


def test_a_whole_session_from_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    ok(run_cli("plan", "--intake", "examples/intake.yaml", "--json"))
    session = tmp_path / "session.yaml"
    entries = [
        {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 7},
        {"exercise_id": "breathing_90_90", "sets": 5, "reps": 4, "clean_form": True, "pain_before": 2, "pain_during": 1},
    ]
    session.write_text(yaml.safe_dump({"date": "2026-01-05", "red_flags": [], "entries": entries}), encoding="utf-8")
    doc = parse_json(ok(run_cli("log", "--file", session, "--json")))
    by_function = {d["function"]: d for d in doc["decisions"]}
    assert by_function["anti_extension"]["rule"] == "regress_pain_above_5"
    assert by_function["anti_extension"]["to_exercise"] == "dead_bug_toe_tap"
    assert rows(tmp_path / "cc.db", "SELECT count(*) FROM exercise_logs") == [(2,)]
