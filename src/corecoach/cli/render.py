"""Rich rendering of programs, referrals, decisions and progress for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from corecoach.catalogue import Catalogue
from corecoach.catalogue.schema import Exercise
from corecoach.domain.enums import CoreFunction, Language
from corecoach.presentation.plan_export import DAY_NAMES, LABELS
from corecoach.presentation.words import (
    ACTION_NAMES,
    FUNCTION_NAMES,
    GLOSSARY,
    GLOSSARY_LEAD,
    GLOSSARY_TITLE,
    LEVEL_NAMES,
    URGENCY_NAMES,
    say,
)
from corecoach.programs.generator import Program, dosage_text
from corecoach.programs.progression import Decision, SessionAdvice
from corecoach.screening.red_flags import ConfirmChannel, RedFlag, Referral, load_red_flags
from corecoach.screening.triage import SafetyNet


def show_safety_net(console: Console, safety_net: SafetyNet, lang: Language) -> None:
    """The red-flag advice again, for a program made after a doctor's or physio's clearance."""
    title, *rest = safety_net.lines(lang, load_red_flags())
    console.print(Panel(Text("\n".join(rest)), title=title, title_align="left", style="bold yellow"))


def show_program(console: Console, program: Program, catalogue: Catalogue, lang: Language, safety_net: SafetyNet | None = None) -> None:
    L = LABELS[lang]
    console.print(Panel(program.disclaimer(lang), style="yellow"))
    if safety_net is not None:
        show_safety_net(console, safety_net, lang)
    t = Table(title=L["phases"], show_lines=False)
    t.add_column("")
    t.add_column("")
    t.add_column("")
    for ph in program.phases:
        status = f"[green]{L['open']}[/green]" if ph.unlocked else f"[dim]{L['locked']}[/dim]"
        detail = ph.next_step(lang) if ph.unlocked else ph.unlock_criterion(lang)
        t.add_row(ph.title(lang), status, f"{catalogue[ph.exercise_id].name(lang)}\n[dim]{detail}[/dim]")
    console.print(t)
    console.print(f"[bold]{L['needs']}[/bold]")
    for r in program.reasons:
        console.print(f"  • {r.reason(lang)}")
    for day in program.week:
        w = Table(
            title=f"{DAY_NAMES[lang][day.day.value].capitalize()} ({L['minutes'].format(m=round(day.estimated_minutes))})",
            title_justify="left",
        )
        w.add_column("#", justify="right")
        w.add_column("exercise" if lang is Language.EN else "oefening")
        w.add_column("dose" if lang is Language.EN else "dosering")
        w.add_column(L["why"])
        for n, item in enumerate(day.items, 1):
            w.add_row(
                str(n),
                item.name(lang),
                dosage_text(item.dosage, lang) + (f"\n{item.use(lang)}" if item.use else ""),
                item.why(lang),
            )
        console.print(w)
    console.print(f"[bold]{L['notes']}[/bold]")
    for note in program.notes:
        console.print(f"  • {note(lang)}")


def show_referral(console: Console, referral: Referral, lang: Language, channel: ConfirmChannel | None = None) -> None:
    """The referral; ``channel`` adds, for a "see a doctor" referral, how to come back with the agreement there."""
    console.print(Panel(Text(referral.render(lang, load_red_flags(), channel)), title="corecoach", style="bold red"))


def show_decisions(
    console: Console,
    decisions: list[tuple[Any, Decision]],
    catalogue: Catalogue,
    lang: Language,
    session_advice: SessionAdvice | None = None,
) -> None:
    """Each decision as a plain sentence and why (the rule's id is in ``--json``); a session-wide message
    (``session_advice``) once, above them, never per decision."""
    if session_advice is not None:
        console.print(Panel(session_advice.message(lang), style="bold red" if session_advice.see_clinician else "yellow"))
    if not decisions:
        console.print("Logged." if lang is Language.EN else "Opgeslagen.")
        return
    for function, d in decisions:
        colour = {"progress": "green", "regress": "yellow", "hold": "cyan", "stop": "red"}[d.action.value]
        moved = "" if d.to_exercise == d.from_exercise else f" → {catalogue[d.to_exercise].name(lang)}"
        console.print(
            f"[bold {colour}]{say(ACTION_NAMES[d.action.value], lang)}[/bold {colour}] · "
            f"{say(FUNCTION_NAMES[CoreFunction(function)], lang)}: {catalogue[d.from_exercise].name(lang)}{moved}",
            highlight=False,
        )
        console.print(f"    {d.explanation(lang)}", highlight=False)


def show_progress(console: Console, report: dict[str, Any], catalogue: Catalogue, lang: Language) -> None:
    """Where the person stands on each ladder, then every decision in plain words (rule ids: ``--json``)."""
    nl = lang is Language.NL
    L = LABELS[lang]
    count = report["sessions_logged"]
    noun = ("training" if count == 1 else "trainingen") if nl else ("session" if count == 1 else "sessions")
    t = Table(title=f"{report['profile']}: {count} {noun}")
    for column in ("wat je traint", "stap", "oefening", "") if nl else ("what it trains", "step", "exercise", ""):
        t.add_column(column)
    for ph in report["phases"]:
        t.add_row(
            say(FUNCTION_NAMES[CoreFunction(ph["function"])], lang),
            f"{ph['rung'] + 1}/{len(ph['ladder'])}",
            catalogue[ph["exercise_id"]].name(lang),
            L["open"] if ph["unlocked"] else L["locked"],
        )
    console.print(t)
    sessions = report.get("sessions") or []
    if sessions:
        p = Table(title="Pijn per training (0-10)" if nl else "Pain per session (0-10)", title_justify="left")
        for column in (
            ("datum", "voor", "tijdens", "ochtend erna", "techniek") if nl else ("date", "before", "during", "next morning", "form")
        ):
            p.add_column(column, justify="left" if column in ("datum", "date", "techniek", "form") else "right")
        for row in sorted(sessions, key=lambda r: str(r["date"])):
            p.add_row(
                str(row["date"]),
                *("-" if row.get(k) is None else str(row[k]) for k in ("pain_before", "pain_during", "pain_next_morning")),
                ("schoon" if nl else "clean") if row.get("clean_form") else ("niet schoon" if nl else "not clean"),
            )
        console.print(p)
    decisions = sorted(report["decisions"], key=lambda d: str(d["date"]))  # stable: same-day decisions keep their order
    if decisions:
        console.print(f"[bold]{'Beslissingen' if nl else 'Decisions'}[/bold]", highlight=False)
    for d in decisions:
        console.print(
            f"{d['date']} [bold]{say(ACTION_NAMES[d['action']], lang)}[/bold] · "
            f"{say(FUNCTION_NAMES[CoreFunction(d['function'])], lang)}: {d['explanation'][lang.value]}",
            highlight=False,
        )


def _listed(names: list[str]) -> str:
    """``A, b, c``: names after the first in lower case, as in a sentence."""
    return ", ".join(name if n == 0 else name[:1].lower() + name[1:] for n, name in enumerate(names))


def show_exercises(console: Console, exercises: list[Exercise], catalogue: Catalogue, lang: Language) -> None:
    """The catalogue as a list, each exercise with the exact id ``log -e`` needs on its own line, never cut
    at any terminal width (an id has no spaces, so it is never wrapped either); the rest wraps below it."""
    from corecoach.programs.generator import dosage_text

    nl = lang is Language.NL
    console.print(f"[bold]corecoach: {'oefeningen' if nl else 'exercises'}[/bold]", highlight=False)
    labels = ("traint", "niveau", "dosering", "daarna") if nl else ("trains", "level", "dose", "then")
    for e in exercises:
        console.print()
        console.print(Text(e.name(lang), style="bold"), highlight=False)
        log_line = Text(f"  {'loggen met' if nl else 'log it with'}: ")
        log_line.append(f"--exercise {e.id}", style="cyan")
        console.print(log_line, highlight=False, no_wrap=True, overflow="ignore", crop=False)
        values = (
            _listed([say(FUNCTION_NAMES[f], lang) for f in e.functions]),
            say(LEVEL_NAMES[e.level], lang),
            dosage_text(e.dosage, lang),
            catalogue[e.progression].name(lang) if e.progression else "",
        )
        detail = " · ".join(f"{label}: {value}" for label, value in zip(labels, values, strict=True) if value)
        console.print(Padding(Text(detail, style="dim"), (0, 0, 0, 2), expand=False), highlight=False)
    console.print()
    console.print(("Termen uitgelegd: corecoach glossary --lang nl" if nl else "Terms explained: corecoach glossary"), highlight=False)


def show_red_flags(console: Console, flags: list[RedFlag], lang: Language) -> None:
    """Every red-flag question under its urgency, with the key that answers it in an intake file."""
    nl = lang is Language.NL
    shown: str | None = None
    for f in flags:
        if f.urgency.value != shown:
            shown = str(f.urgency.value)
            console.print(f"\n[bold]{say(URGENCY_NAMES[shown], lang)}[/bold]", highlight=False)
        console.print(f"  • {f.question(lang)}", highlight=False)
        where = "in je intakebestand" if nl else "in your intake file"
        new = "nieuw sinds de vorige training" if nl else "new since the last session"
        console.print(f"    [dim]{where}: red_flags.{f.id}; {new}: --red-flag {f.id}[/dim]", highlight=False)


def show_glossary(console: Console, lang: Language) -> None:
    """The coach's terms, explained in plain words."""
    console.print(f"[bold]{say(GLOSSARY_TITLE, lang)}[/bold]", highlight=False)
    console.print(say(GLOSSARY_LEAD, lang), highlight=False)
    for term, meaning in GLOSSARY:
        console.print(f"\n[bold]{say(term, lang)}[/bold]\n  {say(meaning, lang)}", highlight=False)
