"""Rich rendering of programs, referrals, decisions and progress for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.presentation.plan_export import DAY_NAMES, LABELS
from corecoach.programs.generator import Program, dosage_text
from corecoach.programs.progression import Decision, SessionAdvice
from corecoach.screening.red_flags import ConfirmChannel, Referral, load_red_flags
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
                f"{item.name(lang)}\n[dim]{item.exercise_id}[/dim]",
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
    """Each decision with its rule; a session-wide message (``session_advice``) once, above them, never per decision."""
    if session_advice is not None:
        console.print(Panel(session_advice.message(lang), style="bold red" if session_advice.see_clinician else "yellow"))
    if not decisions:
        console.print("Logged." if lang is Language.EN else "Opgeslagen.")
        return
    for function, d in decisions:
        colour = {"progress": "green", "regress": "yellow", "hold": "cyan", "stop": "red"}[d.action.value]
        console.print(
            f"[{colour}]{d.action.value.upper()}[/{colour}] {function.value}: {catalogue[d.from_exercise].name(lang)}"
            f" -> {catalogue[d.to_exercise].name(lang)}  [dim]({d.rule})[/dim]"
        )
        console.print(f"    {d.explanation(lang)}")


def show_progress(console: Console, report: dict[str, Any], catalogue: Catalogue, lang: Language) -> None:
    t = Table(title=f"{report['profile']}: {report['sessions_logged']} " + ("sessions" if lang is Language.EN else "trainingen"))
    t.add_column("function")
    t.add_column("rung")
    t.add_column("exercise")
    t.add_column("")
    for ph in report["phases"]:
        t.add_row(
            ph["function"],
            f"{ph['rung'] + 1}/{len(ph['ladder'])}",
            catalogue[ph["exercise_id"]].name(lang),
            "open" if ph["unlocked"] else "locked",
        )
    console.print(t)
    for d in report["decisions"]:
        console.print(f"{d['date']} {d['action']:<8} {d['function']:<22} {d['rule']}: {d['explanation'][lang.value]}")
