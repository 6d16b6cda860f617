"""Shared fixtures: every test gets its own SQLite file and data folder, never the user's real data.

* ``example_intake``: the shipped ``examples/intake.yaml`` as a fresh dict.
* ``write_intake``: write a dict as YAML (or JSON for a ``.json`` name) under the test's tmp folder.
* ``run_cli``: run the real ``corecoach`` console script in a subprocess with the test's environment.
* ``run_cli_env``: the same with an explicit environment, for module-scoped fixtures.
* ``postgres_url``: a fresh, empty schema on the server named by ``CORECOACH_TEST_POSTGRES_URL``
  (tests that use it are marked ``postgres``); skipped when that variable is not set.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_INTAKE = REPO_ROOT / "examples" / "intake.yaml"
CLI = Path(sys.executable).parent / "corecoach"
POSTGRES_ENV = "CORECOACH_TEST_POSTGRES_URL"


@pytest.fixture(autouse=True)
def _isolated_storage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app at a fresh SQLite file and data folder for every test."""
    monkeypatch.setenv("CORECOACH_DATABASE_URL", f"sqlite:///{tmp_path / 'cc.db'}")
    monkeypatch.setenv("CORECOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("CORECOACH_PROFILE", raising=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The SQLite URL the autouse fixture points the app at."""
    return f"sqlite:///{tmp_path / 'cc.db'}"


@pytest.fixture
def example_intake() -> dict[str, Any]:
    with EXAMPLE_INTAKE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict)
    return data


@pytest.fixture
def write_intake(tmp_path: Path) -> Callable[..., Path]:
    """``write_intake(data, name="intake.yaml") -> Path``; a ``.json`` name writes JSON."""

    def write(data: Any, name: str = "intake.yaml") -> Path:
        path = tmp_path / name
        if path.suffix == ".json":
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path

    return write


def cli_run(
    *args: str | os.PathLike[str], env: dict[str, str] | None = None, cwd: Path = REPO_ROOT, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script; stdin is not a terminal."""
    return subprocess.run(
        [str(CLI), *(str(a) for a in args)],
        env=env if env is not None else dict(os.environ),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def run_cli_env() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_cli_env(*args, env=..., cwd=...)``: for session/module fixtures that manage their own database."""
    assert CLI.exists(), f"console script not found at {CLI}: install the package into the venv"
    return cli_run


@pytest.fixture
def run_cli() -> Callable[..., subprocess.CompletedProcess[str]]:
    """``run_cli(*args, cwd=REPO_ROOT)``: the real ``corecoach`` with this test's database."""
    assert CLI.exists(), f"console script not found at {CLI}: install the package into the venv"

    def run(*args: str | os.PathLike[str], cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
        return cli_run(*args, cwd=cwd)

    return run


def _sqlalchemy_postgres_url(raw: str) -> str:
    """Use the psycopg (3) driver whatever scheme the variable names."""
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL whose search_path is a fresh schema, dropped (with everything in it) afterwards."""
    raw = os.environ.get(POSTGRES_ENV)
    if not raw:
        pytest.skip(f"PostgreSQL not configured: set {POSTGRES_ENV}")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(_sqlalchemy_postgres_url(raw))
    schema = f"cc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
