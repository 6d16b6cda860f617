"""Program generator: assessment (+ current rungs) -> a phased program and a weekly schedule.

Pure functions. The program lists every phase in the article's order, also the locked ones,
each with what unlocks it, so a person sees the whole road. A session runs: breathing first,
mobility for the needs found, the core block for every unlocked phase at its own rung, and
integration once it has been earned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from corecoach.assessment.assess import Assessment, NeedReason
from corecoach.catalogue import Catalogue, Dosage, Exercise
from corecoach.domain.enums import CoreFunction, Equipment, Language, Level, Need, Weekday
from corecoach.domain.text import Text
from corecoach.programs.phases import PHASES, previous_phase
from corecoach.screening.intake import Intake

BASIC_EQUIPMENT = frozenset({Equipment.NONE, Equipment.MAT, Equipment.WALL, Equipment.BALLOON})
SETUP_MINUTES = 2.0
MOBILITY_DRILLS_PER_NEED = 2

DISCLAIMER = Text(
    en="corecoach is a coaching tool, not a medical device. It does not diagnose or treat. Stop and see a doctor if "
    "pain gets worse, spreads into a leg, or any warning sign appears.",
    nl="corecoach is een coachingshulpmiddel, geen medisch hulpmiddel. Het stelt geen diagnose en behandelt niet. "
    "Stop en ga naar een arts als de pijn erger wordt, naar een been uitstraalt of er een alarmsignaal optreedt.",
)


class Prescription(BaseModel):
    model_config = ConfigDict(frozen=True)

    exercise_id: str
    function: CoreFunction
    name: Text
    dosage: Dosage
    estimated_minutes: float
    why: Text


class PhaseStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    function: CoreFunction
    title: Text
    unlocked: bool
    exercise_id: str
    rung: int
    ladder: tuple[str, ...]
    unlock_criterion: Text
    next_step: Text


class SessionDay(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: Weekday
    items: tuple[Prescription, ...]
    estimated_minutes: float


class Program(BaseModel):
    """A program a person can follow this week; JSON-serialisable."""

    model_config = ConfigDict(frozen=True)

    level: Level
    phases: tuple[PhaseStatus, ...]
    needs: tuple[Need, ...]
    reasons: tuple[NeedReason, ...]
    mobility: tuple[str, ...]
    week: tuple[SessionDay, ...]
    notes: tuple[Text, ...]
    disclaimer: Text = DISCLAIMER


def dosage_text(dosage: Dosage, lang: Language) -> str:
    """'3 x 8 per side', '5 x 10 s', '3 x 20 m per side' in the person's language."""
    nl = lang is Language.NL
    side = " per kant" if nl else " per side"
    if dosage.reps_per_side is not None:
        work = f"{dosage.reps_per_side}{side}"
    elif dosage.reps is not None:
        work = f"{dosage.reps}"
    elif dosage.hold_s is not None:
        work = f"{dosage.hold_s:g} s" + (side if dosage.per_side else "")
    elif dosage.distance_m is not None:
        work = f"{dosage.distance_m:g} m" + (side if dosage.per_side else "")
    else:
        work = f"{dosage.duration_s:g} s" + (side if dosage.per_side else "")
    out = f"{dosage.sets} x {work}"
    if dosage.tempo:
        out += f", tempo {dosage.tempo}"
    if dosage.times_per_week:
        out += f", {dosage.times_per_week}x " + ("per week" if nl else "a week")
    return out


def equipment_ok(exercise: Exercise, available: frozenset[Equipment]) -> bool:
    """Basic items (floor, mat, wall) are always there; otherwise one of the listed items is needed."""
    special = [e for e in exercise.equipment if e not in BASIC_EQUIPMENT]
    return not special or any(e in available for e in special)


def _phase_status(
    spec_index: int, catalogue: Catalogue, rungs: Mapping[CoreFunction, str], unlocked: Sequence[CoreFunction]
) -> PhaseStatus:
    spec = PHASES[spec_index]
    ex_id = rungs[spec.function]
    ladder = tuple(catalogue.ladder(spec.entry_exercise))
    prev = previous_phase(spec.function)
    if prev is None or prev.gate_exercise is None:
        unlock = Text(en="Open from the start.", nl="Vanaf het begin open.")
    else:
        gate = catalogue[prev.gate_exercise]
        unlock = Text(
            en=f"Unlocks when {gate.name.en} is mastered: {gate.criterion.description.en}",
            nl=f"Gaat open zodra {gate.name.nl} beheerst wordt: {gate.criterion.description.nl}",
        )
    ex = catalogue[ex_id]
    nxt = ex.progression
    if nxt is None:
        next_step = Text(en="Top of this ladder: keep it up.", nl="Hoogste trede van deze ladder: volhouden.")
    else:
        n = catalogue[nxt]
        next_step = Text(
            en=f"Next: {n.name.en}. To get there: {ex.criterion.description.en}",
            nl=f"Volgende: {n.name.nl}. Zo kom je daar: {ex.criterion.description.nl}",
        )
    return PhaseStatus(
        function=spec.function,
        title=spec.title,
        unlocked=spec.function in unlocked,
        exercise_id=ex_id,
        rung=ladder.index(ex_id) if ex_id in ladder else 0,
        ladder=ladder,
        unlock_criterion=unlock,
        next_step=next_step,
    )


def _prescribe(ex: Exercise, function: CoreFunction, why: Text) -> Prescription:
    return Prescription(
        exercise_id=ex.id, function=function, name=ex.name, dosage=ex.dosage, estimated_minutes=ex.estimated_minutes(), why=why
    )


def select_mobility(needs: Sequence[Need], catalogue: Catalogue, level: Level, available: frozenset[Equipment], per_need: int) -> list[str]:
    """Mobility drills for the hip and thoracic needs found, preferring drills the person has equipment for."""
    chosen: list[str] = []
    for need, function in ((Need.HIP_MOBILITY, CoreFunction.HIP_MOBILITY), (Need.THORACIC_MOBILITY, CoreFunction.THORACIC_MOBILITY)):
        if need not in needs:
            continue
        drills = [e for e in catalogue.by_function(function) if e.primary_function is function and catalogue.offered_at(e.id, level)]
        drills.sort(key=lambda e: (not equipment_ok(e, available), e.id))
        chosen += [d.id for d in drills[:per_need]]
    return chosen


def spread_days(days: Sequence[Weekday], times: int) -> list[Weekday]:
    """Pick ``times`` of the chosen days, spread over the week (e.g. twice a week on Mon/Wed/Fri -> Mon, Fri)."""
    if times >= len(days):
        return list(days)
    n = len(days)
    if times == 1:
        return [days[0]]
    return [days[round(i * (n - 1) / (times - 1))] for i in range(times)]


_WHY_MOBILITY = {
    CoreFunction.HIP_MOBILITY: Text(
        en="Hip mobility: movement should come from the hips, not the lower back.",
        nl="Heupmobiliteit: beweging hoort uit de heupen te komen, niet uit de onderrug.",
    ),
    CoreFunction.THORACIC_MOBILITY: Text(
        en="Upper-back mobility: rotation and extension should come from the thoracic spine.",
        nl="Mobiliteit van de bovenrug: rotatie en strekking horen uit de borstwervelkolom te komen.",
    ),
}

_WHY_PHASE = {
    CoreFunction.BREATHING: Text(
        en="Breathing first: without good breathing the core cannot switch on.",
        nl="Eerst ademhaling: zonder goede ademhaling kan de core niet aanspannen.",
    ),
    CoreFunction.ANTI_EXTENSION: Text(
        en="Anti-extension: stop the lower back from arching.", nl="Anti-extensie: voorkom dat de onderrug hol trekt."
    ),
    CoreFunction.ANTI_LATERAL_FLEXION: Text(
        en="Anti-lateral-flexion: stay upright with a weight on one side.",
        nl="Anti-laterale flexie: rechtop blijven met gewicht aan één kant.",
    ),
    CoreFunction.ANTI_ROTATION: Text(
        en="Anti-rotation: the lower back resists twisting; rotation comes from hips and upper back.",
        nl="Anti-rotatie: de onderrug weerstaat draaien; rotatie komt uit heupen en bovenrug.",
    ),
    CoreFunction.INTEGRATION: Text(en="Putting it together: train the functions at once.", nl="Alles samen: de functies tegelijk trainen."),
}


def generate_program(
    intake: Intake,
    assessment: Assessment,
    catalogue: Catalogue,
    rungs: Mapping[CoreFunction, str] | None = None,
    unlocked: Sequence[CoreFunction] | None = None,
    extra_needs: Sequence[Need] = (),
    extra_notes: Sequence[Text] = (),
) -> Program:
    """Build the program. ``rungs``/``unlocked`` come from the stored progression, else from the assessment.

    ``extra_needs``/``extra_notes`` come from movement analyses (:mod:`corecoach.programs.movement_feedback`).
    """
    rungs = dict(rungs) if rungs is not None else dict(assessment.placements)
    unlocked = tuple(unlocked) if unlocked is not None else assessment.unlocked
    available = frozenset(intake.equipment) | BASIC_EQUIPMENT
    needs = tuple(n for n in Need if n in assessment.needs or n in extra_needs)
    phases = tuple(_phase_status(i, catalogue, rungs, unlocked) for i in range(len(PHASES)))
    notes: list[Text] = list(extra_notes)

    core: list[Prescription] = []
    for phase in phases:
        if not phase.unlocked:
            continue
        ex = catalogue[phase.exercise_id]
        core.append(_prescribe(ex, phase.function, _WHY_PHASE[phase.function]))
        if not equipment_ok(ex, available):
            items = ", ".join(e.value for e in ex.equipment if e not in BASIC_EQUIPMENT)
            notes.append(
                Text(
                    en=f"{ex.name.en} needs one of: {items}. Get one before that session, or ask your coach for an alternative (a loaded shopping bag works for a carry).",
                    nl=f"{ex.name.nl} vraagt een van: {items}. Zorg dat je het hebt vóór die training, of vraag je coach om een alternatief (een gevulde boodschappentas werkt voor een carry).",
                )
            )

    def build_week(per_need: int) -> tuple[list[str], list[SessionDay]]:
        mobility_ids = select_mobility(needs, catalogue, intake.experience, available, per_need)
        mobility = [
            _prescribe(catalogue[m], catalogue[m].primary_function, _WHY_MOBILITY[catalogue[m].primary_function]) for m in mobility_ids
        ]
        week: list[SessionDay] = []
        limited = {p.exercise_id: spread_days(intake.schedule.days, p.dosage.times_per_week) for p in core if p.dosage.times_per_week}
        for day in intake.schedule.days:
            breath = [p for p in core if p.function is CoreFunction.BREATHING]
            block = [p for p in core if p.function is not CoreFunction.BREATHING and day in limited.get(p.exercise_id, [day])]
            items = tuple(breath + mobility + block)
            minutes = round(SETUP_MINUTES + sum(p.estimated_minutes for p in items), 1)
            week.append(SessionDay(day=day, items=items, estimated_minutes=minutes))
        return mobility_ids, week

    mobility_ids, week = build_week(MOBILITY_DRILLS_PER_NEED)
    budget = intake.schedule.minutes_per_session
    if max(d.estimated_minutes for d in week) > budget:
        mobility_ids, week = build_week(1)
        if max(d.estimated_minutes for d in week) > budget:
            notes.append(
                Text(
                    en=f"The sessions take longer than your {budget} minutes; do them at a calm pace rather than rushing.",
                    nl=f"De trainingen duren langer dan je {budget} minuten; doe ze rustig in plaats van gehaast.",
                )
            )
    if intake.diagnoses.any:
        notes.append(
            Text(
                en="You told us about a hernia or another back condition under care: follow your doctor/physio and use this program only with their approval.",
                nl="Je meldde een hernia of een andere rugaandoening waarvoor je onder behandeling bent: volg je arts/fysiotherapeut en gebruik dit programma alleen met hun goedkeuring.",
            )
        )
    if intake.pain.now_nrs > 5:
        notes.append(
            Text(
                en=f"Your pain is {intake.pain.now_nrs}/10 now. Keep exercise pain at 3/10 or less; stop an exercise that pushes it above 5.",
                nl=f"Je pijn is nu {intake.pain.now_nrs}/10. Houd pijn tijdens oefenen op 3/10 of lager; stop met een oefening die hem boven 5 brengt.",
            )
        )
    notes.append(
        Text(
            en="Daily life counts: break up long sitting, stand on both feet, ribs down over the hips, keep breathing.",
            nl="Het dagelijks leven telt mee: onderbreek lang zitten, sta op beide benen, ribben omlaag boven het bekken, blijf ademen.",
        )
    )
    return Program(
        level=intake.experience,
        phases=phases,
        needs=needs,
        reasons=assessment.reasons,
        mobility=tuple(mobility_ids),
        week=tuple(week),
        notes=tuple(notes),
    )
