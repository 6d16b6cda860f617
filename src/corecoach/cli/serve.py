"""`corecoach serve`: the web app on this computer (http://127.0.0.1:8000 by default).

Single-person mode: no login, loopback only. ``--host 0.0.0.0`` (letting phones on the network in)
is refused with a message, because that needs coach mode with accounts, which does not exist yet.
The data are the CLI's: the SQLite file in the user data directory (or ``CORECOACH_DATABASE_URL``),
the profile from ``CORECOACH_PROFILE`` (default ``default``).
"""

from __future__ import annotations

import sys
from typing import TextIO

from corecoach.web.settings import DEFAULT_HOST, DEFAULT_PORT, ensure_loopback

LOG_LEVELS = ("critical", "error", "warning", "info", "debug")


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    log_level: str = "info",
    open_browser: bool = False,
    out: TextIO | None = None,
) -> None:
    """Start the web app and block until it stops (Ctrl+C).

    Raises :class:`corecoach.web.settings.NonLoopbackHostError` (an ``InvalidInputError``: the CLI
    exits 2) for a host other than this computer, before anything is opened.
    """
    ensure_loopback(host)
    import uvicorn

    from corecoach.web.app import create_app
    from corecoach.web.settings import WebSettings

    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}"
    settings = WebSettings.from_env(allowed_hosts=tuple(dict.fromkeys((*WebSettings.model_fields["allowed_hosts"].default, host))))
    app = create_app(settings)
    stream = out or sys.stderr
    stream.write(f"corecoach is running at {url} (Ctrl+C to stop). Data: {settings.data_dir}\n")
    stream.flush()
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    uvicorn.run(
        app, host=host, port=port, log_level=log_level if log_level in LOG_LEVELS else "info", server_header=False, proxy_headers=False
    )
