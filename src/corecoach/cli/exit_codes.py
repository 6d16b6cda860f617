"""Exit codes of the ``corecoach`` command, mapped from the exception tree in one place.

Every failure ends with one of these codes and one readable message on stderr (with ``--json``,
also an ``{"error": ...}`` document on stdout). :data:`EXIT_CODES` is the documented table; the
README shows the same table and a test keeps the two in step.
"""

from __future__ import annotations

from corecoach.errors import CoachError, InvalidInputError, MediaError, NoPersonError, RedFlagStop

OK = 0
#: A known failure that is not the input's fault: no such profile or no program yet, the database
#: cannot be opened or written, access refused, or the person cancelled.
FAILURE = 1
#: Bad input: an invalid intake or session file, an option out of range, a file that cannot be used.
INVALID_INPUT = 2
#: A red flag was reported: stop and see a doctor (the referral is shown).
RED_FLAG = 3
#: Nobody was found in the video or photo.
NO_PERSON = 4
#: A bug in corecoach: the trace is written to the error log (its path is in the message).
INTERNAL_ERROR = 70  # EX_SOFTWARE in BSD's sysexits.h

#: The documented table: code -> when it is used.
EXIT_CODES: dict[int, str] = {
    OK: "done",
    FAILURE: "no such profile or no program yet, the database cannot be opened or written, or cancelled",
    INVALID_INPUT: "invalid input: an intake or session file, an option, or a file that cannot be used or written",
    RED_FLAG: "a red flag was reported: no program; see a doctor",
    NO_PERSON: "nobody was found in the video or photo",
    INTERNAL_ERROR: "an internal error (a bug): the trace is in the error log named in the message",
}


def exit_code_for(error: CoachError) -> int:
    """The exit code of a domain error (anything else is an internal error)."""
    if isinstance(error, RedFlagStop):
        return RED_FLAG
    if isinstance(error, InvalidInputError | MediaError):
        return INVALID_INPUT
    if isinstance(error, NoPersonError):
        return NO_PERSON
    return FAILURE  # ProfileNotFoundError, StorageError, PoseBackendError, AccessError, CatalogueError
