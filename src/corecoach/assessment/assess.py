"""From intake answers to findings, needs and a starting rung on every ladder.

Notes
-----
Placement follows each ladder upwards while the person already meets the rung's progression
criterion in the capability test, so a person is never started above what they showed. The
joint-by-joint model turns findings into needs: the lower back needs stability, the hips and
the upper back need mobility, and breathing comes first.
"""

from __future__ import annotations

import itertools

from pydantic import BaseModel, ConfigDict

from corecoach.assessment.endurance import EnduranceFinding, compute_endurance_ratios
from corecoach.catalogue import Catalogue
from corecoach.domain.enums import CoreFunction, Level, Need
from corecoach.domain.phases import PHASES
from corecoach.domain.text import Text
from corecoach.screening.intake import Intake

SITTING_HOURS_LIMIT = 6.0
THORACIC_ROTATION_MIN_DEG = 45.0
CONTROL_PAUSE_MIN_S = 20.0


class NeedReason(BaseModel):
    model_config = ConfigDict(frozen=True)

    need: Need
    reason: Text


class Assessment(BaseModel):
    """What the assessment found; pure data, JSON-serialisable."""

    model_config = ConfigDict(frozen=True)

    placements: dict[CoreFunction, str]
    unlocked: tuple[CoreFunction, ...]
    needs: tuple[Need, ...]
    reasons: tuple[NeedReason, ...]
    breathing_ok: bool
    endurance: tuple[EnduranceFinding, ...] = ()


def _meets(catalogue: Catalogue, exercise_id: str, sets: int, value: float) -> bool:
    crit = catalogue[exercise_id].criterion
    return sets >= crit.sets and value >= crit.target


def _climb(catalogue: Catalogue, start: str, passes: dict[str, bool], level: Level, pain_now: int = 0) -> str:
    """Go up the ladder from ``start`` while the current rung's criterion is shown and the next is offered.

    Advanced rungs (the ab-wheel roll-out) are never a starting point for someone in pain now.
    """
    current = start
    while passes.get(current, False):
        nxt = catalogue[current].progression
        if nxt is None or not catalogue.offered_at(nxt, level):
            break
        if catalogue[nxt].level is Level.ADVANCED and pain_now > 0:
            break
        current = nxt
    return current


def breathing_ok(intake: Intake) -> bool:
    """Belly breathing with the ribs staying down: the first criterion of the breathing phase."""
    return intake.breathing.hand_test == "belly" and intake.breathing.ribs_stay_down_90_90


def place_on_ladders(intake: Intake, catalogue: Catalogue) -> dict[CoreFunction, str]:
    """Starting rung per phase from the capability tests."""
    cap = intake.capability
    lvl = intake.experience
    db = cap.dead_bug
    if not db.back_flat:
        anti_ext = "dead_bug_toe_tap" if db.toe_taps_back_flat else "dead_bug_heel_slide"
    else:
        anti_ext = _climb(
            catalogue,
            "dead_bug",
            {
                "dead_bug": _meets(catalogue, "dead_bug", db.clean_sets, db.clean_reps_per_side),
                "wall_press_dead_bug": db.wall_press_clean_3x8,
            },
            lvl,
            intake.pain.now_nrs,
        )
    carry = _climb(
        catalogue,
        "suitcase_carry",
        {
            "suitcase_carry": _meets(
                catalogue, "suitcase_carry", catalogue["suitcase_carry"].criterion.sets, cap.suitcase_carry.clean_distance_m
            )
        },
        lvl,
    )
    pp = cap.pallof_press
    pallof = _climb(
        catalogue,
        "pallof_press_standing",
        {
            rung: _meets(catalogue, rung, catalogue[rung].criterion.sets, reps)
            for rung, reps in (
                ("pallof_press_standing", pp.standing_clean_reps_per_side),
                ("pallof_press_tall_kneeling", pp.tall_kneeling_clean_reps_per_side),
                ("pallof_press_half_kneeling", pp.half_kneeling_clean_reps_per_side),
            )
        },
        lvl,
    )
    bird = _climb(
        catalogue,
        "bird_dog_single_limb",
        {
            "bird_dog_single_limb": _meets(
                catalogue, "bird_dog_single_limb", catalogue["bird_dog_single_limb"].criterion.sets, cap.bird_dog.clean_reps_per_side
            )
        },
        lvl,
    )
    breathing = "breathing_90_90" if breathing_ok(intake) else "crocodile_breathing"
    return {
        CoreFunction.BREATHING: breathing,
        CoreFunction.ANTI_EXTENSION: anti_ext,
        CoreFunction.ANTI_LATERAL_FLEXION: carry,
        CoreFunction.ANTI_ROTATION: pallof,
        CoreFunction.INTEGRATION: bird,
    }


def gate_passed(catalogue: Catalogue, function: CoreFunction, exercise_id: str) -> bool:
    """True when the phase's current rung sits above its gate exercise (its criterion was met)."""
    spec = next(p for p in PHASES if p.function is function)
    if spec.gate_exercise is None:
        return False
    ladder = catalogue.ladder(spec.entry_exercise)
    return exercise_id in ladder and ladder.index(exercise_id) > ladder.index(spec.gate_exercise)


def unlocked_phases(placements: dict[CoreFunction, str], catalogue: Catalogue) -> tuple[CoreFunction, ...]:
    """Breathing is always open; each later phase opens once the one before passed its gate."""
    unlocked = [PHASES[0].function]
    for prev, spec in itertools.pairwise(PHASES):
        if not gate_passed(catalogue, prev.function, placements[prev.function]):
            break
        unlocked.append(spec.function)
    return tuple(unlocked)


def _needs(intake: Intake) -> list[NeedReason]:
    out: list[NeedReason] = []
    b = intake.breathing
    hand_reasons = {
        "chest": Text(
            en="Breathing lifts the chest hand most: the diaphragm is not leading yet.",
            nl="Bij het ademen komt de hand op de borst het meest omhoog: het middenrif neemt nog niet de leiding.",
        ),
        "mixed": Text(
            en="Chest and belly rise about equally: the diaphragm is not leading yet.",
            nl="Borst en buik komen ongeveer even ver omhoog: het middenrif neemt nog niet de leiding.",
        ),
    }
    if b.hand_test in hand_reasons:
        out.append(NeedReason(need=Need.BREATHING, reason=hand_reasons[b.hand_test]))
    if not b.ribs_stay_down_90_90:
        out.append(
            NeedReason(
                need=Need.BREATHING,
                reason=Text(en="The ribs flare up when breathing out in 90/90.", nl="De ribben komen omhoog bij het uitademen in 90/90."),
            )
        )
    if b.control_pause_s is not None and b.control_pause_s < CONTROL_PAUSE_MIN_S:
        out.append(
            NeedReason(
                need=Need.BREATHING,
                reason=Text(
                    en=f"Control pause {b.control_pause_s:.0f} s (under {CONTROL_PAUSE_MIN_S:.0f} s suggests breathing needs work).",
                    nl=f"Controlepauze {b.control_pause_s:.0f} s (onder {CONTROL_PAUSE_MIN_S:.0f} s wijst erop dat de ademhaling aandacht nodig heeft).",
                ),
            )
        )
    out.append(
        NeedReason(
            need=Need.LUMBAR_STABILITY,
            reason=Text(
                en="The lower back wants to stay still and steady while the hips and upper back move: every program trains that.",
                nl="Je onderrug wil stil en stevig blijven terwijl je heupen en bovenrug bewegen: elk programma traint dat.",
            ),
        )
    )
    if not intake.capability.dead_bug.back_flat:
        out.append(
            NeedReason(
                need=Need.LUMBAR_STABILITY,
                reason=Text(
                    en="The lower back lifts off the floor during a dead bug.", nl="De onderrug komt los van de vloer tijdens de dead bug."
                ),
            )
        )
    if intake.habits.stands_on_one_leg:
        out.append(
            NeedReason(
                need=Need.LUMBAR_STABILITY, reason=Text(en="You often stand hanging on one leg.", nl="Je staat vaak 'hangend' op één been.")
            )
        )
    hip = intake.mobility.hip
    sitting = intake.habits.sitting_hours_per_day
    if sitting >= SITTING_HOURS_LIMIT:
        out.append(
            NeedReason(
                need=Need.HIP_MOBILITY,
                reason=Text(
                    en=f"About {sitting:g} hours of sitting a day stiffens the hips.",
                    nl=f"Ongeveer {sitting:g} uur per dag zitten maakt de heupen stijf.",
                ),
            )
        )
        out.append(
            NeedReason(
                need=Need.THORACIC_MOBILITY,
                reason=Text(
                    en=f"About {sitting:g} hours of sitting a day, often hunched, stiffens the upper back.",
                    nl=f"Ongeveer {sitting:g} uur per dag zitten, vaak voorovergebogen, maakt de bovenrug stijf.",
                ),
            )
        )
    if hip.squat_lower_back_rounds:
        out.append(
            NeedReason(
                need=Need.HIP_MOBILITY,
                reason=Text(
                    en="The lower back rounds at the bottom of a squat (butt wink): the hips lack mobility, the lower back gives.",
                    nl="De onderrug bolt aan het eind van een squat (butt wink): de heupen missen beweeglijkheid, de onderrug geeft mee.",
                ),
            )
        )
    if hip.hip_flexor_tight:
        out.append(
            NeedReason(
                need=Need.HIP_MOBILITY,
                reason=Text(
                    en="The hip flexors are tight (thigh stays up in the Thomas test).",
                    nl="De heupbuigers zijn stug (bovenbeen blijft omhoog bij de Thomas-test).",
                ),
            )
        )
    if not hip.knee_to_chest_without_back_rounding:
        out.append(
            NeedReason(
                need=Need.HIP_MOBILITY,
                reason=Text(
                    en="Pulling a knee to the chest rounds the lower back.", nl="Een knie naar de borst trekken laat de onderrug bollen."
                ),
            )
        )
    th = intake.mobility.thoracic
    for side_en, side_nl, deg in (("left", "links", th.seated_rotation_left_deg), ("right", "rechts", th.seated_rotation_right_deg)):
        if deg is not None and deg < THORACIC_ROTATION_MIN_DEG:
            out.append(
                NeedReason(
                    need=Need.THORACIC_MOBILITY,
                    reason=Text(
                        en=f"Seated rotation to the {side_en} is {deg:.0f}° (under {THORACIC_ROTATION_MIN_DEG:.0f}°).",
                        nl=f"Zittende rotatie naar {side_nl} is {deg:.0f}° (minder dan {THORACIC_ROTATION_MIN_DEG:.0f}°).",
                    ),
                )
            )
    if not th.arms_overhead_without_arching:
        out.append(
            NeedReason(
                need=Need.THORACIC_MOBILITY,
                reason=Text(
                    en="Arms overhead only with an arching lower back.", nl="Armen boven het hoofd lukt alleen met een holle onderrug."
                ),
            )
        )
    return out


def assess(intake: Intake, catalogue: Catalogue) -> Assessment:
    """The whole assessment. Assumes the screen has passed (no red flags)."""
    placements = place_on_ladders(intake, catalogue)
    reasons = _needs(intake)
    endurance = tuple(compute_endurance_ratios(intake.endurance)) if intake.endurance else ()
    for f in endurance:
        if f.flagged:
            reasons.append(NeedReason(need=Need.LUMBAR_STABILITY, reason=f.message))
    needs = tuple(n for n in Need if any(r.need is n for r in reasons))
    return Assessment(
        placements=placements,
        unlocked=unlocked_phases(placements, catalogue),
        needs=needs,
        reasons=tuple(reasons),
        breathing_ok=breathing_ok(intake),
        endurance=endurance,
    )
