"""The intake: everything the screen and the assessment need, as one strictly validated document.

The same model validates intake files (YAML/JSON), the guided terminal coach and, later, web
forms. Unknown fields are rejected so a typo never silently drops an answer. The JSON Schema
shipped in the package (``intake.schema.json``) is generated from this model.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationInfo, field_validator, model_validator

from corecoach.domain.enums import Equipment, Language, Level, Weekday


def _takes_yes_no(annotation: object) -> bool:
    """Does a field's type accept true/false (``bool``, ``StrictBool``, ``bool | None``)?"""
    if annotation is bool:
        return True
    return any(_takes_yes_no(arg) for arg in get_args(annotation))


def refuse_yes_no_for_number(model: type[BaseModel], value: object, info: ValidationInfo) -> object:
    """``true`` is not a pain score: pydantic would read it as 1, so a yes/no is refused where a number belongs.

    Used as a ``field_validator("*", mode="before")`` by the intake's models and by ``ExerciseLog``.
    """
    if isinstance(value, bool) and info.field_name is not None:
        if not _takes_yes_no(model.model_fields[info.field_name].annotation):
            raise ValueError("expected a number, not true/false")
    return value


PainNRS = Annotated[int, Field(ge=0, le=10, description="Pain on the 0-10 numeric rating scale")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_yes_no_for_numbers(cls, value: object, info: ValidationInfo) -> object:
        return refuse_yes_no_for_number(cls, value, info)


class Person(_Strict):
    name: str = Field(default="me", min_length=1, max_length=80)
    age_years: int | None = Field(default=None, ge=16, le=110, description="corecoach is for adults (16 and over)")


class Pain(_Strict):
    now_nrs: PainNRS
    worst_last_week_nrs: PainNRS | None = None
    duration_weeks: int | None = Field(default=None, ge=0, le=2000)


class PSFSActivity(_Strict):
    """Patient-Specific Functional Scale: an activity the person finds hard, 0 = unable, 10 = as before."""

    activity: str = Field(min_length=1, max_length=120)
    score: int = Field(ge=0, le=10)


class Diagnoses(_Strict):
    """Known conditions the method names: these people follow their doctor or physio."""

    hernia: StrictBool = False
    other_back_condition_under_care: StrictBool = False
    approval_acknowledged: StrictBool = Field(
        default=False,
        description="I follow my doctor/physio and use corecoach only with their approval",
    )

    @property
    def any(self) -> bool:
        return self.hernia or self.other_back_condition_under_care


#: Who may clear a "see a doctor before starting" answer: a doctor (the GP or another doctor) or a physiotherapist.
SeenBy = Literal["doctor", "physio"]

#: The oldest check that still clears a "see a doctor before starting" answer. A check has to be about this
#: back pain as it is now: answers such as "no better after a month", "losing weight" or "pain at night"
#: change within months, so a look older than about six months is not the one that says "you can start
#: now". It is compared with the day the program is made (never with a later day, so a stored intake stays
#: valid); see :func:`corecoach.screening.triage.check_clearance`.
CLEARANCE_MAX_AGE_DAYS = 180

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Clearance(_Strict):
    """A doctor or physio has seen the person for their "see a doctor before starting" answers and agrees they can start.

    It clears only those answers: an ``emergency`` or ``urgent`` red flag is never cleared by it.
    The date must be a real day, written ``YYYY-MM-DD``; that it is not in the future and at most
    :data:`CLEARANCE_MAX_AGE_DAYS` days old is checked when the program is made.
    """

    seen_by: SeenBy = Field(description="Who saw you for it and agrees you can start: doctor (your GP or another doctor) or physio")
    seen_on: date = Field(
        description=f"The date they saw you (YYYY-MM-DD): not in the future and at most {CLEARANCE_MAX_AGE_DAYS} days "
        "before the program is made"
    )

    @field_validator("*", mode="before")
    @classmethod
    def _no_yes_no_for_numbers(cls, value: object, info: ValidationInfo) -> object:
        return value  # no number fields here; the date and the choice say what they take

    @field_validator("seen_on", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> date:
        if isinstance(value, date) and not isinstance(value, datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"'{value.strip()}' is not a day in the calendar (YYYY-MM-DD)") from None
        raise ValueError("give the date as YYYY-MM-DD, e.g. 2026-11-20")


class Breathing(_Strict):
    hand_test: Literal["belly", "mixed", "chest"] = Field(
        description="Hook-lying, one hand on the chest, one above the navel: which rises most over 10 breaths"
    )
    ribs_stay_down_90_90: StrictBool = Field(description="In the 90/90 position, ribs stay down while breathing out fully")
    control_pause_s: float | None = Field(default=None, ge=0, le=180, description="Breath-hold after a calm exhale")


class DeadBugTest(_Strict):
    back_flat: StrictBool = Field(description="Lower back stays flat on the floor through a full dead bug rep")
    clean_sets: int = Field(default=0, ge=0, le=10)
    clean_reps_per_side: int = Field(default=0, ge=0, le=50)
    toe_taps_back_flat: StrictBool | None = Field(default=None, description="Back stays flat during toe taps from table-top")
    wall_press_clean_3x8: StrictBool = False


class CarryTest(_Strict):
    clean_distance_m: float = Field(default=0, ge=0, le=1000, description="Per side, upright, without leaning")
    load_kg: float | None = Field(default=None, ge=0, le=200)


class PallofTest(_Strict):
    standing_clean_reps_per_side: int = Field(default=0, ge=0, le=50)
    tall_kneeling_clean_reps_per_side: int = Field(default=0, ge=0, le=50)
    half_kneeling_clean_reps_per_side: int = Field(default=0, ge=0, le=50)


class BirdDogTest(_Strict):
    clean_reps_per_side: int = Field(default=0, ge=0, le=50)


class Capability(_Strict):
    dead_bug: DeadBugTest
    suitcase_carry: CarryTest = CarryTest()
    pallof_press: PallofTest = PallofTest()
    bird_dog: BirdDogTest = BirdDogTest()
    side_plank_hold_s: float | None = Field(default=None, ge=0, le=600)


class Endurance(_Strict):
    """McGill torso endurance tests, seconds held to loss of position (clinical.md 4.2)."""

    flexor_s: float = Field(gt=0, le=900)
    extensor_s: float = Field(gt=0, le=900)
    side_bridge_right_s: float = Field(gt=0, le=900)
    side_bridge_left_s: float = Field(gt=0, le=900)


class HipMobility(_Strict):
    knee_to_chest_without_back_rounding: StrictBool = True
    hip_flexor_tight: StrictBool = Field(default=False, description="Thomas test: thigh stays above the table")
    squat_lower_back_rounds: StrictBool = Field(default=False, description="Back rounds at the bottom of a squat (butt wink)")


class ThoracicMobility(_Strict):
    seated_rotation_left_deg: float | None = Field(default=None, ge=0, le=120)
    seated_rotation_right_deg: float | None = Field(default=None, ge=0, le=120)
    arms_overhead_without_arching: StrictBool = True


class Mobility(_Strict):
    hip: HipMobility = HipMobility()
    thoracic: ThoracicMobility = ThoracicMobility()


class Habits(_Strict):
    sitting_hours_per_day: float = Field(ge=0, le=24)
    stands_on_one_leg: StrictBool = False


class Schedule(_Strict):
    days: tuple[Weekday, ...] = Field(min_length=1, max_length=7)
    minutes_per_session: int = Field(default=30, ge=10, le=120)

    @field_validator("days")
    @classmethod
    def _unique(cls, days: tuple[Weekday, ...]) -> tuple[Weekday, ...]:
        if len(set(days)) != len(days):
            raise ValueError("each day may appear only once")
        return tuple(sorted(days, key=lambda d: d.day_number))


class Intake(_Strict):
    """One person's answers. ``red_flags`` must answer every red-flag question (true/false)."""

    language: Language = Language.EN
    person: Person = Person()
    experience: Level = Level.BEGINNER
    red_flags: dict[str, StrictBool]
    diagnoses: Diagnoses = Diagnoses()
    clearance: Clearance | None = Field(
        default=None,
        description="Only for answers marked 'see a doctor before starting': a doctor or physio has seen you for them "
        "and agrees you can start. Never clears an emergency or urgent red flag.",
    )
    pain: Pain
    psfs: tuple[PSFSActivity, ...] = Field(default=(), max_length=5)
    breathing: Breathing
    capability: Capability
    endurance: Endurance | None = None
    mobility: Mobility = Mobility()
    habits: Habits
    schedule: Schedule
    equipment: tuple[Equipment, ...] = ()

    @model_validator(mode="after")
    def _equipment_unique(self) -> Self:
        if len(set(self.equipment)) != len(self.equipment):
            raise ValueError("equipment: each item may appear only once")
        return self

    @property
    def reported_red_flags(self) -> list[str]:
        return [flag_id for flag_id, present in self.red_flags.items() if present]
