"""The API's documentation page, served from this server only.

Swagger UI comes from the ``swagger-ui-bundle-v2`` wheel (its files, vendored by PyPI, mounted at
``/api/docs/assets``) and is started by ``/static/api-docs.js``: no CDN, no inline script, so the
page works offline and under the same content security policy as every other page ("makes no
network connections" holds for the docs too).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from starlette.responses import HTMLResponse
from swagger_ui_bundle import swagger_ui_path

from corecoach import __version__

router = APIRouter(include_in_schema=False)

#: Swagger UI's own files (JavaScript, CSS), from the installed wheel.
ASSETS_DIR = Path(swagger_ui_path)
ASSETS_URL = "/api/docs/assets"

_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>corecoach {__version__}: API</title>
<link rel="stylesheet" href="{ASSETS_URL}/swagger-ui.css">
<link rel="icon" href="/static/favicon.svg">
</head>
<body>
<div id="swagger-ui"><p>The API's documentation needs JavaScript. The document itself is at
<a href="/api/openapi.json">/api/openapi.json</a>.</p></div>
<script src="{ASSETS_URL}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    """Swagger UI for ``/api/openapi.json``, all of it from this server."""
    return HTMLResponse(_PAGE)
