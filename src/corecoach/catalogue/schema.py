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

Equipment: an exercise lists its ``variants``, in the order a coach prefers them. Each variant
names everything it ``needs`` (all of it) and says, in plain words, what to ``use``. A variant with
no needs is done with the body alone. A need is either an :class:`~corecoach.domain.enums.Equipment`
item the person declares in the intake (a band, a kettlebell, a mat ...) or one of the
:data:`HOUSEHOLD_ITEMS` that every home has and nobody is asked about: a wall, a chair, a towel
and a shopping bag (filled with groceries or water bottles, it is the home weight for carries;
a water jug is named in the same variant's text rather than being an item of its own). The
program generator picks the first variant the person can do.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from enum import StrEnum
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from corecoach.domain.enums import CoreFunction, Equipment, Level
from corecoach.domain.text import Text

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_WORK_FIELDS = ("reps_per_side", "reps", "hold_s", "distance_m", "duration_s")


class HouseholdItem(StrEnum):
    """Things every home has, so an exercise may rely on them without asking (see module notes)."""

    WALL = "wall"
    CHAIR = "chair"
    TOWEL = "towel"
    SHOPPING_BAG = "shopping_bag"


#: Always available, whatever the intake's equipment list says (the body itself needs no entry).
HOUSEHOLD_ITEMS: frozenset[HouseholdItem] = frozenset(HouseholdItem)

#: One thing a variant may need: declared equipment or a household item.
Gear = Equipment | HouseholdItem

#: How a person reads each item in a sentence ("needs a resistance band").
GEAR_NAMES: dict[str, Text] = {
    Equipment.MAT: Text(en="a mat", nl="een mat"),
    Equipment.BALLOON: Text(en="a balloon", nl="een ballon"),
    Equipment.BAND: Text(en="a resistance band", nl="een weerstandsband"),
    Equipment.CABLE: Text(en="a cable machine", nl="een kabelapparaat"),
    Equipment.KETTLEBELL: Text(en="a kettlebell", nl="een kettlebell"),
    Equipment.DUMBBELL: Text(en="a dumbbell", nl="een dumbbell"),
    Equipment.AB_WHEEL: Text(en="an ab wheel", nl="een buikrol"),
    Equipment.FOAM_ROLLER: Text(en="a foam roller", nl="een foamroller"),
    Equipment.BENCH: Text(en="a bench", nl="een bankje"),
    HouseholdItem.WALL: Text(en="a wall", nl="een muur"),
    HouseholdItem.CHAIR: Text(en="a chair", nl="een stoel"),
    HouseholdItem.TOWEL: Text(en="a towel", nl="een handdoek"),
    HouseholdItem.SHOPPING_BAG: Text(en="a full shopping bag", nl="een volle boodschappentas"),
}


def parse_gear(value: object) -> Gear:
    """A household item or declared equipment by its YAML spelling; anything else is refused.

    ``wall`` is read as the household item (the Equipment value of the same spelling stays only
    so that older intakes that declared a wall keep loading). ``none`` is not a need: a variant
    for the body alone has an empty ``needs`` list.
    """
    if isinstance(value, HouseholdItem | Equipment) and value is not Equipment.NONE:
        return HouseholdItem(value.value) if value.value in HouseholdItem._value2member_map_ else value
    if isinstance(value, str) and value in HouseholdItem._value2member_map_:
        return HouseholdItem(value)
    if isinstance(value, str) and value != Equipment.NONE.value and value in Equipment._value2member_map_:
        return Equipment(value)
    known = sorted({*(e.value for e in Equipment if e is not Equipment.NONE), *(h.value for h in HouseholdItem)})
    raise ValueError(f"unknown equipment {value!r}: use one of {', '.join(known)} (an empty list means the body alone)")


class Variant(BaseModel):
    """One way to do an exercise: what it needs (all of it) and what the person is told to use."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    needs: tuple[Gear, ...] = ()
    use: Text

    @field_validator("needs", mode="before")
    @classmethod
    def _known_gear(cls, value: Any) -> tuple[Gear, ...]:
        if not isinstance(value, list | tuple):
            raise ValueError("needs must be a list of equipment (an empty list means the body alone)")
        gear = tuple(parse_gear(v) for v in value)
        if len(set(gear)) != len(gear):
            raise ValueError("needs: each item may appear only once")
        return gear

    def missing(self, available: Collection[str]) -> tuple[Gear, ...]:
        """What this variant needs that the person did not declare (household items are never missing)."""
        return tuple(g for g in self.needs if g not in HOUSEHOLD_ITEMS and g not in available)

    def doable_with(self, available: Collection[str]) -> bool:
        return not self.missing(available)


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
    variants: tuple[Variant, ...] = Field(min_length=1)
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

    @model_validator(mode="after")
    def _distinct_variants(self) -> Self:
        seen = [frozenset(v.needs) for v in self.variants]
        if len(set(seen)) != len(seen):
            raise ValueError("variants: two variants need the same equipment; keep the preferred one")
        return self

    @property
    def equipment(self) -> tuple[Equipment, ...]:
        """Declared equipment any variant can use, in preference order (household items left out)."""
        out: list[Equipment] = []
        for v in self.variants:
            out += [g for g in v.needs if isinstance(g, Equipment) and g not in out]
        return tuple(out)

    def best_variant(self, available: Collection[str]) -> Variant | None:
        """The coach's first choice among the variants the person has everything for, else None."""
        return next((v for v in self.variants if v.doable_with(available)), None)

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
