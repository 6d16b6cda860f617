"""The guided coach: the intake as a conversation in the terminal, in English or Dutch.

It builds the same intake document as a file would and hands it to the same validation and
services, so both paths give the same program. Without a terminal on stdin it explains how to
pass an intake file instead of hanging on a prompt.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.panel import Panel
from rich.prompt import Prompt

from corecoach.catalogue import load_catalogue
from corecoach.cli.parsing import parse_choice, parse_days, parse_number, parse_yes_no
from corecoach.cli.render import show_program, show_referral
from corecoach.config import get_settings, set_active_profile
from corecoach.domain.enums import Equipment, Language, Level, Weekday
from corecoach.errors import CoachError, InvalidInputError
from corecoach.programs.generator import DISCLAIMER
from corecoach.screening.intake import CLEARANCE_MAX_AGE_DAYS, Clearance
from corecoach.screening.red_flags import CLEARANCE_CONFIRMATION, ConfirmChannel, load_red_flags, make_referral
from corecoach.screening.triage import check_clearance
from corecoach.screening.validation import validate_intake
from corecoach.storage.database import Database

NO_TTY_HELP = """corecoach's guided coach asks questions, but there is no terminal to answer them on (stdin is not a terminal).

Pass your answers as an intake file instead:

    corecoach plan --intake examples/intake.yaml            # the example: a beginner with no red flags
    corecoach plan --intake my-intake.yaml --lang nl        # your own answers, output in Dutch

The intake format is described in the README ("The intake file"). Run `corecoach --help` for all commands."""

# Prompts in both languages: key -> (English, Dutch)
T: dict[str, tuple[str, str]] = {
    "welcome": (
        "Welcome to corecoach: a coach for a stable, pain-free lower back.",
        "Welkom bij corecoach: een coach voor een stabiele, pijnvrije onderrug.",
    ),
    "name": ("Your name (or a nickname)", "Je naam (of een bijnaam)"),
    "rf_intro": (
        "First, safety: answer each question honestly. A 'yes' means a doctor first.",
        "Eerst veiligheid: beantwoord elke vraag eerlijk. Een 'ja' betekent: eerst naar een arts.",
    ),
    "clear_msg": (
        "A doctor or physio should see you for what you answered yes to before you start. If one already has, and agrees "
        "you can start, say so now: you then get your program, with the warning signs to keep watching for.",
        "Een arts of fysiotherapeut moet je hiervoor zien voordat je begint. Is dat al gebeurd en vindt die dat je kunt "
        "beginnen? Zeg dat dan nu: je krijgt dan je programma, met de waarschuwingssignalen om op te letten.",
    ),
    "clear_q": ("Is that so?", "Klopt dat?"),
    "clear_who": ("Who saw you", "Wie heeft je gezien"),
    "clear_date": ("On what date (YYYY-MM-DD)", "Op welke datum (JJJJ-MM-DD)"),
    "clear_bad_date": (
        "Give the date as YYYY-MM-DD: today or at most {days} days ago.",
        "Geef de datum als JJJJ-MM-DD: vandaag of hooguit {days} dagen geleden.",
    ),
    "hernia": ("Has a doctor told you that you have a hernia (slipped disc)?", "Heeft een arts gezegd dat je een hernia hebt?"),
    "other_dx": (
        "Are you under treatment for another back condition (doctor or physio)?",
        "Ben je onder behandeling voor een andere rugaandoening (arts of fysio)?",
    ),
    "dx_msg": (
        "Follow your doctor/physio: use corecoach only with their approval.",
        "Volg je arts/fysiotherapeut: gebruik corecoach alleen met hun goedkeuring.",
    ),
    "dx_ack": (
        "Do you confirm you follow their advice and have their approval?",
        "Bevestig je dat je hun advies volgt en hun goedkeuring hebt?",
    ),
    "dx_stop": (
        "Then please talk to your doctor or physio first. Nothing was saved.",
        "Overleg dan eerst met je arts of fysiotherapeut. Er is niets opgeslagen.",
    ),
    "pain_now": ("Back pain right now, 0 (none) to 10 (worst imaginable)", "Rugpijn op dit moment, 0 (geen) tot 10 (ergst denkbaar)"),
    "pain_worst": ("Worst back pain in the last week, 0-10", "Ergste rugpijn in de afgelopen week, 0-10"),
    "psfs_intro": (
        "Name up to five activities your back makes hard (empty to finish).",
        "Noem tot vijf activiteiten die je rug moeilijk maakt (leeg om te stoppen).",
    ),
    "psfs_act": ("Activity", "Activiteit"),
    "psfs_score": (
        "How well can you do it now? 0 = not at all, 10 = as before",
        "Hoe goed lukt het nu? 0 = helemaal niet, 10 = zoals vroeger",
    ),
    "hand": (
        "Lie on your back, knees bent, one hand on your chest, one above your navel; breathe 10 times. Which hand rises most?",
        "Lig op je rug, knieën gebogen, één hand op je borst, één boven je navel; adem 10 keer. Welke hand komt het meest omhoog?",
    ),
    "ribs": (
        "Feet on a wall, hips and knees at 90°: do your ribs stay down when you breathe out fully?",
        "Voeten tegen de muur, heupen en knieën 90°: blijven je ribben laag als je volledig uitademt?",
    ),
    "bolt": (
        "After a calm breath out, hold your nose: seconds until the first urge to breathe (0 to skip)",
        "Na een rustige uitademing je neus dichtknijpen: seconden tot de eerste ademprikkel (0 om over te slaan)",
    ),
    "db_flat": (
        "Dead bug: on your back, arms up, knees 90/90; lower the opposite arm and leg. Does your lower back stay flat on the floor?",
        "Dead bug: op je rug, armen omhoog, knieën 90/90; laat tegengestelde arm en been zakken. Blijft je onderrug plat op de vloer?",
    ),
    "db_sets": ("How many sets can you do with good form?", "Hoeveel sets lukken met goede techniek?"),
    "db_reps": ("Reps per leg with good form in each set?", "Herhalingen per been met goede techniek per set?"),
    "db_wall": (
        "Can you do 3 x 8 wall-press dead bugs per leg with good form?",
        "Lukken 3 x 8 wall-press dead bugs per been met goede techniek?",
    ),
    "db_taps": (
        "Toe taps from table-top (knees 90/90, tap one foot down): does your back stay flat?",
        "Toe taps vanuit tafelpositie (knieën 90/90, één voet tikt de vloer): blijft je rug plat?",
    ),
    "carry": (
        "Suitcase carry, a weight in one hand: metres you walk upright without leaning, per side (0 if not tried)",
        "Suitcase carry, gewicht in één hand: meters die je rechtop loopt zonder te hellen, per kant (0 als niet geprobeerd)",
    ),
    "pallof": (
        "Standing Pallof press with a band: reps per side with good form (0 if not tried)",
        "Staande Pallof press met een band: herhalingen per kant met goede techniek (0 als niet geprobeerd)",
    ),
    "birddog": (
        "Bird dog (opposite arm and leg on hands and knees): reps per side with good form (0 if not tried)",
        "Bird dog (tegengestelde arm en been op handen en knieën): herhalingen per kant met goede techniek (0 als niet geprobeerd)",
    ),
    "endurance_q": (
        "Have you done McGill's four endurance holds (flexor, extensor, side bridges)?",
        "Heb je McGills vier duurtests gedaan (buik, rugstrekkers, zijplanken)?",
    ),
    "flexor": ("Flexor hold, seconds", "Buikspieren-houding, seconden"),
    "extensor": ("Extensor (Sorensen) hold, seconds", "Rugstrekkers (Sorensen), seconden"),
    "sb_right": ("Side bridge right, seconds", "Zijplank rechts, seconden"),
    "sb_left": ("Side bridge left, seconds", "Zijplank links, seconden"),
    "squat": ("In a deep squat, does your lower back round at the bottom?", "Bolt je onderrug onderin een diepe squat?"),
    "thomas": (
        "Lying on a table edge, one knee hugged: does the other thigh stay above the table?",
        "Liggend op de rand van een tafel, één knie vastgepakt: blijft het andere bovenbeen boven de tafel?",
    ),
    "k2c": (
        "Can you pull a knee to your chest without your lower back rounding?",
        "Kun je een knie naar je borst trekken zonder dat je onderrug bolt?",
    ),
    "overhead": (
        "Back against a wall: can you raise your arms overhead without your lower back arching?",
        "Rug tegen een muur: kun je je armen boven je hoofd brengen zonder hol te trekken?",
    ),
    "rot_left": ("Seated rotation to the left, degrees (0 to skip)", "Zittend draaien naar links, graden (0 om over te slaan)"),
    "rot_right": ("Seated rotation to the right, degrees (0 to skip)", "Zittend draaien naar rechts, graden (0 om over te slaan)"),
    "sitting": ("Hours you sit on a typical day", "Uren die je op een gewone dag zit"),
    "one_leg": ("Do you often stand hanging on one leg?", "Sta je vaak 'hangend' op één been?"),
    "level": ("Training experience", "Trainingservaring"),
    "days": ("Training days (e.g. mon,wed,fri)", "Trainingsdagen (bijv. ma,wo,vr)"),
    "minutes": ("Minutes per session", "Minuten per training"),
    "equipment": (
        "Equipment at hand, comma-separated (band, kettlebell, dumbbell, foam_roller, balloon, ab_wheel, cable) or none",
        "Materiaal dat je hebt, met komma's (band, kettlebell, halter, foamroller, ballon, ab_wheel, kabel) of geen",
    ),
    "yes_no": ("Please answer y (yes) or n (no).", "Antwoord met j (ja) of n (nee)."),
    "number": ("Please give a number, e.g. 7 or 7.5.", "Geef een getal, bijv. 7 of 7,5."),
    "bad_name": ("That name cannot be used: {problems}", "Die naam kan niet: {problems}"),
    "active": (
        "'{profile}' is now your active profile: the commands below use it without naming it.",
        "'{profile}' is nu je actieve profiel: de opdrachten hieronder gebruiken het zonder dat je het noemt.",
    ),
    "next": ("What to do next (each line runs as it is):", "Wat je nu doet (elke regel werkt zoals hij er staat):"),
    "next_log": (
        "after training, log it (change the numbers to what you did):",
        "na de training loggen (pas de getallen aan naar wat je deed):",
    ),
    "next_morning": ("the next morning, add how your back feels (0-10):", "de ochtend erna: hoe voelt je rug (0-10):"),
    "next_progress": ("see your progress and pain per session:", "bekijk je voortgang en pijn per training:"),
    "next_plan": ("see your program again:", "bekijk je programma opnieuw:"),
    "next_exercises": ("every exercise and the id to log it with:", "alle oefeningen en het id om ze te loggen:"),
    "range": ("Please give a number from {lo} to {hi}.", "Geef een getal van {lo} tot {hi}."),
    "bad": ("Please answer with one of: {choices}", "Antwoord met een van: {choices}"),
    "saved": ("Saved for profile '{profile}'.", "Opgeslagen voor profiel '{profile}'."),
}


#: Answers to choice questions: the stored value -> the words (English and Dutch) that mean it; the
#: first Dutch word is what the Dutch question shows.
CHOICE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "hand": {"belly": ("buik", "b"), "mixed": ("gemengd", "allebei", "beide", "both", "m"), "chest": ("borst", "c")},
    "clear_who": {"doctor": ("arts", "dokter", "huisarts", "specialist"), "physio": ("fysio", "fysiotherapeut", "physiotherapist")},
    "level": {
        "beginner": ("beginner", "beginnend", "nieuw"),
        "intermediate": ("gevorderd", "middel"),
        "advanced": ("ervaren", "expert"),
    },
}
EQUIPMENT_WORDS: dict[str, tuple[str, ...]] = {
    "none": ("geen", "niets", "nothing", "-"),
    "mat": ("mat", "yogamat"),
    "wall": ("muur",),
    "balloon": ("ballon",),
    "band": ("elastiek", "weerstandsband", "elastische band"),
    "cable": ("kabel",),
    "kettlebell": ("kettlebell",),
    "dumbbell": ("halter", "dumbell", "dumbbells", "halters"),
    "ab_wheel": ("buikwiel", "ab wheel"),
    "foam_roller": ("foamroller", "foam roller", "schuimroller"),
    "bench": ("bank", "bankje", "trainingsbank"),
}


def _pain_or_number(raw: str) -> float | None:
    """A number, or a pain score written as 7/10."""
    text = raw.strip()
    if text.endswith("/10"):
        text = text[:-3].strip()
    return parse_number(text)


class _Asker:
    def __init__(self, console: Console, lang: Language) -> None:
        self.c = console
        self.lang = lang
        self.i = 1 if lang is Language.NL else 0

    def t(self, key: str) -> str:
        return T[key][self.i]

    def _say(self, key: str, **values: object) -> None:
        self.c.print(self.t(key).format(**values), style="red", highlight=False, markup=False)

    def _raw(self, text: str, default: str | None = None) -> str:
        return str(Prompt.ask(text, console=self.c, default=default) if default is not None else Prompt.ask(text, console=self.c))

    def yes(self, key: str, default: bool | None = None) -> bool:
        return self.yes_text(self.t(key), default)

    def yes_text(self, text: str, default: bool | None = None) -> bool:
        """y/n or j/n; yes, no, ja, nee are understood in both languages."""
        yes_word, no_word = ("j", "n") if self.lang is Language.NL else ("y", "n")
        while True:
            raw = self._raw(
                f"{text} [bold magenta]\\[{yes_word}/{no_word}][/bold magenta]",
                None if default is None else (yes_word if default else no_word),
            )
            answer = parse_yes_no(raw)
            if answer is not None:
                return answer
            self._say("yes_no")

    def integer(self, key: str, lo: int, hi: int, default: int | None = None) -> int:
        while True:
            value = _pain_or_number(self._raw(self.t(key), None if default is None else str(default)))
            if value is None or value != int(value):
                self._say("range", lo=lo, hi=hi)
                continue
            if lo <= value <= hi:
                return int(value)
            self._say("range", lo=lo, hi=hi)

    def number(self, key: str, lo: float, hi: float, default: float | None = None) -> float:
        while True:
            value = _pain_or_number(self._raw(self.t(key), None if default is None else f"{default:g}"))
            if value is None:
                self._say("number")
                continue
            if lo <= value <= hi:
                return float(value)
            self._say("range", lo=f"{lo:g}", hi=f"{hi:g}")

    def choice(self, key: str, choices: list[str], default: str) -> str:
        """One of ``choices`` (stored values); the Dutch question shows and takes the Dutch words too."""
        words = {c: CHOICE_WORDS.get(key, {}).get(c, ()) for c in choices}
        shown = [(words[c][0] if self.lang is Language.NL and words[c] else c) for c in choices]
        shown_default = shown[choices.index(default)]
        while True:
            raw = self._raw(f"{self.t(key)} [bold magenta]\\[{'/'.join(shown)}][/bold magenta]", shown_default)
            value = parse_choice(raw, words)
            if value is not None:
                return value
            self._say("bad", choices=", ".join(shown))

    def text(self, key: str, default: str | None = None) -> str:
        return str(
            Prompt.ask(self.t(key), console=self.c, default=default)
            if default is not None
            else Prompt.ask(self.t(key), console=self.c, default="")
        )


def _listed(raw: str, allowed: list[str]) -> list[str] | None:
    items = [x.strip().lower() for x in raw.split(",") if x.strip()]
    return items if all(x in allowed for x in items) else None


def _equipment(raw: str) -> list[str] | None:
    """Equipment named in English or Dutch, comma-separated; None if one is not known."""
    items = [x.strip().lower() for x in raw.split(",") if x.strip()]
    words = {e.value: EQUIPMENT_WORDS.get(e.value, ()) for e in Equipment}
    values = [parse_choice(x, words) for x in items]
    if any(v is None for v in values):
        return None
    chosen = [v for v in values if v is not None]
    return [v for v in chosen if v != "none"] or ["none"]


def _ask_clearance(a: _Asker, lang: Language, today: date | None = None) -> Clearance | None:
    """After a "see a doctor before starting" yes: has a doctor or physio seen them and agreed? Who, and when."""
    a.c.print(Panel(a.t("clear_msg"), style="yellow"))
    if not a.yes_text(f"{CLEARANCE_CONFIRMATION(lang)} {a.t('clear_q')}"):
        return None
    seen_by = a.choice("clear_who", ["doctor", "physio"], "doctor")
    while True:
        raw = a.text("clear_date").strip()
        try:
            clearance = Clearance.model_validate({"seen_by": seen_by, "seen_on": raw})
            check_clearance(clearance, today or date.today())
        except (ValidationError, InvalidInputError):
            a.c.print(a.t("clear_bad_date").format(days=CLEARANCE_MAX_AGE_DAYS), style="red", highlight=False)
            continue
        return clearance


def ask_intake(console: Console, lang: Language, profile: str) -> dict[str, Any] | None:
    """Ask every intake question; None when the person stops (red flag or no clinician approval)."""
    a = _Asker(console, lang)
    # emergency first, then urgent, then "see a doctor before starting" (stable: the data file's order within each)
    flags = sorted(load_red_flags().values(), key=lambda f: f.urgency.rank)
    console.print(f"[bold]{a.t('rf_intro')}[/bold]")
    answers: dict[str, bool] = {}
    for flag in flags:
        answers[flag.id] = a.yes_text(flag.question(lang))
        if answers[flag.id] and not flag.clearable:
            return {"red_flags": answers, "stopped": True}
    clearance: Clearance | None = None
    if any(answers.values()):  # only "see a doctor before starting" answers reach here
        clearance = _ask_clearance(a, lang)
        if clearance is None:
            return {"red_flags": answers, "stopped": True}
    hernia = a.yes("hernia")
    other = a.yes("other_dx")
    ack = False
    if hernia or other:
        console.print(Panel(a.t("dx_msg"), style="yellow"))
        ack = a.yes("dx_ack")
        if not ack:
            console.print(a.t("dx_stop"))
            return None
    intake: dict[str, Any] = {
        "language": lang.value,
        "person": {"name": profile},
        "red_flags": answers,
        "diagnoses": {"hernia": hernia, "other_back_condition_under_care": other, "approval_acknowledged": ack},
        **({"clearance": clearance.model_dump(mode="json")} if clearance is not None else {}),
        "pain": {"now_nrs": a.integer("pain_now", 0, 10), "worst_last_week_nrs": a.integer("pain_worst", 0, 10)},
    }
    console.print(a.t("psfs_intro"))
    psfs: list[dict[str, Any]] = []
    while len(psfs) < 5:
        activity = a.text("psfs_act").strip()
        if not activity:
            break
        psfs.append({"activity": activity[:120], "score": a.integer("psfs_score", 0, 10)})
    intake["psfs"] = psfs
    bolt = a.number("bolt", 0, 180, 0)
    intake["breathing"] = {
        "hand_test": a.choice("hand", ["belly", "mixed", "chest"], "mixed"),
        "ribs_stay_down_90_90": a.yes("ribs"),
        **({"control_pause_s": bolt} if bolt > 0 else {}),
    }
    flat = a.yes("db_flat")
    dead_bug: dict[str, Any] = {"back_flat": flat}
    if flat:
        dead_bug["clean_sets"] = a.integer("db_sets", 0, 10, 1)
        dead_bug["clean_reps_per_side"] = a.integer("db_reps", 0, 50, 5)
        dead_bug["wall_press_clean_3x8"] = a.yes("db_wall", False)
    else:
        dead_bug["toe_taps_back_flat"] = a.yes("db_taps")
    intake["capability"] = {
        "dead_bug": dead_bug,
        "suitcase_carry": {"clean_distance_m": a.number("carry", 0, 1000, 0)},
        "pallof_press": {"standing_clean_reps_per_side": a.integer("pallof", 0, 50, 0)},
        "bird_dog": {"clean_reps_per_side": a.integer("birddog", 0, 50, 0)},
    }
    if a.yes("endurance_q", False):
        intake["endurance"] = {
            k: a.number(key, 1, 900)
            for k, key in (
                ("flexor_s", "flexor"),
                ("extensor_s", "extensor"),
                ("side_bridge_right_s", "sb_right"),
                ("side_bridge_left_s", "sb_left"),
            )
        }
    rot_l = a.number("rot_left", 0, 120, 0)
    rot_r = a.number("rot_right", 0, 120, 0)
    intake["mobility"] = {
        "hip": {
            "squat_lower_back_rounds": a.yes("squat"),
            "hip_flexor_tight": a.yes("thomas"),
            "knee_to_chest_without_back_rounding": a.yes("k2c"),
        },
        "thoracic": {
            "arms_overhead_without_arching": a.yes("overhead"),
            **({"seated_rotation_left_deg": rot_l} if rot_l > 0 else {}),
            **({"seated_rotation_right_deg": rot_r} if rot_r > 0 else {}),
        },
    }
    intake["habits"] = {"sitting_hours_per_day": a.number("sitting", 0, 24), "stands_on_one_leg": a.yes("one_leg")}
    intake["experience"] = a.choice("level", [lv.value for lv in Level], Level.BEGINNER.value)
    nl = lang is Language.NL
    days_allowed = ["ma", "di", "wo", "do", "vr", "za", "zo"] if nl else [d.value for d in Weekday]
    while (parsed_days := parse_days(a.text("days", "ma,wo,vr" if nl else "mon,wed,fri"))) is None:
        console.print(a.t("bad").format(choices=", ".join(days_allowed)), highlight=False)
    days = [d.value for d in parsed_days]
    eq_allowed = [(EQUIPMENT_WORDS.get(e.value, (e.value,))[0] if nl else e.value) for e in Equipment]
    while (equipment := _equipment(a.text("equipment", "geen" if nl else "none"))) is None:
        console.print(a.t("bad").format(choices=", ".join(eq_allowed)), highlight=False)
    intake["schedule"] = {"days": days, "minutes_per_session": a.integer("minutes", 10, 120, 30)}
    intake["equipment"] = list(dict.fromkeys(equipment))
    return intake


def _ask_name(a: _Asker, profile: str | None) -> tuple[str, str]:
    """The person's name (shown only) and the profile to store under: ``--profile`` when given, else the name."""
    from corecoach.services.coaching import validate_profile_name

    while True:
        name = a.text("name", profile).strip() if profile is not None else a.text("name").strip()
        if not name and profile is None:
            continue
        chosen = profile or name
        try:
            return name or chosen, validate_profile_name(chosen)
        except InvalidInputError as exc:
            a._say("bad_name", problems="; ".join(exc.problems))
            if profile is not None:
                raise


def command_name() -> str:
    """How to call corecoach again, as this shell would run it.

    ``corecoach`` when that name finds this very program on the PATH (an activated virtual
    environment, an installed package); otherwise the path it was started by (``.venv/bin/corecoach``
    after ``make terminal``), relative to the current folder when it lies inside it, so every
    printed command runs as printed.
    """
    started = Path(sys.argv[0]).resolve()
    found = shutil.which("corecoach")
    if found is not None and Path(found).resolve() == started:
        return "corecoach"
    try:
        return str(started.relative_to(Path.cwd()))
    except ValueError:
        return str(started)


def _next_steps(console: Console, a: _Asker, program: Any, catalogue: Any, lang: Language) -> None:
    """The commands to run next, each exactly as it runs: no profile to name (it is the active one)."""
    from corecoach.programs.generator import Program

    assert isinstance(program, Program)
    first = program.week[0].items[0] if program.week and program.week[0].items else None
    me = command_name()
    lines = [f"[bold]{a.t('next')}[/bold]"]
    if first is not None:
        exercise = catalogue[first.exercise_id]
        dose = first.dosage
        measure = dose.measure
        value = getattr(dose, measure)
        value_text = f"{value:g}" if isinstance(value, float) else str(value)
        log = (
            f"{me} log --exercise {exercise.id} --sets {dose.sets} --{measure.replace('_', '-')} {value_text} "
            "--clean --pain-before 2 --pain-during 2"
        )
        lines += [f"  {a.t('next_log')}", f"    {log}"]
    lines += [
        f"  {a.t('next_morning')}",
        f"    {me} morning --pain 2",
        f"  {a.t('next_progress')}",
        f"    {me} progress",
        f"  {a.t('next_plan')}",
        f"    {me} plan",
        f"  {a.t('next_exercises')}",
        f"    {me} exercises",
    ]
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True)


def run_guided(profile: str | None, console: Console | None = None, lang: Language | None = None) -> None:
    """Entry point of `corecoach` / `corecoach coach`: ``profile`` from ``--profile``/``CORECOACH_PROFILE`` or None
    (then the person's name is the profile), ``lang`` from ``--lang`` or None (then it is asked)."""
    console = console or Console()
    if not sys.stdin.isatty():
        console.print(NO_TTY_HELP, markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(0)
    from corecoach.services.coaching import plan_from_intake, record_referral

    if lang is None:
        while (
            chosen := parse_choice(
                Prompt.ask("Language / Taal [bold magenta]\\[en/nl][/bold magenta]", default="en", console=console),
                {"en": ("english", "engels", "e"), "nl": ("nederlands", "dutch", "n", "ned")},
            )
        ) is None:
            console.print("en / nl", style="red")
        lang = Language(chosen)
    a = _Asker(console, lang)
    console.print(Panel(f"{a.t('welcome')}\n\n{DISCLAIMER(lang)}", style="bold"))
    display_name, profile = _ask_name(a, profile)
    try:
        raw = ask_intake(console, lang, display_name)
        if raw is None:
            raise typer.Exit(0)
        db = Database(get_settings().database_url)
        if raw.get("stopped"):
            reported = [k for k, v in raw["red_flags"].items() if v]
            referral = make_referral(reported)
            assert referral is not None
            record_referral(db, profile, referral)
            show_referral(console, referral, lang, ConfirmChannel.GUIDED)
            raise typer.Exit(3)
        intake = validate_intake(raw)
        catalogue = load_catalogue()
        outcome = plan_from_intake(db, profile, intake, catalogue)
        assert outcome.program is not None
        show_program(console, outcome.program, catalogue, lang, outcome.safety_net)
        set_active_profile(profile)
        console.print(a.t("saved").format(profile=profile), markup=False, highlight=False)
        console.print(a.t("active").format(profile=profile), markup=False, highlight=False, soft_wrap=True)
        _next_steps(console, a, outcome.program, catalogue, lang)
    except CoachError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
