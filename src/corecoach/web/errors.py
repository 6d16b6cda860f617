"""HTTP statuses for the exception tree, in this one place, and the web layer's own errors.

The web layer adds these errors to :mod:`corecoach.errors`::

    CoachError
    ├── MediaError
    │   └── UploadTooLargeError   an upload over the size limit (413)
    ├── BodyTooLargeError         any other request body (JSON, a form) over its limit (413)
    └── AnalysisNotFoundError     no analysis job with that id for this person (404)
    CsrfError                     a form without a valid CSRF token, or from another site (403)

``CsrfError`` is not a :class:`CoachError`: it is about the request, not about the person's data.

How each error becomes a status (first match wins; subclasses come before their base):

====================================  ======  =================================================
error                                 status  why
====================================  ======  =================================================
RedFlagStop                           409     the request is fine, but the profile's state (a
                                              red flag) forbids a program: the body carries the
                                              referral
UploadTooLargeError                   413     Payload Too Large
BodyTooLargeError                     413     Payload Too Large (not a video: no "film a
                                              shorter clip")
UnsupportedFileTypeError              415     Unsupported Media Type
InvalidInputError (UnknownExercise)   422     names each field and its problem
MediaError (VideoReadError)           422     a damaged or empty video
NoPersonError                         422     nobody in the frames
LoginRequiredError                    401     coach mode, not signed in (pages redirect to
                                              the sign-in page instead)
LoginFailedError                      401     wrong email or password
LoginThrottledError                   429     too many failed sign-ins (with Retry-After)
PermissionDeniedError                 403     someone else's data
InviteError                           410     an unknown, used or expired invite link
ProfileNotFoundError                  404     nothing stored yet
AnalysisNotFoundError                 404
StorageError                          503     the database could not be read or written
PoseBackendError                      503     the pose model is not installed
CatalogueError, any other CoachError  500     a bug or a broken installation
====================================  ======  =================================================
"""

from __future__ import annotations

from typing import Any

from corecoach.errors import (
    AccessError,
    CatalogueError,
    CoachError,
    InvalidInputError,
    InviteError,
    LoginFailedError,
    LoginRequiredError,
    LoginThrottledError,
    MediaError,
    NoPersonError,
    PermissionDeniedError,
    PoseBackendError,
    ProfileNotFoundError,
    RedFlagStop,
    StorageError,
    UnsupportedFileTypeError,
)


def size_text(n_bytes: int) -> str:
    """A size limit as a person reads it: ``2 MB``, ``64 KB``."""
    return f"{n_bytes // (1024 * 1024)} MB" if n_bytes >= 1024 * 1024 else f"{max(1, n_bytes // 1024)} KB"


class UploadTooLargeError(MediaError):
    """The upload is larger than the limit; it was refused before its bytes were read."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        super().__init__(f"The file is too large: the limit is {size_text(limit_bytes)}. Film a shorter clip (10-60 seconds).")


class BodyTooLargeError(CoachError):
    """A request body other than an upload (JSON, a form) is larger than its limit; it was not read."""

    def __init__(self, limit_bytes: int) -> None:
        self.limit_bytes = limit_bytes
        super().__init__(f"The request body is too large: the limit is {size_text(limit_bytes)}. Send less at once.")


class AnalysisNotFoundError(CoachError):
    """There is no analysis with that id for this person."""


class CoachOnlyPagesError(PermissionDeniedError):
    """A coach asked for a client's own page (/program, /session...): coaches see clients under /clients."""


class CsrfError(Exception):
    """A form POST without a matching CSRF token, or a write from another site."""


STATUS_BY_ERROR: tuple[tuple[type[CoachError], int], ...] = (
    (RedFlagStop, 409),
    (UploadTooLargeError, 413),
    (BodyTooLargeError, 413),
    (UnsupportedFileTypeError, 415),
    (InvalidInputError, 422),
    (MediaError, 422),
    (NoPersonError, 422),
    (LoginRequiredError, 401),
    (LoginFailedError, 401),
    (LoginThrottledError, 429),
    (PermissionDeniedError, 403),
    (InviteError, 410),
    (AccessError, 403),
    (ProfileNotFoundError, 404),
    (AnalysisNotFoundError, 404),
    (StorageError, 503),
    (PoseBackendError, 503),
    (CatalogueError, 500),
    (CoachError, 500),
)

CSRF_STATUS = 403


def status_for(error: CoachError) -> int:
    """The HTTP status for an error (the table above)."""
    for kind, status in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status
    return 500


def error_document(error: CoachError) -> dict[str, Any]:
    """The JSON body of an API error, the same shape as the CLI's ``--json`` errors."""
    problems = error.problems if isinstance(error, InvalidInputError) else []
    message = str(error).split("\n  - ", 1)[0] if problems else str(error)
    return {"error": {"type": type(error).__name__, "message": message, "problems": problems}}
