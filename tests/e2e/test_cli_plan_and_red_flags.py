"""`corecoach plan` through the installed console script: the program, Dutch output, and every red flag stopping it.

Each scenario runs on its own fresh database; independent scenarios run side by side (``cli_batch``).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
import subprocess
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from corecoach.screening.red_flags import load_red_flags

Proc = subprocess.CompletedProcess[str]
REPO = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
RED_FLAG_IDS = sorted(load_red_flags())
PHASES = ["breathing", "anti_extension", "anti_lateral_flexion", "anti_rotation", "integration"]
#: one flag per urgency level also gets a later `corecoach plan --json` (the stored program) through the CLI;
#: for every flag the database file itself is checked for a stored program
LATER_PLAN_CHECKED = sorted({load_red_flags()[f].urgency: f for f in reversed(RED_FLAG_IDS)}.values())


def flat(text: str) -> str:
    return " ".join(text.split())


def unboxed(text: str) -> str:
    """The words of the terminal output without the panels' frames, on one line."""
    return flat(re.sub(r"[│╭╮╰╯─┃┏┓┗┛━]", " ", text))


def parse_json(proc: Proc) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - shows what polluted stdout
        pytest.fail(f"stdout is not one JSON document ({exc}):\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}")


def _intake_with(*flags: str, clearance: dict[str, Any] | None = None) -> dict[str, Any]:
    data = copy.deepcopy(EXAMPLE)
    for flag in flags:
        data["red_flags"][flag] = True
    if clearance is not None:
        data["clearance"] = clearance
    return data


#: A doctor saw the person ten days ago for their "see a doctor before starting" answers and agrees.
SEEN_ON = (date.today() - timedelta(days=10)).isoformat()
CLEARANCE = {"seen_by": "doctor", "seen_on": SEEN_ON}


def _file(data: dict[str, Any], tmp: Path, name: str = "intake.yaml") -> Path:
    path = tmp / name
    path.write_text(json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data), encoding="utf-8")
    return path


def _jobs() -> dict[str, Any]:
    jobs: dict[str, Any] = {
        "example-json": lambda _tmp: ([["plan", "--intake", "examples/intake.yaml", "--json"], ["plan", "--json"]], {}),
        "example-nl": lambda _tmp: ([["plan", "--intake", "examples/intake.yaml", "--lang", "nl"]], {"COLUMNS": "250"}),
        "json-intake": lambda tmp: ([["plan", "--intake", _file(_intake_with(), tmp, "intake.json"), "--json", "-p", "json-person"]], {}),
        "referral-nl": lambda tmp: ([["plan", "--intake", _file(_intake_with("saddle_numbness"), tmp), "--lang", "nl"]], {}),
        "two-flags": lambda tmp: ([["plan", "--intake", _file(_intake_with("night_pain", "bladder_retention"), tmp), "--json"]], {}),
        "flag-after-program": lambda tmp: (
            [
                ["plan", "--intake", "examples/intake.yaml", "--json"],
                ["plan", "--intake", _file(_intake_with("fever_with_back_pain"), tmp), "--json"],
                ["plan", "--json"],
            ],
            {},
        ),
    }
    jobs |= {
        "see-doctor": lambda tmp: ([["plan", "--intake", _file(_intake_with("no_improvement_after_month"), tmp)]], {"COLUMNS": "200"}),
        "see-doctor-cleared": lambda tmp: (
            [
                ["plan", "--intake", _file(_intake_with("no_improvement_after_month", "night_pain", clearance=CLEARANCE), tmp)],
                ["plan"],
                ["plan", "--json"],
                ["export", "--format", "md"],
            ],
            {"COLUMNS": "200"},
        ),
        "see-doctor-cleared-nl": lambda tmp: (
            [["plan", "--intake", _file(_intake_with("new_pain_under_20_or_over_50", clearance=CLEARANCE), tmp), "--lang", "nl"]],
            {"COLUMNS": "200"},
        ),
        "see-doctor-cleared-json": lambda tmp: (
            [["plan", "--intake", _file(_intake_with("no_improvement_after_month", clearance=CLEARANCE), tmp, "intake.json"), "--json"]],
            {},
        ),
        "urgent-with-clearance": lambda tmp: (
            [["plan", "--intake", _file(_intake_with("fever_with_back_pain", "night_pain", clearance=CLEARANCE), tmp), "--json"]],
            {},
        ),
        "clearance-in-the-future": lambda tmp: (
            [
                [
                    "plan",
                    "--intake",
                    _file(_intake_with("night_pain", clearance={"seen_by": "physio", "seen_on": "2999-01-01"}), tmp),
                ]
            ],
            {},
        ),
    }
    for flag in RED_FLAG_IDS:

        def job(tmp: Path, flag: str = flag) -> tuple[list[list[Any]], dict[str, str]]:
            calls: list[list[Any]] = [["plan", "--intake", _file(_intake_with(flag), tmp), "--json"]]
            if flag in LATER_PLAN_CHECKED:
                calls.append(["plan", "--json"])
            return calls, {}

        jobs[f"flag:{flag}"] = job
    return jobs


@pytest.fixture(scope="module")
def runs(cli_batch: Any) -> dict[str, tuple[Path, list[Proc]]]:
    return cli_batch("plan", _jobs())


def ok(proc: Proc) -> Proc:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}"
    return proc


def test_plan_from_the_example_intake_as_json(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    planned, stored = runs["example-json"][1]
    doc = parse_json(ok(planned))
    assert set(doc) >= {"profile", "program", "assessment", "referral"}
    assert doc["referral"] is None
    program = doc["program"]
    assert [p["function"] for p in program["phases"]] == PHASES
    assert len(program["phases"]) == 5
    assert [p["unlocked"] for p in program["phases"]] == [True, True, False, False, False]
    assert all(p["unlock_criterion"]["en"] and p["unlock_criterion"]["nl"] for p in program["phases"])
    assert [d["day"] for d in program["week"]] == ["mon", "wed", "fri"]
    for day in program["week"]:
        ids = [i["exercise_id"] for i in day["items"]]
        assert ids[0] in {"breathing_90_90", "crocodile_breathing"}  # breathing first
        assert ids[-1] == "dead_bug"  # the core block after mobility
        assert day["estimated_minutes"] > 0
    assert doc["assessment"]["placements"]["anti_extension"] == "dead_bug"
    # the stored program comes back unchanged
    assert parse_json(ok(stored)) == {"profile": "default", "program": program}


def test_plan_in_dutch_for_people(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    proc = ok(runs["example-nl"][1][0])
    text = flat(proc.stdout)
    for dutch in (
        "Eerst ademhaling",
        "Je onderrug niet hol laten trekken",
        "Maandag",
        "oefening",
        "geen medisch hulpmiddel",
        "Dead bug (dode kever)",
    ):
        assert dutch in text, dutch
    assert "Breathing first" not in text
    assert "Opgeslagen voor profiel 'default'" in flat(proc.stderr)  # Dutch on stderr too


def test_json_intake_works_like_yaml(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    doc = parse_json(ok(runs["json-intake"][1][0]))
    assert doc["profile"] == "json-person"
    assert [p["function"] for p in doc["program"]["phases"]] == PHASES


def _stored(db_file: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(db_file)) as conn:
        return {
            "programs": conn.execute("SELECT count(*) FROM programs").fetchone()[0],
            "rungs": conn.execute("SELECT count(*) FROM rungs").fetchone()[0],
            "referrals": [json.loads(r[0]) for r in conn.execute("SELECT red_flag_ids FROM referrals")],
            "stopped": [bool(r[0]) for r in conn.execute("SELECT stopped_red_flag FROM profiles")],
        }


@pytest.mark.parametrize("flag", RED_FLAG_IDS)
def test_every_red_flag_stops_the_plan_with_a_referral(runs: dict[str, tuple[Path, list[Proc]]], flag: str) -> None:
    tmp, procs = runs[f"flag:{flag}"]
    planned = procs[0]
    assert planned.returncode == 3, planned.stderr
    doc = parse_json(planned)
    assert doc["program"] is None
    referral = doc["referral"]
    assert referral["red_flag_ids"] == [flag]
    assert referral["urgency"] == load_red_flags()[flag].urgency.value
    assert referral["headline"]["en"] and referral["headline"]["nl"]
    assert referral["action"]["en"] and referral["action"]["nl"]
    assert doc.get("assessment") is None
    # the referral is stored, no program is, and the profile is stopped
    assert _stored(tmp / "cc.db") == {"programs": 0, "rungs": 0, "referrals": [[flag]], "stopped": [True]}


@pytest.mark.parametrize("flag", LATER_PLAN_CHECKED)
def test_after_a_red_flag_the_stored_plan_is_refused(runs: dict[str, tuple[Path, list[Proc]]], flag: str) -> None:
    later = runs[f"flag:{flag}"][1][1]
    assert later.returncode != 0
    doc = parse_json(later)
    assert set(doc) == {"error"}  # no program
    assert "red flag" in doc["error"]["message"]


def test_red_flag_hides_an_earlier_program(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    first, flagged, later = runs["flag-after-program"][1]
    assert parse_json(ok(first))["program"] is not None
    assert flagged.returncode == 3
    assert parse_json(flagged)["program"] is None
    assert later.returncode != 0
    assert "program" not in parse_json(later)


def test_red_flag_referral_for_people_in_dutch(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    proc = runs["referral-nl"][1][0]
    assert proc.returncode == 3
    text = flat(proc.stdout)
    assert "zadel" in text  # the question as the person answered it, in Dutch
    assert "Eerst ademhaling" not in text  # no program


def test_several_red_flags_refer_at_the_most_urgent_level(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    proc = runs["two-flags"][1][0]
    assert proc.returncode == 3
    referral = parse_json(proc)["referral"]
    assert referral["urgency"] == "emergency"
    assert set(referral["red_flag_ids"]) == {"night_pain", "bladder_retention"}


def _clearance_rows(db_file: Path) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(db_file)) as conn:
        return [
            (kind, seen_by, seen_on, json.loads(ids))
            for kind, seen_by, seen_on, ids in conn.execute(
                "SELECT kind, seen_by, seen_on, red_flag_ids FROM acknowledgements WHERE kind = 'red_flag_clearance'"
            )
        ]


def test_see_doctor_answer_without_clearance_refers_and_says_how_to_come_back(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    tmp, (proc,) = runs["see-doctor"]
    assert proc.returncode == 3, proc.stderr
    text = unboxed(proc.stdout)
    assert "more than a month" in text
    assert "come back and confirm it with the date they saw you" in text
    assert "clearance: seen_by: doctor # or physio seen_on: YYYY-MM-DD" in text  # the intake file field to add
    assert "Phases" not in text
    assert _stored(tmp / "cc.db")["programs"] == 0 and _clearance_rows(tmp / "cc.db") == []


def test_see_doctor_answers_with_clearance_make_the_program_and_show_the_advice(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    tmp, (planned, shown, as_json, printable) = runs["see-doctor-cleared"]
    for proc in (planned, shown):  # made now, and the stored program later: the advice both times
        assert proc.returncode == 0, proc.stderr
        text = unboxed(proc.stdout)
        assert "Keep watching for warning signs" in text
        assert f"a doctor saw you on {SEEN_ON}" in text
        assert "more than a month" in text and "at night" in text  # what was cleared
        assert "Call 112 now" in text and "out-of-hours GP service" in text  # when to stop, and what to do
        assert "Phases" in text  # and the program
    clearance = parse_json(ok(as_json))["clearance"]
    assert clearance["seen_on"] == SEEN_ON and clearance["red_flag_ids"] == ["no_improvement_after_month", "night_pain"]
    assert "## Keep watching for warning signs" in ok(printable).stdout  # the printable program too
    rows = _clearance_rows(tmp / "cc.db")
    assert rows == [("red_flag_clearance", "doctor", SEEN_ON, ["no_improvement_after_month", "night_pain"])]
    assert _stored(tmp / "cc.db")["stopped"] == [False]


def test_cleared_program_in_dutch(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    proc = ok(runs["see-doctor-cleared-nl"][1][0])
    text = unboxed(proc.stdout)
    assert "Blijf letten op waarschuwingssignalen" in text and "Bel nu 112." in text and "huisartsenpost" in text
    assert "Eerst ademhaling" in text


def test_cleared_program_as_json(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    doc = parse_json(ok(runs["see-doctor-cleared-json"][1][0]))
    assert doc["referral"] is None and doc["program"]["phases"]
    assert doc["clearance"]["seen_by"] == "doctor"
    assert doc["clearance"]["advice"]["en"][0] == "Keep watching for warning signs"


def test_urgent_flag_is_not_cleared(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    tmp, (proc,) = runs["urgent-with-clearance"]
    assert proc.returncode == 3
    doc = parse_json(proc)
    assert doc["program"] is None and doc["referral"]["urgency"] == "urgent"
    assert doc["referral"]["how_to_confirm"] is None
    assert _clearance_rows(tmp / "cc.db") == [] and _stored(tmp / "cc.db")["programs"] == 0


def test_clearance_in_the_future_is_invalid_input(runs: dict[str, tuple[Path, list[Proc]]]) -> None:
    _tmp, (proc,) = runs["clearance-in-the-future"]
    assert proc.returncode == 2
    assert "clearance.seen_on: 2999-01-01 is in the future" in flat(proc.stderr)
    assert "Traceback" not in proc.stderr
