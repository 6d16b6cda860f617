"""`corecoach` command line: the guided coach and the non-interactive commands.

With ``--json`` stdout holds only the JSON document; messages go to stderr.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from corecoach import __version__
from corecoach.catalogue import load_catalogue
from corecoach.cli.exit_codes import FAILURE, INTERNAL_ERROR, INVALID_INPUT, RED_FLAG, exit_code_for
from corecoach.cli.files import load_document, merge_red_flags, parse_session, validate_entries
from corecoach.cli.render import (
    show_decisions,
    show_exercises,
    show_glossary,
    show_program,
    show_progress,
    show_red_flags,
    show_referral,
)
from corecoach.config import active_profile, error_log_path, get_settings, set_active_profile
from corecoach.domain.enums import CoreFunction, Language
from corecoach.errors import CoachError, InvalidInputError
from corecoach.programs.generator import Program
from corecoach.screening.red_flags import ConfirmChannel, Referral, load_red_flags
from corecoach.screening.validation import validate_intake
from corecoach.storage.database import Database

app = typer.Typer(
    name="corecoach",
    help="Coaching for a stable, pain-free lower back. A coaching tool, not a medical device.",
    no_args_is_help=False,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

out = Console()
err = Console(stderr=True)


def _checked_profile(name: str | None) -> str | None:
    """Every --profile (and CORECOACH_PROFILE) passes the one profile-name check before a command runs."""
    from corecoach.services.coaching import validate_profile_name

    if name is None:
        return None
    try:
        return validate_profile_name(name)
    except InvalidInputError as exc:
        raise typer.BadParameter("; ".join(exc.problems) or str(exc)) from None


def _pain_option(raw: str | int | None) -> int | None:
    """``--pain-*``: 7 or 7/10 is 7 (a pain score is always out of 10)."""
    from corecoach.cli.parsing import parse_pain

    if raw is None or isinstance(raw, int):
        return raw
    text = str(raw).strip()
    if text.lstrip("-").isdigit():
        return int(text)  # the range (0-10) is checked with the rest of the entry, as before
    try:
        return parse_pain(text, "pain")
    except InvalidInputError as exc:
        raise typer.BadParameter(str(exc).removeprefix("pain: ")) from None


ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        envvar="CORECOACH_PROFILE",
        help="Whose data (several people can share one database); default: the active profile (`corecoach profiles`).",
        callback=_checked_profile,
        show_default=False,
    ),
]
LangOpt = Annotated[
    Language | None,
    typer.Option("--lang", help="Language of the output: en or nl (default: the profile's language).", show_default=False),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print only a JSON document on stdout.")]
DEFAULT_PROFILE = "default"


def _db() -> Database:
    return Database(get_settings().database_url)


def _who(profile: str | None) -> str:
    """The profile a command works on: ``--profile`` / ``CORECOACH_PROFILE``, else the active one, else "default"."""
    if profile is not None:
        return profile
    remembered = active_profile()
    if remembered is not None:
        try:
            return _checked_profile(remembered) or DEFAULT_PROFILE
        except typer.BadParameter:
            return DEFAULT_PROFILE
    return DEFAULT_PROFILE


def _speak(lang: Language | None, profile: str | None) -> Language:
    """``--lang`` when given, else the profile's own language (the intake's), else English."""
    if lang is not None:
        return lang
    if profile is None:
        if os.environ.get("CORECOACH_PROFILE") is None and active_profile() is None:
            return Language.EN
        profile = _who(os.environ.get("CORECOACH_PROFILE"))
    from sqlalchemy import select

    from corecoach.storage.orm import Profile

    try:
        with _db().transaction() as s:
            stored = s.scalar(select(Profile.language).where(Profile.name == profile))
    except CoachError:
        return Language.EN
    try:
        return Language(stored) if stored else Language.EN
    except ValueError:
        return Language.EN


def _header(profile: str, lang: Language) -> None:
    """The first line of a command: whose data it shows (on stderr, so stdout stays the document)."""
    err.print(f"{'Profiel' if lang is Language.NL else 'Profile'}: {profile}", markup=False, highlight=False, soft_wrap=True)


def _emit_json(document: Any) -> None:
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def _fail(error: CoachError, as_json: bool, lang: Language = Language.EN) -> NoReturn:
    code = exit_code_for(error)
    if as_json:
        problems = error.problems if isinstance(error, InvalidInputError) else []
        _emit_json({"error": {"type": type(error).__name__, "message": str(error), "problems": problems}})
    text = _in_dutch(str(error)) if lang is Language.NL else str(error)
    err.print(f"{'Fout' if lang is Language.NL else 'Error'}: {text}", highlight=False, markup=False, soft_wrap=True)
    raise typer.Exit(code)


#: English error sentences from the services, and their Dutch, for a Dutch profile (prefix match).
DUTCH_ERRORS: tuple[tuple[str, str], ...] = (
    ("There is no profile called '", "Er is nog geen profiel '"),
    ("' yet. Make one with `corecoach plan --intake FILE --profile ", "'. Maak er een met `corecoach plan --intake BESTAND --profile "),
    ("` or run `corecoach` for the guided coach.", "` of start de begeleide coach met `corecoach`."),
    ("The session date ", "De trainingsdatum "),
    (" is outside the dates you can log: from ", " valt buiten de data die je kunt loggen: van "),
    (" days before this profile was made) to today, ", " dagen voor dit profiel gemaakt is) tot vandaag, "),
    (" is in the future", " ligt in de toekomst"),
    (" is too long ago", " is te lang geleden"),
    ("To log ", "Om "),
    (", also give: ", " te loggen, geef ook: "),
)


def _in_dutch(text: str) -> str:
    """A Dutch profile reads the common service errors in Dutch (the CLI's own errors are written in both)."""
    for en, nl in DUTCH_ERRORS:
        text = text.replace(en, nl)
    return text


def _guard(as_json: bool, action: Callable[[], None], lang: Language = Language.EN) -> None:
    try:
        action()
    except CoachError as exc:
        _fail(exc, as_json, lang)


def _referral_json(referral: Referral, channel: ConfirmChannel | None = None) -> dict[str, Any]:
    """The referral document; with ``channel``, ``how_to_confirm`` says how to come back once cleared (None if it cannot be)."""
    flags = load_red_flags()
    document: dict[str, Any] = {
        "urgency": referral.urgency.value,
        "red_flag_ids": list(referral.red_flag_ids),
        "headline": referral.headline.model_dump(),
        "action": referral.action.model_dump(),
        "reported": [flags[i].question.model_dump() for i in referral.red_flag_ids],
    }
    if channel is not None:
        how = referral.how_to_confirm(channel)
        document["how_to_confirm"] = None if how is None else how.model_dump()
    return {"referral": document, "program": None}


@app.callback()
def root(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", help="Show the version and exit.")] = False,
) -> None:
    """Run without a command for the guided coach."""
    if version:
        typer.echo(f"corecoach {__version__}")
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        from corecoach.cli.guided import run_guided

        run_guided(profile=_checked_profile(os.environ.get("CORECOACH_PROFILE")))


@app.command()
def coach(profile: ProfileOpt = None, lang: LangOpt = None) -> None:
    """The guided coach: answer the intake step by step in the terminal and get your program.

    Your name is only shown; the profile you make becomes the active one for every later command.
    """
    from corecoach.cli.guided import run_guided

    run_guided(profile=profile, lang=lang)


@app.command()
def exercises(
    function: Annotated[CoreFunction | None, typer.Option("--function", help="Only exercises that train this function.")] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """List the exercise catalogue: each exercise with the id that `log -e` needs."""
    lang = _speak(lang, None)

    def action() -> None:
        cat = load_catalogue()
        chosen = [e for e in cat if function is None or function in e.functions]
        if as_json:
            _emit_json([e.model_dump(mode="json") for e in chosen])
            return
        show_exercises(out, chosen, cat, lang)

    _guard(as_json, action, lang)


@app.command()
def screen(
    list_red_flags: Annotated[bool, typer.Option("--list-red-flags", help="List every red-flag question.")] = False,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """The red-flag screen: list the questions (answer them in your intake file)."""
    lang = _speak(lang, None)
    flags = load_red_flags()
    if not list_red_flags:
        err.print("Use `corecoach screen --list-red-flags` to see the questions, or run `corecoach` for the guided coach.")
        raise typer.Exit(INVALID_INPUT)
    if as_json:
        _emit_json(
            [
                {
                    "id": f.id,
                    "category": f.category,
                    "urgency": f.urgency.value,
                    "en": f.question.en,
                    "nl": f.question.nl,
                    "source": f.source,
                }
                for f in flags.values()
            ]
        )
        return
    show_red_flags(out, list(flags.values()), lang)


@app.command()
def glossary(lang: LangOpt = None) -> None:
    """The coach's terms (anti-extension, Pallof press, RPE, PSFS...) explained in plain words."""
    show_glossary(out, _speak(lang, None))


def _read_intake(path: Path) -> Any:
    return validate_intake(load_document(path))


@app.command()
def plan(
    intake: Annotated[Path | None, typer.Option("--intake", help="Intake file (YAML or JSON), see examples/intake.yaml.")] = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Screen and assess from an intake file and make the program (or show the stored program).

    A "see a doctor before starting" answer needs the intake's ``clearance`` (who saw you, and when);
    the program then shows the warning signs to keep watching for. The profile made from an intake
    becomes the active one.
    """
    from corecoach.services.coaching import current_program, current_safety_net, plan_from_intake

    name = _who(profile)
    if intake is None:
        lang = _speak(lang, name)
        if not as_json:
            _header(name, lang)
    said = lang or Language.EN

    def action() -> None:
        profile = name
        cat = load_catalogue()
        if intake is None:
            assert lang is not None
            db = _db()
            data = current_program(db, profile)
            program = Program.model_validate(data)
            net = current_safety_net(db, profile)
            if as_json:
                _emit_json({"profile": profile, "program": data, **({"clearance": net.to_json()} if net is not None else {})})
            else:
                show_program(out, program, cat, lang, net)
            return
        parsed = _read_intake(intake)
        said = lang or parsed.language
        outcome = plan_from_intake(_db(), profile, parsed, cat)
        if outcome.referral is not None:
            if as_json:
                _emit_json({"profile": profile, **_referral_json(outcome.referral, ConfirmChannel.FILE)})
            else:
                show_referral(out, outcome.referral, said, ConfirmChannel.FILE)
            raise typer.Exit(RED_FLAG)
        assert outcome.program is not None and outcome.assessment is not None
        if as_json:
            _emit_json(
                {
                    "profile": profile,
                    "program": outcome.program.model_dump(mode="json"),
                    "assessment": outcome.assessment.model_dump(mode="json"),
                    "referral": None,
                    "clearance": None if outcome.safety_net is None else outcome.safety_net.to_json(),
                }
            )
        else:
            show_program(out, outcome.program, cat, said, outcome.safety_net)
        set_active_profile(profile)
        if not as_json:
            err.print(
                f"Opgeslagen voor profiel '{profile}' in {get_settings().database_url}; dit is nu het actieve profiel."
                if said is Language.NL
                else f"Saved for profile '{profile}' in {get_settings().database_url}; it is now the active profile.",
                markup=False,
                highlight=False,
                soft_wrap=True,
            )

    _guard(as_json, action, said)


@app.command()
def log(
    exercise: Annotated[
        list[str] | None, typer.Option("--exercise", "-e", help="Exercise id (repeat with --file for a whole session).")
    ] = None,
    sets: Annotated[int | None, typer.Option(help="Sets done.")] = None,
    reps_per_side: Annotated[int | None, typer.Option(help="Reps per side in each set.")] = None,
    reps: Annotated[int | None, typer.Option(help="Reps per set (both sides together).")] = None,
    hold_s: Annotated[float | None, typer.Option(help="Seconds held per set.")] = None,
    distance_m: Annotated[float | None, typer.Option(help="Metres carried per set.")] = None,
    duration_s: Annotated[float | None, typer.Option(help="Seconds per set.")] = None,
    clean: Annotated[bool | None, typer.Option("--clean/--not-clean", help="Was the lower back neutral the whole time?")] = None,
    pain_before: Annotated[
        int | None, typer.Option(help="Pain before the session, 0-10 (7 or 7/10).", parser=_pain_option, metavar="P")
    ] = None,
    pain_during: Annotated[
        int | None, typer.Option(help="Worst pain during the exercise, 0-10 (7 or 7/10).", parser=_pain_option, metavar="P")
    ] = None,
    pain_next_morning: Annotated[
        int | None,
        typer.Option(help="Pain the next morning, 0-10 (or add later with `corecoach morning`).", parser=_pain_option, metavar="P"),
    ] = None,
    effort: Annotated[int | None, typer.Option(help="Effort (RPE) 1-10.")] = None,
    on: Annotated[
        str | None, typer.Option("--date", help="Session date: YYYY-MM-DD, or day-month-year as 02-12-2026 (default today).")
    ] = None,
    red_flag: Annotated[
        list[str] | None, typer.Option("--red-flag", help="A red-flag symptom that is new (id from `screen --list-red-flags`).")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A whole session as YAML/JSON: {date, red_flags: {id: true/false}, entries: [...]}."),
    ] = None,
    video: Annotated[
        Path | None,
        typer.Option("--video", help="A video of the set: reps, hold and clean form come from its analysis (one --exercise)."),
    ] = None,
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Log a session (one exercise from options, a set from its --video, or a whole session from --file) and see what changes."""
    from corecoach.cli.parsing import check_exercise_id, parse_date
    from corecoach.services.coaching import check_can_log, local_today, log_session

    name = _who(profile)
    said = _speak(lang, name)
    if not as_json:
        _header(name, said)

    def action() -> None:
        profile, lang = name, said
        cat = load_catalogue()
        analysis: dict[str, Any] | None = None
        exercise_ids = list(exercise or [])
        # a future date is refused by log_session, which names the window that can be logged
        default_date: date = local_today() if on is None else parse_date(on, local_today(), "--date", lang, refuse_future=False)
        ids = [e.id for e in cat]
        for ex_id in exercise_ids:
            check_exercise_id(ex_id, ids, lang)
        if file is not None:
            if exercise_ids or video is not None:
                raise InvalidInputError("--file holds the whole session: give it without --exercise or --video.")
            parsed = parse_session(load_document(file), default_date=default_date, source=str(file))
            entries, flags_reported = parsed.entries, merge_red_flags(parsed.red_flags, red_flag or [])
        else:
            for ex_id in exercise_ids:
                cat[ex_id]  # an unknown id is named before anything else is asked
            given = {
                "sets": sets if sets is not None or video is None else 1,
                "reps_per_side": reps_per_side,
                "reps": reps,
                "hold_s": hold_s,
                "distance_m": distance_m,
                "duration_s": duration_s,
                "clean_form": clean,
                "pain_before": pain_before,
                "pain_during": pain_during,
                "pain_next_morning": pain_next_morning,
                "effort_rpe": effort,
            }
            required = [("--pain-before", pain_before), ("--pain-during", pain_during)]
            if video is None:
                required = [("--sets", sets), ("--clean/--not-clean", clean), *required]
            missing = [n for n, v in required if v is None]
            if missing and exercise_ids:
                raise InvalidInputError(f"To log {', '.join(exercise_ids)}, also give: {', '.join(missing)}.")
            if video is not None:
                check_can_log(_db(), profile, exercise_ids)  # before a minute of analysis, not after
                values, analysis = _values_from_video(video, exercise_ids, cat, given)
                given.update(values)
            raw_entries = [{"exercise_id": ex_id, **given} for ex_id in exercise_ids]
            entries = validate_entries(raw_entries, default_date)
            flags_reported = merge_red_flags(red_flag or [], [])
        for e in entries:
            check_exercise_id(e.exercise_id, ids, lang)
        outcome = log_session(_db(), profile, entries, cat, flags_reported)
        if analysis is not None and outcome.referral is None:
            _store_analysis(profile, analysis, cat, lang)
        if outcome.referral is not None:
            if as_json:
                _emit_json({"profile": profile, **_referral_json(outcome.referral, ConfirmChannel.FILE)})
            else:
                show_referral(out, outcome.referral, lang, ConfirmChannel.FILE)
            raise typer.Exit(RED_FLAG)
        covered = outcome.red_flags_covered  # "see a doctor" answers the clearance covers: stored, no stop
        if as_json:
            _emit_json(
                {
                    "profile": profile,
                    "session_id": outcome.session_id,
                    "decisions": [{"function": f.value, **d.model_dump(mode="json")} for f, d in outcome.decisions],
                    "session_advice": None if outcome.session_advice is None else outcome.session_advice.model_dump(mode="json"),
                    "red_flags_covered": None if covered is None else covered.to_json(),
                }
            )
        else:
            if covered is not None:
                out.print("\n".join(covered.lines(lang)), markup=False, highlight=False)
            show_decisions(out, outcome.decisions, cat, lang, outcome.session_advice)

    _guard(as_json, action, said)


@app.command()
def morning(
    pain: Annotated[int, typer.Option("--pain", help="Pain this morning, 0-10 (7 or 7/10).", parser=_pain_option, metavar="P")],
    profile: ProfileOpt = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Add next-morning pain to your last session; the progression rules then decide with it."""
    from corecoach.services.coaching import record_next_morning

    name = _who(profile)
    said = _speak(lang, name)
    if not as_json:
        _header(name, said)

    def action() -> None:
        profile, lang = name, said
        cat = load_catalogue()
        outcome = record_next_morning(_db(), profile, pain, cat)
        if as_json:
            _emit_json(
                {
                    "profile": profile,
                    "decisions": [{"function": f.value, **d.model_dump(mode="json")} for f, d in outcome.decisions],
                    "session_advice": None if outcome.session_advice is None else outcome.session_advice.model_dump(mode="json"),
                }
            )
        else:
            show_decisions(out, outcome.decisions, cat, lang, outcome.session_advice)

    _guard(as_json, action, said)


@app.command()
def progress(profile: ProfileOpt = None, as_json: JsonOpt = False, lang: LangOpt = None) -> None:
    """Where you stand on each ladder, pain per session, and every progression decision in date order."""
    from corecoach.services.coaching import progress_report

    name = _who(profile)
    said = _speak(lang, name)
    if not as_json:
        _header(name, said)

    def action() -> None:
        cat = load_catalogue()
        report = progress_report(_db(), name, cat)
        _emit_json(report) if as_json else show_progress(out, report, cat, said)

    _guard(as_json, action, said)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="json or csv (all your data); md, html or ics (your program).")] = "json",
    out_path: Annotated[Path | None, typer.Option("--out", help="File (or folder for csv) to write; default stdout.")] = None,
    profile: ProfileOpt = None,
    lang: LangOpt = None,
    weeks: Annotated[int, typer.Option(help="Weeks of sessions in the .ics calendar.", min=1, max=52)] = 4,
) -> None:
    """Export a profile's data (json/csv) or its program (md/html/ics)."""
    profile = _who(profile)
    lang = _speak(lang, profile)
    from corecoach.presentation.plan_export import render_html, render_ics, render_markdown
    from corecoach.services.coaching import current_program, current_safety_net
    from corecoach.services.data_rights import export_csv, export_profile

    def action() -> None:
        if fmt not in ("json", "csv", "md", "html", "ics"):
            raise InvalidInputError(f"--format: '{fmt}' is not one of json, csv, md, html, ics.")
        if out_path is not None and fmt != "csv":
            _writable_file(out_path, "--out")
        db = _db()
        if fmt == "json":
            text = json.dumps(export_profile(db, profile), ensure_ascii=False, indent=2)
            _write(out_path, text.encode())
        elif fmt == "csv":
            files = export_csv(db, profile)
            if out_path is None:
                sys.stdout.write(files["exercise_logs.csv"])
            else:
                _writable_folder(out_path, "--out")
                for name, csv_text in files.items():
                    _write_or_say(out_path / name, csv_text.encode("utf-8"))
                err.print(f"Wrote {', '.join(files)} to {out_path}")
        elif fmt in ("md", "html", "ics"):
            program = Program.model_validate(current_program(db, profile))
            net = current_safety_net(db, profile)
            cat = load_catalogue()
            body: bytes
            if fmt == "md":
                body = render_markdown(program, cat, lang, net).encode()
            elif fmt == "html":
                body = render_html(program, cat, lang, net).encode()
            else:
                body = render_ics(program, cat, lang, date.today(), weeks, owner=profile)
            _write(out_path, body)
        else:
            raise InvalidInputError(f"--format: '{fmt}' is not one of json, csv, md, html, ics.")

    _guard(False, action)


#: What a video sets in a logged set; giving one of these as an option too would be ambiguous.
VIDEO_FIELDS = ("reps_per_side", "reps", "hold_s", "clean_form")


def _store_analysis(profile: str, analysis: dict[str, Any], catalogue: Any, lang: Language) -> None:
    """Store a logged set's video analysis with the profile after the set itself, so its findings act on the program."""
    from corecoach.services.coaching import record_analysis

    outcome = record_analysis(_db(), profile, analysis, catalogue)
    for _rule, en, nl in outcome.adjustments:
        err.print(nl if lang is Language.NL else en, soft_wrap=True, highlight=False)


def _values_from_video(
    video: Path, exercise_ids: list[str], catalogue: Any, given: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Analyse the set's video with the exercise's analysis: the set's values and the analysis to store."""
    from corecoach.cli.analysis_output import parse_movement
    from corecoach.programs.movement_feedback import log_values_from_analysis
    from corecoach.services.analysis import analyse_media

    if len(exercise_ids) != 1:
        raise InvalidInputError("--video: give exactly one --exercise, the one the video shows.")
    exercise_id = exercise_ids[0]
    exercise = catalogue[exercise_id]
    try:
        movement = parse_movement(exercise_id)
    except InvalidInputError:
        raise InvalidInputError(f"--video: corecoach cannot analyse {exercise_id} from video yet; log its numbers instead.") from None
    both = [
        f"--{name.replace('_', '-')}" if name != "clean_form" else "--clean/--not-clean"
        for name in VIDEO_FIELDS
        if given.get(name) is not None
    ]
    if both:
        raise InvalidInputError(f"--video: {', '.join(both)} come(s) from the video; leave them out.")
    # the cheap checks first: a wrong pain score is named before minutes of analysis
    validate_entries([{"exercise_id": exercise_id, **given, "clean_form": True, exercise.criterion.measure: 0}], date.today())
    if not video.is_file():
        raise InvalidInputError(f"--video: {video} is not a file." if video.exists() else f"--video: file not found: {video}")
    err.print(f"Analysing {video.name} ...")
    result = analyse_media(video, movement).model_dump(mode="json")
    values = log_values_from_analysis(result)
    measure = exercise.criterion.measure
    if values.get(measure) is None:
        raise InvalidInputError(
            f"--video: the analysis found no {measure.replace('_', ' ')} of {exercise_id} in {video.name}; "
            f"log it with --{measure.replace('_', '-')} instead."
        )
    err.print(f"From the video: {_video_values_text(values)}.", soft_wrap=True, highlight=False)
    return values, result


def _video_values_text(values: dict[str, Any]) -> str:
    """What the analysis of a set's video logs, in words ("8 reps per side, form clean")."""
    words = {
        "reps_per_side": ("{} rep per side", "{} reps per side"),
        "reps": ("{} rep", "{} reps"),
        "hold_s": ("held {:.0f} s", "held {:.0f} s"),
        "distance_m": ("{:.0f} m", "{:.0f} m"),
        "duration_s": ("{:.0f} s", "{:.0f} s"),
    }
    parts = [
        (one if values[name] == 1 else many).format(values[name]) for name, (one, many) in words.items() if values.get(name) is not None
    ]
    if values.get("clean_form") is not None:
        parts.append("form clean" if values["clean_form"] else "form not clean (see the findings of the analysis)")
    return ", ".join(parts)


def _write(path: Path | None, body: bytes) -> None:
    if path is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
    else:
        _write_or_say(path, body)
        err.print(f"Wrote {path}")


def _write_or_say(path: Path, body: bytes) -> None:
    """Write a file; a disk or permission problem becomes a sentence (exit 2), not a traceback."""
    try:
        path.write_bytes(body)
    except OSError as exc:
        raise InvalidInputError(f"Could not write {path}: {exc.strerror or exc}.") from exc


def _writable_file(path: Path, option: str) -> None:
    """An output file's folder must exist and the name must not be a folder (checked before any work)."""
    if path.is_dir():
        raise InvalidInputError(f"{option}: {path} is a folder; give a file name (e.g. {path / 'corecoach-export'}).")
    parent = path.parent
    if not parent.exists():
        raise InvalidInputError(f"{option}: the folder {parent} does not exist; make it first or choose another.")
    if not parent.is_dir():
        raise InvalidInputError(f"{option}: {parent} is a file, not a folder.")
    if not os.access(parent, os.W_OK):
        raise InvalidInputError(f"{option}: the folder {parent} cannot be written to.")


def _writable_folder(path: Path, option: str) -> None:
    """An output folder: made if missing (with its parents), and probed with a test file so a read-only
    place is named before minutes of work rather than after."""
    if path.exists() and not path.is_dir():
        raise InvalidInputError(f"{option}: {path} is a file; give a folder (it is made if it does not exist).")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".corecoach-write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InvalidInputError(f"{option}: cannot write to the folder {path}: {exc.strerror or exc}.") from exc


@app.command()
def delete(
    profile: ProfileOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm without asking.")] = False,
) -> None:
    """Erase a profile and everything stored with it. This cannot be undone."""
    from corecoach.services.data_rights import delete_profile

    profile = _who(profile)

    def action() -> None:
        if not yes:
            if not sys.stdin.isatty():
                raise InvalidInputError(f"Deleting '{profile}' cannot be undone: add --yes to confirm.")
            typer.confirm(f"Erase all data of profile '{profile}'? This cannot be undone", abort=True)
        delete_profile(_db(), profile)
        if active_profile() == profile:
            set_active_profile(None)
        err.print(f"Profile '{profile}' and all its data were deleted.")

    _guard(False, action)


@app.command()
def analyze(
    file: Annotated[Path, typer.Argument(help="A video (mp4, mov, webm, avi, mkv) or photo (jpg, png).")],
    movement: Annotated[
        str,
        typer.Option(
            "--movement",
            "-m",
            help="squat, posture, plank, side_plank, dead_bug, bird_dog, pallof_press, suitcase_carry, kettlebell_crosswalk, auto, or a catalogue id.",
        ),
    ] = "auto",
    out_dir: Annotated[Path | None, typer.Option("--out", help="Folder for the annotated video, plots and HTML report.")] = None,
    stride: Annotated[int, typer.Option(help="Analyse every n-th frame (for slow movements).", min=1, max=10)] = 1,
    profile: Annotated[
        str | None,
        typer.Option(
            "--profile", "-p", help="Store the analysis with this profile; its program acts on the findings.", callback=_checked_profile
        ),
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = None,
) -> None:
    """Analyse a video or photo: reps, holds, angles and the faults that load the lower back."""
    from corecoach.cli.analysis_output import run_analyze

    lang = _speak(lang, profile)

    def action() -> None:
        if out_dir is not None:
            _writable_folder(out_dir, "--out")
        result = run_analyze(file, movement, out_dir, stride, as_json, lang, out, err, _emit_json)
        if profile is not None:
            from corecoach.services.coaching import record_analysis

            outcome = record_analysis(_db(), profile, result.model_dump(mode="json"), load_catalogue())
            err.print(f"Stored with profile '{profile}'.", soft_wrap=True)
            for _rule, en, nl in outcome.adjustments:
                err.print(nl if lang is Language.NL else en, soft_wrap=True, highlight=False)

    _guard(as_json, action)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 (the whole network) only with --coach.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    coach: Annotated[
        bool | None, typer.Option("--coach/--single", help="Coach mode (accounts, sign-in, invites) or single-person mode (default).")
    ] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the app in the default browser.")] = False,
    ssl_certfile: Annotated[Path | None, typer.Option(help="Serve HTTPS with this certificate (PEM).", exists=True, dir_okay=False)] = None,
    ssl_keyfile: Annotated[Path | None, typer.Option(help="The certificate's private key (PEM).", exists=True, dir_okay=False)] = None,
    workers: Annotated[
        int, typer.Option(help="Server processes (more serve more people at once on a multi-core machine).", min=1, max=16)
    ] = 1,
) -> None:
    """Start the web app at http://127.0.0.1:8000 (single-person mode: no login, data stays on this machine)."""
    from corecoach.cli.serve import serve as run_server

    _guard(
        False,
        lambda: run_server(
            host, port, coach_mode=coach, open_browser=open_browser, ssl_certfile=ssl_certfile, ssl_keyfile=ssl_keyfile, workers=workers
        ),
    )


accounts_app = typer.Typer(help="Coach mode's accounts: add a coach, list accounts.", no_args_is_help=True)
app.add_typer(accounts_app, name="accounts")


def _read_new_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        raise InvalidInputError("No terminal to ask for the password on: pass it on stdin with --password-stdin.")
    import getpass

    first = getpass.getpass("Password (at least 10 characters): ")
    if getpass.getpass("The same password again: ") != first:
        raise InvalidInputError("The two passwords are not the same; nothing was made.")
    return first


@accounts_app.command("add-coach")
def add_coach(
    email: Annotated[str, typer.Option(help="The coach's email address (used to sign in).")],
    name: Annotated[str, typer.Option(help="The name clients see.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin instead of asking.")] = False,
    lang: LangOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Make a coach account for coach mode (`corecoach serve --coach`)."""
    from corecoach.services.accounts import create_coach

    def action() -> None:
        info = create_coach(_db(), email, name, _read_new_password(password_stdin), (lang or Language.EN).value)
        if as_json:
            _emit_json({"id": info.id, "email": info.email, "display_name": info.display_name, "role": info.role.value})
        else:
            out.print(f"Coach account made for {info.email}. Start coach mode with: corecoach serve --coach", soft_wrap=True)

    _guard(as_json, action)


@accounts_app.command("set-password")
def set_password_command(
    email: Annotated[str, typer.Option(help="The account's email address.")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin instead of asking.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Give an account a new password (e.g. a client forgot theirs); its browsers are signed out."""
    from corecoach.services.accounts import set_password

    def action() -> None:
        info = set_password(_db(), email, _read_new_password(password_stdin))
        if as_json:
            _emit_json({"email": info.email, "password_changed": True})
        else:
            out.print(f"New password set for {info.email}; every browser signed in with it was signed out.", soft_wrap=True)

    _guard(as_json, action)


@accounts_app.command("delete")
def delete_account_command(
    email: Annotated[str, typer.Option(help="The account's email address.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Erase an account; a client's coaching data goes with it (a coach's clients keep theirs)."""
    from corecoach.services.accounts import delete_account

    def action() -> None:
        if not yes:
            raise InvalidInputError(f"Add --yes to erase the account {email} (a client's data goes with it; this cannot be undone).")
        info = delete_account(_db(), email)
        if as_json:
            _emit_json({"deleted": info.email, "role": info.role.value})
        else:
            out.print(f"Erased the {info.role.value} account {info.email}.", soft_wrap=True, highlight=False)

    _guard(as_json, action)


@accounts_app.command("list")
def list_accounts_command(as_json: JsonOpt = False) -> None:
    """List the accounts (coaches and their clients) in this database."""
    from corecoach.services.accounts import list_accounts

    def action() -> None:
        rows = list_accounts(_db())
        if as_json:
            _emit_json(
                [
                    {
                        "id": a.id,
                        "email": a.email,
                        "display_name": a.display_name,
                        "role": a.role.value,
                        "coach_id": a.coach_id,
                        "profile": a.profile_name,
                    }
                    for a in rows
                ]
            )
        else:
            for a in rows:
                coach = f", coach #{a.coach_id}" if a.coach_id else ""
                out.print(f"#{a.id} {a.role.value}: {a.display_name} <{a.email}>{coach}", soft_wrap=True, highlight=False)

    _guard(as_json, action)


profiles_app = typer.Typer(help="The profiles in this database; `corecoach profiles use NAME` makes one the active one.")
app.add_typer(profiles_app, name="profiles")


@profiles_app.callback(invoke_without_command=True)
def profiles(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """List the profiles in this database; the active one (used when no --profile is given) is marked with *."""
    from corecoach.storage.repositories import list_profiles

    if ctx.invoked_subcommand is not None:
        return
    current = _who(os.environ.get("CORECOACH_PROFILE"))

    def action() -> None:
        with _db().transaction() as s:
            names = [(p.name, p.language, p.level, p.stopped_red_flag) for p in list_profiles(s)]
        if as_json:
            _emit_json(
                [{"name": n, "language": la, "level": lv, "stopped_red_flag": st, "active": n == current} for n, la, lv, st in names]
            )
        elif not names:
            out.print("No profiles yet: run `corecoach` for the guided coach.", markup=False, highlight=False)
        else:
            for n, la, lv, st in names:
                mark = "*" if n == current else " "
                active = " (active)" if n == current else ""
                out.print(f"{mark} {n} ({la}, {lv}){active}{' [red]stopped: red flag[/red]' if st else ''}", highlight=False)

    _guard(as_json, action)


@profiles_app.command("use")
def profiles_use(name: Annotated[str, typer.Argument(help="The profile every later command uses.")]) -> None:
    """Make NAME the active profile: later commands use it without --profile."""
    from corecoach.errors import ProfileNotFoundError
    from corecoach.storage.repositories import list_profiles

    def action() -> None:
        checked = _checked_profile(name) or name
        with _db().transaction() as s:
            known = [p.name for p in list_profiles(s)]
        if checked not in known:
            from corecoach.cli.parsing import closest_ids

            near = closest_ids(checked, known)
            hint = f" Did you mean {' or '.join(near)}?" if near else ""
            listed = f" The profiles are: {', '.join(known)}." if known else " There are no profiles yet: run `corecoach`."
            raise ProfileNotFoundError(f"There is no profile called '{checked}'.{hint}{listed}")
        set_active_profile(checked)
        lang = _speak(None, checked)
        err.print(
            f"'{checked}' is nu het actieve profiel."
            if lang is Language.NL
            else f"'{checked}' is now the active profile; later commands use it.",
            markup=False,
            highlight=False,
        )

    _guard(False, action)


def _log_internal_error(exc: BaseException) -> Path | None:
    """Append the trace to the error log; returns its path, or None when even that cannot be written."""
    path = error_log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and path.stat().st_size > ERROR_LOG_MAX_BYTES:
            path.replace(path.with_suffix(".log.1"))  # keep one older file; the log never grows without bound
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now().astimezone().isoformat(timespec='seconds')} corecoach {__version__}\n")
            fh.write(f"command: corecoach {' '.join(sys.argv[1:])}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError:
        return None
    return path


#: The error log is rotated past this size (one older file is kept).
ERROR_LOG_MAX_BYTES = 1_000_000


def _internal_error(exc: BaseException, as_json: bool) -> NoReturn:
    """An unexpected exception: the trace goes to the log file, the person gets one sentence with its path."""
    path = _log_internal_error(exc)
    where = f"the details are in {path}" if path is not None else "the details could not be written to a log file"
    message = f"corecoach hit an internal error ({type(exc).__name__}); {where}. Please report it with that file."
    if as_json:
        _emit_json({"error": {"type": "InternalError", "message": message, "problems": [], "log_file": str(path) if path else None}})
    sys.stderr.write(f"Error: {message}\n")
    sys.stderr.flush()
    sys.exit(INTERNAL_ERROR)


def main() -> None:
    """The console script: every failure ends with a documented exit code (``cli/exit_codes.py``) and one message.

    With ``--json``, even a bad option answers with the JSON error document. An exception that is
    not ours is a bug: its trace goes to the error log, never onto the screen.
    """
    as_json = "--json" in sys.argv[1:]
    try:
        if not as_json:
            app()
            return
        try:
            code = app(standalone_mode=False)
        except typer.Abort:
            sys.exit(FAILURE)
        except Exception as exc:  # Typer ships its own Click: its usage errors carry exit_code 2 and format_message()
            message = getattr(exc, "format_message", None)
            if getattr(exc, "exit_code", None) != INVALID_INPUT or not callable(message):
                raise
            _emit_json({"error": {"type": "InvalidInputError", "message": message(), "problems": []}})
            sys.stderr.write(f"Error: {message()}\n")
            sys.exit(INVALID_INPUT)
        sys.exit(code if isinstance(code, int) else 0)
    except (SystemExit, KeyboardInterrupt):
        raise
    except CoachError as exc:  # one of ours that escaped a command's guard
        _fail_plain(exc, as_json)
    except Exception as exc:
        _internal_error(exc, as_json)


def _fail_plain(error: CoachError, as_json: bool) -> NoReturn:
    try:
        _fail(error, as_json)
    except typer.Exit as done:
        sys.exit(done.exit_code)
