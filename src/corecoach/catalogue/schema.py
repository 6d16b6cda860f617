"""Schema of one catalogue exercise.

Notes
-----
Dosage is one of: ``sets`` x ``reps_per_side`` (alternating or one side at a time), ``sets`` x
``reps`` (both sides together), ``sets`` x ``hold_s`` (isometric holds, per side when
``per_side``), or ``sets`` x ``distance_m`` / ``duration_s`` for carries. Exactly one of these
work measures is set. ``tempo`` is a coach's string such as ``"1-5-1-1"`` (out, hold, back,
pause, in seconds).

The progression ``criterion`` uses the same work measures: it is met in a session when at least
``sets`` sets reached the measure with clean form (when ``clean_form`` is true).
"""

from __future__ import annotations

import re
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from corecoach.domain.enums import CoreFunction, Equipment, Level
from corecoach.domain.text import Text

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WORK_FIELDS = ("reps_per_side", "reps", "hold_s", "distance_m", "duration_s")


class _Work(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sets: int = Field(ge=1, le=10)
    reps_per_side: int | None = Field(default=None, ge=1, le=50)
    reps: int | None = Field(default=None, ge=1, le=100)
    hold_s: float | None = Field(default=None, gt=0, le=600)
    distance_m: float | None = Field(default=None, gt=0, le=1000)
    duration_s: float | None = Field(default=None, gt=0, le=1800)

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        set_fields = [f for f in _WORK_FIELDS if getattr(self, f) is not None]
        if len(set_fields) != 1:
            raise ValueError(f"give exactly one of {', '.join(_WORK_FIELDS)} (got {set_fields or 'none'})")
        return self

    @property
    def measure(self) -> str:
        """Name of the work measure in use, e.g. ``reps_per_side``."""
        return next(f for f in _WORK_FIELDS if getattr(self, f) is not None)

    @property
    def target(self) -> float:
        value = getattr(self, self.measure)
        assert value is not None
        return float(value)


class Dosage(_Work):
    """What one session prescribes for this exercise."""

    per_side: bool = False  # for holds and carries: each side gets the sets
    tempo: str | None = None
    rest_s: int = Field(default=45, ge=0, le=300)
    times_per_week: int | None = Field(default=None, ge=1, le=7)


class Criterion(_Work):
    """When the exercise is mastered, so the next rung may follow."""

    clean_form: bool = True
    consecutive_sessions: int = Field(default=2, ge=1, le=5)
    description: Text


class Exercise(BaseModel):
    """One exercise of the catalogue. Ids are stable slugs that never change once released."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: Text
    functions: tuple[CoreFunction, ...] = Field(min_length=1)
    level: Level
    equipment: tuple[Equipment, ...] = Field(min_length=1)
    dosage: Dosage
    instructions: tuple[Text, ...] = Field(min_length=1)
    cues: tuple[Text, ...] = Field(min_length=1)
    common_faults: tuple[Text, ...] = Field(min_length=1)
    regression: str | None = None
    progression: str | None = None
    criterion: Criterion
    contraindications: tuple[Text, ...] = Field(min_length=1)
    notes: Text | None = None
    seconds_per_rep: float = Field(default=4.0, gt=0, le=30)

    @field_validator("id", "regression", "progression")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not _ID.match(value):
            raise ValueError(f"{value!r} is not a lowercase slug like 'dead_bug'")
        return value

    @property
    def primary_function(self) -> CoreFunction:
        return self.functions[0]

    def estimated_minutes(self) -> float:
        """Rough time for the prescribed dosage, rests included, so a session fits the person's day."""
        d = self.dosage
        sides = 2 if (d.reps_per_side is not None or d.per_side) else 1
        if d.reps_per_side is not None:
            work_s = d.reps_per_side * 2 * self.seconds_per_rep
            sides = 1
        elif d.reps is not None:
            work_s = d.reps * self.seconds_per_rep
        elif d.hold_s is not None:
            work_s = d.hold_s
        elif d.distance_m is not None:
            work_s = d.distance_m / 1.0  # a slow, controlled walk of about 1 m/s
        else:
            work_s = d.duration_s or 0.0
        total_s = d.sets * sides * (work_s + d.rest_s)
        return round(total_s / 60.0, 1)
