"""Exit codes, mapped from the exception tree in one place."""

from __future__ import annotations

from corecoach.errors import CoachError, InvalidInputError, MediaError, NoPersonError, ProfileNotFoundError, RedFlagStop

OK = 0
FAILURE = 1
INVALID_INPUT = 2
RED_FLAG = 3
NO_PERSON = 4


def exit_code_for(error: CoachError) -> int:
    if isinstance(error, RedFlagStop):
        return RED_FLAG
    if isinstance(error, InvalidInputError | MediaError):
        return INVALID_INPUT
    if isinstance(error, NoPersonError):
        return NO_PERSON
    if isinstance(error, ProfileNotFoundError):
        return FAILURE
    return FAILURE
