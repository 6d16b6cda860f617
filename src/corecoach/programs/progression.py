"""Progression engine: the log of one exercise -> progress, hold, regress or stop, with the rule that fired.

Notes
-----
Rules are checked in this order; the first that fires decides (each is named and explained):

1. ``red_flag_stop``: a new red-flag symptom was reported -> stop and refer.
2. ``regress_pain_above_5``: pain during the exercise above 5/10 -> one rung back.
3. ``regress_not_settled``: next-morning pain higher than before the session -> one rung back.
4. ``regress_unclean_twice``: unclean form in the last two sessions in a row -> one rung back.
5. ``hold_pain_4_to_5``: pain during 4-5/10 -> stay.
6. ``hold_criterion_not_met``: the exercise's criterion was not met (in the last session, or in
   one of the consecutive sessions it asks for) -> stay.
7. ``hold_awaiting_next_morning``: criterion met, but next-morning pain is not logged yet -> stay.
8. ``hold_pain_above_3``: criterion met, but pain during was above 3 in that run -> stay.
9. ``progress_criterion_met``: criterion met with clean form on the required consecutive sessions,
   pain during at most 3 and settled by the next morning -> exactly one rung up (``hold_top_of_ladder``
   or ``hold_level_gate`` when there is no rung up for this person, ``hold_pain_present_for_advanced``
   when the next rung is advanced and the person still starts sessions in pain).

Several logs of one exercise on the same day count as one session (the day's last entry).

"Settled" means next-morning pain no higher than pain before the session (Silbernagel's model,
clinical.md 9.6). The engine only ever moves one rung: it never skips.
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
PAIN_HOLD_MAX = 5


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


def check_log_matches(exercise: Exercise, log: ExerciseLog) -> None:
    """A log must use the measure the exercise is dosed in (reps per side for a dead bug, metres for a carry)."""
    measure = exercise.criterion.measure
    if getattr(log, measure) is None:
        raise InvalidInputError(
            f"{exercise.id} is measured in {measure.replace('_', ' ')}: log that value "
            f"(e.g. --{measure.replace('_', '-')} {exercise.criterion.target:g})."
        )


def criterion_met(exercise: Exercise, log: ExerciseLog) -> bool:
    """Enough sets reached the target, with clean form where the criterion asks for it."""
    crit = exercise.criterion
    value = getattr(log, crit.measure)
    if value is None:
        return False
    return log.sets >= crit.sets and float(value) >= crit.target and (log.clean_form or not crit.clean_form)


def _d(rule: str, action: Action, ex: Exercise, to: str, en: str, nl: str) -> Decision:
    return Decision(rule=rule, action=action, from_exercise=ex.id, to_exercise=to, explanation=Text(en=en, nl=nl))


def _regress(rule: str, ex: Exercise, catalogue: Catalogue, en: str, nl: str) -> Decision:
    if ex.regression is None:
        return _d(
            rule,
            Action.HOLD,
            ex,
            ex.id,
            en + " This is already the easiest rung: make the range smaller and, if pain persists, see your doctor or physio.",
            nl
            + " Dit is al de makkelijkste trede: maak de beweging kleiner en ga bij aanhoudende pijn naar je huisarts of fysiotherapeut.",
        )
    back = catalogue[ex.regression]
    return _d(rule, Action.REGRESS, ex, back.id, en + f" Back one rung to {back.name.en}.", nl + f" Eén trede terug naar {back.name.nl}.")


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
        return _d("hold_no_log", Action.HOLD, ex, ex.id, "Nothing logged yet at this rung.", "Nog niets gelogd op deze trede.")
    last = history[-1]
    if last.pain_during > PAIN_HOLD_MAX:
        return _regress(
            "regress_pain_above_5",
            ex,
            catalogue,
            f"Pain during the exercise was {last.pain_during}/10 (above 5).",
            f"De pijn tijdens de oefening was {last.pain_during}/10 (boven 5).",
        )
    if last.settled is False:
        return _regress(
            "regress_not_settled",
            ex,
            catalogue,
            f"Pain the next morning ({last.pain_next_morning}/10) had not settled back to before the session ({last.pain_before}/10).",
            f"De pijn de ochtend erna ({last.pain_next_morning}/10) was niet gezakt tot het niveau vóór de training ({last.pain_before}/10).",
        )
    if len(history) >= 2 and not history[-1].clean_form and not history[-2].clean_form:
        return _regress(
            "regress_unclean_twice",
            ex,
            catalogue,
            "Form was not clean in two sessions in a row (the lower back did not stay neutral).",
            "De uitvoering was twee trainingen op rij niet zuiver (de onderrug bleef niet neutraal).",
        )
    if last.pain_during > PAIN_PROGRESS_MAX:
        return _d(
            "hold_pain_4_to_5",
            Action.HOLD,
            ex,
            ex.id,
            f"Pain during was {last.pain_during}/10: acceptable, but stay on this rung until it is 3 or less.",
            f"De pijn tijdens was {last.pain_during}/10: acceptabel, maar blijf op deze trede tot die 3 of minder is.",
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
            f"Not yet (criterion: {crit.en})",
            f"Nog niet (criterium: {crit.nl})",
        )
    if any(e.settled is None for e in window):
        return _d(
            "hold_awaiting_next_morning",
            Action.HOLD,
            ex,
            ex.id,
            "Criterion met; log how your back feels the next morning before moving up.",
            "Criterium gehaald; log eerst hoe je rug voelt de ochtend erna voordat je een stap omhoog gaat.",
        )
    if any(e.pain_during > PAIN_PROGRESS_MAX or not e.settled for e in window):
        return _d(
            "hold_pain_above_3",
            Action.HOLD,
            ex,
            ex.id,
            "Criterion met, but pain was above 3/10 or not settled in one of those sessions: stay on this rung.",
            "Criterium gehaald, maar de pijn was boven 3/10 of niet gezakt in een van die trainingen: blijf op deze trede.",
        )
    if ex.progression is None:
        return _d(
            "hold_top_of_ladder",
            Action.HOLD,
            ex,
            ex.id,
            "Criterion met: this is the top of the ladder, keep it as maintenance.",
            "Criterium gehaald: dit is de hoogste trede, houd het vast als onderhoud.",
        )
    nxt = catalogue[ex.progression]
    if not catalogue.offered_at(nxt.id, level):
        return _d(
            "hold_level_gate",
            Action.HOLD,
            ex,
            ex.id,
            f"Criterion met, but {nxt.name.en} is only for {nxt.level.value} trainees: stay here and keep it clean.",
            f"Criterium gehaald, maar {nxt.name.nl} is alleen voor gevorderden: blijf hier en houd het zuiver.",
        )
    if nxt.level is Level.ADVANCED and any(e.pain_before > 0 for e in window):
        return _d(
            "hold_pain_present_for_advanced",
            Action.HOLD,
            ex,
            ex.id,
            f"Criterion met, but {nxt.name.en} is not for anyone with current back pain: stay here until you start sessions pain-free.",
            f"Criterium gehaald, maar {nxt.name.nl} is niet voor wie nu rugpijn heeft: blijf hier tot je trainingen pijnvrij begint.",
        )
    return _d(
        "progress_criterion_met",
        Action.PROGRESS,
        ex,
        nxt.id,
        f"Up one rung to {nxt.name.en}: the criterion was met with clean form in {need} sessions in a row, with pain during at most 3/10 "
        f"and settled by the next morning. (Criterion: {crit.en})",
        f"Eén trede omhoog naar {nxt.name.nl}: het criterium is zuiver gehaald in {need} trainingen op rij, met pijn tijdens hooguit 3/10 "
        f"en de ochtend erna gezakt. (Criterium: {crit.nl})",
    )
