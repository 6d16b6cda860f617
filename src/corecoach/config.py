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


USER_CONFIG_NAME = "config.json"


def user_config_path() -> Path:
    """The user's small settings file: ``<data dir>/config.json`` (e.g. the active profile)."""
    return default_data_dir() / USER_CONFIG_NAME


def read_user_config() -> dict[str, object]:
    """The user's settings; an absent, unreadable or broken file reads as no settings (nothing is lost: it only remembers choices)."""
    import json

    try:
        data = json.loads(user_config_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def active_profile() -> str | None:
    """The profile later commands use when no ``--profile`` or ``CORECOACH_PROFILE`` names one."""
    name = read_user_config().get("active_profile")
    return name if isinstance(name, str) and name.strip() else None


def set_active_profile(name: str | None) -> None:
    """Remember ``name`` as the active profile (None forgets it); written atomically beside the data."""
    import json

    path = user_config_path()
    data = read_user_config()
    if name is None:
        data.pop("active_profile", None)
    else:
        data["active_profile"] = name
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
