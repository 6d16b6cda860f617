"""Use cases as the web offers them, shared by the pages and the JSON API.

A red flag takes precedence over everything else in an intake: even when other answers are
missing or wrong, a reported red flag ends with the referral (stored, as the CLI's guided screen
does) and no program, instead of asking the person to fix their pain score first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.errors import InvalidInputError, UnsupportedFileTypeError
from corecoach.motion.results import Movement
from corecoach.programs.generator import Program
from corecoach.screening.red_flags import Referral, load_red_flags, make_referral
from corecoach.screening.triage import SafetyNet
from corecoach.screening.validation import validate_intake
from corecoach.services.coaching import plan_from_intake, record_referral
from corecoach.storage.database import Database
from corecoach.web.errors import UploadTooLargeError
from corecoach.web.i18n import translate
from corecoach.web.jobs import AnalysisJob, AnalysisJobs
from corecoach.web.uploads import SNIFF_BYTES, kind_for_name, sniff_kind


@dataclass(frozen=True)
class PlanResult:
    program: Program | None = None
    referral: Referral | None = None
    #: With a program made after a doctor's or physio's clearance: who, when, the answers it covers, the warning signs.
    safety_net: SafetyNet | None = None


def reported_red_flags(document: object) -> list[str]:
    """Known red-flag ids answered ``true`` in a raw intake document."""
    flags = load_red_flags()
    answers = document.get("red_flags") if isinstance(document, Mapping) else None
    if not isinstance(answers, Mapping):
        return []
    return [k for k, v in answers.items() if v is True and k in flags]


def plan_or_refer(db: Database, profile: str, document: object, catalogue: Catalogue) -> PlanResult:
    """A program from a valid intake, or the referral when a red flag stops it (raises InvalidInputError otherwise).

    A document that reports only "see a doctor before starting" answers and carries a ``clearance``
    is validated like one without red flags: its problems (the clearance's date among them) come
    back to be fixed, since the person says a doctor or physio agrees they can start.
    """
    reported = reported_red_flags(document)
    clearing = isinstance(document, Mapping) and document.get("clearance") is not None
    if reported and not (clearing and all(load_red_flags()[i].clearable for i in reported)):
        try:
            intake = validate_intake(document)
        except InvalidInputError:
            referral = make_referral(reported)
            assert referral is not None
            record_referral(db, profile, referral)
            return PlanResult(referral=referral)
    else:
        intake = validate_intake(document)
    outcome = plan_from_intake(db, profile, intake, catalogue)
    return PlanResult(program=outcome.program, referral=outcome.referral, safety_net=outcome.safety_net)


#: Auto first: it is the default choice on the upload form.
MOVEMENT_CHOICES: tuple[Movement, ...] = (Movement.AUTO, *(m for m in Movement if m not in (Movement.AUTO, Movement.UNKNOWN)))


def parse_movement(value: str | None) -> Movement:
    try:
        movement = Movement((value or Movement.AUTO.value).strip())
    except ValueError:
        movement = Movement.UNKNOWN
    if movement is Movement.UNKNOWN:
        choices = ", ".join(m.value for m in MOVEMENT_CHOICES)
        raise InvalidInputError("The movement is not one corecoach analyses:", [f"movement: '{value}' is not one of {choices}"])
    return movement


async def accept_upload(form: FormData, jobs: AnalysisJobs, profile: str, lang: Language, max_bytes: int) -> AnalysisJob:
    """Check an uploaded file (size, name, first bytes) before trusting it, then queue its analysis."""
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise InvalidInputError(translate("video.no_file", lang), [f"file: {translate('video.no_file', lang)}"])
    name = upload.filename
    kind = kind_for_name(name)
    if kind is None:
        raise UnsupportedFileTypeError(translate("video.bad_type", lang, name=name))
    if upload.size is not None and upload.size > max_bytes:
        raise UploadTooLargeError(max_bytes)
    head = await upload.read(SNIFF_BYTES)
    await upload.seek(0)
    if sniff_kind(head) != kind:
        raise UnsupportedFileTypeError(translate("video.bad_content", lang, name=name, kind=translate(f"video.kind.{kind}", lang)))
    movements = form.getlist("movement")
    if len(movements) > 1 or not all(isinstance(m, str) for m in movements):
        raise InvalidInputError("The movement is not one corecoach analyses:", ["movement: give one movement, as text"])
    movement = parse_movement(str(movements[0]) if movements else None)
    suffix = "." + name.rsplit(".", 1)[-1]
    try:
        return await run_in_threadpool(jobs.submit, profile, name, upload.file, suffix, movement, lang, max_bytes)
    finally:
        await upload.close()
