"""Triage of the red-flag answers: stop with a referral, or start with a doctor's or physio's clearance.

The rule, in one place for the CLI, the guided coach, the web form and the API:

* No red flag: the program is made.
* Any ``emergency`` or ``urgent`` red flag: stop and refer at the most urgent level, whatever else
  the intake says. A clearance never lifts these.
* Only ``see_doctor_before_starting`` red flags and no clearance: stop and refer; the referral
  says how to come back once a doctor or physio has seen the person and agrees.
* Only ``see_doctor_before_starting`` red flags and a clearance (who, and the date they saw the
  person): the program is made, the clearance is stored with its date, and the program shows
  the warning signs again (:class:`SafetyNet`).

In a session log (:func:`triage_session`), against the person's current clearance:

* An ``emergency`` or ``urgent`` red flag always stops, as in the plan.
* A ``see_doctor_before_starting`` red flag that the current clearance covers (the clearance was
  given for that answer) is recorded with the session but does not stop: the outcome says it is
  covered by the clearance of that date and repeats the warning signs once
  (:class:`CoveredRedFlags`).
* A ``see_doctor_before_starting`` red flag that it does not cover stops with the referral that
  says how to come back once a doctor or physio has seen the person for it (as the plan does).

Notes
-----
The clearance date is checked against the day the program is made (:func:`check_clearance`):
not in the future (a visit that has not happened clears nothing) and at most
:data:`~corecoach.screening.intake.CLEARANCE_MAX_AGE_DAYS` days before it. The stored intake is
never checked against a later day, so a program made with a valid clearance stays valid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from corecoach.domain.enums import Language, Urgency
from corecoach.domain.text import Text
from corecoach.errors import InvalidInputError
from corecoach.screening.intake import CLEARANCE_MAX_AGE_DAYS, Clearance, SeenBy
from corecoach.screening.red_flags import EMERGENCY_ACTION, URGENT_ACTION, RedFlag, Referral, load_red_flags, make_referral


def check_clearance(clearance: Clearance | None, today: date) -> None:
    """Refuse a clearance dated in the future or more than ``CLEARANCE_MAX_AGE_DAYS`` before ``today``.

    Raises :class:`InvalidInputError` naming ``clearance.seen_on``; does nothing without a clearance.
    """
    if clearance is None:
        return
    seen_on = clearance.seen_on
    earliest = today - timedelta(days=CLEARANCE_MAX_AGE_DAYS)
    if seen_on > today:
        problem = (
            f"clearance.seen_on: {seen_on.isoformat()} is in the future; give the date a doctor or physio saw you (today at the latest)"
        )
    elif seen_on < earliest:
        problem = (
            f"clearance.seen_on: {seen_on.isoformat()} is more than {CLEARANCE_MAX_AGE_DAYS} days ago; "
            "a check that old is not about your back as it is now: ask them to see you again"
        )
    else:
        return
    raise InvalidInputError("The intake is not valid:", [problem])


_TITLE = Text(en="Keep watching for warning signs", nl="Blijf letten op waarschuwingssignalen")
_SEEN_BY: dict[str, Text] = {
    "doctor": Text(en="a doctor", nl="een arts"),
    "physio": Text(en="a physio", nl="een fysiotherapeut"),
}
_INTRO = Text(
    en="You started this program after {who} saw you on {date} for these answers and agreed you can start:",
    nl="Je bent met dit programma begonnen nadat {who} je op {date} hiervoor heeft gezien en vond dat je kon beginnen:",
)
#: What to watch for, and what to do then: the cauda equina signs (emergency), the urgent signs, and a change.
_WATCH: tuple[Text, ...] = (
    Text(
        en="New trouble passing urine, losing control of your bladder or bowels, numbness around your back passage or "
        f"genitals, or both legs getting weaker: stop. {EMERGENCY_ACTION.en}",
        nl="Nieuwe moeite met plassen, je blaas of ontlasting niet meer kunnen ophouden, een doof gevoel rond je anus of "
        f"geslachtsdelen, of beide benen die zwakker worden: stop. {EMERGENCY_ACTION.nl}",
    ),
    Text(
        en=f"A fever or chills with your back pain, one leg getting weaker, or numbness that spreads: stop the exercises. {URGENT_ACTION.en}",
        nl=f"Koorts of koude rillingen bij je rugpijn, een been dat zwakker wordt, of een doof gevoel dat zich uitbreidt: "
        f"stop met de oefeningen. {URGENT_ACTION.nl}",
    ),
    Text(
        en="What you answered yes to gets worse or changes, or your pain keeps getting worse instead of settling: stop the "
        "exercises and see your doctor or physio again before you go on.",
        nl="Wordt waar je ja op antwoordde erger of verandert het, of wordt je pijn steeds erger in plaats van minder: stop "
        "met de oefeningen en ga opnieuw naar je arts of fysiotherapeut voordat je verdergaat.",
    ),
)


class SafetyNet(BaseModel):
    """The red-flag advice shown again with a program made after a doctor's or physio's clearance."""

    model_config = ConfigDict(frozen=True)

    red_flag_ids: tuple[str, ...]
    seen_by: SeenBy
    seen_on: date

    def title(self, lang: Language) -> str:
        return _TITLE(lang)

    def intro(self, lang: Language, seen_on_text: str | None = None) -> str:
        """The opening sentence; ``seen_on_text`` is the date as the reader writes it (ISO by default)."""
        return _INTRO(lang).format(who=_SEEN_BY[self.seen_by](lang), date=seen_on_text or self.seen_on.isoformat())

    def reported(self, lang: Language, flags: Mapping[str, RedFlag] | None = None) -> list[str]:
        flags = flags if flags is not None else load_red_flags()
        return [flags[i].question(lang) for i in self.red_flag_ids if i in flags]

    def watch(self, lang: Language) -> list[str]:
        return [w(lang) for w in _WATCH]

    def lines(self, lang: Language, flags: Mapping[str, RedFlag] | None = None) -> list[str]:
        """The whole advice as lines of text (terminal, JSON)."""
        return [
            self.title(lang),
            self.intro(lang),
            *(f"  - {q}" for q in self.reported(lang, flags)),
            *(f"* {w}" for w in self.watch(lang)),
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "seen_by": self.seen_by,
            "seen_on": self.seen_on.isoformat(),
            "red_flag_ids": list(self.red_flag_ids),
            "advice": {lang.value: self.lines(lang) for lang in Language},
        }


_COVERED = Text(
    en="You answered yes again to something {who} saw you for on {date}, after which they agreed you can start. "
    "That clearance covers it, so your program goes on. Your answer is saved with this session:",
    nl="Je antwoordde opnieuw ja op iets waarvoor {who} je op {date} heeft gezien, waarna die vond dat je kon beginnen. "
    "Die toestemming geldt hiervoor, dus je programma gaat door. Je antwoord is bij deze sessie bewaard:",
)


class CoveredRedFlags(BaseModel):
    """A session's "see a doctor before starting" answers that the current clearance covers: recorded, no stop.

    Says once that the clearance of ``clearance.seen_on`` covers them, and repeats the warning signs.
    """

    model_config = ConfigDict(frozen=True)

    red_flag_ids: tuple[str, ...]
    clearance: SafetyNet

    def explanation(self, lang: Language, seen_on_text: str | None = None) -> str:
        """The opening sentence; ``seen_on_text`` is the date as the reader writes it (ISO by default)."""
        net = self.clearance
        return _COVERED(lang).format(who=_SEEN_BY[net.seen_by](lang), date=seen_on_text or net.seen_on.isoformat())

    def reported(self, lang: Language, flags: Mapping[str, RedFlag] | None = None) -> list[str]:
        flags = flags if flags is not None else load_red_flags()
        return [flags[i].question(lang) for i in self.red_flag_ids if i in flags]

    def lines(self, lang: Language, flags: Mapping[str, RedFlag] | None = None) -> list[str]:
        """The whole message as lines of text: the explanation, the answers, then the warning signs (once)."""
        return [
            self.explanation(lang),
            *(f"  - {q}" for q in self.reported(lang, flags)),
            self.clearance.title(lang) + ":",
            *(f"* {w}" for w in self.clearance.watch(lang)),
        ]

    def message(self) -> Text:
        """The message in both languages, one line per item."""
        return Text(en="\n".join(self.lines(Language.EN)), nl="\n".join(self.lines(Language.NL)))

    def to_json(self) -> dict[str, Any]:
        flags = load_red_flags()
        return {
            "red_flag_ids": list(self.red_flag_ids),
            "seen_by": self.clearance.seen_by,
            "seen_on": self.clearance.seen_on.isoformat(),
            "reported": [flags[i].question.model_dump() for i in self.red_flag_ids if i in flags],
            "watch_for": [w.model_dump() for w in _WATCH],
            "message": self.message().model_dump(),
        }


@dataclass(frozen=True)
class Triage:
    """The screen's outcome: a referral (stop, no program), or go on, with a safety net when cleared."""

    referral: Referral | None = None
    safety_net: SafetyNet | None = None


def triage(red_flag_ids: Iterable[str], clearance: Clearance | None, flags: Mapping[str, RedFlag] | None = None) -> Triage:
    """Apply the tiers to the reported red flags (see the module docstring).

    The clearance date is not checked here (see :func:`check_clearance`): this also reads stored intakes.
    """
    flags = flags if flags is not None else load_red_flags()
    wanted = set(red_flag_ids)
    ids = tuple(i for i in flags if i in wanted)
    if not ids:
        return Triage()
    if clearance is not None and all(flags[i].urgency is Urgency.SEE_DOCTOR_BEFORE_STARTING for i in ids):
        return Triage(safety_net=SafetyNet(red_flag_ids=ids, seen_by=clearance.seen_by, seen_on=clearance.seen_on))
    return Triage(referral=make_referral(ids, flags))


@dataclass(frozen=True)
class SessionTriage:
    """A session's red flags: a referral (stop), or go on, saying which answers the clearance covers."""

    referral: Referral | None = None
    covered: CoveredRedFlags | None = None


def triage_session(red_flag_ids: Iterable[str], clearance: SafetyNet | None, flags: Mapping[str, RedFlag] | None = None) -> SessionTriage:
    """Apply the session rule (see the module docstring) to the red flags reported with a session.

    ``clearance`` is the person's current one (the safety net of the program they follow), or None.
    An emergency or urgent flag stops with a referral for everything reported, as the plan does; else
    "see a doctor" flags the clearance does not cover stop with a referral for those (it says how to
    come back); else the reported flags are all covered and the session goes on.
    """
    flags = flags if flags is not None else load_red_flags()
    wanted = set(red_flag_ids)
    ids = tuple(i for i in flags if i in wanted)
    if not ids:
        return SessionTriage()
    if any(not flags[i].clearable for i in ids):
        return SessionTriage(referral=make_referral(ids, flags))
    covered_ids = set(clearance.red_flag_ids) if clearance is not None else set()
    not_covered = tuple(i for i in ids if i not in covered_ids)
    if not_covered:
        return SessionTriage(referral=make_referral(not_covered, flags))
    assert clearance is not None
    return SessionTriage(covered=CoveredRedFlags(red_flag_ids=ids, clearance=clearance))
