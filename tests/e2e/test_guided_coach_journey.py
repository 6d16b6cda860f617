"""Issue 14: a Dutch layperson goes through the guided coach in a real pseudo-terminal (pexpect), answering
as people do (ja/nee, "buik", "ma,wo,vr", pain as 3/10), then runs exactly the commands it prints at its
end: no profile named, and every later command speaks Dutch because the profile is Dutch."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pexpect

from corecoach.screening.red_flags import load_red_flags

BIN = Path(sys.executable).parent
CORECOACH = str(BIN / "corecoach")


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ, CORECOACH_DATABASE_URL=f"sqlite:///{tmp / 'cc.db'}", CORECOACH_DATA_DIR=str(tmp / "data"))
    env.pop("CORECOACH_PROFILE", None)
    env.update(COLUMNS="80", NO_COLOR="1")
    return env


def _guided_in_dutch(tmp: Path) -> str:
    """Drive `corecoach coach --lang nl` as Sanne; returns the screen text."""
    child = pexpect.spawn(
        CORECOACH, ["coach", "--lang", "nl"], env=_env(tmp), cwd=str(tmp), encoding="utf-8", timeout=30, dimensions=(50, 80)
    )
    child.expect("naam")
    child.sendline("Sanne")
    for n, _ in enumerate(load_red_flags()):
        child.expect(r"\[j/n\]")
        child.sendline("nee" if n % 2 else "n")
    child.expect("hernia")
    child.sendline("nee")
    child.expect("rugaandoening")
    child.sendline("nee")
    child.expect("op dit moment")
    child.sendline("3/10")  # as people write a pain score
    child.expect("afgelopen week")
    child.sendline("5/10")
    child.expect("Activiteit")
    child.sendline("lang zitten")
    child.expect("Hoe goed")
    child.sendline("4")
    child.expect("Activiteit")
    child.sendline("")
    child.expect("ademprikkel")
    child.sendline("0")
    child.expect("Welke hand")
    child.sendline("borst")
    child.expect("ribben")
    child.sendline("nee")
    child.expect("plat op de vloer")
    child.sendline("ja")
    child.expect("sets lukken")
    child.sendline("2")
    child.expect("per been")
    child.sendline("6")
    child.expect("wall-press")
    child.sendline("nee")
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
    child.sendline("ja")
    child.expect("tafel")
    child.sendline("nee")
    child.expect("knie naar je borst")
    child.sendline("j")
    child.expect("boven je hoofd")
    child.sendline("ja")
    child.expect("Uren")
    child.sendline("8")
    child.expect("één been")
    child.sendline("nee")
    child.expect("Trainingservaring")
    child.sendline("beginner")
    child.expect("Trainingsdagen")
    child.sendline("maandag, someday")  # not a day: asked again
    child.expect("Antwoord met een van")
    child.expect("Trainingsdagen")
    child.sendline("ma,wo,vr")
    child.expect("Materiaal")
    child.sendline("mat, elastiek")
    child.expect("Minuten")
    child.sendline("20")
    child.expect("Opgeslagen voor profiel 'Sanne'")
    child.expect(pexpect.EOF)
    screen = str(child.before)
    child.close()
    assert child.exitstatus == 0, screen
    return screen


def test_dutch_guided_coach_then_its_printed_commands_on_the_same_profile(tmp_path: Path) -> None:
    screen = _guided_in_dutch(tmp_path)
    assert "'Sanne' is nu je actieve profiel" in screen
    # the coach was started by its path (not on the PATH here), so it prints that path: a shell runs it as printed
    me = CORECOACH if shutil.which("corecoach") is None else "corecoach"
    hints = [line.strip() for line in screen.splitlines() if line.strip().startswith(me + " ")]
    assert any(h.startswith(f"{me} log --exercise ") for h in hints), screen
    assert {f"{me} morning --pain 2", f"{me} progress", f"{me} plan"} <= {h for h in hints}, screen
    env = _env(tmp_path)
    shown: dict[str, str] = {}
    for hint in hints:  # exactly as printed, in the order printed: log, morning, progress, plan, exercises
        argv = shlex.split(hint)
        proc = subprocess.run(hint, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert proc.returncode == 0, f"{hint}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        if argv[1] != "exercises":  # the catalogue is nobody's data; the rest says whose data it is, in Dutch
            assert proc.stderr.startswith("Profiel: Sanne\n"), hint
        shown[argv[1]] = proc.stdout
    # every later command speaks the profile's language without --lang
    assert "Sanne: 1 training" in shown["progress"] and "Pijn per training" in shown["progress"]
    assert "sessions" not in shown["progress"]
    assert "oefening" in shown["plan"] and "exercise" not in shown["plan"].replace("exercises", "")
    assert "Termen uitgelegd" in shown["exercises"]
    # the profiles listing marks Sanne as the active one
    listed = subprocess.run([CORECOACH, "profiles"], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert listed.returncode == 0
    assert re.search(r"^\* Sanne \(nl", listed.stdout, re.M), listed.stdout
