"""Enumerations in the coach's language; their values are the spellings used in YAML, CLI and JSON."""

from __future__ import annotations

from enum import StrEnum


class CoreFunction(StrEnum):
    """What an exercise trains. The first five are the program's phases, in the article's order."""

    BREATHING = "breathing"
    ANTI_EXTENSION = "anti_extension"
    ANTI_LATERAL_FLEXION = "anti_lateral_flexion"
    ANTI_ROTATION = "anti_rotation"
    INTEGRATION = "integration"
    HIP_MOBILITY = "hip_mobility"
    THORACIC_MOBILITY = "thoracic_mobility"


#: The program's phases in the order the article prescribes them.
PHASE_ORDER: tuple[CoreFunction, ...] = (
    CoreFunction.BREATHING,
    CoreFunction.ANTI_EXTENSION,
    CoreFunction.ANTI_LATERAL_FLEXION,
    CoreFunction.ANTI_ROTATION,
    CoreFunction.INTEGRATION,
)

MOBILITY_FUNCTIONS: tuple[CoreFunction, ...] = (CoreFunction.HIP_MOBILITY, CoreFunction.THORACIC_MOBILITY)


class Language(StrEnum):
    EN = "en"
    NL = "nl"


class Level(StrEnum):
    """Training experience, also the minimum level an exercise is offered at."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Equipment(StrEnum):
    NONE = "none"
    MAT = "mat"
    WALL = "wall"
    BALLOON = "balloon"
    BAND = "band"
    CABLE = "cable"
    KETTLEBELL = "kettlebell"
    DUMBBELL = "dumbbell"
    AB_WHEEL = "ab_wheel"
    FOAM_ROLLER = "foam_roller"
    BENCH = "bench"


class Need(StrEnum):
    """What the joint-by-joint model says a person needs to win back."""

    LUMBAR_STABILITY = "lumbar_stability"
    HIP_MOBILITY = "hip_mobility"
    THORACIC_MOBILITY = "thoracic_mobility"
    BREATHING = "breathing"


class Urgency(StrEnum):
    """How soon a red flag needs a doctor, most urgent first."""

    EMERGENCY = "emergency"
    URGENT = "urgent"
    SEE_DOCTOR_BEFORE_STARTING = "see_doctor_before_starting"

    @property
    def rank(self) -> int:
        return list(Urgency).index(self)


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def day_number(self) -> int:
        """0 for Monday ... 6 for Sunday, as ``date.weekday()``."""
        return list(Weekday).index(self)
