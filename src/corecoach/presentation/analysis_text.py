"""Words for the analysis outputs (report, plot, video overlay) in English and Dutch.

Names that are the same in both languages ("Squat", "Plank") cannot be a
:class:`~corecoach.domain.text.Text` (which insists on a real translation), so the labels here are
plain pairs. Coaching lines for findings describe what to practise, never a diagnosis.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from corecoach.domain.enums import Language
from corecoach.domain.text import Text
from corecoach.motion.results import AnalysisResult, Finding, Movement, Severity


class Words(NamedTuple):
    """A label in English and Dutch (may be identical, unlike :class:`Text`)."""

    en: str
    nl: str

    def __call__(self, lang: Language | str) -> str:
        return self.nl if Language(lang) is Language.NL else self.en


MOVEMENT_NAMES: dict[Movement, Words] = {
    Movement.SQUAT: Words("Squat", "Squat"),
    Movement.POSTURE: Words("Posture", "Houding"),
    Movement.PLANK: Words("Plank", "Plank"),
    Movement.SIDE_PLANK: Words("Side plank", "Zijplank"),
    Movement.DEAD_BUG: Words("Dead bug", "Dead bug"),
    Movement.BIRD_DOG: Words("Bird dog", "Bird dog"),
    Movement.PALLOF_PRESS: Words("Pallof press", "Pallof press"),
    Movement.SUITCASE_CARRY: Words("Suitcase carry", "Suitcase carry (koffer dragen)"),
    Movement.KETTLEBELL_CROSSWALK: Words("Kettlebell crosswalk", "Kettlebell crosswalk"),
    Movement.AUTO: Words("Recognised automatically", "Automatisch herkend"),
    Movement.UNKNOWN: Words("Not recognised", "Niet herkend"),
}

VIEW_NAMES: dict[str, Words] = {
    "side": Words("side", "zijaanzicht"),
    "front": Words("front", "vooraanzicht"),
    "rear": Words("rear", "achteraanzicht"),
    "oblique": Words("oblique", "schuin"),
    "unknown": Words("unknown", "onbekend"),
}

SEVERITY_NAMES: dict[Severity, Words] = {
    Severity.INFO: Words("info", "info"),
    Severity.MINOR: Words("minor", "klein"),
    Severity.MAJOR: Words("major", "groot"),
}

FINDING_LABELS: dict[str, Words] = {
    "lower_back_rounding": Words("Lower back rounds (butt wink)", "Onderrug bolt (butt wink)"),
    "trunk_ahead_of_shin": Words("Trunk leans ahead of the shins", "Romp helt verder voorover dan de schenen"),
    "heel_rise": Words("Heels lift", "Hielen komen los"),
    "knees_caving_in": Words("Knees cave in", "Knieën vallen naar binnen"),
    "hip_sag": Words("Hips sag", "Heupen zakken door"),
    "hip_pike": Words("Hips pike up", "Heupen steken omhoog"),
    "hip_drop": Words("Hips drop", "Heupen zakken weg"),
    "forward_head": Words("Head forward", "Hoofd naar voren"),
    "shoulder_height_difference": Words("Shoulders at different heights", "Schouders op ongelijke hoogte"),
    "pelvis_height_difference": Words("Pelvis not level", "Bekken niet horizontaal"),
    "weight_on_one_leg": Words("Weight on one leg", "Gewicht op één been"),
    "lateral_shift": Words("Hips shifted sideways", "Heupen zijwaarts verschoven"),
    "lower_back_arching": Words("Lower back arches", "Onderrug trekt hol"),
    "lower_back_lifting": Words("Lower back lifts off the floor", "Onderrug komt los van de vloer"),
    "trunk_rotation": Words("Trunk rotates", "Romp draait mee"),
    "hip_shift": Words("Hips shift", "Heupen schuiven"),
    "hip_hike": Words("Hip hikes up", "Heup trekt op"),
    "pelvis_rotation": Words("Pelvis rotates", "Bekken draait"),
    "lateral_lean": Words("Trunk leans sideways", "Romp helt opzij"),
    "trunk_lean": Words("Trunk leans sideways", "Romp helt opzij"),
    "shoulder_tilt": Words("Shoulders tilt", "Schouders scheef"),
}

#: What to practise next, per finding id (used when the analysis gives no next steps itself).
FINDING_ADVICE: dict[str, Text] = {
    "lower_back_rounding": Text(
        en="Squat only as deep as your lower back stays neutral (a box or bench marks the depth) and add hip mobility such as the 90/90 hip switch and the adductor rock-back.",
        nl="Zak alleen zo diep als je onderrug neutraal blijft (een kist of bank geeft de diepte aan) en voeg heupmobiliteit toe, zoals de 90/90-heupwissel en de adductor rock-back.",
    ),
    "trunk_ahead_of_shin": Text(
        en="Keep the chest up: practise the goblet squat with the weight held in front of you, and work on ankle mobility (knee-to-wall).",
        nl="Houd de borst omhoog: oefen de goblet squat met het gewicht voor je en werk aan de enkelmobiliteit (knie naar de muur).",
    ),
    "heel_rise": Text(
        en="Keep the whole foot on the floor: squat only as deep as the heels stay down and train ankle mobility (knee-to-wall).",
        nl="Houd de hele voet op de grond: zak alleen zo diep als de hielen blijven staan en train de enkelmobiliteit (knie naar de muur).",
    ),
    "knees_caving_in": Text(
        en="Push the knees out over the toes; a light band just above the knees is a good reminder, and strengthen the glutes (side-lying clams, band walks).",
        nl="Duw de knieën naar buiten boven de tenen; een licht elastiek net boven de knieën helpt herinneren, en versterk de bilspieren (clamshells, band walks).",
    ),
    "hip_sag": Text(
        en="Brace before you hold: ribs down, glutes squeezed. Hold only as long as the line stays straight, or go back to the plank on the knees.",
        nl="Span aan voor je vasthoudt: ribben omlaag, billen aangespannen. Houd alleen zo lang vast als de lijn recht blijft, of ga terug naar de plank op de knieën.",
    ),
    "hip_pike": Text(
        en="Lower the hips into one straight line from shoulders to ankles; check it in a mirror or film yourself again.",
        nl="Breng de heupen omlaag in één rechte lijn van schouders tot enkels; controleer het in een spiegel of film jezelf opnieuw.",
    ),
    "hip_drop": Text(
        en="Keep the hips lifted in line with the shoulders; shorten the hold or go back to the side plank on the knees.",
        nl="Houd de heupen omhoog in lijn met de schouders; houd korter vast of ga terug naar de zijplank op de knieën.",
    ),
    "forward_head": Text(
        en="Grow tall with the chin slightly in; practise it a few times a day, for example at every break.",
        nl="Maak jezelf lang met de kin licht ingetrokken; oefen het een paar keer per dag, bijvoorbeeld bij elke pauze.",
    ),
}

_KEYWORD_ADVICE: tuple[tuple[tuple[str, ...], Text], ...] = (
    (
        ("arch", "lumbar", "back"),
        Text(
            en="Keep the lower back still and neutral: make the movement smaller or go one step easier until it stays that way.",
            nl="Houd de onderrug stil en neutraal: maak de beweging kleiner of ga een stap makkelijker tot dat lukt.",
        ),
    ),
    (
        ("lean", "tilt", "shift", "height", "weight"),
        Text(
            en="Stand tall and even: use a lighter load and move more slowly until the trunk stays upright.",
            nl="Sta lang en recht: neem een lichtere last en beweeg langzamer tot de romp rechtop blijft.",
        ),
    ),
    (
        ("rotat", "twist", "hike"),
        Text(
            en="Resist the turn: use a lighter band or load and keep the hips and shoulders square.",
            nl="Weersta het draaien: neem een lichter elastiek of minder gewicht en houd heupen en schouders recht naar voren.",
        ),
    ),
)

NO_FAULTS = Text(
    en="No faults were seen in this clip. Keep going with your program and film again when you move up a step.",
    nl="In deze opname zijn geen fouten gezien. Ga door met je programma en film opnieuw als je een stap moeilijker gaat.",
)
NOT_RECOGNISED = Text(
    en="Film the whole body from the side, in good light, and choose the exercise with --movement.",
    nl="Film het hele lichaam van opzij, in goed licht, en kies de oefening met --movement.",
)

DISCLAIMER = Text(
    en="corecoach is a coaching tool, not a medical device. The findings describe what the camera saw; they are not a diagnosis. "
    "If you have pain, numbness or symptoms that worry you, see a doctor or physiotherapist.",
    nl="corecoach is een coachingshulpmiddel, geen medisch hulpmiddel. De bevindingen beschrijven wat de camera zag; ze zijn geen diagnose. "
    "Heb je pijn, een doof gevoel of klachten die je zorgen baren, ga dan naar een arts of fysiotherapeut.",
)

METRIC_LABELS: dict[str, Words] = {
    "knee_flexion_bottom_deg": Words("Knee flexion at the bottom", "Kniebuiging onderin"),
    "hip_flexion_bottom_deg": Words("Hip flexion at the bottom", "Heupbuiging onderin"),
    "hip_below_knee": Words("Hip below knee", "Heup onder knie"),
    "trunk_from_vertical_bottom_deg": Words("Trunk from vertical at the bottom", "Romp t.o.v. verticaal onderin"),
    "shin_from_vertical_bottom_deg": Words("Shin from vertical at the bottom", "Scheen t.o.v. verticaal onderin"),
    "trunk_minus_shin_deg": Words("Trunk minus shin", "Romp min scheen"),
    "heel_rise_foot_fraction": Words("Heel rise (share of foot length)", "Hielheffing (deel van de voetlengte)"),
    "lumbar_flexion_change_deg": Words("Lumbar outline change", "Verandering lendencontour"),
    "hip_flexion_rebound_deg": Words("Hip flexion rebound", "Terugvering heupbuiging"),
    "knee_to_ankle_width_ratio": Words("Knee width / ankle width", "Kniebreedte / enkelbreedte"),
    "hold_s": Words("Hold", "Vastgehouden"),
    "trunk_rotation_deg": Words("Trunk rotation", "Romprotatie"),
    "pelvis_tilt_change_deg": Words("Pelvis tilt change", "Verandering bekkenkanteling"),
    "arm_leg_lag_s": Words("Arm-leg lag", "Vertraging arm-been"),
}

ANGLE_LABELS: dict[str, Words] = {
    "left_knee_flexion_deg": Words("Knee flexion L", "Kniebuiging L"),
    "right_knee_flexion_deg": Words("Knee flexion R", "Kniebuiging R"),
    "left_hip_flexion_deg": Words("Hip flexion L", "Heupbuiging L"),
    "right_hip_flexion_deg": Words("Hip flexion R", "Heupbuiging R"),
    "left_ankle_dorsiflexion_deg": Words("Ankle L", "Enkel L"),
    "right_ankle_dorsiflexion_deg": Words("Ankle R", "Enkel R"),
    "left_elbow_flexion_deg": Words("Elbow flexion L", "Elleboogbuiging L"),
    "right_elbow_flexion_deg": Words("Elbow flexion R", "Elleboogbuiging R"),
    "left_shoulder_flexion_deg": Words("Shoulder flexion L", "Schouderflexie L"),
    "right_shoulder_flexion_deg": Words("Shoulder flexion R", "Schouderflexie R"),
    "trunk_from_vertical_deg": Words("Trunk from vertical", "Romp t.o.v. verticaal"),
    "trunk_lateral_lean_deg": Words("Trunk side lean", "Romp zijwaarts"),
    "left_shin_from_vertical_deg": Words("Shin L from vertical", "Scheen L t.o.v. verticaal"),
    "right_shin_from_vertical_deg": Words("Shin R from vertical", "Scheen R t.o.v. verticaal"),
    "shoulder_tilt_deg": Words("Shoulder tilt", "Schouderkanteling"),
    "pelvis_tilt_deg": Words("Pelvis tilt", "Bekkenkanteling"),
    "body_from_horizontal_deg": Words("Body from horizontal", "Lichaam t.o.v. horizontaal"),
    "left_body_line_deg": Words("Body line L (+ = sag)", "Lichaamslijn L (+ = doorzakken)"),
    "right_body_line_deg": Words("Body line R (+ = sag)", "Lichaamslijn R (+ = doorzakken)"),
}


def humanise(key: str) -> str:
    """``knee_to_ankle_width_ratio`` -> ``Knee to ankle width ratio`` (units dropped)."""
    for suffix in ("_deg", "_s"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    return key.replace("_", " ").strip().capitalize()


def movement_name(movement: Movement, lang: Language) -> str:
    return MOVEMENT_NAMES.get(movement, Words(humanise(movement.value), humanise(movement.value)))(lang)


def view_name(view: str, lang: Language) -> str:
    return VIEW_NAMES[view](lang) if view in VIEW_NAMES else view


def finding_label(finding_id: str, lang: Language) -> str:
    if finding_id in FINDING_LABELS:
        return FINDING_LABELS[finding_id](lang)
    if finding_id.startswith("kendall_"):
        kind = finding_id.removeprefix("kendall_").replace("_", "-")
        return Words(f"Posture type: {kind}", f"Houdingstype: {kind}")(lang)
    return humanise(finding_id)


def metric_label(key: str, lang: Language) -> str:
    label = METRIC_LABELS[key](lang) if key in METRIC_LABELS else humanise(key)
    if key.endswith("_deg"):
        return f"{label} (°)"
    if key.endswith("_s"):
        return f"{label} (s)"
    return label


def angle_label(name: str, lang: Language) -> str:
    return ANGLE_LABELS[name](lang) if name in ANGLE_LABELS else humanise(name)


def format_number(value: float | None, unit: str = "") -> str:
    """``12.3°``, ``4.0 s``, ``0.25 ankle width``; an en dash when there is no value."""
    if value is None:
        return "–"
    if unit == "deg":
        return f"{value:.0f}°" if abs(value) >= 10 else f"{value:.1f}°"
    number = f"{value:.2f}" if abs(value) < 1 else f"{value:.1f}"
    if not unit:
        return number
    return f"{number} {unit.replace('_', ' ')}"


def finding_value(finding: Finding, lang: Language) -> str:
    """``18° (threshold 15°)`` / ``18° (grens 15°)``; empty when the finding has no value."""
    if finding.value is None:
        return ""
    text = format_number(finding.value, finding.unit)
    if finding.threshold is not None:
        text += f" ({Words('threshold', 'grens')(lang)} {format_number(finding.threshold, finding.unit)})"
    return text


def advice_for(finding: Finding) -> Text:
    """A generic coaching line for a finding: by id, else by a keyword in the id, else a plain one."""
    if finding.id in FINDING_ADVICE:
        return FINDING_ADVICE[finding.id]
    for words, advice in _KEYWORD_ADVICE:
        if any(w in finding.id for w in words):
            return advice
    label = FINDING_LABELS.get(finding.id, Words(humanise(finding.id), humanise(finding.id)))
    return Text(
        en=f"Work on this: {label.en.lower()}. Practise the movement more slowly and film again to compare.",
        nl=f"Werk hieraan: {label.nl.lower()}. Oefen de beweging langzamer en film opnieuw om te vergelijken.",
    )


def next_steps(result: AnalysisResult, lang: Language) -> list[str]:
    """The analysis' own next steps, else one coaching line per distinct finding (most serious first)."""
    if result.next_steps:
        return [step(lang) for step in result.next_steps]
    order = {Severity.MAJOR: 0, Severity.MINOR: 1, Severity.INFO: 2}
    lines: list[str] = []
    for finding in sorted(result.findings, key=lambda f: order.get(f.severity, 3)):
        line = advice_for(finding)(lang)
        if line not in lines:
            lines.append(line)
    if lines:
        return lines
    if result.movement is Movement.UNKNOWN:
        return [NOT_RECOGNISED(lang)]
    return [NO_FAULTS(lang)]


def ascii_text(text: str) -> str:
    """What OpenCV's Hershey fonts can draw: ASCII only (``°`` becomes `` deg``, accents dropped)."""
    text = text.replace("°", " deg").replace("–", "-").replace("—", "-").replace("’", "'")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
