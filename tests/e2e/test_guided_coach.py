"""The guided coach in a real pseudo-terminal (pexpect), and its no-terminal fallback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from corecoach.screening.red_flags import load_red_flags

CORECOACH = str(Path(sys.executable).parent / "corecoach")


def _spawn(db: Path) -> pexpect.spawn:
    env = dict(os.environ, CORECOACH_DATABASE_URL=f"sqlite:///{db}", COLUMNS="200", NO_COLOR="1")
    return pexpect.spawn(CORECOACH, env=env, encoding="utf-8", timeout=20)


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_no_terminal_explains_intake_file(tmp_path: Path) -> None:
    env = dict(os.environ, CORECOACH_DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}")
    proc = subprocess.run([CORECOACH], stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0
    assert "corecoach plan --intake examples/intake.yaml" in proc.stdout
    assert "not a terminal" in proc.stdout


def test_guided_flow_in_dutch_makes_and_stores_a_program(tmp_path: Path) -> None:
    db = tmp_path / "guided.db"
    child = _spawn(db)
    child.expect("Taal")
    child.sendline("nl")
    child.expect("naam")
    child.sendline("Ann")
    for _ in load_red_flags():
        child.expect(r"\[j/n\]")
        child.sendline("n")
    child.expect("hernia")
    child.sendline("n")
    child.expect("rugaandoening")
    child.sendline("n")
    child.expect("op dit moment")
    child.sendline("12")  # out of range: asked again
    child.expect("Geef een getal van 0 tot 10")
    child.sendline("3")
    child.expect("afgelopen week")
    child.sendline("5")
    child.expect("Activiteit")
    child.sendline("tuinieren")
    child.expect("Hoe goed")
    child.sendline("4")
    child.expect("Activiteit")
    child.sendline("")
    child.expect("ademprikkel")
    child.sendline("25")
    child.expect("Welke hand")
    child.sendline("belly")
    child.expect("ribben")
    child.sendline("y")
    child.expect("plat op de vloer")
    child.sendline("y")
    child.expect("sets lukken met goede techniek")
    child.sendline("3")
    child.expect("per been met goede techniek per set")
    child.sendline("8")
    child.expect("wall-press")
    child.sendline("n")
    child.expect("Suitcase")
    child.sendline("0")
    child.expect("Pallof")
    child.sendline("0")
    child.expect("Bird dog")
    child.sendline("0")
    child.expect("McGill")
    child.sendline("n")
    child.expect("naar links")
    child.sendline("0")
    child.expect("naar rechts")
    child.sendline("0")
    child.expect("squat")
    child.sendline("y")
    child.expect("tafel")
    child.sendline("n")
    child.expect("knie naar je borst")
    child.sendline("y")
    child.expect("boven je hoofd")
    child.sendline("y")
    child.expect("Uren")
    child.sendline("7")
    child.expect("één been")
    child.sendline("n")
    child.expect("Trainingservaring")
    child.sendline("beginner")
    child.expect("Trainingsdagen")
    child.sendline("tue,someday")  # invalid day: asked again
    child.expect("Antwoord met een van")
    child.expect("Trainingsdagen")
    child.sendline("tue,thu")
    child.expect("Materiaal")
    child.sendline("band, kettlebell")
    child.expect("Minuten")
    child.sendline("30")
    child.expect("Opgeslagen voor profiel 'Ann'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    # 3x8 clean dead bugs: starts at the wall-press dead bug, and the suitcase carry is unlocked
    with sqlite3.connect(db) as con:
        rungs = dict(con.execute("SELECT function, exercise_id FROM rungs").fetchall())
        unlocked = dict(con.execute("SELECT function, unlocked FROM rungs").fetchall())
    assert rungs["anti_extension"] == "wall_press_dead_bug"
    assert unlocked["anti_lateral_flexion"] == 1
    assert _count(db, "programs") == 1


def test_guided_red_flag_stops_with_referral_and_no_program(tmp_path: Path) -> None:
    db = tmp_path / "guided.db"
    child = _spawn(db)
    child.expect("Taal")
    child.sendline("en")
    child.expect("name")
    child.sendline("Bo")
    child.expect(r"\[y/n\]")
    child.sendline("y")  # the first red flag (a cauda equina sign): emergency
    child.expect("emergency")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert _count(db, "programs") == 0
    assert _count(db, "referrals") == 1


@pytest.mark.parametrize("answer", ["n"])
def test_guided_hernia_without_approval_stops_and_saves_nothing(tmp_path: Path, answer: str) -> None:
    db = tmp_path / "guided.db"
    child = _spawn(db)
    child.expect("Taal")
    child.sendline("en")
    child.expect("name")
    child.sendline("Cy")
    for _ in load_red_flags():
        child.expect(r"\[y/n\]")
        child.sendline("n")
    child.expect("hernia")
    child.sendline("y")
    child.expect("another back condition")
    child.sendline("n")
    child.expect("only with their approval")
    child.expect("confirm")
    child.sendline(answer)
    child.expect("Nothing was saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not db.exists() or _count(db, "profiles") == 0
