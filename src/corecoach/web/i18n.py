"""Words of the web app in English and Dutch, dates and numbers in the reader's locale.

Every label a page shows is a key in :data:`MESSAGES` (``translate`` raises ``KeyError`` for a
missing key, so a typo fails the page tests instead of showing a raw key). Coaching content
(exercises, red flags, decisions, referrals) is already bilingual in the core and is shown from
there. Dates: English ``Mon 3 Mar 2025``, Dutch ``ma 3 mrt 2025``; numbers use a decimal comma in
Dutch.

The language comes from ``?lang=`` (remembered in a cookie), then the cookie, then the browser's
``Accept-Language``, then English.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

from corecoach.domain.enums import Language
from corecoach.presentation.words import ACTION_NAMES, FUNCTION_NAMES, LEVEL_NAMES

LANG_COOKIE = "corecoach_lang"

_M: dict[str, tuple[str, str]] = {
    # layout
    "app.tagline": ("A coach for a stable, pain-free lower back", "Een coach voor een stabiele, pijnvrije onderrug"),
    "nav.label": ("Main menu", "Hoofdmenu"),
    "nav.home": ("Start", "Start"),
    "nav.program": ("Program", "Programma"),
    "nav.session": ("Today", "Vandaag"),
    "nav.progress": ("Progress", "Voortgang"),
    "nav.exercises": ("Exercises", "Oefeningen"),
    "nav.video": ("Video", "Video"),
    "nav.data": ("My data", "Mijn gegevens"),
    "nav.skip": ("Skip to the content", "Naar de inhoud"),
    "lang.label": ("Language", "Taal"),
    "disclaimer.short": (
        "corecoach is a coaching tool, not a medical device.",
        "corecoach is een coachingshulpmiddel, geen medisch hulpmiddel.",
    ),
    "answer.yes": ("Yes", "Ja"),
    "answer.no": ("No", "Nee"),
    "answer.not_tried": ("Not tried", "Niet geprobeerd"),
    "answer.choose": ("Choose…", "Kies…"),
    "form.required": ("required", "verplicht"),
    "form.optional": ("optional", "optioneel"),
    "form.errors_title": ("Some answers need another look:", "Een paar antwoorden vragen aandacht:"),
    "form.nothing_saved": ("Nothing has been saved yet.", "Er is nog niets opgeslagen."),
    # welcome
    "welcome.title": ("Welcome to corecoach", "Welkom bij corecoach"),
    "welcome.lead": (
        "corecoach coaches your lower back the way a good personal trainer would: a safety check first, a short "
        "assessment, then a program around the three core functions, with each step forward or back explained.",
        "corecoach coacht je onderrug zoals een goede personal trainer dat doet: eerst een veiligheidscheck, dan een "
        "korte test, daarna een programma rond de drie corefuncties, waarbij elke stap vooruit of terug wordt uitgelegd.",
    ),
    "welcome.what_title": ("What you get", "Wat je krijgt"),
    "welcome.what.1": (
        "A safety check: a serious warning sign stops everything and tells you to see a doctor; a few answers only ask "
        "for a doctor's or physio's OK before you start.",
        "Een veiligheidscheck: een ernstig alarmsignaal stopt alles en zegt je naar een arts te gaan; bij een paar antwoorden "
        "is alleen eerst het akkoord van een arts of fysiotherapeut nodig.",
    ),
    "welcome.what.2": (
        "An assessment of breathing, core control and mobility, with each test explained step by step.",
        "Een test van ademhaling, corecontrole en mobiliteit, met elke test stap voor stap uitgelegd.",
    ),
    "welcome.what.3": (
        "A program in phases: breathing, keeping the back from arching, from bending sideways and from twisting, then putting it together.",
        "Een programma in fases: ademhaling, je onderrug niet hol laten trekken, niet opzij laten buigen en niet laten draaien, "
        "en daarna alles samen.",
    ),
    "welcome.what.4": (
        "Today's session with timers, and a one-minute log; the program moves a step up or down by clear rules, each explained.",
        "De training van vandaag met timers, en een logboek van één minuut; het programma gaat een stap omhoog of omlaag volgens duidelijke regels, telkens uitgelegd.",
    ),
    "welcome.not_title": ("What it is not", "Wat het niet is"),
    "welcome.not_text": (
        "corecoach is a coaching tool, not a medical device: it does not diagnose or treat. If you have a hernia or "
        "another back condition under care, follow your doctor or physio and use corecoach only with their approval.",
        "corecoach is een coachingshulpmiddel, geen medisch hulpmiddel: het stelt geen diagnose en behandelt niet. Heb je "
        "een hernia of een andere rugaandoening waarvoor je onder behandeling bent, volg dan je arts of fysiotherapeut en "
        "gebruik corecoach alleen met hun goedkeuring.",
    ),
    "welcome.private": (
        "Your answers stay on this computer, in a database file in your user folder. No account, no cloud.",
        "Je antwoorden blijven op deze computer, in een databasebestand in je gebruikersmap. Geen account, geen cloud.",
    ),
    "welcome.start": ("Start: safety check and assessment", "Beginnen: veiligheidscheck en test"),
    "welcome.has_program": ("You have a program.", "Je hebt een programma."),
    "welcome.deleted": ("All your data has been erased.", "Al je gegevens zijn gewist."),
    "welcome.stopped": (
        "You reported a warning sign: please follow the advice to see a doctor first.",
        "Je meldde een alarmsignaal: volg het advies om eerst naar een arts te gaan.",
    ),
    "welcome.see_advice": ("See the advice", "Bekijk het advies"),
    # intake
    "intake.title": ("Safety check and assessment", "Veiligheidscheck en test"),
    "intake.lead": (
        "About ten minutes. Answer honestly: the safety questions come first. You can do this again later to update your program.",
        "Ongeveer tien minuten. Antwoord eerlijk: de veiligheidsvragen komen eerst. Je kunt dit later opnieuw doen om je programma bij te werken.",
    ),
    "intake.submit": ("Make my program", "Maak mijn programma"),
    "intake.how": ("How to do the test", "Zo doe je de test"),
    "section.about": ("About you", "Over jou"),
    "section.safety": ("1. Safety first", "1. Eerst veiligheid"),
    "section.safety.intro": (
        "Answer each question honestly. Any 'yes' here means: see a doctor first. No program will be made.",
        "Beantwoord elke vraag eerlijk. Elk 'ja' hier betekent: eerst naar een arts. Er wordt dan geen programma gemaakt.",
    ),
    "section.safety_check": (
        "Before you start: a check by a doctor or physio",
        "Voor je begint: een controle door een arts of fysiotherapeut",
    ),
    "section.safety_check.intro": (
        "A 'yes' here means a doctor or physio should see you for it before you start.",
        "Een 'ja' hier betekent dat een arts of fysiotherapeut je hiervoor moet zien voordat je begint.",
    ),
    "clearance.title": ("Already seen for it?", "Hiervoor al gezien?"),
    "clearance.intro": (
        "Only if you answered yes to a question in this part: has a doctor or physio already seen you for it, and do they "
        "agree you can start? Then tick the box and give the date they saw you (at most {days} days ago). You then get "
        "your program, with the warning signs to keep watching for. A 'yes' under 1 always stops: this box does not change that.",
        "Alleen als je ja antwoordde op een vraag in dit deel: heeft een arts of fysiotherapeut je hiervoor al gezien, en "
        "vindt die dat je kunt beginnen? Vink dan het vakje aan en geef de datum waarop je gezien bent (hooguit {days} dagen "
        "geleden). Je krijgt dan je programma, met de waarschuwingssignalen om op te letten. Een 'ja' onder 1 stopt altijd: "
        "dit vakje verandert dat niet.",
    ),
    "f.clearance.seen_by": ("Who saw you", "Wie heeft je gezien"),
    "seen_by.doctor": ("A doctor (your GP or another doctor)", "Een arts (je huisarts of een andere arts)"),
    "seen_by.physio": ("A physiotherapist", "Een fysiotherapeut"),
    "f.clearance.seen_on": ("Date they saw you", "Datum waarop je gezien bent"),
    "section.diagnoses": ("2. Known back conditions", "2. Bekende rugaandoeningen"),
    "section.diagnoses.intro": (
        "With a hernia or another back condition under care, follow your doctor or physio: use corecoach only with their approval.",
        "Met een hernia of een andere rugaandoening onder behandeling volg je je arts of fysiotherapeut: gebruik corecoach alleen met hun goedkeuring.",
    ),
    "section.pain": ("3. Pain", "3. Pijn"),
    "section.pain.intro": (
        "0 = no pain, 10 = the worst pain you can imagine.",
        "0 = geen pijn, 10 = de ergste pijn die je je kunt voorstellen.",
    ),
    "section.psfs": ("4. Activities your back makes hard", "4. Activiteiten die je rug moeilijk maakt"),
    "section.psfs.intro": (
        "Name up to five activities (e.g. putting on socks) and how well you can do each now: 0 = not at all, 10 = as before.",
        "Noem tot vijf activiteiten (bijv. sokken aantrekken) en hoe goed elk nu lukt: 0 = helemaal niet, 10 = zoals vroeger.",
    ),
    "section.breathing": ("5. Breathing", "5. Ademhaling"),
    "section.dead_bug": ("6. Dead bug test", "6. Dead-bugtest"),
    "section.more_tests": ("7. Carry, Pallof press, bird dog, side plank", "7. Dragen, Pallof press, bird dog, zijplank"),
    "section.more_tests.intro": (
        "Only what you have tried: leave 0 for a test you have not done.",
        "Alleen wat je geprobeerd hebt: laat 0 staan bij een test die je niet gedaan hebt.",
    ),
    "section.endurance": ("8. Endurance holds (optional)", "8. Duurtests (optioneel)"),
    "section.endurance.intro": (
        "McGill's four holds, seconds until you lose the position. Fill in all four or none.",
        "McGills vier houdingen, seconden tot je de houding verliest. Vul alle vier in of geen.",
    ),
    "section.mobility": ("9. Hips and upper back", "9. Heupen en bovenrug"),
    "section.habits": ("10. Daily life", "10. Dagelijks leven"),
    "section.schedule": ("11. Your week", "11. Je week"),
    "steps.breathing.1": ("Lie on your back, knees bent, feet flat.", "Lig op je rug, knieën gebogen, voeten plat."),
    "steps.breathing.2": ("One hand on your chest, one just above your navel.", "Eén hand op je borst, één net boven je navel."),
    "steps.breathing.3": ("Breathe calmly ten times through your nose.", "Adem rustig tien keer door je neus."),
    "steps.breathing.4": (
        "Notice which hand rises most. Then: feet on a wall, hips and knees at 90°, breathe out fully: do your ribs stay down?",
        "Let op welke hand het meest omhoog komt. Daarna: voeten tegen de muur, heupen en knieën 90°, adem volledig uit: blijven je ribben laag?",
    ),
    "steps.dead_bug.1": (
        "Lie on your back, arms up to the ceiling, hips and knees at 90°.",
        "Lig op je rug, armen naar het plafond, heupen en knieën 90°.",
    ),
    "steps.dead_bug.2": ("Press your lower back gently into the floor.", "Druk je onderrug zacht tegen de vloer."),
    "steps.dead_bug.3": (
        "Slowly lower one arm and the opposite leg, breathe out, come back; switch sides.",
        "Laat langzaam één arm en het tegenovergestelde been zakken, adem uit, kom terug; wissel van kant.",
    ),
    "steps.dead_bug.4": (
        "Count the reps per leg in which your lower back stays flat. Stop the set when it lifts.",
        "Tel de herhalingen per been waarbij je onderrug plat blijft. Stop de set als hij loskomt.",
    ),
    "steps.more.1": (
        "Suitcase carry: a weight in one hand, walk tall without leaning; metres per side.",
        "Suitcase carry: een gewicht in één hand, rechtop lopen zonder te hellen; meters per kant.",
    ),
    "steps.more.2": (
        "Pallof press: a band at chest height beside you, press it straight out and back without turning.",
        "Pallof press: een band op borsthoogte naast je, duw hem recht naar voren en terug zonder te draaien.",
    ),
    "steps.more.3": (
        "Bird dog: on hands and knees, reach the opposite arm and leg long without your back moving.",
        "Bird dog: op handen en knieën, strek de tegengestelde arm en been lang zonder dat je rug beweegt.",
    ),
    "steps.endurance.1": ("Flexor hold: sitting, back at 60°, support taken away.", "Buikspieren: zittend, rug op 60°, steun weggehaald."),
    "steps.endurance.2": (
        "Extensor hold (Sorensen): upper body level over the edge of a bench.",
        "Rugstrekkers (Sorensen): bovenlichaam horizontaal over de rand van een bank.",
    ),
    "steps.endurance.3": (
        "Side bridge on each side: on the elbow and feet, body straight.",
        "Zijplank aan elke kant: op elleboog en voeten, lichaam recht.",
    ),
    "steps.mobility.1": (
        "Squat as deep as is comfortable, side-on to a mirror: does the lower back round at the bottom?",
        "Squat zo diep als prettig is, zijwaarts naar een spiegel: bolt je onderrug onderin?",
    ),
    "steps.mobility.2": (
        "Sit on a chair, a stick across your shoulders, turn left and right: estimate the degrees.",
        "Zit op een stoel, een stok over je schouders, draai naar links en rechts: schat de graden.",
    ),
    "f.person.name": ("Your name (or a nickname)", "Je naam (of een bijnaam)"),
    "f.person.age_years": ("Age in years", "Leeftijd in jaren"),
    "f.experience": ("Training experience", "Trainingservaring"),
    "f.diagnoses.hernia": ("Has a doctor told you that you have a hernia (slipped disc)?", "Heeft een arts gezegd dat je een hernia hebt?"),
    "f.diagnoses.other_back_condition_under_care": (
        "Are you under treatment for another back condition (doctor or physio)?",
        "Ben je onder behandeling voor een andere rugaandoening (arts of fysio)?",
    ),
    "f.diagnoses.approval_acknowledged": (
        "I follow my doctor/physio and use corecoach only with their approval.",
        "Ik volg mijn arts/fysiotherapeut en gebruik corecoach alleen met hun goedkeuring.",
    ),
    "f.pain.now_nrs": ("Back pain right now (0-10)", "Rugpijn op dit moment (0-10)"),
    "f.pain.worst_last_week_nrs": ("Worst back pain in the last week (0-10)", "Ergste rugpijn in de afgelopen week (0-10)"),
    "f.pain.duration_weeks": ("For how many weeks have you had this pain?", "Hoeveel weken heb je deze pijn al?"),
    "f.psfs.activity": ("Activity {n}", "Activiteit {n}"),
    "f.psfs.score": ("How well now (0-10)", "Hoe goed nu (0-10)"),
    "f.breathing.hand_test": ("Which hand rises most?", "Welke hand komt het meest omhoog?"),
    "hand.belly": ("The belly hand", "De hand op de buik"),
    "hand.mixed": ("Both about the same", "Beide ongeveer even veel"),
    "hand.chest": ("The chest hand", "De hand op de borst"),
    "f.breathing.ribs_stay_down_90_90": (
        "Feet on a wall, hips and knees at 90°: do your ribs stay down when you breathe out fully?",
        "Voeten tegen de muur, heupen en knieën 90°: blijven je ribben laag als je volledig uitademt?",
    ),
    "f.breathing.control_pause_s": (
        "After a calm breath out, hold your nose: seconds until the first urge to breathe",
        "Na een rustige uitademing je neus dichtknijpen: seconden tot de eerste ademprikkel",
    ),
    "f.capability.dead_bug.back_flat": (
        "Does your lower back stay flat through a full rep?",
        "Blijft je onderrug plat tijdens een hele herhaling?",
    ),
    "f.capability.dead_bug.clean_sets": ("Sets you can do with good form", "Sets die lukken met goede techniek"),
    "f.capability.dead_bug.clean_reps_per_side": (
        "Reps per leg with good form in each set",
        "Herhalingen per been met goede techniek per set",
    ),
    "f.capability.dead_bug.toe_taps_back_flat": (
        "Toe taps from table-top (knees 90/90, tap one foot down): does your back stay flat?",
        "Toe taps vanuit tafelpositie (knieën 90/90, één voet tikt de vloer): blijft je rug plat?",
    ),
    "f.capability.dead_bug.wall_press_clean_3x8": (
        "Can you do 3 x 8 wall-press dead bugs per leg with good form?",
        "Lukken 3 x 8 wall-press dead bugs per been met goede techniek?",
    ),
    "f.capability.suitcase_carry.clean_distance_m": (
        "Suitcase carry: metres per side without leaning",
        "Suitcase carry: meters per kant zonder te hellen",
    ),
    "f.capability.pallof_press.standing_clean_reps_per_side": (
        "Standing Pallof press: reps per side with good form",
        "Staande Pallof press: herhalingen per kant met goede techniek",
    ),
    "f.capability.pallof_press.tall_kneeling_clean_reps_per_side": (
        "Tall-kneeling Pallof press: reps per side with good form",
        "Pallof press op twee knieën: herhalingen per kant met goede techniek",
    ),
    "f.capability.pallof_press.half_kneeling_clean_reps_per_side": (
        "Half-kneeling Pallof press: reps per side with good form",
        "Pallof press op één knie: herhalingen per kant met goede techniek",
    ),
    "f.capability.bird_dog.clean_reps_per_side": (
        "Bird dog: reps per side with good form",
        "Bird dog: herhalingen per kant met goede techniek",
    ),
    "f.capability.side_plank_hold_s": ("Side plank: seconds held in a straight line", "Zijplank: seconden in een rechte lijn"),
    "f.endurance.flexor_s": ("Flexor hold, seconds", "Buikspieren, seconden"),
    "f.endurance.extensor_s": ("Extensor (Sorensen) hold, seconds", "Rugstrekkers (Sorensen), seconden"),
    "f.endurance.side_bridge_right_s": ("Side bridge right, seconds", "Zijplank rechts, seconden"),
    "f.endurance.side_bridge_left_s": ("Side bridge left, seconds", "Zijplank links, seconden"),
    "f.mobility.hip.knee_to_chest_without_back_rounding": (
        "Can you pull a knee to your chest without your lower back rounding?",
        "Kun je een knie naar je borst trekken zonder dat je onderrug bolt?",
    ),
    "f.mobility.hip.hip_flexor_tight": (
        "Lying on a table edge, one knee hugged: does the other thigh stay above the table?",
        "Liggend op de rand van een tafel, één knie vastgepakt: blijft het andere bovenbeen boven de tafel?",
    ),
    "f.mobility.hip.squat_lower_back_rounds": (
        "In a deep squat, does your lower back round at the bottom?",
        "Bolt je onderrug onderin een diepe squat?",
    ),
    "f.mobility.thoracic.seated_rotation_left_deg": ("Seated rotation to the left, degrees", "Zittend draaien naar links, graden"),
    "f.mobility.thoracic.seated_rotation_right_deg": ("Seated rotation to the right, degrees", "Zittend draaien naar rechts, graden"),
    "f.mobility.thoracic.arms_overhead_without_arching": (
        "Back against a wall: can you raise your arms overhead without your lower back arching?",
        "Rug tegen een muur: kun je je armen boven je hoofd brengen zonder hol te trekken?",
    ),
    "f.habits.sitting_hours_per_day": ("Hours you sit on a typical day", "Uren die je op een gewone dag zit"),
    "f.habits.stands_on_one_leg": ("Do you often stand hanging on one leg?", "Sta je vaak 'hangend' op één been?"),
    "f.schedule.days": ("Training days", "Trainingsdagen"),
    "f.schedule.minutes_per_session": ("Minutes per session", "Minuten per training"),
    "f.equipment": ("Equipment at hand", "Materiaal dat je hebt"),
    "eq.none": ("Nothing", "Niets"),
    "eq.mat": ("Mat", "Mat"),
    "eq.wall": ("Wall", "Muur"),
    "eq.balloon": ("Balloon", "Ballon"),
    "eq.band": ("Resistance band", "Weerstandsband"),
    "eq.cable": ("Cable machine", "Kabelapparaat"),
    "eq.kettlebell": ("Kettlebell", "Kettlebell"),
    "eq.dumbbell": ("Dumbbell", "Dumbbell"),
    "eq.ab_wheel": ("Ab wheel", "Buikrol"),
    "eq.foam_roller": ("Foam roller", "Foamroller"),
    "eq.bench": ("Bench", "Bank"),
    # referral
    "referral.title": ("Please see a doctor first", "Ga eerst naar een arts"),
    "referral.reported": ("You reported:", "Je gaf aan:"),
    "referral.no_program": (
        "No program has been made. corecoach is a coaching tool, not a medical device: this is not a diagnosis.",
        "Er is geen programma gemaakt. corecoach is een coachingshulpmiddel, geen medisch hulpmiddel: dit is geen diagnose.",
    ),
    "referral.cleared": (
        "Has a doctor seen you and dealt with this, so that your answers are 'no' now? Then answer the safety check again.",
        "Heeft een arts je gezien en is dit behandeld, zodat je antwoorden nu 'nee' zijn? Beantwoord dan de veiligheidscheck opnieuw.",
    ),
    "referral.confirm": ("Confirm the check", "De controle bevestigen"),
    "referral.again": ("Answer the safety check again", "De veiligheidscheck opnieuw doen"),
    "urgency.emergency": ("Emergency", "Spoed"),
    "urgency.urgent": ("Urgent", "Dringend"),
    "urgency.see_doctor_before_starting": ("A check before you start", "Eerst een controle"),
    # program
    "program.title": ("Your program", "Je programma"),
    "program.phases": ("Phases", "Fases"),
    "phase.open": ("open", "open"),
    "phase.locked": ("locked", "nog dicht"),
    "phase.rung": ("step {n} of {total}", "stap {n} van {total}"),
    "phase.now": ("Now", "Nu"),
    "phase.ladder": ("The ladder, easiest first", "De ladder, makkelijkste eerst"),
    "program.needs": ("What the assessment found", "Wat de test liet zien"),
    "program.week": ("This week", "Deze week"),
    "program.minutes": ("about {m} min", "ongeveer {m} min"),
    "program.why": ("Why", "Waarom"),
    "program.notes": ("Notes", "Opmerkingen"),
    "program.start_session": ("Start today's session", "Start de training van vandaag"),
    "program.print": ("Print version", "Printversie"),
    "program.calendar": ("Add to your calendar (.ics)", "In je agenda zetten (.ics)"),
    "program.none": ("You don't have a program yet.", "Je hebt nog geen programma."),
    "program.make": ("Do the safety check and assessment", "Doe de veiligheidscheck en test"),
    "program.redo": ("Do the assessment again", "De test opnieuw doen"),
    "program.made": ("Your program is ready.", "Je programma is klaar."),
    # session
    "session.title": ("Today's session", "Training van vandaag"),
    "session.day": ("{day}, about {m} min", "{day}, ongeveer {m} min"),
    "session.not_today": (
        "Today is not one of your training days; this is the session for {day}.",
        "Vandaag is geen trainingsdag; dit is de training voor {day}.",
    ),
    "session.other_days": ("Other days:", "Andere dagen:"),
    "session.dose": ("Dose", "Dosering"),
    "session.instructions": ("How to do it", "Zo doe je het"),
    "session.cues": ("Cues", "Aandachtspunten"),
    "demo.in_words": ("The picture in words", "De tekening in woorden"),
    "session.faults": ("Common faults", "Veelgemaakte fouten"),
    "session.sets": ("Tick each set when it is done", "Vink elke set af als hij klaar is"),
    "session.set_n": ("Set {n}", "Set {n}"),
    "side.left": ("left", "links"),
    "side.right": ("right", "rechts"),
    "session.hold_timer": ("Hold {s} s", "Vasthouden {s} s"),
    "session.work_timer": ("Walk {s} s", "Lopen {s} s"),
    "session.rest_timer": ("Rest {s} s", "Rust {s} s"),
    "session.timer_done": ("Time!", "Tijd!"),
    "session.tempo": ("Tempo {tempo} (seconds: out, hold, back, pause)", "Tempo {tempo} (seconden: uit, vast, terug, pauze)"),
    "session.hurts": ("This hurts", "Dit doet pijn"),
    "session.hurts_ask": ("How much does it hurt now, 0-10?", "Hoeveel pijn nu, 0-10?"),
    "session.hurts_stop": ("Stop this exercise", "Stop deze oefening"),
    "session.stopped": (
        "Stopped. Pain {p}/10 is noted in the log below. Don't push through pain.",
        "Gestopt. Pijn {p}/10 staat genoteerd in het logboek hieronder. Ga niet door de pijn heen.",
    ),
    "session.stopped_regress": (
        "Pain above 5/10: when you save, this exercise goes one step easier (or, if it is already the easiest, you get advice).",
        "Pijn boven 5/10: als je opslaat, gaat deze oefening één stap makkelijker (of krijg je advies als het al de makkelijkste is).",
    ),
    "session.no_js": (
        "Timers and the 'this hurts' button need JavaScript; the log below works without it.",
        "Timers en de knop 'dit doet pijn' hebben JavaScript nodig; het logboek hieronder werkt zonder.",
    ),
    "log.title": ("Log it (one minute)", "Loggen (één minuut)"),
    "log.intro": (
        "The numbers are filled in from the plan: change only what was different, give your pain, and save.",
        "De getallen komen uit het plan: pas alleen aan wat anders ging, vul je pijn in en sla op.",
    ),
    "log.date": ("Date", "Datum"),
    "log.pain_before": ("Back pain before the session (0-10)", "Rugpijn vóór de training (0-10)"),
    "log.effort": ("Effort, 1 (easy) to 10 (max)", "Inspanning, 1 (licht) tot 10 (maximaal)"),
    "log.exercise": ("Exercise", "Oefening"),
    "log.done": ("Done", "Gedaan"),
    "log.sets": ("Sets", "Sets"),
    "log.clean": ("With good form", "Met goede techniek"),
    "log.pain_during": ("Pain during (0-10)", "Pijn tijdens (0-10)"),
    "log.stopped": ("Stopped: it hurt", "Gestopt: het deed pijn"),
    "log.red_flags": ("New warning signs since last time?", "Nieuwe alarmsignalen sinds de vorige keer?"),
    "log.red_flags_intro": (
        "Tick only what is new. Any tick stops the program and tells you what to do.",
        "Vink alleen aan wat nieuw is. Elk vinkje stopt het programma en vertelt je wat je moet doen.",
    ),
    "log.save": ("Save the session", "Training opslaan"),
    "log.nothing": ("Mark at least one exercise as done.", "Vink minstens één oefening aan als gedaan."),
    "log.saved": ("Session saved.", "Training opgeslagen."),
    "measure.reps_per_side": ("Reps per side", "Herhalingen per kant"),
    "measure.reps": ("Reps", "Herhalingen"),
    "measure.hold_s": ("Hold (s)", "Vasthouden (s)"),
    "measure.distance_m": ("Distance (m)", "Afstand (m)"),
    "measure.duration_s": ("Time (s)", "Tijd (s)"),
    "decisions.title": ("What happens next", "Wat er nu gebeurt"),
    "decisions.none": ("Saved; no step changes yet.", "Opgeslagen; nog geen stap veranderd."),
    "morning.reminder": (
        "Tomorrow morning, log how your back feels: the rules wait for that before moving you up.",
        "Log morgenochtend hoe je rug voelt: de regels wachten daarop voordat je een stap omhoog gaat.",
    ),
    "morning.link": ("Next-morning check", "Ochtendcheck"),
    "morning.title": ("Next-morning check", "Ochtendcheck"),
    "morning.intro": (
        "How is your back this morning, after the session of {date}?",
        "Hoe voelt je rug vanochtend, na de training van {date}?",
    ),
    "morning.pain": ("Back pain now (0-10)", "Rugpijn nu (0-10)"),
    "morning.save": ("Save", "Opslaan"),
    "morning.none": ("There is no logged session yet.", "Er is nog geen training gelogd."),
    # progress
    "progress.title": ("Your progress", "Je voortgang"),
    "progress.sessions": ("{n} sessions logged", "{n} trainingen gelogd"),
    "progress.pain_chart": ("Pain per session", "Pijn per training"),
    "progress.rung_chart": ("Step per core function over time", "Stap per corefunctie in de tijd"),
    "progress.rungs_now": ("Where you stand", "Waar je nu staat"),
    "progress.decisions": ("Every decision, and why", "Elke beslissing, en waarom"),
    "progress.none": ("Nothing logged yet.", "Nog niets gelogd."),
    "progress.numbers": ("Show the numbers", "Toon de getallen"),
    "series.pain_before": ("before", "vóór"),
    "series.pain_during": ("during", "tijdens"),
    "series.pain_next_morning": ("next morning", "ochtend erna"),
    "chart.pain_axis": ("pain 0-10", "pijn 0-10"),
    "col.date": ("Date", "Datum"),
    "col.function": ("Function", "Functie"),
    "col.action": ("Decision", "Beslissing"),
    "col.rule": ("Rule", "Regel"),
    "col.why": ("Why", "Waarom"),
    "col.exercise": ("Exercise", "Oefening"),
    "col.rung": ("Step", "Stap"),
    "col.clean": ("With good form", "Met goede techniek"),
    # library
    "exercises.title": ("Exercise library", "Oefeningenbibliotheek"),
    "exercises.filter": ("Core function", "Corefunctie"),
    "exercises.all": ("All", "Alle"),
    "exercises.apply": ("Show", "Toon"),
    "exercises.count": ("{n} exercises", "{n} oefeningen"),
    "exercises.bad_function": (
        "'{value}' is not a core function; showing all exercises.",
        "'{value}' is geen corefunctie; alle oefeningen worden getoond.",
    ),
    "exercise.level": ("Level", "Niveau"),
    "exercise.equipment": ("Equipment", "Materiaal"),
    "exercise.trains": ("Trains", "Traint"),
    "exercise.progress_when": ("Move up when", "Een stap omhoog als"),
    "exercise.not_when": ("When not to do it", "Wanneer niet doen"),
    "exercise.easier": ("Easier", "Makkelijker"),
    "exercise.harder": ("Harder", "Moeilijker"),
    "exercise.back": ("All exercises", "Alle oefeningen"),
    "glossary.link": ("The coach's words explained", "De woorden van de coach uitgelegd"),
    "glossary.hint": ("A term you don't know?", "Een term die je niet kent?"),
    # data
    "data.title": ("Your data", "Je gegevens"),
    "data.intro": (
        "Everything corecoach stores about you is yours: download it, or erase it.",
        "Alles wat corecoach over je opslaat is van jou: download het, of wis het.",
    ),
    "data.download": ("Download", "Downloaden"),
    "data.json": ("Everything (JSON)", "Alles (JSON)"),
    "data.csv_logs": ("Session log (CSV)", "Trainingslogboek (CSV)"),
    "data.csv_decisions": ("Decisions (CSV)", "Beslissingen (CSV)"),
    "data.delete_title": ("Erase everything", "Alles wissen"),
    "data.delete_text": (
        "This erases your answers, program, sessions, decisions and video analyses from this computer. It cannot be undone.",
        "Dit wist je antwoorden, programma, trainingen, beslissingen en videoanalyses van deze computer. Dit kan niet ongedaan worden gemaakt.",
    ),
    "data.delete_confirm": ("I understand: erase all my data", "Ik begrijp het: wis al mijn gegevens"),
    "data.delete_button": ("Erase my data", "Wis mijn gegevens"),
    "data.confirm_needed": ("Tick the box to confirm.", "Vink het vakje aan om te bevestigen."),
    "data.none": ("Nothing is stored yet.", "Er is nog niets opgeslagen."),
    # video
    "video.title": ("Video analysis", "Videoanalyse"),
    "video.intro": (
        "Film yourself with a phone: side view for squats and most core exercises, front view for carries and the Pallof "
        "press. 10-60 seconds, the whole body in view, in good light, only you in the picture.",
        "Film jezelf met een telefoon: van opzij voor squats en de meeste core-oefeningen, van voren voor dragen en de "
        "Pallof press. 10-60 seconden, het hele lichaam in beeld, goed licht, alleen jij in beeld.",
    ),
    "video.file": ("Video or photo", "Video of foto"),
    "video.types": ("mp4, mov, webm, avi, mkv, jpg or png; at most {size}", "mp4, mov, webm, avi, mkv, jpg of png; hoogstens {size}"),
    "video.movement": ("Movement", "Beweging"),
    "video.upload": ("Upload and analyse", "Uploaden en analyseren"),
    "video.history": ("Earlier analyses", "Eerdere analyses"),
    "video.none": ("No analyses yet.", "Nog geen analyses."),
    "video.no_file": ("Choose a file.", "Kies een bestand."),
    "video.bad_type": (
        "'{name}' is not a video or photo corecoach reads (mp4, mov, webm, avi, mkv, jpg, png).",
        "'{name}' is geen video of foto die corecoach leest (mp4, mov, webm, avi, mkv, jpg, png).",
    ),
    "video.bad_content": (
        "'{name}' is called a {kind} but its content is not one: it may be another kind of file renamed.",
        "'{name}' heet een {kind}, maar de inhoud is dat niet: misschien is het een ander soort bestand met een nieuwe naam.",
    ),
    "video.kind.video": ("video", "video"),
    "video.kind.photo": ("photo", "foto"),
    "job.state.queued": ("waiting", "wacht"),
    "job.state.running": ("analysing", "bezig"),
    "job.state.writing": ("making the report", "rapport maken"),
    "job.state.done": ("done", "klaar"),
    "job.state.failed": ("failed", "mislukt"),
    "job.queued": ("Waiting for its turn…", "Wacht op zijn beurt…"),
    "job.running": ("Analysing: frame {done} of {total}", "Bezig: beeld {done} van {total}"),
    "job.writing": ("Drawing the annotated video and the report…", "De video met aantekeningen en het rapport worden gemaakt…"),
    "job.done": ("Done", "Klaar"),
    "job.failed": ("The analysis failed", "De analyse is mislukt"),
    "job.why": ("Why", "Waarom"),
    "job.try_again": ("Try another clip", "Probeer een andere opname"),
    "job.report": ("Full report", "Volledig rapport"),
    "job.annotated": ("Annotated video", "Video met aantekeningen"),
    "job.program_changes": ("What your program does about it", "Wat je programma ermee doet"),
    "job.not_recorded": (
        "Not stored with a program: there is no program yet.",
        "Niet bij een programma opgeslagen: er is nog geen programma.",
    ),
    "job.nothing_changes": ("Nothing in your program changes.", "Er verandert niets in je programma."),
    "job.file": ("File", "Bestand"),
    "job.state": ("Status", "Status"),
    "result.movement": ("Movement", "Beweging"),
    "result.view": ("Camera view", "Camerastandpunt"),
    "result.reps": ("Reps", "Herhalingen"),
    "result.hold": ("Held in good position", "Goed vastgehouden"),
    "result.findings": ("What the trainer sees", "Wat de trainer ziet"),
    "result.no_findings": ("No faults found.", "Geen fouten gevonden."),
    "result.notes": ("Notes", "Opmerkingen"),
    "result.confidence": ("confidence {p}", "zekerheid {p}"),
    # errors
    "error.title": ("Something went wrong", "Er ging iets mis"),
    "error.csrf": (
        "This form has expired or came from another site. Go back, reload the page and try again.",
        "Dit formulier is verlopen of kwam van een andere site. Ga terug, laad de pagina opnieuw en probeer het nog eens.",
    ),
    "error.not_found": ("This page does not exist.", "Deze pagina bestaat niet."),
    "error.too_large": (
        "The file is too large: the limit is {size}. Film a shorter clip (10-60 seconds).",
        "Het bestand is te groot: de grens is {size}. Film een kortere opname (10-60 seconden).",
    ),
    "error.body_too_large": (
        "What was sent is too large: the limit is {size}. Send less at once.",
        "Wat er verstuurd werd is te groot: de grens is {size}. Stuur minder tegelijk.",
    ),
    "error.internal": (
        "Something went wrong on our side. Nothing you did caused it; please try again. If it keeps happening, the server's log says why.",
        "Er ging aan onze kant iets mis. Het ligt niet aan jou; probeer het nog eens. Blijft het gebeuren, dan staat de reden in het logboek van de server.",
    ),
    "error.back_home": ("Back to the start", "Terug naar het begin"),
    "error.back": ("Back", "Terug"),
    "error.no_profile": (
        "Nothing is stored yet: start with the safety check and assessment.",
        "Er is nog niets opgeslagen: begin met de veiligheidscheck en test.",
    ),
    "error.stopped": (
        "Your program is stopped because you reported a warning sign.",
        "Je programma is gestopt omdat je een alarmsignaal meldde.",
    ),
    # coach mode: accounts
    "nav.clients": ("Clients", "Cliënten"),
    "nav.login": ("Sign in", "Inloggen"),
    "nav.logout": ("Sign out", "Uitloggen"),
    "nav.signed_in_as": ("Signed in as {name}", "Ingelogd als {name}"),
    "login.title": ("Sign in", "Inloggen"),
    "login.lead": (
        "This corecoach is run by a coach. Sign in with the email address and password of your account. New here? Ask your coach for an invite link.",
        "Deze corecoach wordt beheerd door een coach. Log in met het e-mailadres en wachtwoord van je account. Nieuw? Vraag je coach om een uitnodigingslink.",
    ),
    "login.email": ("Email address", "E-mailadres"),
    "login.password": ("Password", "Wachtwoord"),
    "login.submit": ("Sign in", "Inloggen"),
    "login.failed": ("The email address or password is not right.", "Het e-mailadres of wachtwoord klopt niet."),
    "login.throttled": (
        "Too many failed sign-ins. For your safety, signing in is paused for {minutes} minute(s); try again then.",
        "Te vaak mislukt. Voor je veiligheid is inloggen {minutes} minuut/minuten gepauzeerd; probeer het daarna opnieuw.",
    ),
    "login.required": ("Please sign in to see this page.", "Log in om deze pagina te zien."),
    "invite.title": ("Make your account", "Maak je account"),
    "invite.lead": (
        "{coach} invited you to corecoach. Make your account; then you answer the safety check and get your program. Your coach sees your program, sessions and pain scores, nobody else does.",
        "{coach} nodigde je uit voor corecoach. Maak je account; daarna beantwoord je de veiligheidscheck en krijg je je programma. Je coach ziet je programma, sessies en pijnscores, verder niemand.",
    ),
    "invite.name": ("Your name", "Je naam"),
    "invite.password_again": ("The same password again", "Hetzelfde wachtwoord nog eens"),
    "invite.password_hint": ("At least 10 characters.", "Minstens 10 tekens."),
    "invite.language": ("Language", "Taal"),
    "invite.submit": ("Make my account", "Maak mijn account"),
    "invite.bad": ("This invite link cannot be used.", "Deze uitnodigingslink werkt niet."),
    "coach.title": ("Your clients", "Je cliënten"),
    "coach.lead": (
        "Who trained, who is stuck and who needs attention. The rules for both are below the list.",
        "Wie trainde, wie vastzit en wie aandacht nodig heeft. De regels voor beide staan onder de lijst.",
    ),
    "coach.none": (
        "No clients yet. Make an invite link below and send it to your client.",
        "Nog geen cliënten. Maak hieronder een uitnodigingslink en stuur die naar je cliënt.",
    ),
    "coach.col.client": ("Client", "Cliënt"),
    "coach.col.last": ("Last session", "Laatste sessie"),
    "coach.col.week": ("Sessions in 7 days", "Sessies in 7 dagen"),
    "coach.col.status": ("Status", "Status"),
    "coach.never": ("never", "nooit"),
    "coach.no_program": ("no program yet", "nog geen programma"),
    "coach.ok": ("on track", "op schema"),
    "coach.stuck": ("Stuck", "Vast"),
    "coach.attention": ("Needs attention", "Aandacht nodig"),
    "coach.rules_title": ("What the labels mean", "Wat de labels betekenen"),
    "coach.invite_title": ("Invite a client", "Nodig een cliënt uit"),
    "coach.invite_name": ("Client's name (to recognise the link)", "Naam van de cliënt (om de link te herkennen)"),
    "coach.invite_submit": ("Make an invite link", "Maak een uitnodigingslink"),
    "coach.invite_made": (
        "Send this link to {name}. It works once, for 7 days (until {until}); it is shown only now.",
        "Stuur deze link naar {name}. Hij werkt één keer, 7 dagen lang (tot {until}); hij wordt alleen nu getoond.",
    ),
    "coach.invite_anyone": ("your client", "je cliënt"),
    "coach.invites_open": ("Open invites", "Openstaande uitnodigingen"),
    "coach.invite_until": ("valid until {until}", "geldig tot {until}"),
    "client.title": ("{name}", "{name}"),
    "client.back": ("All clients", "Alle cliënten"),
    "client.back_to_client": ("Back to the client", "Terug naar de cliënt"),
    "client.videos_title": ("Video analyses", "Video-analyses"),
    "client.pain_title": ("Pain report (last 6 weeks)", "Pijnrapport (laatste 6 weken)"),
    "client.pain_none": ("No pain scores logged in the last 6 weeks.", "Geen pijnscores gelogd in de laatste 6 weken."),
    "client.col.date": ("Date", "Datum"),
    "client.col.exercise": ("Exercise", "Oefening"),
    "client.col.before": ("Before", "Vooraf"),
    "client.col.during": ("During", "Tijdens"),
    "client.col.morning": ("Next morning", "Ochtend erna"),
    "client.col.form": ("With good form", "Met goede techniek"),
    "client.this_hurts": ('"This hurts" pressed', '"Dit doet pijn" ingedrukt'),
    "client.red_flags_title": ("Red flags reported", "Gemelde alarmsignalen"),
    "client.clearances_title": ("Started after a doctor's or physio's check", "Begonnen na een controle door arts of fysiotherapeut"),
    "client.clearance": (
        "Confirmed on {on}: {who} saw them on {seen_on} for these answers and agrees they can start:",
        "Bevestigd op {on}: {who} heeft de cliënt op {seen_on} hiervoor gezien en vindt dat die kan beginnen:",
    ),
    "client.who.doctor": ("a doctor", "een arts"),
    "client.who.physio": ("a physio", "een fysiotherapeut"),
    "client.ladders_title": ("Ladders", "Ladders"),
    "client.adjust_title": ("Change a ladder", "Een ladder aanpassen"),
    "client.adjust_lead": (
        "Move one ladder to another step. Your reason is shown to the client with the change, beside the rules' own decisions.",
        "Zet één ladder op een andere stap. Je reden ziet de cliënt bij de wijziging, naast de beslissingen van de regels.",
    ),
    "client.adjust_function": ("Ladder", "Ladder"),
    "client.adjust_exercise": ("New step", "Nieuwe stap"),
    "client.adjust_reason": ("Reason (the client reads this)", "Reden (de cliënt leest dit)"),
    "client.adjust_submit": ("Change the program", "Pas het programma aan"),
    "client.adjusted": ("The program was changed; the client sees your reason.", "Het programma is aangepast; de cliënt ziet je reden."),
    "client.decisions_title": ("Decisions", "Beslissingen"),
    "coach.rule_id": ("The rule's name, for the coach", "De naam van de regel, voor de coach"),
    "client.no_program": ("This client has not made a program yet.", "Deze cliënt heeft nog geen programma gemaakt."),
    "concern.red_flag": ("Red flag reported", "Alarmsignaal gemeld"),
    "concern.pain_above_5": ("Pain above 5", "Pijn boven 5"),
    "concern.not_settled": ("Not settled next morning", "Ochtend erna niet gezakt"),
    "concern.this_hurts": ('"This hurts" pressed', '"Dit doet pijn" ingedrukt'),
    "concern.no_session_7_days": ("No session in 7 days", "7 dagen geen sessie"),
    "concern.no_progression_4_weeks": ("No step up in 4 weeks", "4 weken geen stap omhoog"),
    "program.coach_changes": ("Changes by your coach", "Wijzigingen door je coach"),
    "error.forbidden": ("This page belongs to someone else.", "Deze pagina is van iemand anders."),
    "error.invite": ("This invite link cannot be used: {reason}", "Deze uitnodigingslink werkt niet: {reason}"),
}

# the coach's ideas in the plain words every front end uses (presentation.words)
_M.update({f"function.{function.value}": words for function, words in FUNCTION_NAMES.items()})
_M.update({f"action.{action}": words for action, words in ACTION_NAMES.items()})
_M.update({f"level.{level.value}": words for level, words in LEVEL_NAMES.items()})

MESSAGES: dict[str, tuple[str, str]] = _M

_MONTHS = {
    Language.EN: ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    Language.NL: ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}
_WEEKDAYS_SHORT = {
    Language.EN: ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    Language.NL: ("ma", "di", "wo", "do", "vr", "za", "zo"),
}
_WEEKDAYS_LONG = {
    Language.EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    Language.NL: ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"),
}
_DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def translate(key: str, lang: Language, **values: Any) -> str:
    """The message ``key`` in ``lang``, with ``{name}`` fields filled from ``values``."""
    en, nl = MESSAGES[key]
    text = nl if lang is Language.NL else en
    return text.format(**values) if values else text


def parse_language(value: str | None) -> Language | None:
    """``en``/``nl`` (any case) or None."""
    if value is None:
        return None
    try:
        return Language(value.strip().lower())
    except ValueError:
        return None


@lru_cache(maxsize=256)
def language_from_accept(header: str | None) -> Language | None:
    """The first of English and Dutch in an ``Accept-Language`` header, by quality.

    Memoized (bounded): every page request asks, and a browser sends the same header each time.
    """
    if not header:
        return None
    ranked: list[tuple[float, int, Language]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        lang = parse_language(tag.split("-")[0])
        if lang is None:
            continue
        quality = 1.0
        match = re.search(r"q=([0-9.]+)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, lang))
    return min(ranked)[2] if ranked else None


def resolve_language(query: str | None, cookie: str | None, accept: str | None) -> Language:
    """``?lang=`` wins, then the cookie, then the browser's preference, then English."""
    return parse_language(query) or parse_language(cookie) or language_from_accept(accept) or Language.EN


def format_date(value: date | str, lang: Language, *, weekday: bool = False) -> str:
    """``3 Mar 2025`` / ``3 mrt 2025``; with ``weekday``: ``Mon 3 Mar 2025`` / ``ma 3 mrt 2025``."""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    text = f"{d.day} {_MONTHS[lang][d.month - 1]} {d.year}"
    return f"{_WEEKDAYS_SHORT[lang][d.weekday()]} {text}" if weekday else text


def format_short_date(value: date | str, lang: Language) -> str:
    """``3 Mar`` / ``3 mrt`` (chart axes)."""
    d = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{d.day} {_MONTHS[lang][d.month - 1]}"


def weekday_name(day: str, lang: Language, *, short: bool = False) -> str:
    """``mon`` -> ``Monday`` / ``maandag`` (``Mon`` / ``ma`` with ``short``)."""
    names = _WEEKDAYS_SHORT if short else _WEEKDAYS_LONG
    return names[lang][_DAY_KEYS.index(str(day))]


def format_number(value: float | None, lang: Language, digits: int = 1) -> str:
    """``2.5`` / ``2,5``; whole numbers without decimals; an en dash for None."""
    if value is None:
        return "–"
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.{digits}f}"
    return text.replace(".", ",") if lang is Language.NL else text


def format_size(n_bytes: int) -> str:
    """``314572800`` -> ``300 MB``; under a megabyte in KB."""
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes // (1024 * 1024)} MB"
    return f"{max(1, n_bytes // 1024)} KB"


def format_percent(value: float, lang: Language) -> str:
    """``0.85`` -> ``85%`` / ``85%``."""
    return f"{round(value * 100)}%"


# Validation messages from pydantic (English) as a person reads them, in both languages.
_PROBLEMS: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (re.compile(r"^required field is missing$"), "Please fill this in.", "Vul dit in."),
    (re.compile(r"^String should have at least 1 character"), "Please fill this in.", "Vul dit in."),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), "Must be {0} or less.", "Moet {0} of minder zijn."),
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), "Must be {0} or more.", "Moet {0} of meer zijn."),
    (re.compile(r"^Input should be greater than (\S+)$"), "Must be more than {0}.", "Moet meer dan {0} zijn."),
    (re.compile(r"^Input should be less than (\S+)$"), "Must be less than {0}.", "Moet minder dan {0} zijn."),
    (re.compile(r"^Input should be a valid integer"), "Enter a whole number.", "Vul een heel getal in."),
    (re.compile(r"^Input should be a finite number"), "Enter a number.", "Vul een getal in."),
    (re.compile(r"^Input should be a valid number"), "Enter a number.", "Vul een getal in."),
    (re.compile(r"^Input should be a valid boolean"), "Answer yes or no.", "Antwoord ja of nee."),
    (re.compile(r"^Input should be a valid date"), "Enter a date.", "Vul een datum in."),
    (re.compile(r"^Input should be '"), "Choose one of the options.", "Kies een van de mogelijkheden."),
    (re.compile(r"^String should have at most (\d+) characters?$"), "At most {0} characters.", "Hoogstens {0} tekens."),
    (re.compile(r"^List should have at least 1 item"), "Choose at least one.", "Kies er minstens één."),
    (re.compile(r"^Tuple should have at least 1 item"), "Choose at least one.", "Kies er minstens één."),
    (re.compile(r"each day may appear only once"), "Each day may appear only once.", "Elke dag mag maar één keer voorkomen."),
    (
        re.compile(r"^you reported a hernia or another back condition under care"),
        "You reported a hernia or another back condition under care: follow your doctor/physio, use corecoach only with "
        "their approval, and tick this box.",
        "Je meldde een hernia of een andere rugaandoening onder behandeling: volg je arts/fysiotherapeut, gebruik corecoach "
        "alleen met hun goedkeuring, en vink dit vakje aan.",
    ),
    (re.compile(r"^answer yes or no$"), "Answer yes or no.", "Antwoord ja of nee."),
    (re.compile(r"^give the date as YYYY-MM-DD"), "Enter a date (YYYY-MM-DD).", "Vul een datum in (JJJJ-MM-DD)."),
    (re.compile(r"^'(\S+)' is not a day in the calendar"), "{0} is not a day in the calendar.", "{0} bestaat niet in de kalender."),
    (
        re.compile(r"^(\S+) is in the future; give the date a doctor or physio saw you"),
        "{0} is in the future: give the date a doctor or physio saw you (today at the latest).",
        "{0} ligt in de toekomst: geef de datum waarop een arts of fysiotherapeut je zag (uiterlijk vandaag).",
    ),
    (
        re.compile(r"^(\S+) is more than (\d+) days ago"),
        "{0} is more than {1} days ago: a check that old is not about your back as it is now. Ask them to see you again.",
        "{0} is meer dan {1} dagen geleden: zo'n oude controle gaat niet over je rug zoals die nu is. Vraag of ze je opnieuw willen zien.",
    ),
    (
        re.compile(r"^Enter an email address like"),
        "Enter an email address like name@example.com.",
        "Vul een e-mailadres in zoals naam@voorbeeld.nl.",
    ),
    (
        re.compile(r"^Enter a name of 1 to (\d+) characters"),
        "Enter a name of 1 to {0} characters.",
        "Vul een naam in van 1 tot {0} tekens.",
    ),
    (re.compile(r"^Use at least (\d+) characters"), "Use at least {0} characters.", "Gebruik minstens {0} tekens."),
    (re.compile(r"^Use at most (\d+) characters"), "Use at most {0} characters.", "Gebruik hoogstens {0} tekens."),
    (
        re.compile(r"^Do not use your email address"),
        "Do not use your email address as the password.",
        "Gebruik je e-mailadres niet als wachtwoord.",
    ),
    (re.compile(r"^The two passwords are not the same"), "The two passwords are not the same.", "De twee wachtwoorden zijn niet gelijk."),
    (
        re.compile(r"^There is already an account for this email"),
        "There is already an account for this email address: sign in instead.",
        "Er is al een account met dit e-mailadres: log in.",
    ),
    (
        re.compile(r"^write (\d+) to (\d+) characters; the client reads it"),
        "Write {0} to {1} characters; the client reads it.",
        "Schrijf {0} tot {1} tekens; de cliënt leest het.",
    ),
    (re.compile(r"is not on the (\S+) ladder"), "That exercise is not on this ladder.", "Die oefening staat niet op deze ladder."),
    (
        re.compile(r"^give what was done"),
        "Give what was done: reps, seconds or metres.",
        "Geef aan wat je gedaan hebt: herhalingen, seconden of meters.",
    ),
)


def translate_problem(message: str, lang: Language) -> str:
    """A validation message in the reader's language (the English original when it is not known)."""
    text = message.removeprefix("Value error, ")
    for pattern, en, nl in _PROBLEMS:
        match = pattern.search(text)
        if match:
            return (nl if lang is Language.NL else en).format(*match.groups())
    return text[:1].upper() + text[1:]
