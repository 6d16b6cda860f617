"""The coach dashboard's "stuck" and "needs attention", defined once, here.

A coach cannot read every log of every client; these rules pick out who needs a look:

* **stuck**: no session in 7 days (counted from the program when nothing was logged yet), or no
  step up any ladder in 4 weeks once the program is at least that old.
* **needs attention**: a red flag was reported (the program is stopped), pain above 5/10 during
  an exercise or the next morning, pain not settled by the next morning (higher than before the
  session), or a "this hurts" press - each within the last 14 days, except the red flag, which
  stays until the client answers the intake again.

The same definitions are shown on the dashboard (:data:`DEFINITIONS`), so coach and code agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from corecoach.domain.text import Text

NO_SESSION_DAYS = 7
NO_PROGRESSION_DAYS = 28
PAIN_ABOVE_NRS = 5
RECENT_DAYS = 14


class Concern(StrEnum):
    NO_SESSION_7_DAYS = "no_session_7_days"
    NO_PROGRESSION_4_WEEKS = "no_progression_4_weeks"
    RED_FLAG = "red_flag"
    PAIN_ABOVE_5 = "pain_above_5"
    NOT_SETTLED = "not_settled"
    THIS_HURTS = "this_hurts"


STUCK: tuple[Concern, ...] = (Concern.NO_SESSION_7_DAYS, Concern.NO_PROGRESSION_4_WEEKS)
ATTENTION: tuple[Concern, ...] = (Concern.RED_FLAG, Concern.PAIN_ABOVE_5, Concern.NOT_SETTLED, Concern.THIS_HURTS)

DEFINITIONS: dict[Concern, Text] = {
    Concern.NO_SESSION_7_DAYS: Text(
        en=f"No session in {NO_SESSION_DAYS} days (counted from the program if nothing was logged yet).",
        nl=f"Geen sessie in {NO_SESSION_DAYS} dagen (geteld vanaf het programma als er nog niets is gelogd).",
    ),
    Concern.NO_PROGRESSION_4_WEEKS: Text(
        en=f"No step up any ladder in {NO_PROGRESSION_DAYS // 7} weeks (once the program is that old).",
        nl=f"In {NO_PROGRESSION_DAYS // 7} weken geen stap omhoog op een ladder (zodra het programma zo oud is).",
    ),
    Concern.RED_FLAG: Text(
        en="A red-flag symptom was reported: the program is stopped and the client was told to see a doctor.",
        nl="Er is een alarmsignaal gemeld: het programma staat stil en de cliënt is naar een arts verwezen.",
    ),
    Concern.PAIN_ABOVE_5: Text(
        en=f"Pain above {PAIN_ABOVE_NRS}/10 during an exercise or the next morning in the last {RECENT_DAYS} days.",
        nl=f"Pijn boven {PAIN_ABOVE_NRS}/10 tijdens een oefening of de ochtend erna in de laatste {RECENT_DAYS} dagen.",
    ),
    Concern.NOT_SETTLED: Text(
        en=f"Pain not settled by the next morning (higher than before the session) in the last {RECENT_DAYS} days.",
        nl=f"Pijn de ochtend erna niet gezakt (hoger dan voor de sessie) in de laatste {RECENT_DAYS} dagen.",
    ),
    Concern.THIS_HURTS: Text(
        en=f'"This hurts" pressed during an exercise in the last {RECENT_DAYS} days.',
        nl=f'"Dit doet pijn" ingedrukt tijdens een oefening in de laatste {RECENT_DAYS} dagen.',
    ),
}


@dataclass(frozen=True)
class PainEntry:
    """One logged exercise's pain scores (0-10)."""

    on: date
    exercise_id: str
    pain_before: int
    pain_during: int
    pain_next_morning: int | None = None


@dataclass(frozen=True)
class HurtReport:
    """A "this hurts" press."""

    on: date
    exercise_id: str
    pain_nrs: int | None = None


@dataclass(frozen=True)
class ClientActivity:
    """What the rules look at, read from storage by the service."""

    program_made_on: date | None
    last_session_on: date | None
    last_progression_on: date | None
    red_flag_reported_on: date | None = None
    pain: Sequence[PainEntry] = ()
    hurts: Sequence[HurtReport] = ()


@dataclass(frozen=True)
class Flag:
    """One reason to look: the day it happened, what was seen (no dates in the text: pages show ``on``
    in the reader's locale) and the exercise it concerns, if one."""

    concern: Concern
    on: date | None
    detail: Text
    exercise_id: str | None = None


@dataclass(frozen=True)
class ClientStatus:
    stuck: list[Flag] = field(default_factory=list)
    attention: list[Flag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.stuck and not self.attention

    @property
    def attention_has_red_flag(self) -> bool:
        return any(f.concern is Concern.RED_FLAG for f in self.attention)


def client_status(activity: ClientActivity, today: date) -> ClientStatus:
    """Apply the definitions above to one client on ``today``."""
    stuck: list[Flag] = []
    attention: list[Flag] = []
    recent_from = today - timedelta(days=RECENT_DAYS)

    if activity.red_flag_reported_on is not None:
        attention.append(Flag(Concern.RED_FLAG, activity.red_flag_reported_on, DEFINITIONS[Concern.RED_FLAG]))
    else:
        started = activity.last_session_on or activity.program_made_on
        if started is not None and (today - started).days >= NO_SESSION_DAYS:
            days = (today - started).days
            detail = Text(en=f"Last session {days} days ago.", nl=f"Laatste sessie {days} dagen geleden.")
            if activity.last_session_on is None:
                detail = Text(
                    en=f"Program made {days} days ago, nothing logged yet.", nl=f"Programma {days} dagen geleden gemaakt, nog niets gelogd."
                )
            stuck.append(Flag(Concern.NO_SESSION_7_DAYS, started, detail))
        if activity.program_made_on is not None and (today - activity.program_made_on).days >= NO_PROGRESSION_DAYS:
            last_step = activity.last_progression_on
            if last_step is None or (today - last_step).days >= NO_PROGRESSION_DAYS:
                days = (today - last_step).days if last_step is not None else 0
                detail = (
                    Text(en="No step up since the program began.", nl="Geen stap omhoog sinds het begin van het programma.")
                    if last_step is None
                    else Text(en=f"Last step up {days} days ago.", nl=f"Laatste stap omhoog {days} dagen geleden.")
                )
                stuck.append(Flag(Concern.NO_PROGRESSION_4_WEEKS, last_step, detail))

    recent = [p for p in activity.pain if p.on >= recent_from]
    high = [p for p in recent if p.pain_during > PAIN_ABOVE_NRS or (p.pain_next_morning or 0) > PAIN_ABOVE_NRS]
    high_hurts = [h for h in activity.hurts if h.on >= recent_from and (h.pain_nrs or 0) > PAIN_ABOVE_NRS]
    if high or high_hurts:
        worst_day = max([p.on for p in high] + [h.on for h in high_hurts])
        worst = max([max(p.pain_during, p.pain_next_morning or 0) for p in high] + [h.pain_nrs or 0 for h in high_hurts])
        detail = Text(en=f"Pain {worst}/10.", nl=f"Pijn {worst}/10.")
        attention.append(Flag(Concern.PAIN_ABOVE_5, worst_day, detail))
    unsettled = [p for p in recent if p.pain_next_morning is not None and p.pain_next_morning > p.pain_before]
    if unsettled:
        last = max(unsettled, key=lambda p: p.on)
        detail = Text(
            en=f"{last.pain_before}/10 before, {last.pain_next_morning}/10 the next morning.",
            nl=f"{last.pain_before}/10 vooraf, {last.pain_next_morning}/10 de ochtend erna.",
        )
        attention.append(Flag(Concern.NOT_SETTLED, last.on, detail, last.exercise_id))
    hurts = [h for h in activity.hurts if h.on >= recent_from]
    if hurts:
        last_hurt = max(hurts, key=lambda h: h.on)
        detail = Text(en=f"{len(hurts)} time(s).", nl=f"{len(hurts)} keer.")
        attention.append(Flag(Concern.THIS_HURTS, last_hurt.on, detail, last_hurt.exercise_id))
    return ClientStatus(stuck=stuck, attention=attention)
