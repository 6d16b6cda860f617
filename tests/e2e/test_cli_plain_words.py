"""No internal words in what the terminal shows a person: `plan`, `log`, `morning`, `progress`,
`exercises`, `screen --list-red-flags` and `glossary`, in English and Dutch, through the installed
console script. `--json` keeps the ids (it is for machines); the text output must hold no snake_case
token, rule id or exercise id (what a person types, such as ``--exercise dead_bug``, and the intake
file's keys such as ``red_flags.night_pain``, are commands, not words), and the Dutch output none of
the words the house style bans ("trede", "uit het artikel", "joint-by-joint", the formal "u"/"uw").
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from corecoach.domain.enums import Language
from visible_text import internal_words

REPO = Path(__file__).resolve().parents[2]
Proc = subprocess.CompletedProcess[str]


def _env(tmp_path: Path, lang: Language) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CORECOACH_DATABASE_URL=f"sqlite:///{tmp_path / f'{lang.value}.db'}",
        CORECOACH_DATA_DIR=str(tmp_path / f"data-{lang.value}"),
        COLUMNS="250",  # wide: Rich keeps words whole instead of breaking an id over two lines
    )
    return env


def _words(text: str) -> str:
    """The words on the terminal, without the tables' frames."""
    return " ".join(re.sub(r"[│╭╮╰╯─┃┏┓┗┛━┡┩╇┳┻┣┫╋└┘┌┐├┤┬┴┼]", " ", text).split())


@pytest.mark.parametrize("lang", [Language.EN, Language.NL], ids=lambda lang: lang.value)
def test_terminal_output_speaks_plain_words(run_cli_env: Callable[..., Proc], tmp_path: Path, lang: Language) -> None:
    env = _env(tmp_path, lang)
    in_lang = ["--lang", lang.value]
    d1, d2, d3 = (date.today() - timedelta(days=n) for n in (4, 2, 1))
    dead_bug = ["log", "-e", "dead_bug", "--sets", "3", "--reps-per-side", "8", "--pain-before", "2", *in_lang]
    steps: dict[str, list[str]] = {
        "plan": ["plan", "--intake", str(REPO / "examples" / "intake.yaml"), *in_lang],
        "log, not yet": [*dead_bug, "--clean", "--pain-during", "2", "--pain-next-morning", "2", "--date", d1.isoformat()],
        "log, waiting for the morning": [*dead_bug, "--clean", "--pain-during", "2", "--date", d2.isoformat()],
        "morning, one step harder": ["morning", "--pain", "1", *in_lang],
        "log, too painful": [
            "log",
            "-e",
            "wall_press_dead_bug",
            "--sets",
            "3",
            "--reps-per-side",
            "8",
            "--pain-before",
            "2",
            *in_lang,
            "--not-clean",
            "--pain-during",
            "7",
            "--date",
            d3.isoformat(),
        ],
        "morning, sorer": ["morning", "--pain", "6", *in_lang],
        "progress": ["progress", *in_lang],
        "stored plan": ["plan", *in_lang],
        "exercises": ["exercises", *in_lang],
        "red flags": ["screen", "--list-red-flags", *in_lang],
        "glossary": ["glossary", *in_lang],
    }
    problems: list[str] = []
    shown: dict[str, str] = {}
    for name, args in steps.items():
        proc = run_cli_env(*args, env=env)
        assert proc.returncode == 0, f"{name}: exit {proc.returncode}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        shown[name] = _words(proc.stdout + "\n" + proc.stderr)
        problems += [f"{lang.value} {name}: {found}" for found in internal_words(shown[name], lang)]
    # a referral, on a database of its own (a red flag stops the profile)
    flagged = yaml.safe_load((REPO / "examples" / "intake.yaml").read_text(encoding="utf-8"))
    flagged["red_flags"].update(saddle_numbness=True, night_pain=True)
    (tmp_path / "referral").mkdir()
    intake = tmp_path / "flagged.yaml"
    intake.write_text(yaml.safe_dump(flagged, allow_unicode=True), encoding="utf-8")
    referral = run_cli_env("plan", "--intake", str(intake), *in_lang, env=_env(tmp_path / "referral", lang))
    assert referral.returncode == 3, referral.stderr
    shown["referral"] = _words(referral.stdout + "\n" + referral.stderr)
    problems += [f"{lang.value} referral: {found}" for found in internal_words(shown["referral"], lang)]
    assert not problems, "\n".join(problems)
    # the decisions did happen and are told in plain words
    harder, easier = ("Eén stap moeilijker", "Eén stap makkelijker") if lang is Language.NL else ("One step harder", "One step easier")
    assert harder in shown["morning, one step harder"]
    assert easier in shown["log, too painful"]
    assert harder in shown["progress"] and easier in shown["progress"]
    assert ("Anti-extensie" if lang is Language.NL else "Anti-extension") in shown["glossary"]
    # --json keeps the rule's id, for machines
    progress = run_cli_env("progress", "--json", env=env)
    assert "progress_criterion_met" in progress.stdout and "regress_pain_above_5" in progress.stdout
