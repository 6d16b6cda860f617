"""People's journeys through the console script on a real SQLite file: plan, log, progress, next-morning pain,
exports, erasure; two people in one database; a red flag during training.

Each journey is a fixed sequence of calls on its own database; the journeys run side by side (``cli_batch``)
and the tests below check each step's result.
"""

from __future__ import annotations

import copy
import csv
import json
import sqlite3
import subprocess
from contextlib import closing
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from icalendar import Calendar

Proc = subprocess.CompletedProcess[str]
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
CLEAN_3X8 = ["--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2", "--pain-during", "2", "--pain-next-morning", "2"]
# recent days as the CLI takes them: a session must lie between the profile's start (minus a grace) and today
D1 = (date.today() - timedelta(days=9)).isoformat()
D2 = (date.today() - timedelta(days=7)).isoformat()
WEEKDAY = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}

# --- the journeys: (step name, CLI arguments; "{tmp}" is the journey's own folder) ---------------------

FULL: list[tuple[str, list[str]]] = [
    ("plan", ["plan", "--intake", "examples/intake.yaml", "--json"]),
    ("log1", ["log", "-e", "dead_bug", *CLEAN_3X8, "--date", D1, "--json"]),
    ("log2", ["log", "-e", "dead_bug", *CLEAN_3X8, "--date", D2]),  # the human view this time
    ("progress", ["progress", "--json"]),
    ("stored", ["plan", "--json"]),
    ("morning", ["morning", "--pain", "1", "--json"]),
    ("export-json", ["export", "--format", "json", "--out", "{tmp}/out/me.json"]),
    ("export-csv", ["export", "--format", "csv", "--out", "{tmp}/out/csv"]),
    ("export-md", ["export", "--format", "md", "--out", "{tmp}/out/plan.md"]),
    ("export-html", ["export", "--format", "html", "--out", "{tmp}/out/plan.html", "--lang", "nl"]),
    ("export-ics", ["export", "--format", "ics", "--out", "{tmp}/out/plan.ics", "--weeks", "2"]),
    ("delete-unconfirmed", ["delete"]),
    ("delete", ["delete", "--yes"]),
    ("progress-gone", ["progress"]),
    ("progress-gone-json", ["progress", "--json"]),
]
TWO_PEOPLE: list[tuple[str, list[str]]] = [
    ("plan-alice", ["plan", "--intake", "examples/intake.yaml", "--profile", "alice", "--json"]),
    ("plan-bob", ["plan", "--intake", "{tmp}/bob.json", "-p", "bob", "--json"]),
    ("log-alice", ["log", "-e", "dead_bug", *CLEAN_3X8, "--date", D1, "--profile", "alice", "--json"]),
    ("log-bob-dead-bug", ["log", "-e", "dead_bug", *CLEAN_3X8, "--profile", "bob", "--json"]),
    ("profiles", ["profiles", "--json"]),
    ("progress-alice", ["progress", "--profile", "alice", "--json"]),
    ("progress-bob", ["progress", "--profile", "bob", "--json"]),
]
RED_FLAG_IN_TRAINING: list[tuple[str, list[str]]] = [
    ("plan", ["plan", "--intake", "examples/intake.yaml", "--json"]),
    ("log-flag", ["log", "-e", "dead_bug", *CLEAN_3X8, "--red-flag", "saddle_numbness", "--json"]),
    ("log-again", ["log", "-e", "dead_bug", *CLEAN_3X8, "--json"]),
    ("morning", ["morning", "--pain", "1", "--json"]),
    ("progress", ["progress", "--json"]),
]
SESSION_FILE: list[tuple[str, list[str]]] = [
    ("plan", ["plan", "--intake", "examples/intake.yaml", "--json"]),
    ("log-file", ["log", "--file", "{tmp}/session.yaml", "--json"]),
]
PROFILE_FROM_ENV: list[tuple[str, list[str]]] = [("plan", ["plan", "--intake", "examples/intake.yaml", "--json"])]

JOURNEYS = {"full": FULL, "two-people": TWO_PEOPLE, "red-flag": RED_FLAG_IN_TRAINING, "session-file": SESSION_FILE, "env": PROFILE_FROM_ENV}


def _prepare(name: str, tmp: Path) -> dict[str, str]:
    (tmp / "out").mkdir()
    if name == "two-people":
        bob = copy.deepcopy(EXAMPLE)
        bob["language"] = "nl"
        bob["capability"]["dead_bug"] = {"back_flat": False}
        (tmp / "bob.json").write_text(json.dumps(bob), encoding="utf-8")
    if name == "session-file":
        entries = [
            {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 7},
            {"exercise_id": "breathing_90_90", "sets": 5, "reps": 4, "clean_form": True, "pain_before": 2, "pain_during": 1},
        ]
        (tmp / "session.yaml").write_text(yaml.safe_dump({"date": D1, "red_flags": [], "entries": entries}), encoding="utf-8")
    return {"CORECOACH_PROFILE": "from-env"} if name == "env" else {}


class Journey:
    def __init__(self, tmp: Path, steps: list[tuple[str, list[str]]], procs: list[Proc]) -> None:
        self.tmp = tmp
        self.db_file = tmp / "cc.db"
        self.steps = {name: proc for (name, _), proc in zip(steps, procs, strict=True)}

    def __getitem__(self, step: str) -> Proc:
        return self.steps[step]

    def ok(self, step: str) -> Proc:
        proc = self.steps[step]
        assert proc.returncode == 0, f"{step}: exit {proc.returncode}\nstdout:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}"
        return proc

    def json(self, step: str) -> Any:
        return parse_json(self.ok(step))

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.db_file)) as conn:
            return conn.execute(sql).fetchall()


@pytest.fixture(scope="module")
def journeys(cli_batch: Any) -> dict[str, Journey]:
    def job(name: str) -> Any:
        def make(tmp: Path) -> tuple[list[list[str]], dict[str, str]]:
            extra = _prepare(name, tmp)
            return [[a.replace("{tmp}", str(tmp)) for a in args] for _, args in JOURNEYS[name]], extra

        return make

    results = cli_batch("journey", {name: job(name) for name in JOURNEYS})
    return {name: Journey(tmp, JOURNEYS[name], procs) for name, (tmp, procs) in results.items()}


def flat(text: str) -> str:
    return " ".join(text.split())


def parse_json(proc: Proc) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - shows what polluted stdout
        pytest.fail(f"stdout is not one JSON document ({exc}):\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}")


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# --- the full journey ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def full(journeys: dict[str, Journey]) -> Journey:
    return journeys["full"]


def test_journey_two_clean_sessions_move_the_dead_bug_up(full: Journey) -> None:
    assert full.json("plan")["profile"] == "default"
    first = full.json("log1")
    assert [(d["function"], d["rule"]) for d in first["decisions"]] == [("anti_extension", "hold_criterion_not_met")]
    second = full.ok("log2")
    assert "One step harder" in second.stdout and "Wall-press dead bug" in flat(second.stdout)
    assert "progress_criterion_met" not in second.stdout  # the rule's id is for --json


def test_journey_progress_shows_the_decision_with_its_rule(full: Journey) -> None:
    progress = full.json("progress")
    assert progress["sessions_logged"] == 2
    assert progress["stopped_red_flag"] is False
    moved = [d for d in progress["decisions"] if d["action"] == "progress"]
    assert len(moved) == 1
    assert moved[0] | {"explanation": None} == {
        "date": D2,
        "function": "anti_extension",
        "rule": "progress_criterion_met",
        "action": "progress",
        "from_exercise": "dead_bug",
        "to_exercise": "wall_press_dead_bug",
        "explanation": None,
        "author": None,  # a rule decided, not a coach
    }
    assert moved[0]["explanation"]["en"] and moved[0]["explanation"]["nl"]
    phases = {p["function"]: p for p in progress["phases"]}
    assert phases["anti_extension"]["exercise_id"] == "wall_press_dead_bug"
    assert phases["anti_lateral_flexion"]["unlocked"] is True
    assert [s["date"] for s in progress["sessions"]] == [D1, D2]


def test_journey_stored_program_now_trains_the_carry(full: Journey) -> None:
    program = full.json("stored")["program"]
    for day in program["week"]:
        ids = {i["exercise_id"] for i in day["items"]}
        assert {"suitcase_carry", "wall_press_dead_bug"} <= ids and "dead_bug" not in ids


def test_journey_morning_pain_lands_on_the_last_session(full: Journey) -> None:
    morning = full.json("morning")
    assert morning["profile"] == "default" and isinstance(morning["decisions"], list)
    exported = json.loads((full.tmp / "out" / "me.json").read_text(encoding="utf-8"))
    assert [e["pain_next_morning"] for s in exported["sessions"] for e in s["entries"]] == [2, 1]


def test_journey_json_export(full: Journey) -> None:
    full.ok("export-json")
    exported = json.loads((full.tmp / "out" / "me.json").read_text(encoding="utf-8"))
    assert exported["format"] == "corecoach-export"
    assert exported["profile"]["name"] == "default"
    progress, morning = full.json("progress"), full.json("morning")
    assert [d["rule"] for d in exported["decisions"]] == [d["rule"] for d in progress["decisions"]] + [
        d["rule"] for d in morning["decisions"]
    ]
    assert exported["programs"][-1]["data"]["week"]


def test_journey_csv_export(full: Journey) -> None:
    full.ok("export-csv")
    with (full.tmp / "out" / "csv" / "exercise_logs.csv").open(encoding="utf-8", newline="") as fh:
        logs = list(csv.DictReader(fh))
    assert [(r["session_date"], r["exercise_id"], r["sets"], r["reps_per_side"], r["pain_next_morning"]) for r in logs] == [
        (D1, "dead_bug", "3", "8", "2"),
        (D2, "dead_bug", "3", "8", "1"),
    ]
    with (full.tmp / "out" / "csv" / "decisions.csv").open(encoding="utf-8", newline="") as fh:
        assert "progress_criterion_met" in [r["rule"] for r in csv.DictReader(fh)]


def test_journey_markdown_and_html_exports(full: Journey) -> None:
    program = full.json("stored")["program"]
    full.ok("export-md")
    md = (full.tmp / "out" / "plan.md").read_text(encoding="utf-8")
    assert md.startswith("# ")
    assert all(i["name"]["en"] in md for d in program["week"] for i in d["items"])

    full.ok("export-html")
    parser = _Html()
    parser.feed((full.tmp / "out" / "plan.html").read_text(encoding="utf-8"))
    parser.close()
    text = flat(" ".join(parser.text))
    assert {"html", "head", "body", "h1", "section"} <= set(parser.tags)
    assert all(i["name"]["nl"] in text for d in program["week"] for i in d["items"])


def test_journey_ics_export(full: Journey) -> None:
    program = full.json("stored")["program"]
    full.ok("export-ics")
    events = list(Calendar.from_ical((full.tmp / "out" / "plan.ics").read_bytes()).walk("VEVENT"))
    planned_days = {WEEKDAY[d["day"]] for d in program["week"]}
    starts = sorted(e.decoded("DTSTART").date() for e in events)
    assert events and len(starts) == len(set(starts))
    # every planned day in the two weeks from today on, once (the calendar is written "today")
    today = date.today()
    window = [today + timedelta(days=n) for n in range(14)]
    assert starts == [d for d in window if d.weekday() in planned_days]
    assert len(events) == 2 * len(program["week"])


def test_journey_delete_needs_confirmation_then_erases(full: Journey) -> None:
    refused = full["delete-unconfirmed"]
    assert refused.returncode == 2  # no terminal to ask on
    assert "--yes" in flat(refused.stderr)
    full.ok("delete")  # the profile was still there to delete
    for table in (
        "profiles",
        "intakes",
        "programs",
        "rungs",
        "sessions",
        "exercise_logs",
        "decisions",
        "referrals",
        "acknowledgements",
        "movement_analyses",
    ):
        assert full.rows(f"SELECT count(*) FROM {table}") == [(0,)], table

    gone = full["progress-gone"]
    assert gone.returncode != 0
    assert "no profile called 'default'" in flat(gone.stderr)
    assert "Traceback" not in gone.stderr
    gone_json = full["progress-gone-json"]
    assert gone_json.returncode != 0
    assert parse_json(gone_json)["error"]["type"] == "ProfileNotFoundError"


# --- other journeys -------------------------------------------------------------------------------------


def test_profiles_keep_two_people_apart(journeys: dict[str, Journey]) -> None:
    j = journeys["two-people"]
    j.ok("plan-alice")
    assert j.json("plan-bob")["profile"] == "bob"
    j.ok("log-alice")
    # alice's exercise is not bob's: his program starts lower on the ladder
    refused = j["log-bob-dead-bug"]
    assert refused.returncode == 2
    assert "not in your current program" in parse_json(refused)["error"]["message"]

    listed = j.json("profiles")
    assert {(p["name"], p["language"]) for p in listed} == {("alice", "en"), ("bob", "nl")}
    alice, bob = j.json("progress-alice"), j.json("progress-bob")
    assert (alice["sessions_logged"], bob["sessions_logged"]) == (1, 0)
    assert bob["decisions"] == []
    assert {p["function"]: p["exercise_id"] for p in bob["phases"]}["anti_extension"].startswith("dead_bug_")
    assert {p["function"]: p["exercise_id"] for p in alice["phases"]}["anti_extension"] == "dead_bug"
    assert j.rows(
        "SELECT p.name, count(l.id) FROM profiles p LEFT JOIN exercise_logs l ON l.profile_id = p.id GROUP BY p.name ORDER BY p.name"
    ) == [
        ("alice", 1),
        ("bob", 0),
    ]


def test_profile_from_the_environment(journeys: dict[str, Journey]) -> None:
    assert journeys["env"].json("plan")["profile"] == "from-env"


def test_red_flag_during_training_stops_and_refuses_further_logs(journeys: dict[str, Journey]) -> None:
    j = journeys["red-flag"]
    j.ok("plan")
    flagged = j["log-flag"]
    assert flagged.returncode == 3, flagged.stderr
    doc = parse_json(flagged)
    assert doc["program"] is None
    assert doc["referral"]["urgency"] == "emergency"
    assert doc["referral"]["red_flag_ids"] == ["saddle_numbness"]

    for step in ("log-again", "morning"):
        refused = j[step]
        assert refused.returncode == 2, step
        assert "red flag" in parse_json(refused)["error"]["message"]
    assert j.rows("SELECT red_flag_ids FROM sessions") == [('["saddle_numbness"]',)]
    assert j.rows("SELECT stopped_red_flag FROM profiles") == [(1,)]
    assert j.rows("SELECT count(*) FROM decisions") == [(0,)]
    report = j.json("progress")
    assert report["stopped_red_flag"] is True and report["decisions"] == []


def test_a_whole_session_from_a_file(journeys: dict[str, Journey]) -> None:
    j = journeys["session-file"]
    doc = j.json("log-file")
    by_function = {d["function"]: d for d in doc["decisions"]}
    assert by_function["anti_extension"]["rule"] == "regress_pain_above_5"
    assert by_function["anti_extension"]["to_exercise"] == "dead_bug_toe_tap"
    assert j.rows("SELECT exercise_id FROM exercise_logs ORDER BY id") == [("dead_bug",), ("breathing_90_90",)]
