"""What a person reads on a page or in the terminal, and the internal words that must not be in it.

Shared by the plain-words tests (web pages and CLI output): ``visible_text(html)`` keeps the text
a browser shows (no tags, attributes, scripts, styles or templates); ``internal_words(text, lang)``
lists the internal ids and banned words found in it, each with a little context.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from corecoach.catalogue import load_catalogue
from corecoach.domain.enums import Language

_HIDDEN = {"script", "style", "template", "head", "title", "svg"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

#: Internal words: snake_case ids (rule ids, exercise ids, field names, finding ids).
SNAKE_CASE = re.compile(r"(?<![\w/.@=-])[a-z]+_[a-z_]+(?![\w/.@-])")
#: Not words but addresses and things a person types: URLs, e-mail addresses, file names, command
#: options with their value (``--exercise dead_bug``) and an intake file's keys (``red_flags.night_pain``).
URL = re.compile(
    r"\b(?:https?://|/)[\w./?=&%#-]*|[\w.-]+@[\w.-]+|\b[\w.-]+\.(?:mp4|mov|html|json|csv|ics|yaml|db|png|svg)\b"
    r"|--[a-z-]+[ =][a-z0-9_]+|\b[a-z0-9_]+(?:\.[a-z0-9_]+)+\b"
)
#: Decision actions as the old terminal output shouted them.
SHOUTED = re.compile(r"\b(?:HOLD|REGRESS|PROGRESS)\b")
DUTCH_BANNED = re.compile(r"\btrede[ns]?\b|uit het artikel|joint-by-joint", re.IGNORECASE)
#: The formal "u"/"uw" (Dutch uses "je" throughout); "u" as a unit after a number is not it.
DUTCH_FORMAL = re.compile(r"(?<![\d,.] )(?<![\d,.])\b(?:u|uw|U|Uw)\b(?![\w'’-])")

SRC = Path(__file__).resolve().parent.parent / "src" / "corecoach"


@lru_cache(maxsize=1)
def rule_ids() -> frozenset[str]:
    """Every rule id the progression engine and the coaching service can give a decision."""
    ids: set[str] = set()
    for path in (SRC / "programs" / "progression.py", SRC / "services" / "coaching.py"):
        for groups in re.findall(
            r'rule="([a-z0-9_]+)"|_d\(\s*"([a-z0-9_]+)"|_RULE = "([a-z0-9_]+)"|_regress\(\s*"([a-z0-9_]+)"',
            path.read_text(encoding="utf-8"),
        ):
            ids |= {g for g in groups if g}
    return frozenset(ids)


@lru_cache(maxsize=1)
def exercise_ids() -> frozenset[str]:
    return frozenset(e.id for e in load_catalogue() if "_" in e.id)


@lru_cache(maxsize=1)
def _known_ids() -> re.Pattern[str]:
    ids = sorted(rule_ids() | exercise_ids(), key=len, reverse=True)
    return re.compile("|".join(re.escape(i) for i in ids))


class _Text(HTMLParser):
    def __init__(self, skip_class: str | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_class = skip_class
        self._marks: list[bool] = []
        self.hidden = 0
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = " ".join(value or "" for name, value in attrs if name == "class").split()
        hidden = tag in _HIDDEN or any(name == "hidden" for name, _ in attrs) or (self.skip_class in classes)
        self.stack.append(tag)
        self.hidden += hidden
        self._marks.append(hidden)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self.hidden -= self._marks.pop()
            if top == tag:
                break
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(page: str, *, coach: bool = False) -> str:
    """The text a browser shows; ``coach``: without the small rule names a coach's page may show
    (``class="rule-id"``), which are for the coach only."""
    parser = _Text(skip_class="rule-id" if coach else None)
    parser.feed(page)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts))


def internal_words(text: str, lang: Language) -> list[str]:
    """The internal words in ``text`` (URLs, e-mail addresses and file names are skipped), with context."""
    text = URL.sub(" ", text)
    found: dict[int, str] = {}

    def note(match: re.Match[str]) -> None:
        context = text[max(0, match.start() - 60) : match.end() + 60]
        found.setdefault(match.start(), f"{match.group(0)!r} in …{context}…")

    for pattern in (SNAKE_CASE, SHOUTED, _known_ids()):
        for match in pattern.finditer(text):
            note(match)
    if lang is Language.NL:
        for pattern in (DUTCH_BANNED, DUTCH_FORMAL):
            for match in pattern.finditer(text):
                note(match)
    return list(found.values())
