"""When the database cannot be opened, the console script says so plainly (exit 1), never with a traceback."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def test_database_path_is_a_folder(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    monkeypatch.setenv("CORECOACH_DATABASE_URL", f"sqlite:///{folder}")
    proc = run_cli("progress", "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"]["type"] == "StorageError"
    assert "Traceback" not in proc.stderr


def test_database_created_in_the_data_dir_by_default(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CORECOACH_DATABASE_URL")
    proc = run_cli("plan", "--intake", "examples/intake.yaml", "--json")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "data" / "corecoach.db").is_file()


def test_database_folder_cannot_be_created(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the database folder should be")
    monkeypatch.setenv("CORECOACH_DATABASE_URL", f"sqlite:///{blocker / 'cc.db'}")
    proc = run_cli("progress", "--json")
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["error"]["type"] == "StorageError"
