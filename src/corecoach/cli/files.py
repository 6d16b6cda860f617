"""Reading intake and session files (YAML or JSON) strictly, with errors a person understands.

The README promises strict validation, so a file is refused (never half-read) when it:

* is larger than :data:`MAX_DOCUMENT_BYTES` or not UTF-8 text;
* repeats a key in one mapping (YAML would silently keep the last one and drop the rest);
* nests deeper than :data:`MAX_NESTING_DEPTH`, or expands its YAML aliases to more than
  :data:`MAX_EXPANDED_NODES` values ("billion laughs": a 1 KB file that unfolds into billions);
* holds a number with more digits than Python converts, or a key that is not text.

A session file (``corecoach log --file``) is then read by :func:`parse_session`, which the
command-line options path shares, so both give the same errors.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from corecoach.errors import InvalidInputError
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.validation import reported_red_flags

#: An intake or a session is a few kilobytes; a megabyte leaves room for long notes while refusing
#: a video or a log file given by mistake before it is read into memory.
MAX_DOCUMENT_BYTES = 1_000_000
#: The intake nests four levels deep; 32 is generous and keeps every later step (validation,
#: error messages, JSON storage) far from Python's recursion limit.
MAX_NESTING_DEPTH = 32
#: Values a document may hold once YAML aliases are expanded. A real intake has about a hundred;
#: this refuses alias bombs in milliseconds instead of minutes and hundreds of megabytes.
MAX_EXPANDED_NODES = 20_000
#: YAML aliases (``*name``) in one document; a hand-written intake needs none.
MAX_ALIASES = 100

SESSION_FIELDS = ("date", "red_flags", "entries")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys, deep nesting and alias expansion beyond the bounds."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        if self.check_event(AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ComposerError(None, None, f"more than {MAX_ALIASES} aliases (*name); write the values out", mark)
        self._depth += 1
        try:
            if self._depth > MAX_NESTING_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise ComposerError(None, None, f"nested more than {MAX_NESTING_DEPTH} levels deep", mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_document(self) -> Node | None:
        node: Node | None = super().compose_document()
        if node is not None:
            _count_expanded(node, {}, 0)
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        first_line: dict[Any, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                seen = key in first_line
            except TypeError:
                raise ConstructorError(None, None, "a key must be a plain value, not a list or mapping", key_node.start_mark) from None
            if seen:
                raise ConstructorError(
                    None,
                    None,
                    f"the key '{key}' appears twice in one mapping (first at line {first_line[key] + 1}); keep one",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep)


def _count_expanded(node: Node, memo: dict[int, int], depth: int) -> int:
    """Values under ``node`` with every alias expanded (memoised per node, so shared nodes cost once)."""
    if depth > MAX_NESTING_DEPTH:
        raise ComposerError(None, None, f"nested more than {MAX_NESTING_DEPTH} levels deep (through aliases)", node.start_mark)
    known = memo.get(id(node))
    if known is not None:
        return known
    total = 1
    if isinstance(node, SequenceNode):
        for child in node.value:
            total += _count_expanded(child, memo, depth + 1)
            _check_total(total, node)
    elif isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            total += _count_expanded(key_node, memo, depth + 1) + _count_expanded(value_node, memo, depth + 1)
            _check_total(total, node)
    memo[id(node)] = total
    return total


def _check_total(total: int, node: Node) -> None:
    if total > MAX_EXPANDED_NODES:
        raise ComposerError(None, None, f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)", node.start_mark)


def _check_shape(value: object, where: str, depth: int = 0) -> None:
    """Keys must be text and nesting bounded (JSON has no aliases, but may still nest absurdly)."""
    if depth > MAX_NESTING_DEPTH:
        raise InvalidInputError(f"{where} is nested more than {MAX_NESTING_DEPTH} levels deep; an intake or session needs far fewer.")
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise InvalidInputError(
                    f"{where}: every field name must be text; got {type(key).__name__} {str(key)[:40]!r} (put it in quotes if you meant it)."
                )
            _check_shape(item, where, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_shape(item, where, depth + 1)


def parse_document_text(text: str, source: str, *, as_json: bool = False) -> Any:
    """Parse YAML (or JSON) text strictly; ``source`` names the file in every message."""
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_DOCUMENT_BYTES:
        raise InvalidInputError(f"{source} is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB; an intake or session file is a few KB.")
    if not text.strip():
        raise InvalidInputError(f"{source} is empty.")
    try:
        if as_json:
            document = json.loads(text)
        else:
            loader = _StrictLoader(text)
            try:
                document = loader.get_single_data()
            finally:
                loader.dispose()
    except json.JSONDecodeError as exc:
        raise InvalidInputError(f"{source} is not valid JSON: line {exc.lineno}, column {exc.colno}: {exc.msg}.") from exc
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" at line {mark.line + 1}, column {mark.column + 1}"
        problem = getattr(exc, "problem", None) or str(exc)
        raise InvalidInputError(f"{source} is not valid YAML{where}: {problem}.") from exc
    except RecursionError as exc:
        raise InvalidInputError(f"{source} is nested too deeply; an intake or session needs only a few levels.") from exc
    except ValueError as exc:  # a number with more digits than Python converts (int_max_str_digits)
        raise InvalidInputError(f"{source} holds a number with thousands of digits; give ordinary numbers (e.g. pain 0-10).") from exc
    _check_shape(document, source)
    return document


def load_document(path: Path) -> Any:
    """Parse a YAML or JSON file; JSON is valid YAML, but JSON files get JSON's clearer errors."""
    try:
        if not path.exists():
            raise InvalidInputError(f"File not found: {path}")
        if path.is_dir():
            raise InvalidInputError(f"{path} is a folder; give the path of a YAML or JSON file.")
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise InvalidInputError(f"{path} is larger than {MAX_DOCUMENT_BYTES // 1_000_000} MB; an intake or session file is a few KB.")
        raw = path.read_bytes()[: MAX_DOCUMENT_BYTES + 1]
    except OSError as exc:
        raise InvalidInputError(f"{path} could not be read: {exc.strerror or exc}.") from exc
    if b"\x00" in raw:
        raise InvalidInputError(f"{path} is not a text file (YAML or JSON expected).")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInputError(f"{path} is not a text file (YAML or JSON expected).") from exc
    return parse_document_text(text, str(path), as_json=path.suffix.lower() == ".json")


@dataclass(frozen=True)
class SessionLog:
    """A session ready for :func:`corecoach.services.coaching.log_session`."""

    entries: list[ExerciseLog]
    red_flags: list[str]


def validate_entries(raw_entries: object, session_date: object) -> list[ExerciseLog]:
    """Each entry -> :class:`ExerciseLog`; every problem named as ``entries.N.field: problem`` in one error."""
    if not isinstance(raw_entries, list | tuple):
        raise InvalidInputError(
            "The session log is not valid:", [f"entries: expected a list of exercises, got {type(raw_entries).__name__}"]
        )
    entries: list[ExerciseLog] = []
    problems: list[str] = []
    for n, raw in enumerate(raw_entries):
        if not isinstance(raw, Mapping):
            problems.append(f"entries.{n}: expected a mapping (exercise_id, sets, ...), got {type(raw).__name__}")
            continue
        if "session_date" in raw:
            problems.append(f"entries.{n}.session_date: give the date once, as the session's 'date'")
            continue
        try:
            entries.append(ExerciseLog.model_validate({"session_date": session_date, **raw}))
        except ValidationError as exc:
            problems += [f"entries.{n}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    if problems:
        raise InvalidInputError("The session log is not valid:", problems)
    return entries


def parse_session(document: object, *, default_date: str | date, source: str = "The session") -> SessionLog:
    """A session document ``{date, red_flags, entries}`` -> validated entries and the reported red-flag ids.

    ``red_flags`` takes the intake's shape (id -> true/false; only true is reported) or a list of
    the ids that are reported; a false answer is never a red flag.
    """
    if not isinstance(document, Mapping):
        raise InvalidInputError(f"{source}: expected a mapping with 'date', 'red_flags' and 'entries', got {type(document).__name__}.")
    unknown = [str(k) for k in document if k not in SESSION_FIELDS]
    if unknown:
        raise InvalidInputError(f"{source}: unknown field(s): {', '.join(sorted(unknown))} (allowed: {', '.join(SESSION_FIELDS)}).")
    flags = reported_red_flags(document.get("red_flags"))
    session_date = document.get("date", default_date)
    raw_entries = document.get("entries")
    entries = validate_entries([] if raw_entries is None else raw_entries, session_date)
    return SessionLog(entries=entries, red_flags=flags)


def merge_red_flags(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """Both sources of reported ids, each once, in the order given."""
    return list(dict.fromkeys([*first, *second]))
