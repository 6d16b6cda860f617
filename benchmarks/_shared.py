"""Where the shared clips live (``CORECOACH_SHARED_DIR`` or ``../shared`` beside the project)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    env = os.environ.get("CORECOACH_SHARED_DIR")
    return Path(env) if env else ROOT.parent / "shared"


def clips_dir() -> Path:
    folder = shared_dir() / "data" / "clips"
    if not folder.is_dir():
        raise SystemExit(f"The shared clips are not at {folder}: set CORECOACH_SHARED_DIR to the folder that holds data/clips.")
    return folder


def labels() -> list[dict[str, Any]]:
    return list(json.loads((clips_dir() / "labels.json").read_text())["clips"])
