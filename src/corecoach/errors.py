"""The exception tree of corecoach.

Every error a person can act on is a :class:`CoachError`; its message is written for people,
not for programmers. The CLI maps these to exit codes in one place (``cli/exit_codes.py``)::

    CoachError
    ├── InvalidInputError        bad intake, log entry or option (exit 2)
    │   └── UnknownExerciseError an exercise id that is not in the catalogue
    ├── CatalogueError           a broken catalogue data file (a bug in corecoach or a local edit)
    ├── RedFlagStop              a red flag was reported: stop and see a doctor (exit 3)
    ├── ProfileNotFoundError     the named profile has no data yet
    ├── StorageError             the database could not be opened or written
    ├── MediaError               a video or photo that cannot be used (exit 2)
    │   ├── UnsupportedFileTypeError  not a video or photo format corecoach reads
    │   └── VideoReadError            corrupt, truncated or empty (zero frames)
    ├── NoPersonError            nobody was found in the frames (exit 4)
    ├── PoseBackendError         the pose model could not be loaded
    └── AccessError              coach mode: who may see or change what
        ├── LoginRequiredError    not signed in
        ├── LoginFailedError      wrong email or password
        ├── LoginThrottledError   too many failed sign-ins: wait a while
        ├── InviteError           an invite link that is unknown, used or expired
        └── PermissionDeniedError the page or data belongs to someone else
"""

from __future__ import annotations

from collections.abc import Sequence


class CoachError(Exception):
    """Base class: ``str(error)`` is a message a person understands."""


class InvalidInputError(CoachError):
    """Input that corecoach cannot use; ``problems`` lists each field and what is wrong with it."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        self.problems = list(problems)
        full = message if not self.problems else message + "\n" + "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(full)


class UnknownExerciseError(InvalidInputError):
    """An exercise id that the catalogue does not contain."""


class CatalogueError(CoachError):
    """A catalogue data file is missing or does not match its schema."""


class RedFlagStop(CoachError):
    """A red flag was reported. Carries the referral so callers can show it and store it."""

    def __init__(self, referral: object) -> None:
        self.referral = referral
        super().__init__("A red flag was reported: stop and see a doctor before training.")


class ProfileNotFoundError(CoachError):
    """The profile has no intake or program stored yet."""


class StorageError(CoachError):
    """The database could not be opened, migrated or written."""


class MediaError(CoachError):
    """A video or photo that cannot be used."""


class UnsupportedFileTypeError(MediaError):
    """The file is not a video or photo type corecoach reads."""


class VideoReadError(MediaError):
    """The file could not be decoded: corrupt, truncated or without frames."""


class NoPersonError(CoachError):
    """No person was found in the video or photo."""


class PoseBackendError(CoachError):
    """The pose model could not be loaded (e.g. mediapipe is not installed)."""


class AccessError(CoachError):
    """Coach mode: the request may not see or change what it asked for."""


class LoginRequiredError(AccessError):
    """Nobody is signed in (or the sign-in has expired)."""


class LoginFailedError(AccessError):
    """The email or password is wrong (we never say which)."""


class LoginThrottledError(AccessError):
    """Too many failed sign-ins in a short time; ``retry_after_s`` says how long to wait."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        self.retry_after_s = retry_after_s
        super().__init__(message)


class InviteError(AccessError):
    """An invite link that does not exist, was used already or has expired."""


class PermissionDeniedError(AccessError):
    """The page or data belongs to someone else."""
