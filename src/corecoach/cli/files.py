"""Reading intake and session files (YAML or JSON) with errors a person understands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from corecoach.errors import InvalidInputError


def load_document(path: Path) -> Any:
    """Parse a YAML or JSON file; JSON is valid YAML, but JSON files get JSON's clearer errors."""
    if not path.exists():
        raise InvalidInputError(f"File not found: {path}")
    if path.is_dir():
        raise InvalidInputError(f"{path} is a folder; give the path of a YAML or JSON file.")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path} is not a text file (YAML or JSON expected).") from exc
    if not text.strip():
        raise InvalidInputError(f"{path} is empty.")
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{path} is not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}.") from exc
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidInputError(f"{path} is not valid YAML{where}: {problem}.") from exc
