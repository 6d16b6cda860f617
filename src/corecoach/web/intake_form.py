"""The intake as one web form: its fields, form values -> intake document, problems -> field errors.

Each form field is named by its dotted path in the intake (``pain.now_nrs``,
``capability.dead_bug.back_flat``, ``psfs.0.score``), so a problem reported by
:func:`corecoach.screening.validation.validate_intake` as ``field.path: problem`` lands next to the
field it names. The form builds exactly the document an intake file holds; validation is the
core's, nothing is checked twice with different rules. Only what a form cannot express is checked
here: an unanswered red-flag question (the file format reports those as one line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from corecoach.domain.enums import Equipment, Language, Level, Weekday
from corecoach.domain.text import Text
from corecoach.screening.red_flags import CLEARANCE_CONFIRMATION, RedFlag
from corecoach.web.i18n import translate, translate_problem

FieldKind = Literal["text", "int", "float", "bool", "tristate", "check", "choice", "multi", "date"]
FormValues = Mapping[str, Sequence[str]]

PSFS_ROWS = 5
YES, NO = "yes", "no"
#: The clearance as the form asks it: a tick, who, and the date. Only a tick sends it in the intake document.
CLEARANCE_TICK, CLEARANCE_WHO, CLEARANCE_DATE = "clearance.confirmed", "clearance.seen_by", "clearance.seen_on"


@dataclass(frozen=True)
class FormField:
    """One input. ``label`` is a message key, or a :class:`Text` (red-flag questions)."""

    name: str
    kind: FieldKind
    label: str | Text
    choices: tuple[str, ...] = ()
    choice_prefix: str = ""
    default: tuple[str, ...] = ()
    required: bool = False
    min: float | None = None
    max: float | None = None

    def label_text(self, lang: Language) -> str:
        return self.label(lang) if isinstance(self.label, Text) else translate(self.label, lang)

    def choice_text(self, choice: str, lang: Language) -> str:
        return translate(self.choice_prefix + choice, lang)


@dataclass(frozen=True)
class FormSection:
    """A group of fields with a title, an optional intro and a step list showing how to do the test."""

    key: str
    fields: tuple[FormField, ...]
    intro: str | None = None
    steps: tuple[str, ...] = ()
    psfs: bool = False


def _f(name: str, kind: FieldKind, **kw: Any) -> FormField:
    return FormField(name=name, kind=kind, label=kw.pop("label", "f." + name), **kw)


def _int(name: str, lo: int, hi: int, **kw: Any) -> FormField:
    return _f(name, "int", min=lo, max=hi, **kw)


def _float(name: str, lo: float, hi: float, **kw: Any) -> FormField:
    return _f(name, "float", min=lo, max=hi, **kw)


def intake_sections(flags: Mapping[str, RedFlag]) -> tuple[FormSection, ...]:
    """The whole form, safety first, in the order a coach asks."""
    return (
        FormSection(
            "section.about",
            (
                _f("person.name", "text"),
                _int("person.age_years", 16, 110),
                _f(
                    "experience",
                    "choice",
                    choices=tuple(lv.value for lv in Level),
                    choice_prefix="level.",
                    default=(Level.BEGINNER.value,),
                    required=True,
                ),
            ),
        ),
        FormSection(
            "section.safety",
            tuple(FormField(f"red_flags.{f.id}", "bool", f.question, required=True) for f in flags.values() if not f.clearable),
            intro="section.safety.intro",
        ),
        FormSection(
            "section.safety_check",
            (
                *(FormField(f"red_flags.{f.id}", "bool", f.question, required=True) for f in flags.values() if f.clearable),
                FormField(CLEARANCE_TICK, "check", CLEARANCE_CONFIRMATION),
                _f(CLEARANCE_WHO, "choice", choices=("doctor", "physio"), choice_prefix="seen_by.", default=("doctor",)),
                _f(CLEARANCE_DATE, "date"),
            ),
            intro="section.safety_check.intro",
        ),
        FormSection(
            "section.diagnoses",
            (
                _f("diagnoses.hernia", "bool", default=(NO,), required=True),
                _f("diagnoses.other_back_condition_under_care", "bool", default=(NO,), required=True),
                _f("diagnoses.approval_acknowledged", "check"),
            ),
            intro="section.diagnoses.intro",
        ),
        FormSection(
            "section.pain",
            (
                _int("pain.now_nrs", 0, 10, required=True),
                _int("pain.worst_last_week_nrs", 0, 10),
                _int("pain.duration_weeks", 0, 2000),
            ),
            intro="section.pain.intro",
        ),
        FormSection(
            "section.psfs",
            tuple(
                item
                for n in range(PSFS_ROWS)
                for item in (
                    _f(f"psfs.{n}.activity", "text", label="f.psfs.activity"),
                    _int(f"psfs.{n}.score", 0, 10, label="f.psfs.score"),
                )
            ),
            intro="section.psfs.intro",
            psfs=True,
        ),
        FormSection(
            "section.breathing",
            (
                _f("breathing.hand_test", "choice", choices=("belly", "mixed", "chest"), choice_prefix="hand.", required=True),
                _f("breathing.ribs_stay_down_90_90", "bool", required=True),
                _float("breathing.control_pause_s", 0, 180),
            ),
            steps=("steps.breathing.1", "steps.breathing.2", "steps.breathing.3", "steps.breathing.4"),
        ),
        FormSection(
            "section.dead_bug",
            (
                _f("capability.dead_bug.back_flat", "bool", required=True),
                _int("capability.dead_bug.clean_sets", 0, 10, default=("0",)),
                _int("capability.dead_bug.clean_reps_per_side", 0, 50, default=("0",)),
                _f("capability.dead_bug.toe_taps_back_flat", "tristate"),
                _f("capability.dead_bug.wall_press_clean_3x8", "bool", default=(NO,)),
            ),
            steps=("steps.dead_bug.1", "steps.dead_bug.2", "steps.dead_bug.3", "steps.dead_bug.4"),
        ),
        FormSection(
            "section.more_tests",
            (
                _float("capability.suitcase_carry.clean_distance_m", 0, 1000, default=("0",)),
                _int("capability.pallof_press.standing_clean_reps_per_side", 0, 50, default=("0",)),
                _int("capability.pallof_press.tall_kneeling_clean_reps_per_side", 0, 50, default=("0",)),
                _int("capability.pallof_press.half_kneeling_clean_reps_per_side", 0, 50, default=("0",)),
                _int("capability.bird_dog.clean_reps_per_side", 0, 50, default=("0",)),
                _float("capability.side_plank_hold_s", 0, 600),
            ),
            intro="section.more_tests.intro",
            steps=("steps.more.1", "steps.more.2", "steps.more.3"),
        ),
        FormSection(
            "section.endurance",
            tuple(_float(f"endurance.{n}", 0, 900) for n in ("flexor_s", "extensor_s", "side_bridge_right_s", "side_bridge_left_s")),
            intro="section.endurance.intro",
            steps=("steps.endurance.1", "steps.endurance.2", "steps.endurance.3"),
        ),
        FormSection(
            "section.mobility",
            (
                _f("mobility.hip.squat_lower_back_rounds", "bool", default=(NO,)),
                _f("mobility.hip.hip_flexor_tight", "bool", default=(NO,)),
                _f("mobility.hip.knee_to_chest_without_back_rounding", "bool", default=(YES,)),
                _float("mobility.thoracic.seated_rotation_left_deg", 0, 120),
                _float("mobility.thoracic.seated_rotation_right_deg", 0, 120),
                _f("mobility.thoracic.arms_overhead_without_arching", "bool", default=(YES,)),
            ),
            steps=("steps.mobility.1", "steps.mobility.2"),
        ),
        FormSection(
            "section.habits",
            (
                _float("habits.sitting_hours_per_day", 0, 24, required=True),
                _f("habits.stands_on_one_leg", "bool", default=(NO,)),
            ),
        ),
        FormSection(
            "section.schedule",
            (
                _f(
                    "schedule.days",
                    "multi",
                    choices=tuple(d.value for d in Weekday),
                    default=("mon", "wed", "fri"),
                    required=True,
                ),
                _int("schedule.minutes_per_session", 10, 120, default=("30",)),
                _f("equipment", "multi", choices=tuple(e.value for e in Equipment if e is not Equipment.NONE), choice_prefix="eq."),
            ),
        ),
    )


def all_fields(sections: Sequence[FormSection]) -> dict[str, FormField]:
    return {f.name: f for s in sections for f in s.fields}


def default_values(sections: Sequence[FormSection]) -> dict[str, list[str]]:
    """What a fresh form shows: the model's defaults where they are safe, nothing for the safety questions."""
    return {f.name: list(f.default) for s in sections for f in s.fields if f.default}


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = doc
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value


def _first(values: FormValues, name: str) -> str:
    got = values.get(name) or ()
    return str(got[0]).strip() if got else ""


def _number(raw: str) -> str:
    """Accept a decimal comma (Dutch); the model converts and range-checks the text."""
    return raw.replace(",", ".").replace(" ", "")


@dataclass
class ParsedIntake:
    document: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def reported_red_flags(self) -> list[str]:
        return [k for k, v in self.document.get("red_flags", {}).items() if v is True]


def parse_intake_form(values: FormValues, sections: Sequence[FormSection], lang: Language) -> ParsedIntake:
    """Form values -> the intake document (as a file would hold it) and the errors only a form can have."""
    doc: dict[str, Any] = {
        "language": lang.value,
        "red_flags": {},
        "pain": {},
        "breathing": {},
        "capability": {"dead_bug": {}},
        "habits": {},
        "schedule": {},
    }
    errors: dict[str, str] = {}
    for section in sections:
        if section.psfs:
            continue
        present: dict[str, Any] = {}
        for f in section.fields:
            raw = _first(values, f.name)
            if f.name.startswith("clearance."):
                continue  # below: only with the tick
            if f.kind == "multi":
                present[f.name] = [str(v) for v in values.get(f.name, ()) if str(v).strip()]
            elif f.kind == "check":
                present[f.name] = raw in (YES, "on", "true", "1")
            elif f.kind in ("bool", "tristate"):
                if raw in (YES, NO):
                    present[f.name] = raw == YES
                elif raw:
                    present[f.name] = raw  # let the model say what is wrong with it
                elif f.name.startswith("red_flags."):
                    errors[f.name] = translate_problem("answer yes or no", lang)
            elif raw:
                present[f.name] = _number(raw) if f.kind in ("int", "float") else raw
        if section.key == "section.endurance" and not present:
            continue  # optional as a whole: all four holds or none
        for name, value in present.items():
            _set(doc, name, value)
    if _first(values, CLEARANCE_TICK) in (YES, "on", "true", "1"):
        # the model says what is missing or wrong (who, the date); its date rule is the core's
        doc["clearance"] = {k: v for k, v in (("seen_by", _first(values, CLEARANCE_WHO)), ("seen_on", _first(values, CLEARANCE_DATE))) if v}
    psfs: list[dict[str, Any]] = []
    for n in range(PSFS_ROWS):
        activity, score = _first(values, f"psfs.{n}.activity"), _first(values, f"psfs.{n}.score")
        if activity or score:
            row: dict[str, Any] = {}
            if activity:
                row["activity"] = activity
            if score:
                row["score"] = _number(score)
            psfs.append(row)
    doc["psfs"] = psfs
    return ParsedIntake(document=doc, errors=errors)


def split_problems(
    problems: Sequence[str], known: Mapping[str, FormField], lang: Language, *, have_flag_errors: bool = False
) -> tuple[dict[str, str], list[str]]:
    """``field.path: problem`` lines -> errors next to their fields, and the rest for the top of the form.

    PSFS rows are renumbered by the form (empty rows dropped), so their paths are mapped back.
    """
    by_field: dict[str, str] = {}
    general: list[str] = []
    for line in problems:
        path, sep, message = line.partition(": ")
        if not sep:
            general.append(translate_problem(line, lang))
            continue
        if path == "red_flags" and have_flag_errors:
            continue  # the unanswered questions are already marked one by one
        if path in known:
            by_field.setdefault(path, translate_problem(message, lang))
        else:
            general.append(translate_problem(message, lang) if path == "(top level)" else f"{path}: {translate_problem(message, lang)}")
    return by_field, general


def remap_psfs_errors(errors: dict[str, str], values: FormValues) -> dict[str, str]:
    """Errors on ``psfs.K.x`` (K-th non-empty row) -> the form row they came from."""
    filled = [n for n in range(PSFS_ROWS) if _first(values, f"psfs.{n}.activity") or _first(values, f"psfs.{n}.score")]
    out: dict[str, str] = {}
    for name, message in errors.items():
        parts = name.split(".")
        if parts[0] == "psfs" and len(parts) == 3 and parts[1].isdigit() and int(parts[1]) < len(filled):
            name = f"psfs.{filled[int(parts[1])]}.{parts[2]}"
        out[name] = message
    return out
