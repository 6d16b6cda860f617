"""The guided coach asks for a doctor's or physio's agreement after a "see a doctor before starting" yes (real pseudo-terminal)."""

from __future__ import annotations

import os
import sqlite3
import sys
from datetime import date, timedelta
from pathlib import Path

import pexpect

from corecoach.domain.enums import Urgency
from corecoach.screening.red_flags import load_red_flags

CORECOACH = str(Path(sys.executable).parent / "corecoach")
SEE_DOCTOR = "no_improvement_after_month"


def _spawn(db: Path) -> pexpect.spawn:
    env = dict(os.environ, CORECOACH_DATABASE_URL=f"sqlite:///{db}", COLUMNS="200", NO_COLOR="1")
    return pexpect.spawn(CORECOACH, env=env, encoding="utf-8", timeout=20)


def _answer_safety_questions(child: pexpect.spawn, yes: str) -> None:
    child.expect("Taal")
    child.sendline("en")
    child.expect("name")
    child.sendline("Di")
    for flag in sorted(load_red_flags().values(), key=lambda f: f.urgency.rank):
        child.expect(r"\[y/n\]")
        child.sendline("y" if flag.id == yes else "n")
        if flag.id == yes and flag.urgency is not Urgency.SEE_DOCTOR_BEFORE_STARTING:
            return


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as con:
        return list(con.execute(sql).fetchall())


def test_without_agreement_it_refers_and_says_how_to_come_back(tmp_path: Path) -> None:
    db = tmp_path / "guided.db"
    child = _spawn(db)
    _answer_safety_questions(child, SEE_DOCTOR)
    child.expect("should see you for what you answered yes to")
    child.expect("A doctor or physio has seen me for this and agrees I can start")
    child.sendline("n")
    child.expect("come back and confirm it")
    child.expect("answer yes when it asks whether a doctor or physio has seen you")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert _rows(db, "SELECT red_flag_ids FROM referrals") == [(f'["{SEE_DOCTOR}"]',)]
    assert _rows(db, "SELECT count(*) FROM programs") == [(0,)]


def test_with_agreement_and_a_date_it_makes_the_program_with_the_advice(tmp_path: Path) -> None:
    db = tmp_path / "guided.db"
    seen_on = (date.today() - timedelta(days=3)).isoformat()
    child = _spawn(db)
    _answer_safety_questions(child, SEE_DOCTOR)
    child.expect("agrees I can start")
    child.sendline("y")
    child.expect("Who saw you")
    child.sendline("physio")
    child.expect("On what date")
    child.sendline((date.today() + timedelta(days=1)).isoformat())  # tomorrow: asked again
    child.expect("Give the date as YYYY-MM-DD")
    child.expect("On what date")
    child.sendline("yesterday")  # not a date: asked again
    child.expect("Give the date as YYYY-MM-DD")
    child.sendline(seen_on)
    for prompt, answer in [
        ("hernia", "n"),
        ("another back condition", "n"),
        ("right now", "3"),
        ("last week", "4"),
        ("Activity", ""),
        ("urge to breathe", "0"),
        ("Which hand", "belly"),
        ("ribs stay down", "y"),
        ("stay flat on the floor", "n"),
        ("Toe taps", "y"),
        ("Suitcase", "0"),
        ("Pallof", "0"),
        ("Bird dog", "0"),
        ("McGill", "n"),
        ("to the left", "0"),
        ("to the right", "0"),
        ("deep squat", "n"),
        ("table edge", "n"),
        ("knee to your chest", "y"),
        ("arms overhead", "y"),
        ("Hours you sit", "6"),
        ("one leg", "n"),
        ("Training experience", "beginner"),
        ("Training days", "mon,thu"),
        ("Equipment", "none"),
        ("Minutes per session", "30"),
    ]:
        child.expect(prompt)
        child.sendline(answer)
    child.expect("Keep watching for warning signs")
    child.expect(f"a physio saw you on {seen_on}")
    child.expect("Call 112 now")
    child.expect("Saved for profile 'Di'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert _rows(db, "SELECT seen_by, seen_on, red_flag_ids FROM acknowledgements WHERE kind = 'red_flag_clearance'") == [
        ("physio", seen_on, f'["{SEE_DOCTOR}"]')
    ]
    assert _rows(db, "SELECT count(*) FROM programs") == [(1,)]


def test_an_urgent_yes_stops_at_once_without_asking_for_agreement(tmp_path: Path) -> None:
    db = tmp_path / "guided.db"
    child = _spawn(db)
    _answer_safety_questions(child, "fever_with_back_pain")
    index = child.expect(["agrees I can start", "Contact your GP"])
    assert index == 1
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
    assert _rows(db, "SELECT count(*) FROM acknowledgements") == [(0,)]
