"""Program generator: assessment (+ current rungs) -> a phased program and a weekly schedule.

Pure functions. The program lists every phase in the article's order, also the locked ones,
each with what unlocks it, so a person sees the whole road. A session runs: breathing first,
mobility for the needs found, the core block for every unlocked phase at its own rung, and
integration once it has been earned.

Equipment. A trainer works with what the person has: every item is prescribed in the first of
its catalogue variants (:class:`~corecoach.catalogue.schema.Variant`) that the person's declared
equipment plus the household items (:data:`~corecoach.catalogue.schema.HOUSEHOLD_ITEMS`: a wall,
a chair, a towel, a shopping bag) allow, and the prescription says what to use. When no variant
of a phase's current rung is doable, nothing is prescribed silently; a note says what is missing
and what the program does instead:

1. *hold on the ladder*: the nearest easier rung of the same ladder that is doable (e.g. no ab
   wheel -> stay on the wall-press dead bug). The stored rung is not changed, so the ladder still
   moves one rung at a time and the earned rung comes back the day the equipment is declared;
2. *same function elsewhere*: when no rung at or below is doable (e.g. no band and no cable for
   any Pallof press), the safest first rung of another ladder that trains the same core function
   (e.g. the bird dog for anti-rotation), unless a ladder already in the program covers it;
3. otherwise the phase is left out of the sessions, and the note says so.

The generator never moves *up* a ladder to find a doable rung: skipping rungs is the
progression engine's to refuse, not ours to do.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from corecoach.assessment.assess import Assessment, NeedReason
from corecoach.catalogue import Catalogue, Dosage, Exercise
from corecoach.catalogue.schema import GEAR_NAMES, Gear, Variant
from corecoach.domain.enums import CoreFunction, Equipment, Language, Level, Need, Weekday
from corecoach.domain.phases import PHASES, previous_phase
from corecoach.domain.text import Text
from corecoach.screening.intake import Intake

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
    #: what to use, from the catalogue variant picked for the person's equipment (None only in
    #: programs stored before exercises had variants)
    use: Text | None = None


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
    #: the exercise done instead of ``exercise_id`` while its equipment is missing (see the notes)
    stand_in_id: str | None = None


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


def available_equipment(intake: Intake) -> frozenset[Equipment]:
    """What the person declared ("none" is no item); household items are added by the variants' check."""
    return frozenset(e for e in intake.equipment if e is not Equipment.NONE)


def equipment_ok(exercise: Exercise, available: Collection[str]) -> bool:
    """True when at least one variant of the exercise can be done with ``available`` (plus household items)."""
    return exercise.best_variant(available) is not None


def missing_text(exercise: Exercise, available: Collection[str]) -> Text:
    """What the person would need for the exercise, e.g. 'a cable machine or a resistance band'."""
    options: list[tuple[Gear, ...]] = []
    for variant in exercise.variants:
        miss = variant.missing(available)
        if miss and set(miss) not in [set(o) for o in options]:
            options.append(miss)
    # an option that needs more than another one adds nothing to say
    options = [o for o in options if not any(set(other) < set(o) for other in options)]
    en = " or ".join(" and ".join(GEAR_NAMES[g].en for g in o) for o in options)
    nl = " of ".join(" en ".join(GEAR_NAMES[g].nl for g in o) for o in options)
    return Text(en=en, nl=nl)


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
        next_step = Text(en="The hardest step of this ladder: keep it up.", nl="De zwaarste stap van deze ladder: volhouden.")
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


def _prescribe(ex: Exercise, function: CoreFunction, why: Text, variant: Variant) -> Prescription:
    return Prescription(
        exercise_id=ex.id,
        function=function,
        name=ex.name,
        dosage=ex.dosage,
        estimated_minutes=ex.estimated_minutes(),
        why=why,
        use=variant.use,
    )


def _best(ex: Exercise, available: Collection[str]) -> Variant:
    variant = ex.best_variant(available)
    assert variant is not None, f"{ex.id} was chosen without a doable variant"
    return variant


def select_mobility(needs: Sequence[Need], catalogue: Catalogue, level: Level, available: Collection[str], per_need: int) -> list[str]:
    """Mobility drills for the hip and thoracic needs found, only those doable with the person's equipment.

    Drills done in their preferred variant come first (a rolled towel stands in for a foam roller,
    but a drill that needs no stand-in is the better pick).
    """
    chosen: list[str] = []
    for need, function in ((Need.HIP_MOBILITY, CoreFunction.HIP_MOBILITY), (Need.THORACIC_MOBILITY, CoreFunction.THORACIC_MOBILITY)):
        if need not in needs:
            continue
        drills = [
            e
            for e in catalogue.by_function(function)
            if e.primary_function is function and catalogue.offered_at(e.id, level) and equipment_ok(e, available)
        ]
        drills.sort(key=lambda e: (e.variants.index(_best(e, available)), e.id))
        chosen += [d.id for d in drills[:per_need]]
    return chosen


def _doable_rung_below(ex: Exercise, catalogue: Catalogue, available: Collection[str]) -> Exercise | None:
    """The nearest easier rung of the same ladder that the person has the equipment for."""
    current = ex
    while current.regression is not None:
        current = catalogue[current.regression]
        if equipment_ok(current, available):
            return current
    return None


def _alternatives(function: CoreFunction, catalogue: Catalogue, level: Level, available: Collection[str]) -> list[Exercise]:
    """First rungs of other ladders (or stand-alone drills) training ``function``, doable, safest first.

    Only a ladder's first rung is offered: the person has not earned any higher rung of it.
    Exercises whose main job is ``function`` come before those that train it on the side.
    """
    found = [
        e
        for e in catalogue.by_function(function)
        if e.regression is None and catalogue.offered_at(e.id, level) and equipment_ok(e, available)
    ]
    return sorted(found, key=lambda e: (e.primary_function is not function, e.level.rank, e.id))


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
        en="Keeping the back from arching: stop the lower back from arching.", nl="Onderrug niet hol: voorkom dat je onderrug hol trekt."
    ),
    CoreFunction.ANTI_LATERAL_FLEXION: Text(
        en="Not bending sideways: stay upright with a weight on one side.",
        nl="Niet opzij buigen: rechtop blijven met gewicht aan één kant.",
    ),
    CoreFunction.ANTI_ROTATION: Text(
        en="Not twisting: the lower back resists twisting; turning comes from the hips and upper back.",
        nl="Niet draaien: je onderrug weerstaat draaien; draaien komt uit je heupen en bovenrug.",
    ),
    CoreFunction.INTEGRATION: Text(en="Putting it together: train the functions at once.", nl="Alles samen: de functies tegelijk trainen."),
}


_TRAINS = {
    CoreFunction.BREATHING: Text(en="breathing", nl="goed te ademen"),
    CoreFunction.ANTI_EXTENSION: Text(en="keeping your lower back from arching", nl="te voorkomen dat je onderrug hol trekt"),
    CoreFunction.ANTI_LATERAL_FLEXION: Text(
        en="staying upright with a weight on one side", nl="rechtop te blijven met gewicht aan één kant"
    ),
    CoreFunction.ANTI_ROTATION: Text(en="keeping your lower back from twisting", nl="te voorkomen dat je onderrug meedraait"),
    CoreFunction.INTEGRATION: Text(en="all of these at once", nl="dit allemaal tegelijk te doen"),
}


def _fit_equipment(
    phases: Sequence[PhaseStatus], catalogue: Catalogue, level: Level, available: Collection[str]
) -> tuple[tuple[PhaseStatus, ...], list[Prescription], list[Text]]:
    """Each unlocked phase's exercise in a variant the person can do, or a stand-in with a note (module notes)."""
    chosen: dict[CoreFunction, tuple[Exercise, Variant]] = {}
    notes: dict[CoreFunction, Text] = {}
    stuck: list[PhaseStatus] = []
    for phase in phases:
        if not phase.unlocked:
            continue
        ex = catalogue[phase.exercise_id]
        variant = ex.best_variant(available)
        if variant is not None:
            chosen[phase.function] = (ex, variant)
            continue
        lower = _doable_rung_below(ex, catalogue, available)
        if lower is None:
            stuck.append(phase)
            continue
        chosen[phase.function] = (lower, _best(lower, available))
        need = missing_text(ex, available)
        notes[phase.function] = Text(
            en=f"{ex.name.en} needs {need.en}, which is not in your equipment list. Until you have it, you do "
            f"{lower.name.en}, the easier step before it. Add it to your equipment once you have it and {ex.name.en} comes back.",
            nl=f"{ex.name.nl} vraagt {need.nl}, en dat staat niet in je lijst met materiaal. Tot je het hebt, doe je "
            f"{lower.name.nl}, de makkelijkere stap ervoor. Zet het in je materiaal zodra je het hebt, dan komt {ex.name.nl} terug.",
        )
    used_ladders = {catalogue.ladder(ex.id)[0] for ex, _ in chosen.values()}
    for phase in stuck:
        ex = catalogue[phase.exercise_id]
        need = missing_text(ex, available)
        trains = _TRAINS[phase.function]
        options = _alternatives(phase.function, catalogue, level, available)
        fresh = [e for e in options if catalogue.ladder(e.id)[0] not in used_ladders]
        head_en = f"{ex.name.en} needs {need.en}, which is not in your equipment list."
        head_nl = f"{ex.name.nl} vraagt {need.nl}, en dat staat niet in je lijst met materiaal."
        if fresh:
            alt = fresh[0]
            used_ladders.add(catalogue.ladder(alt.id)[0])
            chosen[phase.function] = (alt, _best(alt, available))
            notes[phase.function] = Text(
                en=f"{head_en} Instead you do {alt.name.en}, which also trains {trains.en}. Add it to your equipment once you have it and {ex.name.en} comes back.",
                nl=f"{head_nl} In plaats daarvan doe je {alt.name.nl}; die oefening leert je ook {trains.nl}. Zet het in je materiaal zodra je het hebt, dan komt {ex.name.nl} terug.",
            )
        elif options:
            covered_by = next(e for e, _ in chosen.values() if catalogue.ladder(e.id)[0] == catalogue.ladder(options[0].id)[0])
            notes[phase.function] = Text(
                en=f"{head_en} {covered_by.name.en}, already in your sessions, trains {trains.en} too, so nothing is added. "
                f"Add it to your equipment once you have it and {ex.name.en} comes in.",
                nl=f"{head_nl} {covered_by.name.nl}, al in je trainingen, leert je ook {trains.nl}, dus er komt niets bij. "
                f"Zet het in je materiaal zodra je het hebt, dan komt {ex.name.nl} erbij.",
            )
        else:
            notes[phase.function] = Text(
                en=f"{head_en} Nothing you can do without it trains {trains.en}, so this part is left out until you have it.",
                nl=f"{head_nl} Zonder dat is er geen oefening die je leert {trains.nl}, dus dit deel valt weg tot je het hebt.",
            )
    fitted: list[PhaseStatus] = []
    core: list[Prescription] = []
    for phase in phases:
        pick = chosen.get(phase.function)
        if pick is None:
            fitted.append(phase)
            continue
        ex, variant = pick
        stand_in = ex.id if ex.id != phase.exercise_id else None
        fitted.append(phase.model_copy(update={"stand_in_id": stand_in}))
        core.append(_prescribe(ex, phase.function, _WHY_PHASE[phase.function], variant))
    return tuple(fitted), core, [notes[p.function] for p in phases if p.function in notes]


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
    available = available_equipment(intake)
    needs = tuple(n for n in Need if n in assessment.needs or n in extra_needs)
    phases = tuple(_phase_status(i, catalogue, rungs, unlocked) for i in range(len(PHASES)))
    notes: list[Text] = list(extra_notes)

    phases, core, equipment_notes = _fit_equipment(phases, catalogue, intake.experience, available)
    notes += equipment_notes

    def build_week(per_need: int) -> tuple[list[str], list[SessionDay]]:
        mobility_ids = select_mobility(needs, catalogue, intake.experience, available, per_need)
        mobility = [
            _prescribe(
                catalogue[m], catalogue[m].primary_function, _WHY_MOBILITY[catalogue[m].primary_function], _best(catalogue[m], available)
            )
            for m in mobility_ids
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
