"""Video analyses as background jobs, so a request never waits for the pose model.

A job lives in its own folder, ``<data_dir>/web/analyses/<profile key>/<job id>/``: the upload
(deleted once analysed: the annotated copy is what is kept), ``status.json`` and what
:func:`corecoach.presentation.analysis_report.write_outputs` writes (``result.json``, the
annotated video, ``angles.png``, ``report.html``). Jobs run one at a time in a thread pool (each
keeps a CPU core busy); the state and frame count are kept in memory while a job runs and in
``status.json`` at each change of state (and about once a second while frames are analysed), so
finished jobs survive a restart and a job cut off by one reads as failed, with that reason. With
several server processes (``corecoach serve --workers N``) each runs the jobs it accepted; the
others read their progress from ``status.json`` (which names the owning process).

The analysis itself is an injectable :data:`AnalysisRunner` (the real one decodes the video and
runs the pose model), so tests can run the job machinery without the model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, BinaryIO

from corecoach.catalogue import Catalogue
from corecoach.domain.enums import Language
from corecoach.errors import CoachError, InvalidInputError, ProfileNotFoundError
from corecoach.motion.results import Movement
from corecoach.storage.database import Database
from corecoach.web.errors import AnalysisNotFoundError, UploadTooLargeError
from corecoach.web.uploads import safe_stem

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]
#: ``runner(media, out_dir, movement, lang, on_progress, on_writing) -> (result document, written files)``
AnalysisRunner = Callable[[Path, Path, Movement, Language, ProgressCallback, Callable[[], None]], tuple[dict[str, Any], list[Path]]]

JOB_ID = re.compile(r"^[0-9a-f]{32}$")
PROGRESS_SAVE_S = 1.0
STATUS_FILE = "status.json"
RESULT_FILE = "result.json"


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    WRITING = "writing"
    DONE = "done"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED)


@dataclass
class AnalysisJob:
    """One analysis: what was uploaded, how far it got, and what came out (or why it failed)."""

    id: str
    profile: str
    file_name: str
    media_name: str
    movement: str
    lang: str
    created_at: str
    state: JobState = JobState.QUEUED
    frames_done: int = 0
    frames_total: int = 0
    error: str | None = None
    error_type: str | None = None
    outputs: list[str] = field(default_factory=list)
    #: What the program did about the findings: ``{"rule", "en", "nl"}`` each.
    adjustments: list[dict[str, str]] = field(default_factory=list)
    recorded: bool = False
    #: The server process running the job (other processes read its progress from status.json).
    pid: int = 0

    @property
    def annotated(self) -> str | None:
        return next((n for n in self.outputs if "_annotated." in n), None)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["state"] = self.state.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AnalysisJob:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["state"] = JobState(known.get("state", JobState.FAILED.value))
        return cls(**known)


class _Cancelled(Exception):
    """The person erased their data while their analysis ran."""


def run_analysis(
    media: Path, out_dir: Path, movement: Movement, lang: Language, on_progress: ProgressCallback, on_writing: Callable[[], None]
) -> tuple[dict[str, Any], list[Path]]:
    """The real analysis: decode, pose model, analyse, then the annotated video and the report."""
    from corecoach.presentation.analysis_report import write_outputs
    from corecoach.services.analysis import analyse_media_with_track

    result, track = analyse_media_with_track(media, movement, progress=on_progress)
    on_writing()
    written = write_outputs(media, result, track, out_dir, lang)
    return result.model_dump(mode="json"), written


def _runs_elsewhere(pid: int) -> bool:
    """True when another live server process owns the job (so an unfinished status is not a cut-off one)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def profile_key(profile: str) -> str:
    """A folder name for a profile that reveals nothing and cannot escape the analyses folder."""
    return hashlib.sha256(profile.encode("utf-8")).hexdigest()[:24]


class AnalysisJobs:
    """Queue, run and look up analyses. ``record(profile, result)`` stores a finished one with the profile."""

    def __init__(
        self,
        root: Path,
        db: Database,
        catalogue: Catalogue,
        *,
        workers: int = 1,
        runner: AnalysisRunner | None = None,
    ) -> None:
        self.root = root
        self.db = db
        self.catalogue = catalogue
        self.runner: AnalysisRunner = runner or run_analysis
        self._jobs: dict[str, AnalysisJob] = {}
        self._cancelled: set[str] = set()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="corecoach-analysis")

    # -- folders -------------------------------------------------------------------------------
    def profile_dir(self, profile: str) -> Path:
        return self.root / profile_key(profile)

    def job_dir(self, job: AnalysisJob) -> Path:
        return self.profile_dir(job.profile) / job.id

    def output_path(self, job: AnalysisJob, name: str) -> Path:
        """One of the job's written files; anything else is not found (no path tricks)."""
        if name not in job.outputs:
            raise AnalysisNotFoundError(f"There is no file '{name}' in this analysis.")
        return self.job_dir(job) / name

    def _save(self, job: AnalysisJob) -> None:
        folder = self.job_dir(job)
        if not folder.is_dir():
            return
        tmp = folder / (STATUS_FILE + ".tmp")
        tmp.write_text(json.dumps(job.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(folder / STATUS_FILE)

    # -- submit --------------------------------------------------------------------------------
    def submit(
        self, profile: str, file_name: str, source: BinaryIO, suffix: str, movement: Movement, lang: Language, max_bytes: int
    ) -> AnalysisJob:
        """Copy the (already type-checked) upload into a new job folder and queue the analysis."""
        job = AnalysisJob(
            id=secrets.token_hex(16),
            profile=profile,
            file_name=file_name[:255],
            media_name=safe_stem(file_name) + suffix.lower(),
            movement=movement.value,
            lang=lang.value,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            pid=os.getpid(),
        )
        folder = self.job_dir(job)
        folder.mkdir(parents=True, exist_ok=False)
        copied = 0
        try:
            with (folder / job.media_name).open("wb") as out:
                while chunk := source.read(1024 * 1024):
                    copied += len(chunk)
                    if copied > max_bytes:
                        raise UploadTooLargeError(max_bytes)
                    out.write(chunk)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        with self._lock:
            self._jobs[job.id] = job
        self._save(job)
        self._pool.submit(self._run, job.id)
        return replace(job)

    # -- look up -------------------------------------------------------------------------------
    def get(self, profile: str, job_id: str) -> AnalysisJob:
        """A snapshot of the job; only the profile's own jobs are found."""
        if not JOB_ID.match(job_id):
            raise AnalysisNotFoundError("There is no analysis with that id.")
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                if job.profile != profile:
                    raise AnalysisNotFoundError("There is no analysis with that id.")
                return replace(job, outputs=list(job.outputs), adjustments=list(job.adjustments))
        return self._load(self.profile_dir(profile) / job_id / STATUS_FILE, profile)

    def _load(self, path: Path, profile: str) -> AnalysisJob:
        try:
            job = AnalysisJob.from_json(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError) as exc:
            raise AnalysisNotFoundError("There is no analysis with that id.") from exc
        if job.profile != profile:
            raise AnalysisNotFoundError("There is no analysis with that id.")
        if not job.state.finished and job.id not in self._jobs and not _runs_elsewhere(job.pid):
            job.state = JobState.FAILED
            job.error = "The app was stopped while this analysis ran. Upload the clip again."
        return job

    def list_jobs(self, profile: str) -> list[AnalysisJob]:
        """The profile's analyses, newest first."""
        folder = self.profile_dir(profile)
        jobs: list[AnalysisJob] = []
        if folder.is_dir():
            for status in folder.glob(f"*/{STATUS_FILE}"):
                try:
                    jobs.append(self.get(profile, status.parent.name))
                except AnalysisNotFoundError:
                    continue
        return sorted(jobs, key=lambda j: j.created_at, reverse=True)

    def result(self, job: AnalysisJob) -> dict[str, Any] | None:
        """The result document of a finished job."""
        if job.state is not JobState.DONE:
            return None
        try:
            data: dict[str, Any] = json.loads((self.job_dir(job) / RESULT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data

    # -- erase ---------------------------------------------------------------------------------
    def delete_profile_files(self, profile: str) -> None:
        """Erase every analysis of the profile; a running one stops and leaves nothing behind."""
        with self._lock:
            for job in self._jobs.values():
                if job.profile == profile:
                    self._cancelled.add(job.id)
            self._jobs = {k: v for k, v in self._jobs.items() if v.profile != profile or not v.state.finished}
        shutil.rmtree(self.profile_dir(profile), ignore_errors=True)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- run -----------------------------------------------------------------------------------
    def _update(self, job_id: str, **changes: Any) -> AnalysisJob:
        with self._lock:
            job = self._jobs[job_id]
            for key, value in changes.items():
                setattr(job, key, value)
            return replace(job)

    def _check_cancelled(self, job_id: str) -> None:
        if job_id in self._cancelled:
            raise _Cancelled

    def _run(self, job_id: str) -> None:
        job = self._update(job_id, state=JobState.RUNNING)
        self._save(job)
        folder = self.job_dir(job)
        media = folder / job.media_name

        last_saved = time.monotonic()

        def on_progress(done: int, total: int) -> None:
            nonlocal last_saved
            self._check_cancelled(job_id)
            snapshot = self._update(job_id, frames_done=done, frames_total=max(total, done))
            if time.monotonic() - last_saved >= PROGRESS_SAVE_S:  # for the other server processes
                last_saved = time.monotonic()
                self._save(snapshot)

        def on_writing() -> None:
            self._check_cancelled(job_id)
            self._save(self._update(job_id, state=JobState.WRITING))

        try:
            result, written = self.runner(media, folder, Movement(job.movement), Language(job.lang), on_progress, on_writing)
            self._check_cancelled(job_id)
            result_path = folder / RESULT_FILE
            result_path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            recorded, adjustments = self._record(job.profile, result)
            names = [p.name for p in written if p.parent == folder and p.name != RESULT_FILE]
            job = self._update(
                job_id,
                state=JobState.DONE,
                outputs=[RESULT_FILE, *names],
                recorded=recorded,
                adjustments=adjustments,
            )
        except _Cancelled:
            shutil.rmtree(folder, ignore_errors=True)
            with self._lock:
                self._jobs.pop(job_id, None)
            return
        except CoachError as exc:
            job = self._update(job_id, state=JobState.FAILED, error=str(exc), error_type=type(exc).__name__)
        except Exception as exc:  # a bug or a broken installation: say so instead of hanging at "running"
            log.exception("analysis %s failed", job_id)
            job = self._update(
                job_id,
                state=JobState.FAILED,
                error=f"The analysis stopped unexpectedly ({type(exc).__name__}). Please try another clip.",
                error_type=type(exc).__name__,
            )
        finally:
            media.unlink(missing_ok=True)
        if job_id in self._cancelled:
            shutil.rmtree(folder, ignore_errors=True)
            return
        self._save(job)

    def _record(self, profile: str, result: dict[str, Any]) -> tuple[bool, list[dict[str, str]]]:
        """Store the analysis with the profile so the program acts on it; skipped without a profile."""
        from corecoach.services.coaching import record_analysis

        try:
            outcome = record_analysis(self.db, profile, result, self.catalogue)
        except (ProfileNotFoundError, InvalidInputError):
            return False, []  # no profile yet, or stopped by a red flag: the report still stands
        return True, [{"rule": rule, "en": en, "nl": nl} for rule, en, nl in outcome.adjustments]
