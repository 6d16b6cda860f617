"""Settings from the environment; nothing is read or built at import time."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

ENV_DATABASE_URL = "CORECOACH_DATABASE_URL"
ENV_DATA_DIR = "CORECOACH_DATA_DIR"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path


def default_data_dir() -> Path:
    """The user's data directory (e.g. ~/.local/share/corecoach); health data stays on this machine."""
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(user_data_dir("corecoach", appauthor=False))


def get_settings() -> Settings:
    """Read settings now. ``CORECOACH_DATABASE_URL`` wins; else a SQLite file in the data directory."""
    data_dir = default_data_dir()
    url = os.environ.get(ENV_DATABASE_URL) or f"sqlite:///{data_dir / 'corecoach.db'}"
    return Settings(database_url=url, data_dir=data_dir)


ERROR_LOG_NAME = "corecoach-errors.log"


def error_log_path() -> Path:
    """Where the CLI writes the trace of an unexpected error: ``<data dir>/logs/corecoach-errors.log``.

    Kept beside the data (not in a temporary folder) so a person can find it and send it with a bug report.
    """
    return default_data_dir() / "logs" / ERROR_LOG_NAME
