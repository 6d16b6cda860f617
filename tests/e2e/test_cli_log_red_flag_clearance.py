"""`corecoach log` and a cleared person, through the installed console script.

A "see a doctor before starting" answer the clearance covers (``--red-flag`` or a session file's red_flags) is
stored with the session and the program goes on (exit 0, the clearance's date and the warning signs once);
one it does not cover stops with exit 3 and says how to come back; an emergency answer stops with exit 3.
Each scenario runs on its own fresh database, side by side (``cli_batch``).
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from corecoach.domain.enums import Language
from corecoach.screening.red_flags import EMERGENCY_ACTION, load_red_flags
from corecoach.screening.triage import SafetyNet

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
SEEN_ON = (date.today() - timedelta(days=10)).isoformat()
CLEAN_3X8 = ["--sets", "3", "--reps-per-side", "8", "--clean", "--pain-before", "2", "--pain-during", "2"]
LOG = ["log", "-e", "dead_bug", *CLEAN_3X8]


def _prepare(tmp: Path) -> None:
    intake = copy.deepcopy(EXAMPLE)
    intake["red_flags"]["night_pain"] = True
    intake["clearance"] = {"seen_by": "doctor", "seen_on": SEEN_ON}
    (tmp / "intake.yaml").write_text(yaml.safe_dump(intake), encoding="utf-8")
    entry = {"exercise_id": "dead_bug", "sets": 3, "reps_per_side": 8, "clean_form": True, "pain_before": 2, "pain_during": 2}
    (tmp / "session.yaml").write_text(yaml.safe_dump({"red_flags": {"night_pain": True}, "entries": [entry]}), encoding="utf-8")


PLAN = ["plan", "--intake", "{tmp}/intake.yaml", "--json"]
SCENARIOS: dict[str, list[list[str]]] = {
    "covered": [PLAN, [*LOG, "--red-flag", "night_pain"], [*LOG, "--red-flag", "night_pain", "--lang", "nl"], ["plan", "--json"]],
    "covered-json": [PLAN, [*LOG, "--red-flag", "night_pain", "--json"]],
    "covered-file": [PLAN, ["log", "--file", "{tmp}/session.yaml", "--json"], ["plan", "--json"]],
    "not-covered": [PLAN, [*LOG, "--red-flag", "night_pain", "--red-flag", "unexplained_weight_loss"], ["plan", "--json"]],
    "not-covered-json": [PLAN, [*LOG, "--red-flag", "unexplained_weight_loss", "--json"]],
    "emergency": [PLAN, [*LOG, "--red-flag", "night_pain", "--red-flag", "saddle_numbness", "--json"]],
}


@pytest.fixture(scope="module")
def runs(cli_batch: Any) -> dict[str, tuple[Path, list[Any]]]:
    def job(name: str) -> Any:
        def make(tmp: Path) -> tuple[list[list[str]], dict[str, str]]:
            _prepare(tmp)
            return [[a.replace("{tmp}", str(tmp)) for a in args] for args in SCENARIOS[name]], {"COLUMNS": "250"}

        return make

    return cli_batch("log-clearance", {name: job(name) for name in SCENARIOS})


def _ok(proc: Any) -> Any:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}"
    return proc


def _flat(text: str) -> str:
    return " ".join(re.sub(r"[│╭╮╰╯─┃┏┓┗┛━]", " ", text).split())


def _sessions(tmp: Path) -> list[tuple[str, int]]:
    with closing(sqlite3.connect(tmp / "cc.db")) as conn:
        rows = conn.execute("SELECT s.red_flag_ids, p.stopped_red_flag FROM sessions s JOIN profiles p ON p.id = s.profile_id").fetchall()
    return [(json.loads(flags) if isinstance(flags, str) else flags, stopped) for flags, stopped in rows]


def test_a_covered_answer_is_logged_and_the_program_goes_on(runs: dict[str, tuple[Path, list[Any]]]) -> None:
    tmp, (plan, log_en, log_nl, later) = runs["covered"]
    _ok(plan)
    net = SafetyNet(red_flag_ids=("night_pain",), seen_by="doctor", seen_on=date.fromisoformat(SEEN_ON))
    for proc, lang in ((log_en, Language.EN), (log_nl, Language.NL)):
        out = _flat(_ok(proc).stdout)
        assert SEEN_ON in out
        assert load_red_flags()["night_pain"].question(lang) in out
        assert out.count(_flat(EMERGENCY_ACTION(lang))) == 1  # the warning signs, once
        for sign in net.watch(lang):
            assert _flat(sign) in out
    assert "goes on" in _flat(log_en.stdout) and "gaat door" in _flat(log_nl.stdout)
    assert _ok(later) and json.loads(later.stdout)["program"]["week"]
    assert _sessions(tmp) == [(["night_pain"], 0), (["night_pain"], 0)]


@pytest.mark.parametrize("scenario", ["covered-json", "covered-file"])
def test_a_covered_answer_in_json_and_from_a_session_file(runs: dict[str, tuple[Path, list[Any]]], scenario: str) -> None:
    tmp, procs = runs[scenario]
    document = json.loads(_ok(procs[1]).stdout)
    covered = document["red_flags_covered"]
    assert covered["red_flag_ids"] == ["night_pain"]
    assert (covered["seen_by"], covered["seen_on"]) == ("doctor", SEEN_ON)
    assert document["decisions"]
    assert _sessions(tmp) == [(["night_pain"], 0)]
    if scenario == "covered-file":
        _ok(procs[2])


def test_an_answer_the_clearance_does_not_cover_stops_and_says_how_to_come_back(runs: dict[str, tuple[Path, list[Any]]]) -> None:
    tmp, (_plan, log, later) = runs["not-covered"]
    assert log.returncode == 3, log.stdout + log.stderr
    out = _flat(log.stdout)
    assert load_red_flags()["unexplained_weight_loss"].question(Language.EN) in out
    assert "seen_by: doctor" in out and "corecoach plan --intake FILE" in out  # how to come back
    assert later.returncode != 0 and "stopped because a red flag" in later.stdout  # stopped until cleared for it
    assert _sessions(tmp) == [(["night_pain", "unexplained_weight_loss"], 1)]

    _, (_plan, log_json) = runs["not-covered-json"]
    assert log_json.returncode == 3
    document = json.loads(log_json.stdout)
    assert document["referral"]["red_flag_ids"] == ["unexplained_weight_loss"]
    assert "seen_by" in document["referral"]["how_to_confirm"]["en"]


def test_an_emergency_answer_stops_a_cleared_person(runs: dict[str, tuple[Path, list[Any]]]) -> None:
    tmp, (_plan, log) = runs["emergency"]
    assert log.returncode == 3, log.stdout + log.stderr
    document = json.loads(log.stdout)
    assert document["referral"]["urgency"] == "emergency"
    assert document["referral"]["how_to_confirm"] is None
    assert _sessions(tmp) == [(["night_pain", "saddle_numbness"], 1)]
