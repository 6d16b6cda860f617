"""A program as printable Markdown/HTML and as an .ics calendar of the coming weeks' sessions."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event
from jinja2 import Environment, PackageLoader, select_autoescape

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.presentation.demo_markup import DemoMarkup
from corecoach.programs.generator import Program, dosage_text
from corecoach.screening.triage import SafetyNet

DAY_NAMES = {
    Language.EN: {
        "mon": "Monday",
        "tue": "Tuesday",
        "wed": "Wednesday",
        "thu": "Thursday",
        "fri": "Friday",
        "sat": "Saturday",
        "sun": "Sunday",
    },
    Language.NL: {
        "mon": "maandag",
        "tue": "dinsdag",
        "wed": "woensdag",
        "thu": "donderdag",
        "fri": "vrijdag",
        "sat": "zaterdag",
        "sun": "zondag",
    },
}
LABELS = {
    Language.EN: {
        "title": "Your corecoach program",
        "phases": "Phases",
        "locked": "locked",
        "open": "open",
        "week": "This week",
        "minutes": "about {m} min",
        "why": "Why",
        "needs": "What the assessment found",
        "notes": "Notes",
        "cues": "Cues",
        "how": "How it looks",
        "now": "now",
        "use": "Use",
        "for_now": "for now: {name}, see the notes",
    },
    Language.NL: {
        "title": "Je corecoach-programma",
        "phases": "Fases",
        "locked": "nog dicht",
        "open": "open",
        "week": "Deze week",
        "minutes": "ongeveer {m} min",
        "why": "Waarom",
        "needs": "Wat de test liet zien",
        "notes": "Opmerkingen",
        "cues": "Aandachtspunten",
        "how": "Zo ziet het eruit",
        "now": "nu",
        "use": "Gebruik",
        "for_now": "voorlopig: {name}, zie de opmerkingen",
    },
}


def _environment() -> Environment:
    return Environment(loader=PackageLoader("corecoach.presentation", "templates"), autoescape=select_autoescape(["html", "html.j2"]))


def _context(program: Program, catalogue: Catalogue, lang: Language, safety_net: SafetyNet | None = None) -> dict[str, object]:
    return {
        "net": safety_net,
        "p": program,
        "lang": lang,
        "L": LABELS[lang],
        "days": DAY_NAMES[lang],
        "cat": catalogue,
        "dose": lambda d: dosage_text(d, lang),
        "demos": DemoMarkup(catalogue, lang),
    }


def render_markdown(program: Program, catalogue: Catalogue, lang: Language, safety_net: SafetyNet | None = None) -> str:
    """The program as Markdown; with ``safety_net`` (a program made after a clearance) the warning signs come first."""
    return _environment().get_template("program.md.j2").render(**_context(program, catalogue, lang, safety_net))


def render_html(program: Program, catalogue: Catalogue, lang: Language, safety_net: SafetyNet | None = None) -> str:
    """The program as a page to print; with ``safety_net`` the warning signs come first."""
    return _environment().get_template("program.html.j2").render(**_context(program, catalogue, lang, safety_net))


def render_ics(program: Program, catalogue: Catalogue, lang: Language, start: date, weeks: int = 4, owner: str = "") -> bytes:
    """One event per planned session in the ``weeks`` weeks from ``start`` on, at 18:00 local (floating) time.

    Event UIDs include a hash of ``owner`` (the profile), so two people's calendars imported into
    one calendar app do not overwrite each other; the name itself is not put in the file.
    """
    tag = hashlib.sha256(owner.encode()).hexdigest()[:12]
    cal = Calendar()
    cal.add("prodid", "-//corecoach//program//EN")
    cal.add("version", "2.0")
    by_day = {d.day.day_number: d for d in program.week}
    for offset in range(weeks * 7):
        on = start + timedelta(days=offset)
        day = by_day.get(on.weekday())
        if day is None:
            continue
        ev = Event()
        ev.add("uid", f"{on.isoformat()}-{day.day.value}-{tag}@corecoach.local")
        ev.add("summary", "corecoach: " + ("training" if lang is Language.NL else "session"))
        begin = datetime.combine(on, datetime.min.time()).replace(hour=18)
        ev.add("dtstart", begin)
        ev.add("dtend", begin + timedelta(minutes=max(10, round(day.estimated_minutes))))
        ev.add("dtstamp", datetime(2000, 1, 1))
        ev.add(
            "description",
            "\n".join(
                f"- {i.name(lang)}: {dosage_text(i.dosage, lang)}" + (f" ({i.use(lang)})" if i.use is not None else "") for i in day.items
            ),
        )
        cal.add_component(ev)
    return bytes(cal.to_ical())
