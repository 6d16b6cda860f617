"""Settings of the web app: the core settings plus what only the web layer needs.

Nothing is read at import. :meth:`WebSettings.from_env` reads the environment when the app is
made (``create_app``/``serve``). The signing secret comes from ``CORECOACH_SECRET_KEY`` or, in
single-person mode, from a random key kept in the data directory (``web-secret.key``, mode 600);
placeholder secrets ("changethis", short strings) are refused.

Single-person mode (the default) has no logins and listens on loopback only. Coach mode
(``corecoach serve --coach``, or ``CORECOACH_WEB_MODE=coach``) has accounts: coaches and the
clients they invite, each signing in. Only coach mode may be reached from other devices
(``--host 0.0.0.0``); :func:`ensure_host_allowed` refuses that in single-person mode with a
message saying why.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

from corecoach.config import Settings, get_settings
from corecoach.errors import InvalidInputError, StorageError

ENV_SECRET_KEY = "CORECOACH_SECRET_KEY"
ENV_PROFILE = "CORECOACH_PROFILE"
ENV_MODE = "CORECOACH_WEB_MODE"
#: Set by ``corecoach serve`` for its worker processes (comma-separated host names).
ENV_ALLOWED_HOSTS = "CORECOACH_WEB_ALLOWED_HOSTS"
ANY_HOST = "*"
SECRET_FILE_NAME = "web-secret.key"
DEFAULT_PROFILE = "default"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_UPLOAD_BYTES = 300 * 1024 * 1024
MIN_SECRET_CHARS = 32
LOOPBACK_NAMES: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")

#: Secrets copied from templates and tutorials; a real one is long and random.
PLACEHOLDER_SECRETS = frozenset(
    {"changethis", "change-me", "changeme", "change_me", "secret", "secret-key", "secretkey", "your-secret-key", "replace-me", "xxx"}
)


class NonLoopbackHostError(InvalidInputError):
    """A host other than this computer was asked for in single-person mode (no logins)."""


class WebSettings(BaseModel):
    """Everything the web app needs, validated; build it with :meth:`from_env`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    database_url: str
    data_dir: Path
    secret_key: SecretStr
    profile: str = Field(default=DEFAULT_PROFILE, min_length=1, max_length=80)
    max_upload_bytes: int = Field(default=DEFAULT_MAX_UPLOAD_BYTES, gt=0)
    #: Coach mode: accounts with roles, sign-in, invites; every person's data behind a login.
    coach_mode: bool = False
    #: Host names the app answers to (a guard against DNS rebinding); loopback only unless coach mode
    #: (where ``*`` lets phones reach it by this computer's network address).
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    #: Analyses run one at a time by default: each one keeps a CPU core busy.
    analysis_workers: int = Field(default=1, ge=1, le=8)

    @field_validator("secret_key")
    @classmethod
    def _real_secret(cls, value: SecretStr) -> SecretStr:
        raw = value.get_secret_value().strip()
        if raw.lower() in PLACEHOLDER_SECRETS or len(raw) < MIN_SECRET_CHARS:
            raise ValueError(
                f"{ENV_SECRET_KEY} must be a random string of at least {MIN_SECRET_CHARS} characters, not a placeholder "
                '(make one with: python -c "import secrets; print(secrets.token_urlsafe(48))")'
            )
        return value

    @model_validator(mode="after")
    def _loopback_unless_coach_mode(self) -> Self:
        if self.coach_mode:
            return self
        for host in self.allowed_hosts:
            if not is_loopback(host) and host != "testserver":  # Starlette's TestClient host name
                raise ValueError(f"allowed_hosts: '{host}' is not this computer; other hosts need coach mode (--coach) with accounts")
        return self

    @property
    def analyses_dir(self) -> Path:
        """Where uploaded videos and their analysis outputs live, one folder per profile and job."""
        return self.data_dir / "web" / "analyses"

    @classmethod
    def from_env(cls, core: Settings | None = None, **overrides: Any) -> WebSettings:
        """Read the environment now: core settings, secret (or the data directory's key), profile."""
        core = core or get_settings()
        values: dict[str, Any] = {
            "database_url": core.database_url,
            "data_dir": core.data_dir,
            "profile": os.environ.get(ENV_PROFILE) or DEFAULT_PROFILE,
            "coach_mode": (os.environ.get(ENV_MODE) or "").strip().lower() == "coach",
        }
        hosts = os.environ.get(ENV_ALLOWED_HOSTS)
        if hosts:
            values["allowed_hosts"] = tuple(h.strip() for h in hosts.split(",") if h.strip())
        values.update(overrides)
        if "secret_key" not in values:
            values["secret_key"] = os.environ.get(ENV_SECRET_KEY) or load_or_create_secret(Path(values["data_dir"]))
        return cls(**values)


def load_or_create_secret(data_dir: Path) -> str:
    """The data directory's signing key, made (random, readable by this user only) on first use."""
    path = data_dir / SECRET_FILE_NAME
    try:
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(key + "\n")
        return key
    except FileExistsError:  # another process made it between our check and our write
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise StorageError(
            f"Could not read or create the web app's key at {path}: {exc.strerror or exc}. "
            f"Set {ENV_SECRET_KEY} or CORECOACH_DATA_DIR to a place you can write to."
        ) from exc


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (127.0.0.0/8, ::1)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def ensure_host_allowed(host: str, coach_mode: bool) -> None:
    """Refuse any host but this computer in single-person mode: it has no logins to protect the data."""
    if not is_loopback(host) and not coach_mode:
        raise NonLoopbackHostError(
            f"--host {host}: without logins corecoach only listens on this computer (127.0.0.1), so nobody else on "
            "the network can see your data. To let clients' phones reach it, run it in coach mode, where everyone "
            "signs in: `corecoach accounts add-coach --email YOU` once, then `corecoach serve --coach --host 0.0.0.0`."
        )
