"""Exit codes, mapped from the exception tree in one place."""

from __future__ import annotations

from corecoach.errors import CoachError, InvalidInputError, ProfileNotFoundError, RedFlagStop

OK = 0
FAILURE = 1
INVALID_INPUT = 2
RED_FLAG = 3


def exit_code_for(error: CoachError) -> int:
    if isinstance(error, RedFlagStop):
        return RED_FLAG
    if isinstance(error, InvalidInputError):
        return INVALID_INPUT
    if isinstance(error, ProfileNotFoundError):
        return FAILURE
    return FAILURE
