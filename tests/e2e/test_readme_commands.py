"""The README's promises, run as written: its shell lines, its command table and its make targets.

A newcomer types what the README says. These tests read README.md itself (nothing is copied here), so a
command that is renamed, an option that is dropped or a make target that disappears fails the suite
instead of failing the reader.

- every ``.venv/bin/corecoach ...`` line in a ``sh`` block runs from the repository root, exactly as
  printed, on a throwaway database, and exits 0 (the two that start a server or ask for a password at a
  terminal are checked through ``--help`` instead: they would block a test);
- every command in the "Commands" table exists, and every ``--option`` it shows is one that command
  accepts (read from its ``--help``);
- every ``make X`` the README names is a target of the Makefile.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CLI = Path(sys.executable).parent / "corecoach"

#: lines that start a long-running server or read a password from a terminal: checked through --help
BLOCKING_SUBCOMMANDS = {("serve",), ("accounts", "add-coach")}


def fresh_env(tmp: Path) -> dict[str, str]:
    """A throwaway database and data folder, as a newcomer's first run has."""
    env = dict(os.environ)
    env.pop("CORECOACH_PROFILE", None)
    env["CORECOACH_DATABASE_URL"] = f"sqlite:///{tmp / 'cc.db'}"
    env["CORECOACH_DATA_DIR"] = str(tmp / "data")
    env["COLUMNS"] = "200"  # --help unwrapped, so an option's name is never split across lines
    return env


def _sh_lines() -> list[str]:
    lines: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.S):
        for line in block.splitlines():
            command = line.split("  #", 1)[0].strip()
            if command:
                lines.append(command)
    return lines


def _subcommand(argv: list[str]) -> tuple[str, ...]:
    words = [a for a in argv[1:] if not a.startswith("-")]
    if words[:1] == ["accounts"]:
        return tuple(words[:2])
    return tuple(words[:1])


def _table_commands() -> list[str]:
    """The first cell of each row of the command table, split where a row names several commands."""
    commands: list[str] = []
    for row in re.findall(r"^\| `corecoach(.*?)` \|", README, flags=re.M):
        for part in ("corecoach" + row).split("` / `"):
            part = part.strip()
            if not part.startswith("corecoach"):
                part = "corecoach " + part
            commands.append(part)
    return commands


def _help(words: tuple[str, ...], env: dict[str, str]) -> str:
    result = subprocess.run([str(CLI), *words, "--help"], capture_output=True, text=True, env=env, timeout=60, check=False)
    assert result.returncode == 0, f"`corecoach {' '.join(words)} --help` failed: {result.stderr}"
    return result.stdout


def test_the_readme_has_commands_to_check() -> None:
    assert len(_sh_lines()) >= 4
    assert len(_table_commands()) >= 15


@pytest.mark.parametrize("line", [line for line in _sh_lines() if line.startswith(".venv/bin/corecoach")])
def test_shell_line_runs_as_written(line: str, tmp_path: Path) -> None:
    argv = shlex.split(line)
    assert Path(argv[0]) == Path(".venv/bin/corecoach")
    env = fresh_env(tmp_path)
    words = _subcommand(argv)
    if words in BLOCKING_SUBCOMMANDS:
        text = _help(words, env)
        for option in (a.split("=", 1)[0] for a in argv[1:] if a.startswith("--")):
            assert option in text, f"{line!r}: `corecoach {' '.join(words)}` has no {option}"
        return
    result = subprocess.run([str(CLI), *argv[1:]], cwd=REPO_ROOT, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert result.returncode == 0, f"{line!r} exited {result.returncode}: {result.stderr[-2000:]}"
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", _table_commands(), ids=lambda c: " ".join(c.split()[:3]))
def test_table_command_accepts_its_options(command: str, tmp_path: Path) -> None:
    argv = shlex.split(command.replace("\\|", "|"))
    words = _subcommand([a for a in argv if re.fullmatch(r"[a-z][a-z-]*|corecoach", a) or a.startswith("-")])
    text = _help(words, fresh_env(tmp_path))
    for option in re.findall(r"--[a-z][a-z0-9-]*", command):
        assert option in text, f"README row `{command}`: `corecoach {' '.join(words)}` has no {option}"


def test_every_make_target_the_readme_names_exists() -> None:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.M))
    named = set(re.findall(r"`make ([a-z][a-z-]*)", README)) | {w.split()[1] for w in _sh_lines() if w.startswith("make ")}
    assert named, "the README names no make target"
    assert named <= targets, f"README names make targets the Makefile lacks: {sorted(named - targets)}"
