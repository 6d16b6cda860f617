"""The program's phases in the article's order, each with the ladder it trains and what unlocks it.

A phase unlocks when the phase before it meets its *gate*: the gate exercise's progression
criterion (e.g. 3x8 clean dead bugs per leg unlock the suitcase carry). Once unlocked, a phase
stays unlocked and is trained every session at its own rung.
"""

from __future__ import annotations

from dataclasses import dataclass

from corecoach.domain.enums import CoreFunction
from corecoach.domain.text import Text


@dataclass(frozen=True)
class PhaseSpec:
    function: CoreFunction
    entry_exercise: str  # the easiest rung of the phase's ladder
    gate_exercise: str | None  # meeting this exercise's criterion unlocks the next phase
    title: Text


PHASES: tuple[PhaseSpec, ...] = (
    PhaseSpec(
        CoreFunction.BREATHING,
        "crocodile_breathing",
        "crocodile_breathing",
        Text(en="1. Breathing first", nl="1. Eerst ademhaling"),
    ),
    PhaseSpec(
        CoreFunction.ANTI_EXTENSION,
        "dead_bug_heel_slide",
        "dead_bug",
        Text(en="2. Keeping the back from arching", nl="2. Je onderrug niet hol laten trekken"),
    ),
    PhaseSpec(
        CoreFunction.ANTI_LATERAL_FLEXION,
        "suitcase_carry",
        "suitcase_carry",
        Text(en="3. Keeping the trunk from bending sideways", nl="3. Je romp niet opzij laten buigen"),
    ),
    PhaseSpec(
        CoreFunction.ANTI_ROTATION,
        "pallof_press_standing",
        "pallof_press_standing",
        Text(en="4. Keeping the trunk from twisting", nl="4. Je romp niet laten draaien"),
    ),
    PhaseSpec(
        CoreFunction.INTEGRATION,
        "bird_dog_single_limb",
        None,
        Text(en="5. Putting it together", nl="5. Alles samen"),
    ),
)


def phase_for(function: CoreFunction) -> PhaseSpec:
    return next(p for p in PHASES if p.function is function)


def previous_phase(function: CoreFunction) -> PhaseSpec | None:
    idx = [p.function for p in PHASES].index(function)
    return PHASES[idx - 1] if idx > 0 else None
