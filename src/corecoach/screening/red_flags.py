"""Red flags (clinical.md, section 1) as data, and the referral they lead to.

Three tiers (``urgency``; the data file says for each question why it sits in its tier):

* ``emergency`` and ``urgent``: stop, refer, make no program. Nothing clears them but answering
  the question "no" again once a doctor has dealt with it.
* ``see_doctor_before_starting``: refer; the person may continue once they confirm that a doctor
  or physio has seen them for it and agrees (see :mod:`corecoach.screening.triage`).

The referral tells the person what to do and how urgently, in their language. The two
instructions for acute danger (:data:`EMERGENCY_ACTION`, :data:`URGENT_ACTION`) are written once
here and reused wherever corecoach gives them. This is safety-netting, not a diagnosis.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
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
    #: Why the question sits in its tier, with the section of clinical.md that says so.
    why_tier: str

    @property
    def clearable(self) -> bool:
        """Can a doctor's or physio's agreement let the person start despite a "yes"?"""
        return self.urgency is Urgency.SEE_DOCTOR_BEFORE_STARTING


#: The one emergency instruction (cauda equina signs), per language: call the emergency number.
EMERGENCY_ACTION = Text(
    en="Call 112 now (the emergency number; in the UK 999, in the US and Canada 911).",
    nl="Bel nu 112.",
)
#: The one "today" instruction (urgent signs), per language: the GP today, out of hours their service.
URGENT_ACTION = Text(
    en="Contact your GP (family doctor) today; outside office hours, the out-of-hours GP service.",
    nl="Neem vandaag contact op met je huisarts; buiten kantooruren met de huisartsenpost.",
)


class ConfirmChannel(StrEnum):
    """Where a person comes back to confirm a doctor's or physio's agreement."""

    FORM = "form"
    FILE = "file"
    GUIDED = "guided"
    API = "api"


#: The confirmation as the web form and the guided coach ask it (one wording everywhere).
CLEARANCE_CONFIRMATION = Text(
    en="A doctor or physio has seen me for this and agrees I can start.",
    nl="Een arts of fysiotherapeut heeft me hiervoor gezien en vindt dat ik kan beginnen.",
)

#: How to come back with the agreement, per place the person answers.
CONFIRM_HOW: dict[ConfirmChannel, Text] = {
    ConfirmChannel.FORM: Text(
        en=f'How: fill in the safety check again and tick "{CLEARANCE_CONFIRMATION.en}", with the date they saw you.',
        nl=f'Zo doe je dat: vul de veiligheidscheck opnieuw in en vink "{CLEARANCE_CONFIRMATION.nl}" aan, met de datum '
        "waarop je gezien bent.",
    ),
    ConfirmChannel.FILE: Text(
        en="How: add this to your intake file and run `corecoach plan --intake FILE` again:\n"
        "  clearance:\n    seen_by: doctor       # or physio\n    seen_on: YYYY-MM-DD   # the date they saw you",
        nl="Zo doe je dat: zet dit in je intakebestand en draai `corecoach plan --intake BESTAND` opnieuw:\n"
        "  clearance:\n    seen_by: doctor       # of physio\n    seen_on: JJJJ-MM-DD   # de datum waarop je gezien bent",
    ),
    ConfirmChannel.GUIDED: Text(
        en="How: run `corecoach` again and answer yes when it asks whether a doctor or physio has seen you for this.",
        nl="Zo doe je dat: start `corecoach` opnieuw en antwoord ja als het vraagt of een arts of fysiotherapeut je hiervoor heeft gezien.",
    ),
    ConfirmChannel.API: Text(
        en='How: send the intake again to POST /api/plan with "clearance": {"seen_by": "doctor" or "physio", '
        '"seen_on": "YYYY-MM-DD"} (the date they saw you).',
        nl='Zo doe je dat: stuur de intake opnieuw naar POST /api/plan met "clearance": {"seen_by": "doctor" of "physio", '
        '"seen_on": "JJJJ-MM-DD"} (de datum waarop je gezien bent).',
    ),
}


class Referral(BaseModel):
    """What to tell a person who reported one or more red flags."""

    model_config = ConfigDict(frozen=True)

    urgency: Urgency
    red_flag_ids: tuple[str, ...]
    headline: Text
    action: Text

    @property
    def clearable(self) -> bool:
        """Only "see a doctor before starting" answers: a doctor's or physio's agreement lets the person start."""
        return self.urgency is Urgency.SEE_DOCTOR_BEFORE_STARTING

    def how_to_confirm(self, channel: ConfirmChannel) -> Text | None:
        """How to come back with the agreement, for a referral that can be cleared; None otherwise."""
        return CONFIRM_HOW[channel] if self.clearable else None

    def render(self, lang: Language, flags: Mapping[str, RedFlag], channel: ConfirmChannel | None = None) -> str:
        lines = [self.headline(lang), "", self.action(lang), ""]
        lines.append("You reported:" if lang is Language.EN else "Je gaf aan:")
        lines += [f"  - {flags[i].question(lang)}" for i in self.red_flag_ids]
        how = self.how_to_confirm(channel) if channel is not None else None
        if how is not None:
            lines += ["", how(lang)]
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
        en="STOP. These symptoms need a doctor's assessment today, before any exercise program.",
        nl="STOP. Deze klachten moeten vandaag door een arts beoordeeld worden, vóór je met een oefenprogramma begint.",
    ),
    Urgency.SEE_DOCTOR_BEFORE_STARTING: Text(
        en="Please see your doctor or a physiotherapist before you start: these answers need a check first.",
        nl="Laat je eerst nakijken door je huisarts of een fysiotherapeut voordat je begint: deze antwoorden vragen eerst om een controle.",
    ),
}

_ACTIONS: dict[Urgency, Text] = {
    Urgency.EMERGENCY: Text(
        en=f"{EMERGENCY_ACTION.en} Do not wait and do not exercise.",
        nl=f"{EMERGENCY_ACTION.nl} Wacht niet en ga niet oefenen.",
    ),
    Urgency.URGENT: Text(
        en=f"{URGENT_ACTION.en} Tell them about these symptoms, and do not start the exercises until a doctor has seen you.",
        nl=f"{URGENT_ACTION.nl} Vertel over deze klachten en begin niet met de oefeningen voordat een arts je heeft gezien.",
    ),
    Urgency.SEE_DOCTOR_BEFORE_STARTING: Text(
        en="Make an appointment with your GP or a physiotherapist and ask whether this exercise program is safe for you. "
        "Once they have seen you for this and agree you can start, come back and confirm it with the date they saw you: "
        "you then get your program, with these warning signs to keep an eye on.",
        nl="Maak een afspraak met je huisarts of een fysiotherapeut en vraag of dit oefenprogramma veilig voor je is. "
        "Hebben ze je hiervoor gezien en vinden ze dat je kunt beginnen? Kom dan terug en bevestig dat, met de datum "
        "waarop je gezien bent: je krijgt dan je programma, met deze waarschuwingssignalen om op te letten.",
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
