"""Turn raw intake data into an :class:`Intake`, or one error that names every bad field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from corecoach.errors import InvalidInputError
from corecoach.screening.intake import Intake
from corecoach.screening.red_flags import RedFlag, load_red_flags


def _field(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc) or "(top level)"


def _describe(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown field (not part of the intake format; check the spelling)"
    if kind == "missing":
        return "required field is missing"
    return str(error["msg"])


def reported_red_flags(raw: object, flags: Mapping[str, RedFlag] | None = None, field: str = "red_flags") -> list[str]:
    """The red-flag ids a person reports, from either shape a file or request may use.

    One shape everywhere: the intake's mapping ``{id: true/false}`` (only ``true`` is reported; a
    false answer is never a red flag) or a list of the ids that are reported. ``None`` reports
    nothing. Anything else, an answer that is not true/false, or an unknown id is an
    :class:`InvalidInputError` that names it.
    """
    flags = flags if flags is not None else load_red_flags()
    hint = "see `corecoach screen --list-red-flags`"
    if raw is None:
        return []
    problems: list[str] = []
    reported: list[str] = []
    if isinstance(raw, Mapping):
        for key, answer in raw.items():
            if not isinstance(key, str) or key not in flags:
                problems.append(f"{field}.{key}: unknown red-flag id ({hint})")
            elif not isinstance(answer, bool):
                problems.append(f"{field}.{key}: answer true or false, got {type(answer).__name__}")
            elif answer:
                reported.append(key)
    elif isinstance(raw, list | tuple):
        for n, item in enumerate(raw):
            if not isinstance(item, str):
                problems.append(f"{field}.{n}: expected a red-flag id (text), got {type(item).__name__}")
            elif item not in flags:
                problems.append(f"{field}.{n}: '{item}' is not a red-flag id ({hint})")
            elif item not in reported:
                reported.append(item)
    else:
        problems.append(f"{field}: expected {{id: true/false}} as in the intake, or a list of the ids reported; got {type(raw).__name__}")
    if problems:
        raise InvalidInputError("Unknown or malformed red flag(s):", problems)
    return reported


def validate_intake(raw: object, flags: Mapping[str, RedFlag] | None = None) -> Intake:
    """Validate strictly; every problem is reported as ``field.path: problem`` in one error."""
    flags = flags if flags is not None else load_red_flags()
    if not isinstance(raw, Mapping):
        raise InvalidInputError("The intake must be a mapping of fields (YAML or JSON object).", [f"(top level): got {type(raw).__name__}"])
    try:
        intake = Intake.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{_field(e['loc'])}: {_describe(e)}" for e in exc.errors()]
        raise InvalidInputError("The intake is not valid:", problems) from exc
    problems = [f"red_flags.{k}: unknown red-flag id (see `corecoach screen --list-red-flags`)" for k in intake.red_flags if k not in flags]
    missing = [k for k in flags if k not in intake.red_flags]
    if missing:
        problems.append("red_flags: every red-flag question needs a true/false answer; missing: " + ", ".join(missing))
    if intake.diagnoses.any and not intake.diagnoses.approval_acknowledged:
        problems.append(
            "diagnoses.approval_acknowledged: you reported a hernia or another back condition under care; follow your "
            "doctor/physio and use corecoach only with their approval, then set this to true"
        )
    if problems:
        raise InvalidInputError("The intake is not valid:", problems)
    return intake
