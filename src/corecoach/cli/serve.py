"""`corecoach serve`: the web app on this computer (http://127.0.0.1:8000 by default).

Single-person mode (default): no login, loopback only. Coach mode (``--coach``): everyone signs in
(coaches made with ``corecoach accounts add-coach``, clients through their coach's invite links),
and only then may the app listen on the network (``--host 0.0.0.0``) so clients' phones reach it.
Give ``--ssl-certfile``/``--ssl-keyfile`` to serve HTTPS; the session cookie is then ``Secure``.
``--workers N`` runs N server processes (for a coach with many clients on a multi-core machine);
they share the database, the sign-in rate limit and the analyses folder.
The data are the CLI's: the SQLite file in the user data directory (or ``CORECOACH_DATABASE_URL``).
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path
from typing import Any, TextIO

from corecoach.errors import InvalidInputError
from corecoach.web.settings import (
    ANY_HOST,
    DEFAULT_HOST,
    DEFAULT_PORT,
    ENV_ALLOWED_HOSTS,
    ENV_MODE,
    LOOPBACK_NAMES,
    ensure_host_allowed,
    is_loopback,
)

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def ensure_port_free(host: str, port: int) -> None:
    """Say plainly when the port is taken (often: corecoach is already running), before saying it runs."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
        try:
            sock.bind((host.strip("[]"), port))
        except OSError as exc:
            raise InvalidInputError(
                f"Port {port} on {host} is already in use ({exc.strerror}). Is corecoach already running? Then open "
                f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port} in your browser, or start it on "
                f"another port: corecoach serve --port {port + 1}"
            ) from exc


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    coach_mode: bool | None = None,
    log_level: str = "info",
    open_browser: bool = False,
    ssl_certfile: Path | None = None,
    ssl_keyfile: Path | None = None,
    workers: int = 1,
    out: TextIO | None = None,
) -> None:
    """Start the web app and block until it stops (Ctrl+C).

    Raises :class:`corecoach.web.settings.NonLoopbackHostError` (an ``InvalidInputError``: the CLI
    exits 2) for a host other than this computer without coach mode, and ``InvalidInputError``
    for coach mode without any coach account, before anything is served.
    """
    from corecoach.web.settings import WebSettings

    overrides: dict[str, Any] = {}
    if coach_mode is not None:
        overrides["coach_mode"] = coach_mode
    settings = WebSettings.from_env(**overrides)
    ensure_host_allowed(host, settings.coach_mode)
    if (ssl_certfile is None) != (ssl_keyfile is None):
        raise InvalidInputError("HTTPS needs both --ssl-certfile and --ssl-keyfile.")
    hosts = (*LOOPBACK_NAMES, host) if is_loopback(host) else (ANY_HOST,)
    settings = settings.model_copy(update={"allowed_hosts": tuple(dict.fromkeys(hosts))})
    from corecoach.services.accounts import count_coaches
    from corecoach.storage.database import Database

    db = Database(settings.database_url)  # created and migrated here, once, before any worker starts
    try:
        coaches = count_coaches(db)
    finally:
        db.dispose()
    if settings.coach_mode:
        if coaches == 0:
            raise InvalidInputError(
                "Coach mode needs a coach account first. Make yours with:\n"
                "  corecoach accounts add-coach --email you@example.com --name 'Your Name'\n"
                "then start again with `corecoach serve --coach`."
            )
    ensure_port_free(host, port)
    import uvicorn

    from corecoach.web.app import create_app

    scheme = "https" if ssl_certfile else "http"
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else f"[{host}]" if ":" in host else host
    url = f"{scheme}://{shown}:{port}"
    stream = out or sys.stderr
    mode = "coach mode: everyone signs in" if settings.coach_mode else "single-person mode"
    processes = f", {workers} server processes" if workers > 1 else ""
    stream.write(f"corecoach is running at {url} ({mode}{processes}; Ctrl+C to stop). Data: {settings.data_dir}\n")
    if not is_loopback(host):
        stream.write(f"Listening on {host}: other devices on your network reach it at this computer's address, port {port}.\n")
    stream.flush()
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    if workers > 1:
        # worker processes build the app themselves from the environment: pass them what was decided here
        os.environ[ENV_MODE] = "coach" if settings.coach_mode else "single"
        os.environ[ENV_ALLOWED_HOSTS] = ",".join(settings.allowed_hosts)
        target: Any = "corecoach.web.app:create_app"
    else:
        target = create_app(settings)
    uvicorn.run(
        target,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
        host=host,
        port=port,
        log_level=log_level if log_level in LOG_LEVELS else "info",
        server_header=False,
        proxy_headers=False,
        ssl_certfile=str(ssl_certfile) if ssl_certfile else None,
        ssl_keyfile=str(ssl_keyfile) if ssl_keyfile else None,
    )
