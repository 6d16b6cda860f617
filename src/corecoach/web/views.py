"""What the pages and the API share: where a profile stands, the referral, the day's session.

Thin: every decision is the services' and the core's; this module only reads their results in
the shape a page needs.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language, Weekday
from corecoach.errors import InvalidInputError, ProfileNotFoundError
from corecoach.programs.generator import Program, SessionDay
from corecoach.programs.progression import Decision
from corecoach.screening.red_flags import ConfirmChannel, Referral, load_red_flags, make_referral
from corecoach.services.coaching import current_program
from corecoach.services.data_rights import export_profile
from corecoach.storage.database import Database

StateKind = Literal["none", "stopped", "active"]


@dataclass(frozen=True)
class ProfileState:
    """No data yet, stopped by a red flag (with the referral), or an active program."""

    kind: StateKind
    program: Program | None = None
    referral: Referral | None = None


def latest_referral(db: Database, profile: str) -> Referral | None:
    """The referral stored last for a stopped profile."""
    try:
        data = export_profile(db, profile)
    except ProfileNotFoundError:
        return None
    if not data["profile"]["stopped_red_flag"] or not data["referrals"]:
        return None
    return make_referral(data["referrals"][-1]["red_flag_ids"])


class _ProgramMemo:
    """The last validated :class:`Program` per profile, reused while the stored document is unchanged.

    Most pages show the same stored program request after request; comparing the stored JSON with
    the one last validated costs a fraction of ``Program.model_validate``. The models are frozen,
    so one instance can be shared by requests on any thread. Keyed by profile name and bounded.
    """

    def __init__(self, max_profiles: int = 256) -> None:
        self._max = max_profiles
        self._lock = threading.Lock()
        self._by_profile: dict[str, tuple[dict[str, Any], Program]] = {}

    def validated(self, profile: str, document: dict[str, Any]) -> Program:
        with self._lock:
            hit = self._by_profile.get(profile)
        if hit is not None and hit[0] == document:
            return hit[1]
        program = Program.model_validate(document)
        with self._lock:
            self._by_profile.pop(profile, None)
            self._by_profile[profile] = (document, program)
            while len(self._by_profile) > self._max:
                del self._by_profile[next(iter(self._by_profile))]  # the oldest entry
        return program


_programs = _ProgramMemo()


def load_state(db: Database, profile: str) -> ProfileState:
    """Where the profile stands: one query for the usual case (an active program)."""
    try:
        return ProfileState("active", program=_programs.validated(profile, current_program(db, profile)))
    except ProfileNotFoundError:
        return ProfileState("none")
    except InvalidInputError:  # current_program refuses a profile stopped by a red flag
        referral = latest_referral(db, profile)
        if referral is None:
            raise
        return ProfileState("stopped", referral=referral)


def referral_document(referral: Referral) -> dict[str, Any]:
    """The referral as JSON, as ``corecoach plan --json`` prints it; ``how_to_confirm`` in the API's words (None if it cannot be cleared)."""
    flags = load_red_flags()
    how = referral.how_to_confirm(ConfirmChannel.API)
    return {
        "urgency": referral.urgency.value,
        "red_flag_ids": list(referral.red_flag_ids),
        "headline": referral.headline.model_dump(),
        "action": referral.action.model_dump(),
        "reported": [flags[i].question.model_dump() for i in referral.red_flag_ids],
        "how_to_confirm": None if how is None else how.model_dump(),
    }


def referral_view(referral: Referral, lang: Language) -> dict[str, Any]:
    flags = load_red_flags()
    return {
        "urgency": referral.urgency.value,
        "headline": referral.headline(lang),
        "action": referral.action(lang),
        "reported": [flags[i].question(lang) for i in referral.red_flag_ids],
    }


def pick_day(program: Program, today: date, requested: str | None) -> tuple[SessionDay, bool]:
    """The session to show: the requested day, else today's, else the next training day.

    Returns the day and whether it is today's.
    """
    week = list(program.week)
    by_day = {d.day.value: d for d in week}
    if requested in by_day:
        day = by_day[str(requested)]
        return day, day.day.day_number == today.weekday()
    todays = list(Weekday)[today.weekday()].value
    if todays in by_day:
        return by_day[todays], True
    ahead = sorted(week, key=lambda d: (d.day.day_number - today.weekday()) % 7)
    return ahead[0], False


def decision_views(decisions: Sequence[tuple[Any, Decision]], catalogue: Catalogue, lang: Language) -> list[dict[str, str]]:
    return [
        {
            "function": str(getattr(function, "value", function)),
            "action": d.action.value,
            "rule": d.rule,
            "from_name": catalogue[d.from_exercise].name(lang),
            "to_name": catalogue[d.to_exercise].name(lang),
            "explanation": d.explanation(lang),
        }
        for function, d in decisions
    ]


def decision_documents(decisions: Sequence[tuple[Any, Decision]]) -> list[dict[str, Any]]:
    return [
        {
            "function": str(getattr(function, "value", function)),
            "rule": d.rule,
            "action": d.action.value,
            "from_exercise": d.from_exercise,
            "to_exercise": d.to_exercise,
            "explanation": d.explanation.model_dump(),
        }
        for function, d in decisions
    ]


def progress_rows(report: Mapping[str, Any], catalogue: Catalogue, lang: Language) -> list[dict[str, Any]]:
    """Each phase of the progress report with names in the reader's language."""
    return [
        {
            "function": p["function"],
            "exercise": catalogue[p["exercise_id"]].name(lang),
            "exercise_id": p["exercise_id"],
            "rung": p["rung"] + 1,
            "total": len(p["ladder"]),
            "unlocked": p["unlocked"],
        }
        for p in report["phases"]
    ]
