"""Red flags (clinical.md, section 1) as data, and the referral they lead to.

Any red flag stops everything: no program is made. The referral tells the person what to do
and how urgently, in their language. This is safety-netting, not a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from corecoach.domain.enums import Language, Urgency
from corecoach.domain.text import Text
from corecoach.errors import CatalogueError


class RedFlag(BaseModel):
    """One symptom-level red flag with a stable id (used as a key in intake files)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    category: str  # cauda_equina, cancer, infection, fracture, neurological, inflammatory, other
    urgency: Urgency
    question: Text
    source: str


class Referral(BaseModel):
    """What to tell a person who reported one or more red flags."""

    model_config = ConfigDict(frozen=True)

    urgency: Urgency
    red_flag_ids: tuple[str, ...]
    headline: Text
    action: Text

    def render(self, lang: Language, flags: Mapping[str, RedFlag]) -> str:
        lines = [self.headline(lang), "", self.action(lang), ""]
        lines.append("You reported:" if lang is Language.EN else "U gaf aan:")
        lines += [f"  - {flags[i].question(lang)}" for i in self.red_flag_ids]
        lines += ["", _NOT_A_DIAGNOSIS(lang)]
        return "\n".join(lines)


_NOT_A_DIAGNOSIS = Text(
    en="corecoach is a coaching tool, not a medical device: this is not a diagnosis. No program has been made.",
    nl="corecoach is een coachingshulpmiddel, geen medisch hulpmiddel: dit is geen diagnose. Er is geen programma gemaakt.",
)

_HEADLINES: dict[Urgency, Text] = {
    Urgency.EMERGENCY: Text(
        en="STOP. These symptoms can mean pressure on the nerves at the base of the spine (cauda equina). This is an emergency.",
        nl="STOP. Deze klachten kunnen wijzen op druk op de zenuwen onderin de wervelkolom (cauda equina). Dit is een noodgeval.",
    ),
    Urgency.URGENT: Text(
        en="STOP. These symptoms need a doctor's assessment soon, before any exercise program.",
        nl="STOP. Deze klachten moeten snel door een arts beoordeeld worden, vóór u met een oefenprogramma begint.",
    ),
    Urgency.SEE_DOCTOR_BEFORE_STARTING: Text(
        en="Please see your doctor before you start: these answers need a medical check first.",
        nl="Ga eerst naar uw huisarts voordat u begint: deze antwoorden vragen eerst om een medische controle.",
    ),
}

_ACTIONS: dict[Urgency, Text] = {
    Urgency.EMERGENCY: Text(
        en="Go to the emergency department (A&E / ER) now, or call your emergency number (112 in the EU, 999 in the UK, 911 in the US). Do not wait and do not exercise.",
        nl="Ga nu naar de spoedeisende hulp (SEH) of bel 112. Neem buiten kantooruren contact op met de huisartsenpost. Wacht niet en ga niet oefenen.",
    ),
    Urgency.URGENT: Text(
        en="Contact your doctor (GP) today or tomorrow and tell them about these symptoms. Do not start the exercises until a doctor has seen you.",
        nl="Neem vandaag of morgen contact op met uw huisarts en vertel over deze klachten. Begin niet met de oefeningen voordat een arts u heeft gezien.",
    ),
    Urgency.SEE_DOCTOR_BEFORE_STARTING: Text(
        en="Make an appointment with your doctor (GP) and ask whether this exercise program is safe for you. Start only when they agree.",
        nl="Maak een afspraak met uw huisarts en vraag of dit oefenprogramma veilig voor u is. Begin pas als de arts daarmee instemt.",
    ),
}


@lru_cache(maxsize=1)
def load_red_flags() -> dict[str, RedFlag]:
    """All red flags by id, in the order of the data file."""
    path = resources.files("corecoach.screening").joinpath("data", "red_flags.yaml")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        flags = TypeAdapter(list[RedFlag]).validate_python(raw)
    except (yaml.YAMLError, ValidationError, FileNotFoundError) as exc:
        raise CatalogueError(f"The red-flag data file is broken: {exc}") from exc
    by_id = {f.id: f for f in flags}
    if len(by_id) != len(flags):
        raise CatalogueError("The red-flag data file has duplicate ids")
    return by_id


def make_referral(red_flag_ids: Iterable[str], flags: Mapping[str, RedFlag] | None = None) -> Referral | None:
    """The referral for the reported red flags at the most urgent level among them; None when none."""
    flags = flags if flags is not None else load_red_flags()
    ids = tuple(i for i in flags if i in set(red_flag_ids))
    if not ids:
        return None
    urgency = min((flags[i].urgency for i in ids), key=lambda u: u.rank)
    return Referral(urgency=urgency, red_flag_ids=ids, headline=_HEADLINES[urgency], action=_ACTIONS[urgency])
