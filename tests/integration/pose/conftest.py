"""Fixtures for the real pose model: the shared clips (skipped with a message when absent) and
frames taken from them, since no photo of a whole person ships in any installed wheel."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from corecoach.video import iter_frames

REPO_ROOT = Path(__file__).resolve().parents[3]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "landmarks"


def _clips_dir() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    return (Path(base) if base else REPO_ROOT.parent / "shared") / "data" / "clips"


@pytest.fixture(scope="session")
def clips_dir() -> Path:
    """``<shared>/data/clips``: ``$CORECOACH_SHARED_DIR`` or ``../shared`` beside the repository."""
    path = _clips_dir()
    if not path.is_dir():
        pytest.skip(f"shared clips not found at {path}: set CORECOACH_SHARED_DIR to the folder that holds data/clips")
    return path


@pytest.fixture(scope="session")
def clip_frames(clips_dir: Path) -> Callable[[str, float, int], list[tuple[float, np.ndarray]]]:
    """``clip_frames(name, start_s, n) -> [(timestamp_s, rgb), ...]``: n consecutive frames from start_s."""

    def take(name: str, start_s: float, n: int) -> list[tuple[float, np.ndarray]]:
        path = clips_dir / name
        assert path.is_file(), f"{name} missing from {clips_dir}"
        out: list[tuple[float, np.ndarray]] = []
        for frame in iter_frames(path):
            if frame.timestamp_s >= start_s - 1e-6:
                out.append((frame.timestamp_s, frame.rgb))
                if len(out) == n:
                    break
        assert len(out) == n, f"{name} has fewer than {n} frames after {start_s} s"
        return out

    return take
