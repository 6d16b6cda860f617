"""Forgiving readers for what a person types in the terminal, in English or Dutch.

Each returns the value, or raises :class:`InvalidInputError` (or returns None for the guided
coach's "ask again") with a message that shows what is expected:

* yes/no: ``yes``/``no``/``y``/``n`` and ``ja``/``nee``/``j``/``n`` in either language;
* pain: ``7`` or ``7/10`` (also ``7 / 10``) is 7;
* dates: ``2026-12-02`` (ISO), or day first as written in the Netherlands and most of Europe:
  ``02-12-2026``, ``2-12-2026``, ``2/12/2026``, ``2.12.2026`` is 2 December 2026; ``today``/``vandaag``,
  ``yesterday``/``gisteren``; a date in the future is refused (unless the caller checks it itself);
* week days: ``mon,wed,fri`` or Dutch ``ma,wo,vr`` / ``maandag, woensdag, vrijdag``;
* exercise ids: a typo gets "did you mean ..." with the closest ids.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from corecoach.domain.enums import Language, Weekday
from corecoach.errors import InvalidInputError, UnknownExerciseError

YES = frozenset({"y", "yes", "j", "ja", "yep", "jawel", "ok", "oké"})
NO = frozenset({"n", "no", "nee", "nope", "neen"})


def parse_yes_no(raw: str) -> bool | None:
    """True for yes/ja, False for no/nee, None for anything else (ask again)."""
    word = raw.strip().lower().rstrip(".!")
    if word in YES:
        return True
    if word in NO:
        return False
    return None


DAY_WORDS: dict[str, Weekday] = {}
for _day, _words in {
    Weekday.MON: ("mon", "monday", "ma", "maa", "maan", "maandag"),
    Weekday.TUE: ("tue", "tues", "tuesday", "di", "din", "dins", "dinsdag"),
    Weekday.WED: ("wed", "wednesday", "wo", "woe", "woensdag"),
    Weekday.THU: ("thu", "thur", "thurs", "thursday", "do", "don", "dond", "donderdag"),
    Weekday.FRI: ("fri", "friday", "vr", "vrij", "vrijdag"),
    Weekday.SAT: ("sat", "saturday", "za", "zat", "zaterdag"),
    Weekday.SUN: ("sun", "sunday", "zo", "zon", "zondag"),
}.items():
    for _w in _words:
        DAY_WORDS[_w] = _day


def parse_days(raw: str) -> list[Weekday] | None:
    """Week days in English or Dutch, separated by commas, spaces or "en"/"and"; None if one is not a day."""
    words = [w for w in re.split(r"[\s,;/+&]+", raw.strip().lower()) if w and w not in ("en", "and")]
    days = [DAY_WORDS.get(w.rstrip(".")) for w in words]
    if not days or any(d is None for d in days):
        return None
    return list(dict.fromkeys(d for d in days if d is not None))


_PAIN = re.compile(r"^\s*(\d{1,2})\s*(?:/\s*10\s*)?$")


def parse_pain(raw: str, what: str = "pain", lang: Language = Language.EN) -> int:
    """``7`` or ``7/10`` -> 7; anything else (``7/11``, ``11``, ``lots``) is refused with the scale shown."""
    m = _PAIN.match(raw)
    if m is None or not 0 <= int(m.group(1)) <= 10:
        raise InvalidInputError(
            f"{what}: '{raw.strip()}' is geen pijnscore; geef een heel getal van 0 (geen) tot 10 (ergst), bijv. 3 of 3/10."
            if lang is Language.NL
            else f"{what}: '{raw.strip()}' is not a pain score; give a whole number from 0 (none) to 10 (worst), e.g. 3 or 3/10."
        )
    return int(m.group(1))


DATE_FORMAT_HELP = "YYYY-MM-DD (e.g. 2026-12-02) or day-month-year (e.g. 02-12-2026 or 2-12-2026)"
DATE_FORMAT_HELP_NL = "JJJJ-MM-DD (bijv. 2026-12-02) of dag-maand-jaar (bijv. 02-12-2026 of 2-12-2026)"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TODAY = frozenset({"today", "vandaag"})
_YESTERDAY = frozenset({"yesterday", "gisteren"})


def parse_date(raw: str, today: date, what: str = "date", lang: Language = Language.EN, refuse_future: bool = True) -> date:
    """A date as ISO ``YYYY-MM-DD`` or day first (``02-12-2026`` is 2 December 2026, as written in the
    Netherlands and most of Europe); never in the future."""
    text = raw.strip().lower()
    if text in _TODAY:
        return today
    if text in _YESTERDAY:
        return today - timedelta(days=1)
    iso, dmy = _ISO.match(text), _DMY.match(text)
    parts = (int(iso[1]), int(iso[2]), int(iso[3])) if iso else (int(dmy[3]), int(dmy[2]), int(dmy[1])) if dmy else None
    nl = lang is Language.NL
    if parts is None:
        raise InvalidInputError(
            f"{what}: '{raw.strip()}' is geen datum; schrijf hem als {DATE_FORMAT_HELP_NL}."
            if nl
            else f"{what}: '{raw.strip()}' is not a date; write it as {DATE_FORMAT_HELP}."
        )
    try:
        on = date(*parts)
    except ValueError:
        raise InvalidInputError(
            f"{what}: '{raw.strip()}' bestaat niet in de kalender (gelezen als dag-maand-jaar); schrijf hem als {DATE_FORMAT_HELP_NL}."
            if nl
            else f"{what}: '{raw.strip()}' is not a date in the calendar (read as day-month-year); write it as {DATE_FORMAT_HELP}."
        ) from None
    if on > today and refuse_future:
        raise InvalidInputError(
            f"{what}: {on.isoformat()} ligt in de toekomst (vandaag is {today.isoformat()}); je kunt alleen een training loggen die al gedaan is."
            if nl
            else f"{what}: {on.isoformat()} is in the future (today is {today.isoformat()}); you can only log a session that has happened."
        )
    return on


def parse_number(raw: str) -> float | None:
    """A number with a decimal point or a Dutch decimal comma (``7,5``); None if it is not one."""
    text = raw.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def closest_ids(wrong: str, ids: Iterable[str], n: int = 3) -> list[str]:
    """The ids nearest to a typo (difflib), best first; also ids that contain what was typed."""
    by_lower = {i.lower(): i for i in ids}
    near = [by_lower[i] for i in difflib.get_close_matches(wrong.lower(), list(by_lower), n=n, cutoff=0.5)]
    contains = [i for low, i in by_lower.items() if len(wrong) >= 3 and wrong.lower() in low and i not in near]
    return (near + contains)[:n]


def check_exercise_id(exercise_id: str, ids: Sequence[str], lang: Language = Language.EN) -> None:
    """Refuse an unknown exercise id with the closest ids to try."""
    if exercise_id in ids:
        return
    near = closest_ids(exercise_id, ids)
    if lang is Language.NL:
        hint = f" Bedoel je {' of '.join(near)}?" if near else ""
        raise UnknownExerciseError(
            f"Er is geen oefening met id '{exercise_id}'.{hint} Met `corecoach exercises` zie je alle ids die je kunt gebruiken."
        )
    hint = f" Did you mean {' or '.join(near)}?" if near else ""
    raise UnknownExerciseError(
        f"There is no exercise with id '{exercise_id}'.{hint} Run `corecoach exercises` to see every id you can use."
    )


def parse_choice(raw: str, options: Mapping[str, Sequence[str]]) -> str | None:
    """The option whose name or one of its words (English or Dutch) was typed; None if none."""
    word = raw.strip().lower()
    for value, words in options.items():
        if word == value or word in words:
            return value
    return None


def lang_index(lang: Language) -> int:
    return 1 if lang is Language.NL else 0
