"""The one-minute session log as a form: one row per exercise of the day, prefilled from the plan.

Field names: ``session_date``, ``pain_before``, ``effort_rpe``, ``red_flags`` (new warning signs,
several), and per exercise ``ex.<id>.done``, ``ex.<id>.sets``, ``ex.<id>.<measure>`` (the measure
the exercise is dosed in: ``reps_per_side``, ``reps``, ``hold_s``, ``distance_m`` or
``duration_s``), ``ex.<id>.clean_form`` (yes/no), ``ex.<id>.pain_during`` and ``ex.<id>.stopped``
(the "this hurts" button ticks it: the exercise was stopped, so its form was not clean).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from corecoach.catalogue import Catalogue, Exercise
from corecoach.domain.enums import Language
from corecoach.programs.generator import Prescription, SessionDay
from corecoach.programs.progression import ExerciseLog
from corecoach.web.i18n import translate, translate_problem

FormValues = Mapping[str, Sequence[str]]
SESSION_FIELDS = ("session_date", "pain_before", "effort_rpe")


@dataclass(frozen=True)
class SessionRow:
    """One exercise of the day's session, with what the player and the log need."""

    item: Prescription
    exercise: Exercise
    measure: str
    sides: tuple[str, ...]  # ("left", "right") when each set is done per side

    @property
    def key(self) -> str:
        return f"ex.{self.exercise.id}"

    @property
    def target(self) -> float:
        return float(getattr(self.item.dosage, self.measure))


def session_rows(day: SessionDay, catalogue: Catalogue) -> list[SessionRow]:
    rows: list[SessionRow] = []
    seen: set[str] = set()
    for item in day.items:
        if item.exercise_id in seen:
            continue
        seen.add(item.exercise_id)
        ex = catalogue[item.exercise_id]
        per_side = item.dosage.reps_per_side is not None or item.dosage.per_side
        rows.append(SessionRow(item, ex, ex.criterion.measure, ("left", "right") if per_side else ()))
    return rows


def _plain(value: float) -> str:
    return f"{value:g}"


def default_log_values(rows: Sequence[SessionRow], today: date) -> dict[str, list[str]]:
    """The plan's numbers, clean form, today's date; pain is left for the person to give."""
    values: dict[str, list[str]] = {"session_date": [today.isoformat()]}
    for row in rows:
        values[f"{row.key}.done"] = ["yes"]
        values[f"{row.key}.sets"] = [str(row.item.dosage.sets)]
        values[f"{row.key}.{row.measure}"] = [_plain(row.target)]
        values[f"{row.key}.clean_form"] = ["yes"]
    return values


def _first(values: FormValues, name: str) -> str:
    got = values.get(name) or ()
    return str(got[0]).strip() if got else ""


@dataclass
class ParsedLog:
    entries: list[ExerciseLog] = field(default_factory=list)
    red_flags: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)


def _int_field(values: FormValues, name: str, lo: int, hi: int, lang: Language, errors: dict[str, str], required: bool) -> int | None:
    raw = _first(values, name)
    if not raw:
        if required:
            errors[name] = translate_problem("required field is missing", lang)
        return None
    try:
        number = int(raw)
    except ValueError:
        errors[name] = translate_problem("Input should be a valid integer", lang)
        return None
    if number > hi:
        errors[name] = translate_problem(f"Input should be less than or equal to {hi}", lang)
        return None
    if number < lo:
        errors[name] = translate_problem(f"Input should be greater than or equal to {lo}", lang)
        return None
    return number


def parse_log_form(values: FormValues, rows: Sequence[SessionRow], lang: Language, known_flags: Sequence[str]) -> ParsedLog:
    """Form values -> exercise logs (the core's model validates each), with errors per field."""
    out = ParsedLog()
    raw_date = _first(values, "session_date")
    try:
        on = date.fromisoformat(raw_date) if raw_date else date.today()
    except ValueError:
        out.errors["session_date"] = translate_problem("Input should be a valid date", lang)
        on = date.today()
    pain_before = _int_field(values, "pain_before", 0, 10, lang, out.errors, required=True)
    effort = _int_field(values, "effort_rpe", 1, 10, lang, out.errors, required=False)
    out.red_flags = [f for f in values.get("red_flags", ()) if f in known_flags]
    for row in rows:
        if _first(values, f"{row.key}.done") not in ("yes", "on", "1", "true"):
            continue
        stopped = _first(values, f"{row.key}.stopped") in ("yes", "on", "1", "true")
        clean = _first(values, f"{row.key}.clean_form")
        doc: dict[str, Any] = {
            "exercise_id": row.exercise.id,
            "session_date": on,
            "clean_form": clean == "yes" and not stopped,
            "pain_before": pain_before if pain_before is not None else 0,
        }
        for name in ("sets", row.measure, "pain_during"):
            raw = _first(values, f"{row.key}.{name}").replace(",", ".")
            if raw:
                doc[name] = raw
            else:
                out.errors[f"{row.key}.{name}"] = translate_problem("required field is missing", lang)
        if effort is not None:
            doc["effort_rpe"] = effort
        try:
            entry = ExerciseLog.model_validate(doc)
        except ValidationError as exc:
            for e in exc.errors():
                loc = str(e["loc"][0]) if e["loc"] else ""
                message = translate_problem(str(e["msg"]), lang)
                if loc in ("sets", row.measure, "pain_during"):
                    out.errors.setdefault(f"{row.key}.{loc}", message)
                else:
                    out.general.append(f"{row.exercise.name(lang)}: {message}")
            continue
        if not any(k.startswith(row.key + ".") for k in out.errors):
            out.entries.append(entry)
    if not out.errors and not out.general and not out.entries and not out.red_flags:
        out.general.append(translate("log.nothing", lang))
    return out
