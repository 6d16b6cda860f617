"""The plain words every front end (web pages, terminal, printouts) uses for the coach's ideas.

People read plain sentences: "keeping the back from arching", not "anti-extension"; "one step
easier", not "regress" or a rule id. The technical terms live only in :data:`GLOSSARY`, which the
web app (``/glossary``) and the terminal (``corecoach glossary``) show in English and Dutch. Rule
ids stay for machines (``--json``, the API, exports) and, small, on a coach's pages.

Each entry is ``(English, Dutch)``; a term may be the same in both (``Pallof press``).
"""

from __future__ import annotations

from corecoach.domain.enums import CoreFunction, Language, Level

Words = tuple[str, str]


def say(words: Words, lang: Language) -> str:
    """``words`` in ``lang``."""
    return words[1] if lang is Language.NL else words[0]


#: What each core function means, as a person says it.
FUNCTION_NAMES: dict[CoreFunction, Words] = {
    CoreFunction.BREATHING: ("Breathing", "Ademhaling"),
    CoreFunction.ANTI_EXTENSION: ("Keeping the back from arching", "Je onderrug niet hol laten trekken"),
    CoreFunction.ANTI_LATERAL_FLEXION: ("Keeping the trunk from bending sideways", "Je romp niet opzij laten buigen"),
    CoreFunction.ANTI_ROTATION: ("Keeping the trunk from twisting", "Je romp niet laten draaien"),
    CoreFunction.INTEGRATION: ("Putting it together", "Alles samen"),
    CoreFunction.HIP_MOBILITY: ("Hip mobility", "Heupmobiliteit"),
    CoreFunction.THORACIC_MOBILITY: ("Upper-back mobility", "Mobiliteit bovenrug"),
}

#: A progression decision as a plain sentence (the rule's id is for machines and coaches).
ACTION_NAMES: dict[str, Words] = {
    "progress": ("One step harder", "Eén stap moeilijker"),
    "hold": ("Stay at this step", "Blijf bij deze stap"),
    "regress": ("One step easier", "Eén stap makkelijker"),
    "stop": ("Stop training", "Stop met trainen"),
}

LEVEL_NAMES: dict[Level, Words] = {
    Level.BEGINNER: ("Beginner", "Beginner"),
    Level.INTERMEDIATE: ("Some experience", "Enige ervaring"),
    Level.ADVANCED: ("Advanced", "Gevorderd"),
}

URGENCY_NAMES: dict[str, Words] = {
    "emergency": ("Emergency", "Spoed"),
    "urgent": ("Urgent", "Dringend"),
    "see_doctor_before_starting": ("A check before you start", "Eerst een controle"),
}

GLOSSARY_TITLE: Words = ("The coach's words", "De woorden van de coach")
GLOSSARY_LEAD: Words = (
    "corecoach speaks plainly, but a coach, a physio or an article may use these terms. What each one means here:",
    "corecoach gebruikt gewone woorden, maar een coach, fysiotherapeut of artikel gebruikt soms deze termen. Wat elk hier betekent:",
)

#: The coach's terms: (term, meaning), each in English and Dutch.
GLOSSARY: tuple[tuple[Words, Words], ...] = (
    (
        ("Core functions", "Corefuncties"),
        (
            "What the trunk muscles do for the lower back: breathing well, and keeping the back from arching, from bending "
            "sideways and from twisting while the arms, legs and hips move. The program trains them in that order.",
            "Wat de rompspieren voor je onderrug doen: goed ademen, en je onderrug niet hol laten trekken, niet opzij laten "
            "buigen en niet laten draaien terwijl je armen, benen en heupen bewegen. Het programma traint ze in die volgorde.",
        ),
    ),
    (
        ("Anti-extension", "Anti-extensie"),
        (
            "Keeping the back from arching: the trunk stops the lower back from bending backwards (hollowing) while arms or "
            "legs move. Trained with the dead bug and its ladder.",
            "Je onderrug niet hol laten trekken: de romp voorkomt dat je onderrug naar achteren buigt terwijl armen of benen "
            "bewegen. Getraind met de dead bug en zijn ladder.",
        ),
    ),
    (
        ("Anti-lateral flexion", "Anti-laterale flexie"),
        (
            "Keeping the trunk from bending sideways, for example with a weight in one hand. Trained with the suitcase carry "
            "and the side plank.",
            "Je romp niet opzij laten buigen, bijvoorbeeld met een gewicht in één hand. Getraind met de suitcase carry en de zijplank.",
        ),
    ),
    (
        ("Anti-rotation", "Anti-rotatie"),
        (
            "Keeping the trunk from twisting when something pulls it round; turning comes from the hips and upper back. "
            "Trained with the Pallof press.",
            "Je romp niet laten draaien als iets eraan trekt; draaien komt uit je heupen en bovenrug. Getraind met de Pallof press.",
        ),
    ),
    (
        ("Neutral lower back", "Neutrale onderrug"),
        (
            "The lower back in its own natural curve, neither arched nor rounded, and kept still during an exercise.",
            "Je onderrug in zijn eigen natuurlijke kromming, niet hol en niet bol, en stil gehouden tijdens een oefening.",
        ),
    ),
    (
        ("Dead bug", "Dead bug (dode kever)"),
        (
            "On your back, arms up, hips and knees at 90°: you lower one arm and the opposite leg while the lower back stays "
            "flat on the floor.",
            "Op je rug, armen omhoog, heupen en knieën 90°: je laat één arm en het tegenovergestelde been zakken terwijl je "
            "onderrug plat op de vloer blijft.",
        ),
    ),
    (
        ("Bird dog", "Bird dog"),
        (
            "On hands and knees: you reach one arm and the opposite leg out long without the back moving.",
            "Op handen en knieën: je strekt één arm en het tegenovergestelde been lang uit zonder dat je rug beweegt.",
        ),
    ),
    (
        ("Pallof press", "Pallof press"),
        (
            "Side-on to a band or cable at chest height: you press it straight out and back without letting it turn you.",
            "Zijwaarts naast een elastiek of kabel op borsthoogte: je duwt hem recht naar voren en terug zonder dat hij je laat draaien.",
        ),
    ),
    (
        ("Suitcase carry", "Suitcase carry"),
        (
            "Walking tall with a weight in one hand, like a suitcase, without leaning to either side.",
            "Rechtop lopen met een gewicht in één hand, zoals een koffer, zonder naar een kant te hellen.",
        ),
    ),
    (
        ("Ladder and step", "Ladder en stap"),
        (
            "Each core function has a ladder of exercises from easiest to hardest; you train one step of it at a time.",
            "Elke corefunctie heeft een ladder van oefeningen van makkelijkst naar zwaarst; je traint er telkens één stap van.",
        ),
    ),
    (
        ("Progression and regression", "Progressie en regressie"),
        (
            "Progression: one step harder, once you did what your step asks with good form in two sessions in a row, with "
            "little pain and a settled back the next morning. Regression: one step easier, after pain above 5/10, a sorer "
            "back the next morning, or two sessions in a row without good form. Each decision says why.",
            "Progressie: één stap moeilijker, zodra je twee trainingen op rij deed wat je stap vraagt, met goede techniek, "
            "weinig pijn en een rustige rug de ochtend erna. Regressie: één stap makkelijker, na pijn boven 5/10, een "
            "pijnlijkere rug de ochtend erna, of twee trainingen op rij zonder goede techniek. Elke beslissing zegt waarom.",
        ),
    ),
    (
        ("With good form", "Met goede techniek"),
        (
            "The exercise done as described, with the lower back neutral and still throughout. The log asks it for each exercise.",
            "De oefening uitgevoerd zoals beschreven, met je onderrug de hele tijd neutraal en stil. Het logboek vraagt het "
            "bij elke oefening.",
        ),
    ),
    (
        ("Next-morning check", "Ochtendcheck"),
        (
            "How your back feels the morning after a session. The rules wait for it before moving you a step harder.",
            "Hoe je rug voelt de ochtend na een training. De regels wachten daarop voordat je een stap moeilijker gaat.",
        ),
    ),
    (
        ("NRS pain scale", "NRS-pijnschaal"),
        (
            "Numeric rating scale: pain as a number from 0 (no pain) to 10 (the worst pain you can imagine).",
            "Numerieke schaal: pijn als een getal van 0 (geen pijn) tot 10 (de ergste pijn die je je kunt voorstellen).",
        ),
    ),
    (
        ("RPE", "RPE"),
        (
            "Rating of perceived exertion: how hard a session felt, from 1 (easy) to 10 (as hard as you can).",
            "Ervaren inspanning: hoe zwaar een training voelde, van 1 (licht) tot 10 (zo zwaar als je kunt).",
        ),
    ),
    (
        ("PSFS", "PSFS"),
        (
            "Patient-specific functional scale: up to five activities your back makes hard, each scored from 0 (cannot do it) "
            "to 10 (as before).",
            "Patiëntspecifieke klachtenlijst: tot vijf activiteiten die je rug moeilijk maakt, elk met een score van 0 (lukt "
            "niet) tot 10 (zoals vroeger).",
        ),
    ),
    (
        ("McGill's endurance holds", "McGills duurtests"),
        (
            "Four holds (trunk flexors, back extensors, side bridge left and right), timed until the position is lost; the "
            "balance between them says more than any one time.",
            "Vier houdingen (buikspieren, rugstrekkers, zijplank links en rechts), getimed tot je de houding verliest; de "
            "verhouding ertussen zegt meer dan één tijd.",
        ),
    ),
    (
        ("Red flag", "Alarmsignaal"),
        (
            "A warning sign that back pain may have a serious cause. A 'yes' stops the program and says which doctor to see and how soon.",
            "Een waarschuwingsteken dat rugpijn een ernstige oorzaak kan hebben. Een 'ja' stopt het programma en zegt naar "
            "welke arts je gaat en hoe snel.",
        ),
    ),
    (
        ("Tempo", "Tempo"),
        (
            "Four numbers such as 3-1-3-1: seconds to move out, hold, move back and pause.",
            "Vier getallen zoals 3-1-3-1: seconden om uit te bewegen, vast te houden, terug te bewegen en te pauzeren.",
        ),
    ),
)
