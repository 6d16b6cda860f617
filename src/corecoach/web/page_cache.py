"""Reuse a page drawn before while nothing it shows has changed.

The main pages (start, program, today's session, progress) are read far more often than the data
behind them changes. Each cached page is keyed on everything it is drawn from: the URL with its
query, the reader's language, their CSRF token (it is in the forms), the signed-in account, the
day (today's session and the charts depend on it) and the profile's version tag
(:func:`corecoach.storage.repositories.profile_version`: one indexed query). A write anywhere - this
process, another server process, the CLI - changes the tag, so a stale page is never served.
Only complete 200 responses are kept; the cache is per process and bounded.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from corecoach.storage import repositories as repo
from corecoach.storage.database import Database

MAX_PAGES = 512


class PageCache:
    """A bounded, thread-safe LRU of page bodies."""

    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self._max = max_pages
        self._pages: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> bytes | None:
        with self._lock:
            body = self._pages.get(key)
            if body is not None:
                self._pages.move_to_end(key)
            return body

    def put(self, key: tuple[Any, ...], body: bytes) -> None:
        with self._lock:
            self._pages[key] = body
            self._pages.move_to_end(key)
            while len(self._pages) > self._max:
                self._pages.popitem(last=False)

    def __len__(self) -> int:
        return len(self._pages)


def _version(db: Database, profile: str) -> tuple[int, ...] | None:
    with db.transaction() as session:
        return repo.profile_version(session, profile)


async def cached_page(request: Request, db: Database, profile: str, draw: Callable[[], Response]) -> Response:
    """The page ``draw()`` makes, or the same bytes as last time when nothing it shows has changed.

    The version check is one indexed lookup: on SQLite (a local file) it runs right here, on the
    event loop; on a server database it runs in the thread pool, like ``draw()`` on a miss.
    """
    version = _version(db, profile) if db.is_sqlite else await run_in_threadpool(_version, db, profile)
    if version is None:
        return await run_in_threadpool(draw)
    account = getattr(request.state, "account", None)
    key = (
        request.url.path,
        request.url.query,
        str(getattr(request.state, "lang", "")),
        getattr(request.state, "csrf_token", ""),
        getattr(account, "id", None),
        date.today(),
        profile,
        version,
    )
    cache: PageCache = request.app.state.page_cache
    body = cache.get(key)
    if body is not None:
        return HTMLResponse(body)
    response = await run_in_threadpool(draw)
    drawn = getattr(response, "body", None)
    if response.status_code == 200 and isinstance(drawn, bytes):
        cache.put(key, drawn)
    return response
