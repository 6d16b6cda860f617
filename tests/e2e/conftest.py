"""Helpers for the CLI end-to-end tests.

``cli_batch`` runs many independent console-script calls side by side, each on its own fresh database,
so that checks needing one call each (bad inputs, every red flag, ...) keep the suite quick.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

#: a job gets its own empty folder and returns the calls to make there, one after the other (each a list of
#: CLI arguments), and any extra environment variables
Job = Callable[[Path], tuple[Sequence[Sequence[Any]], Mapping[str, str]]]
Result = tuple[Path, list[subprocess.CompletedProcess[str]]]
Batch = Callable[[str, Mapping[str, Job]], dict[str, Result]]


def fresh_env(tmp: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CORECOACH_PROFILE", None)
    env["CORECOACH_DATABASE_URL"] = f"sqlite:///{tmp / 'cc.db'}"
    env["CORECOACH_DATA_DIR"] = str(tmp / "data")
    env.update(extra or {})
    return env


@pytest.fixture(scope="session")
def cli_batch(run_cli_env: Callable[..., subprocess.CompletedProcess[str]], tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """``cli_batch(prefix, {name: job})`` -> ``{name: (folder, [CompletedProcess, ...])}``; jobs run concurrently."""

    def run(prefix: str, jobs: Mapping[str, Job]) -> dict[str, Result]:
        def one(name: str) -> Result:
            tmp = tmp_path_factory.mktemp(re.sub(r"[^A-Za-z0-9_-]+", "-", f"{prefix}-{name}")[:60])
            calls, extra = jobs[name](tmp)
            env = fresh_env(tmp, extra)
            return tmp, [run_cli_env(*args, env=env) for args in calls]

        with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
            return dict(zip(jobs, pool.map(one, jobs), strict=True))

    return run
