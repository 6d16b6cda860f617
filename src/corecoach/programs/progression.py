"""Progression engine: the log of one exercise -> progress, hold, regress or stop, with the rule that fired.

Notes
-----
Rules are checked in this order; the first that fires decides (each is named and explained):

1. ``red_flag_stop``: a new red-flag symptom was reported -> stop and refer.
2. ``regress_pain_above_5``: pain during *this* exercise above ``PAIN_HOLD_MAX`` (5/10) -> this
   ladder one step back (only this one).
3. ``regress_next_morning_signal``: next-morning pain at least ``NEXT_MORNING_RISE_SIGNAL`` (2)
   points above the pain before the session -> one step back. Next-morning pain is asked once per
   session, so this evidence is session-wide: every ladder of that session steps back, and
   :func:`session_advice` gives the one message for the whole session (the cards do not repeat it).
4. ``regress_unclean_twice``: unclean form on *this* exercise in its last two sessions in a row ->
   this ladder one step back.
5. ``hold_next_morning_up_1``: next-morning pain 1 point above before the session (less than
   the signal) -> stay: no step back, no step up.
6. ``hold_pain_4_to_5``: pain during 4-5/10 -> stay.
7. ``hold_criterion_not_met``: the exercise's criterion was not met (in the last session, or in
   one of the consecutive sessions it asks for) -> stay.
8. ``hold_awaiting_next_morning``: criterion met, but next-morning pain is not logged yet -> stay.
9. ``hold_pain_above_3``: criterion met, but pain during was above 3 or not settled in that run -> stay.
10. ``progress_criterion_met``: criterion met with clean form on the required consecutive sessions,
    pain during at most 3 and settled by the next morning -> exactly one step up (``hold_top_of_ladder``
    or ``hold_level_gate`` when there is no step up for this person, ``hold_pain_present_for_advanced``
    when the next step is advanced and the person still starts sessions in pain).

At the easiest step a regression holds instead and says to make the range smaller.

Session-level advice (:func:`session_advice`, shown once per session, never per exercise):

- ``session_next_morning_signal``: the latest session's next-morning pain is a signal (rule 3).
- ``session_pain_persistently_worse``: the signal in ``PERSISTENT_SIGNAL_SESSIONS`` (2) sessions in
  a row within ``PERSISTENT_WITHIN_DAYS`` (14) days -> see your doctor or physio. This is the only
  place the progression rules send someone to a clinician (red flags aside): never per exercise,
  never for one bad morning.

Several logs of one exercise on the same day count as one session (the day's last entry).

"Settled" means next-morning pain no higher than pain before the session (Silbernagel's model,
clinical.md 9.6). The engine only ever moves one step: it never skips.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationInfo, field_validator, model_validator

from corecoach.catalogue import Catalogue, Exercise
from corecoach.domain.enums import Level
from corecoach.domain.text import Text
from corecoach.errors import InvalidInputError
from corecoach.screening.intake import refuse_yes_no_for_number

PAIN_PROGRESS_MAX = 3
"""Highest pain during (0-10) that still allows a step up: the "safe" zone 0-3 of the pain-monitoring
model (clinical.md 9.6, zones; "suggested app rule": progress at pain <= 3/10)."""

PAIN_HOLD_MAX = 5
"""Highest acceptable pain during an exercise (0-10): "pain during activity may reach 5/10 but not
higher" (Silbernagel's pain-monitoring model, clinical.md 9.6). Above it, that exercise steps back."""

NEXT_MORNING_RISE_SIGNAL = 2
"""Points (0-10) that next-morning pain must rise above the pain before the session to count as a
signal to step back. Pain after activity "must subside by the following morning" (clinical.md 9.6);
a change smaller than the minimal important change of 2 points on the pain NRS (Ostelo et al. 2008,
clinical.md 3.3) is within day-to-day variation, so a 1-point rise holds instead of regressing."""

PERSISTENT_SIGNAL_SESSIONS = 2
"""Sessions in a row (among those with next-morning pain logged) whose next-morning pain is a signal
before the advice is to see a doctor or physio: pain that keeps getting worse rather than settling.
From the model's third rule, "morning pain must not increase week to week" (clinical.md 9.6; not
verbatim-verified, clinical.md 12.4). One bad morning is never enough."""

PERSISTENT_WITHIN_DAYS = 14
"""The signal sessions of ``PERSISTENT_SIGNAL_SESSIONS`` must lie within this many days of each other
to count as persistent (two weeks: "week to week" in the model's third rule, clinical.md 9.6)."""


class Action(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    STOP = "stop"


class ExerciseLog(BaseModel):
    """One exercise in one session, as the person logged it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise_id: str
    session_date: date
    sets: int = Field(ge=0, le=20)
    reps_per_side: int | None = Field(default=None, ge=0, le=100)
    reps: int | None = Field(default=None, ge=0, le=200)
    hold_s: float | None = Field(default=None, ge=0, le=900)
    distance_m: float | None = Field(default=None, ge=0, le=5000)
    duration_s: float | None = Field(default=None, ge=0, le=3600)
    clean_form: StrictBool
    pain_before: int = Field(ge=0, le=10)
    pain_during: int = Field(ge=0, le=10)
    pain_next_morning: int | None = Field(default=None, ge=0, le=10)
    effort_rpe: int | None = Field(default=None, ge=1, le=10)

    @field_validator("*", mode="before")
    @classmethod
    def _no_yes_no_for_numbers(cls, value: object, info: ValidationInfo) -> object:
        return refuse_yes_no_for_number(cls, value, info)

    @model_validator(mode="after")
    def _some_work(self) -> ExerciseLog:
        if all(getattr(self, f) is None for f in ("reps_per_side", "reps", "hold_s", "distance_m", "duration_s")):
            raise ValueError("give what was done: reps per side, reps, hold seconds, distance or duration")
        return self

    @property
    def settled(self) -> bool | None:
        """Next-morning pain back to (or below) the pain before the session; None while unknown."""
        if self.pain_next_morning is None:
            return None
        return self.pain_next_morning <= self.pain_before


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule: str
    action: Action
    from_exercise: str
    to_exercise: str
    explanation: Text


class MorningResponse(StrEnum):
    """How the back answered a session by the next morning (Silbernagel's 24-hour response, clinical.md 9.6)."""

    UNKNOWN = "unknown"
    SETTLED = "settled"
    SMALL_RISE = "small_rise"
    SIGNAL = "signal"


def morning_response(pain_before: int, pain_next_morning: int | None) -> MorningResponse:
    """Settled (back to the usual level or lower), a small rise (hold) or a signal (step back).

    The usual level is the pain before the session; a rise of ``NEXT_MORNING_RISE_SIGNAL`` points or
    more that has not settled is the signal. A smaller rise is below the minimal important change.
    """
    if pain_next_morning is None:
        return MorningResponse.UNKNOWN
    rise = pain_next_morning - pain_before
    if rise <= 0:
        return MorningResponse.SETTLED
    if rise < NEXT_MORNING_RISE_SIGNAL:
        return MorningResponse.SMALL_RISE
    return MorningResponse.SIGNAL


class SessionPain(BaseModel):
    """One session's pain as a whole: the level before it and next morning's pain (asked once per session)."""

    model_config = ConfigDict(frozen=True)

    session_date: date
    pain_before: int = Field(ge=0, le=10)
    pain_next_morning: int | None = Field(default=None, ge=0, le=10)

    @classmethod
    def of(cls, entries: Sequence[ExerciseLog]) -> SessionPain:
        """The session from its exercise entries.

        Each entry carries the pain before the session; if they differ, the highest counts, so that
        a rise is only called a rise when it is above every level the person started the session with.
        """
        if not entries:
            raise InvalidInputError("A session needs at least one exercise entry.")
        mornings = [e.pain_next_morning for e in entries if e.pain_next_morning is not None]
        return cls(
            session_date=entries[0].session_date,
            pain_before=max(e.pain_before for e in entries),
            pain_next_morning=max(mornings) if mornings else None,
        )

    @property
    def response(self) -> MorningResponse:
        return morning_response(self.pain_before, self.pain_next_morning)


class SessionAdvice(BaseModel):
    """The one message for a whole session when the evidence is session-wide (shown once, not per exercise)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    see_clinician: bool
    message: Text


def pain_persistently_worse(sessions: Sequence[SessionPain]) -> bool:
    """Next-morning pain was a signal in the last ``PERSISTENT_SIGNAL_SESSIONS`` sessions in a row.

    ``sessions`` are in the order they were trained (oldest first, the session being answered
    last); those without next-morning pain logged are skipped (nothing is known about them). The
    signal sessions must lie within ``PERSISTENT_WITHIN_DAYS`` days of each other.
    """
    known = [s for s in sessions if s.pain_next_morning is not None]
    last = known[-PERSISTENT_SIGNAL_SESSIONS:]
    if len(last) < PERSISTENT_SIGNAL_SESSIONS or any(s.response is not MorningResponse.SIGNAL for s in last):
        return False
    dates = [s.session_date for s in last]
    return (max(dates) - min(dates)).days <= PERSISTENT_WITHIN_DAYS


def session_advice(sessions: Sequence[SessionPain]) -> SessionAdvice | None:
    """The session-wide message for the last session in ``sessions`` (oldest first), or None.

    Only the next-morning signal is session-wide; pain during one exercise or unclean form in one
    exercise is that exercise's own business and has no session message.
    """
    if not sessions:
        return None
    latest = sessions[-1]
    if latest.response is not MorningResponse.SIGNAL:
        return None
    before, morning = latest.pain_before, latest.pain_next_morning
    en = (
        f"The morning after this session your back was {morning}/10, up from {before}/10 before it, and it had not settled. "
        "So the session as a whole was a bit too much: each exercise of it goes one step easier "
        "(one that is already at its easiest version stays, and you make the movement smaller). "
        f"Pain during an exercise up to {PAIN_HOLD_MAX}/10 is fine, as long as it is back to your usual level by the next morning."
    )
    nl = (
        f"De ochtend na deze training was je rug {morning}/10, tegen {before}/10 ervoor, en de pijn was niet gezakt. "
        "De training als geheel was dus wat te veel: elke oefening ervan gaat één stap makkelijker "
        "(een oefening die al de makkelijkste versie is, blijft, en je maakt de beweging kleiner). "
        f"Pijn tijdens een oefening tot {PAIN_HOLD_MAX}/10 mag, zolang die de ochtend erna terug is op je gewone niveau."
    )
    if not pain_persistently_worse(sessions):
        return SessionAdvice(rule="session_next_morning_signal", see_clinician=False, message=Text(en=en, nl=nl))
    en = (
        f"For {PERSISTENT_SIGNAL_SESSIONS} sessions in a row your back has been clearly sorer the next morning "
        f"(this time {morning}/10, up from {before}/10) instead of settling. Please see your doctor or physio about it. "
        "Until then, keep to the easier versions and stop any exercise that makes the pain worse."
    )
    nl = (
        f"Je rug was {PERSISTENT_SIGNAL_SESSIONS} trainingen op rij de ochtend erna duidelijk pijnlijker "
        f"(deze keer {morning}/10, tegen {before}/10 ervoor) in plaats van dat de pijn zakte. "
        "Ga hiermee naar je huisarts of fysiotherapeut. "
        "Houd je tot dan aan de makkelijkere versies en stop met elke oefening die de pijn erger maakt."
    )
    return SessionAdvice(rule="session_pain_persistently_worse", see_clinician=True, message=Text(en=en, nl=nl))


def check_log_matches(exercise: Exercise, log: ExerciseLog) -> None:
    """A log must use the measure the exercise is dosed in (reps per side for a dead bug, metres for a carry)."""
    measure = exercise.criterion.measure
    if getattr(log, measure) is None:
        raise InvalidInputError(
            f"{exercise.name.en} is measured in {measure.replace('_', ' ')}: log that value "
            f"(e.g. --{measure.replace('_', '-')} {exercise.criterion.target:g})."
        )


def criterion_met(exercise: Exercise, log: ExerciseLog) -> bool:
    """Enough sets reached the target, with clean form where the criterion asks for it."""
    crit = exercise.criterion
    value = getattr(log, crit.measure)
    if value is None:
        return False
    return log.sets >= crit.sets and float(value) >= crit.target and (log.clean_form or not crit.clean_form)


_LEVEL_EN = {Level.BEGINNER: "beginners", Level.INTERMEDIATE: "people with some experience", Level.ADVANCED: "advanced trainees"}
_LEVEL_NL = {Level.BEGINNER: "beginners", Level.INTERMEDIATE: "wie al wat ervaring heeft", Level.ADVANCED: "gevorderden"}


def _d(rule: str, action: Action, ex: Exercise, to: str, en: str, nl: str) -> Decision:
    return Decision(rule=rule, action=action, from_exercise=ex.id, to_exercise=to, explanation=Text(en=en, nl=nl))


def _regress(rule: str, ex: Exercise, catalogue: Catalogue, en: str, nl: str) -> Decision:
    if ex.regression is None:
        return _d(
            rule,
            Action.HOLD,
            ex,
            ex.id,
            en + " This is already the easiest version: stay on it and make the movement smaller, only as far as it feels fine.",
            nl + " Dit is al de makkelijkste versie: blijf erbij en maak de beweging kleiner, alleen zo ver als het goed voelt.",
        )
    back = catalogue[ex.regression]
    return _d(rule, Action.REGRESS, ex, back.id, en + f" One step easier: {back.name.en}.", nl + f" Eén stap makkelijker: {back.name.nl}.")


def one_entry_per_session(history: Sequence[ExerciseLog]) -> list[ExerciseLog]:
    """Several logs of one exercise on one day are one session: keep the day's last entry.

    "Two consecutive sessions" must mean two different days, not two lines typed on the same day.
    """
    by_day: dict[date, ExerciseLog] = {}
    for entry in history:
        by_day.pop(entry.session_date, None)
        by_day[entry.session_date] = entry
    return list(by_day.values())


def decide_progression(
    catalogue: Catalogue,
    exercise_id: str,
    history: Sequence[ExerciseLog],
    level: Level,
    new_red_flags: Sequence[str] = (),
) -> Decision:
    """Decide the next rung from this exercise's logs at its current rung, oldest first.

    Only the last ``criterion.consecutive_sessions`` entries (at least two) are read, so the cost
    does not grow with the length of the log.
    """
    ex = catalogue[exercise_id]
    if new_red_flags:
        return _d(
            "red_flag_stop",
            Action.STOP,
            ex,
            ex.id,
            "You reported a warning sign. Stop training and follow the referral advice: see a doctor first.",
            "Je meldde een alarmsignaal. Stop met trainen en volg het verwijsadvies: ga eerst naar een arts.",
        )
    history = one_entry_per_session(history)
    if not history:
        return _d("hold_no_log", Action.HOLD, ex, ex.id, "Nothing logged yet at this step.", "Nog niets gelogd bij deze stap.")
    last = history[-1]
    if last.pain_during > PAIN_HOLD_MAX:
        return _regress(
            "regress_pain_above_5",
            ex,
            catalogue,
            f"Pain during the exercise was {last.pain_during}/10 (above 5).",
            f"De pijn tijdens de oefening was {last.pain_during}/10 (boven 5).",
        )
    response = morning_response(last.pain_before, last.pain_next_morning)
    if response is MorningResponse.SIGNAL:
        return _regress(
            "regress_next_morning_signal",
            ex,
            catalogue,
            f"Your back was sorer the morning after the whole session ({last.pain_before}/10 before, "
            f"{last.pain_next_morning}/10 the next morning).",
            f"Je rug was pijnlijker de ochtend na de hele training ({last.pain_before}/10 ervoor, "
            f"{last.pain_next_morning}/10 de ochtend erna).",
        )
    if len(history) >= 2 and not history[-1].clean_form and not history[-2].clean_form:
        return _regress(
            "regress_unclean_twice",
            ex,
            catalogue,
            "Two sessions in a row were not done with good form (the lower back did not stay still).",
            "Twee trainingen op rij lukte het niet met goede techniek (de onderrug bleef niet stil).",
        )
    if response is MorningResponse.SMALL_RISE:
        return _d(
            "hold_next_morning_up_1",
            Action.HOLD,
            ex,
            ex.id,
            f"Your back was 1 point sorer the next morning ({last.pain_before}/10 before, {last.pain_next_morning}/10 after). "
            "That small a change is normal: stay at this step, no step back.",
            f"Je rug was de ochtend erna 1 punt pijnlijker ({last.pain_before}/10 ervoor, {last.pain_next_morning}/10 erna). "
            "Zo'n kleine verandering is normaal: blijf bij deze stap, je gaat niet terug.",
        )
    if last.pain_during > PAIN_PROGRESS_MAX:
        return _d(
            "hold_pain_4_to_5",
            Action.HOLD,
            ex,
            ex.id,
            f"Pain during was {last.pain_during}/10: acceptable, but stay at this step until it is 3 or less.",
            f"De pijn tijdens was {last.pain_during}/10: acceptabel, maar blijf bij deze stap tot die 3 of minder is.",
        )
    need = max(2, ex.criterion.consecutive_sessions)
    window = list(history[-need:])
    crit = ex.criterion.description
    if len(window) < need or not all(criterion_met(ex, e) for e in window):
        return _d(
            "hold_criterion_not_met",
            Action.HOLD,
            ex,
            ex.id,
            f"Stay at this step for now: to go one step harder, {crit.en[:1].lower()}{crit.en[1:]}",
            f"Blijf nog bij deze stap: om een stap moeilijker te gaan, {crit.nl[:1].lower()}{crit.nl[1:]}",
        )
    if any(e.settled is None for e in window):
        return _d(
            "hold_awaiting_next_morning",
            Action.HOLD,
            ex,
            ex.id,
            "You did what this step asks; log how your back feels the next morning before moving up.",
            "Je deed wat deze stap vraagt; log eerst hoe je rug voelt de ochtend erna voordat je een stap omhoog gaat.",
        )
    if any(e.pain_during > PAIN_PROGRESS_MAX or not e.settled for e in window):
        return _d(
            "hold_pain_above_3",
            Action.HOLD,
            ex,
            ex.id,
            "You did what this step asks, but pain was above 3/10 or had not settled in one of those sessions: stay at this step.",
            "Je deed wat deze stap vraagt, maar de pijn was boven 3/10 of niet gezakt in een van die trainingen: blijf bij deze stap.",
        )
    if ex.progression is None:
        return _d(
            "hold_top_of_ladder",
            Action.HOLD,
            ex,
            ex.id,
            "You did what this step asks: this is the hardest step, keep doing it to stay in shape.",
            "Je deed wat deze stap vraagt: dit is de zwaarste stap, blijf hem doen om in vorm te blijven.",
        )
    nxt = catalogue[ex.progression]
    if not catalogue.offered_at(nxt.id, level):
        return _d(
            "hold_level_gate",
            Action.HOLD,
            ex,
            ex.id,
            f"You did what this step asks, but {nxt.name.en} is only for {_LEVEL_EN[nxt.level]}: stay here and keep it at good form.",
            f"Je deed wat deze stap vraagt, maar {nxt.name.nl} is alleen voor {_LEVEL_NL[nxt.level]}: blijf hier en houd je techniek goed.",
        )
    if nxt.level is Level.ADVANCED and any(e.pain_before > 0 for e in window):
        return _d(
            "hold_pain_present_for_advanced",
            Action.HOLD,
            ex,
            ex.id,
            f"You did what this step asks, but {nxt.name.en} is not for anyone with current back pain: stay here until you start sessions pain-free.",
            f"Je deed wat deze stap vraagt, maar {nxt.name.nl} is niet voor wie nu rugpijn heeft: blijf hier tot je trainingen pijnvrij begint.",
        )
    return _d(
        "progress_criterion_met",
        Action.PROGRESS,
        ex,
        nxt.id,
        f"One step harder, to {nxt.name.en}: you did what this step asks with good form in {need} sessions in a row, with pain "
        f"during at most 3/10 and settled by the next morning. (What this step asks: {crit.en})",
        f"Eén stap moeilijker, naar {nxt.name.nl}: je deed wat deze stap vraagt met goede techniek in {need} trainingen op rij, met pijn "
        f"tijdens hooguit 3/10 en de ochtend erna gezakt. (Wat deze stap vraagt: {crit.nl})",
    )
