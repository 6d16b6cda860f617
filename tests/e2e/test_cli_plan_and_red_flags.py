"""`corecoach plan` through the installed console script: the program, Dutch output, and every red flag stopping it."""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import yaml

from corecoach.screening.red_flags import load_red_flags

RunCli = Callable[..., subprocess.CompletedProcess[str]]
REPO = Path(__file__).resolve().parents[2]
RED_FLAG_IDS = sorted(load_red_flags())
PHASES = ["breathing", "anti_extension", "anti_lateral_flexion", "anti_rotation", "integration"]


def flat(text: str) -> str:
    return " ".join(text.split())


def parse_json(proc: subprocess.CompletedProcess[str]) -> Any:
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as exc:  # pragma: no cover - shows what polluted stdout
        pytest.fail(f"stdout is not one JSON document ({exc}):\n{proc.stdout[:2000]}\nstderr:\n{proc.stderr[:2000]}")


def test_plan_from_the_example_intake_as_json(run_cli: RunCli) -> None:
    proc = run_cli("plan", "--intake", "examples/intake.yaml", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = parse_json(proc)
    assert doc["referral"] is None
    program = doc["program"]
    assert [p["function"] for p in program["phases"]] == PHASES
    assert len(program["phases"]) == 5
    assert [p["unlocked"] for p in program["phases"]][:2] == [True, True]
    assert all(p["unlock_criterion"]["en"] and p["unlock_criterion"]["nl"] for p in program["phases"])
    assert [d["day"] for d in program["week"]] == ["mon", "wed", "fri"]
    for day in program["week"]:
        ids = [i["exercise_id"] for i in day["items"]]
        assert ids[0] in {"breathing_90_90", "crocodile_breathing"}  # breathing first
        assert "dead_bug" in ids
        assert day["estimated_minutes"] > 0
    assert doc["assessment"]["placements"]["anti_extension"] == "dead_bug"

    # the stored program comes back unchanged
    again = run_cli("plan", "--json")
    assert again.returncode == 0, again.stderr
    assert parse_json(again)["program"] == program


def test_plan_in_dutch_for_people(run_cli: RunCli) -> None:
    proc = run_cli("plan", "--intake", "examples/intake.yaml", "--lang", "nl")
    assert proc.returncode == 0, proc.stderr
    text = flat(proc.stdout)
    for dutch in ("Eerst ademhaling", "Anti-extensie", "Maandag", "oefening", "geen medisch hulpmiddel", "Dead bug (dode kever)"):
        assert dutch in text, dutch
    assert "Breathing first" not in text
    assert "Saved for profile 'default'" in flat(proc.stderr)


def _intake_with(flag: str | None) -> dict[str, Any]:
    data = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    if flag is not None:
        data["red_flags"][flag] = True
    return data


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CORECOACH_DATABASE_URL"] = f"sqlite:///{tmp / 'cc.db'}"
    env["CORECOACH_DATA_DIR"] = str(tmp / "data")
    env.pop("CORECOACH_PROFILE", None)
    return env


#: one flag per urgency level also gets the later `corecoach plan --json` through the CLI (the others are
#: checked in their database file directly, which keeps the suite quick)
LATER_PLAN_CHECKED = sorted({load_red_flags()[f].urgency: f for f in reversed(RED_FLAG_IDS)}.values())


class FlagRun:
    def __init__(self, db_file: Path, planned: subprocess.CompletedProcess[str], later: subprocess.CompletedProcess[str] | None) -> None:
        self.db_file, self.planned, self.later = db_file, planned, later


@pytest.fixture(scope="module")
def red_flag_runs(
    run_cli_env: Callable[..., subprocess.CompletedProcess[str]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, FlagRun]:
    """For every red flag, on its own fresh database: `plan --intake F --json` (and for some `plan --json` after).

    The flags run side by side (each in its own database) to keep the suite quick.
    """

    def one(flag: str) -> FlagRun:
        tmp = tmp_path_factory.mktemp(f"flag-{flag}")
        path = tmp / "intake.yaml"
        path.write_text(yaml.safe_dump(_intake_with(flag)), encoding="utf-8")
        env = _env(tmp)
        planned = run_cli_env("plan", "--intake", path, "--json", env=env)
        later = run_cli_env("plan", "--json", env=env) if flag in LATER_PLAN_CHECKED else None
        return FlagRun(tmp / "cc.db", planned, later)

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(zip(RED_FLAG_IDS, pool.map(one, RED_FLAG_IDS), strict=True))


def _stored(db_file: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(db_file)) as conn:
        return {
            "programs": conn.execute("SELECT count(*) FROM programs").fetchone()[0],
            "rungs": conn.execute("SELECT count(*) FROM rungs").fetchone()[0],
            "referrals": [json.loads(r[0]) for r in conn.execute("SELECT red_flag_ids FROM referrals")],
            "stopped": [bool(r[0]) for r in conn.execute("SELECT stopped_red_flag FROM profiles")],
        }


@pytest.mark.parametrize("flag", RED_FLAG_IDS)
def test_every_red_flag_stops_the_plan_with_a_referral(red_flag_runs: dict[str, FlagRun], flag: str) -> None:
    run = red_flag_runs[flag]
    assert run.planned.returncode == 3, run.planned.stderr
    doc = parse_json(run.planned)
    assert doc["program"] is None
    referral = doc["referral"]
    assert referral["red_flag_ids"] == [flag]
    assert referral["urgency"] == load_red_flags()[flag].urgency.value
    assert referral["headline"]["en"] and referral["headline"]["nl"]
    assert referral["action"]["en"] and referral["action"]["nl"]
    assert doc.get("assessment") is None
    # the referral is stored, no program is, and the profile is stopped
    assert _stored(run.db_file) == {"programs": 0, "rungs": 0, "referrals": [[flag]], "stopped": [True]}


@pytest.mark.parametrize("flag", LATER_PLAN_CHECKED)
def test_after_a_red_flag_the_stored_plan_is_refused(red_flag_runs: dict[str, FlagRun], flag: str) -> None:
    later = red_flag_runs[flag].later
    assert later is not None
    assert later.returncode != 0
    doc = parse_json(later)
    assert set(doc) == {"error"}  # no program
    assert "red flag" in doc["error"]["message"]


def test_red_flag_referral_for_people_in_dutch(run_cli: RunCli, write_intake: Callable[..., Path]) -> None:
    path = write_intake(_intake_with("saddle_numbness"))
    proc = run_cli("plan", "--intake", path, "--lang", "nl")
    assert proc.returncode == 3
    text = flat(proc.stdout)
    assert "zadel" in text  # the question as the person answered it, in Dutch
    assert "Eerst ademhaling" not in text  # no program


def test_red_flag_hides_an_earlier_program(run_cli: RunCli, write_intake: Callable[..., Path]) -> None:
    assert run_cli("plan", "--intake", "examples/intake.yaml", "--json").returncode == 0
    flagged = run_cli("plan", "--intake", write_intake(_intake_with("fever_with_back_pain")), "--json")
    assert flagged.returncode == 3
    assert parse_json(flagged)["program"] is None
    later = run_cli("plan", "--json")
    assert later.returncode != 0
    assert "program" not in parse_json(later)


def test_several_red_flags_refer_at_the_most_urgent_level(run_cli: RunCli, write_intake: Callable[..., Path]) -> None:
    data = _intake_with("night_pain")
    data["red_flags"]["bladder_retention"] = True
    proc = run_cli("plan", "--intake", write_intake(data), "--json")
    assert proc.returncode == 3
    referral = parse_json(proc)["referral"]
    assert referral["urgency"] == "emergency"
    assert set(referral["red_flag_ids"]) == {"night_pain", "bladder_retention"}


def test_json_intake_works_like_yaml(run_cli: RunCli, write_intake: Callable[..., Path]) -> None:
    path = write_intake(_intake_with(None), "intake.json")
    proc = run_cli("plan", "--intake", path, "--json", "--profile", "json-person")
    assert proc.returncode == 0, proc.stderr
    assert parse_json(proc)["profile"] == "json-person"
