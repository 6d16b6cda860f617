"""Analyses when several server processes share the analyses folder (``corecoach serve --workers N``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from corecoach.catalogue import Catalogue
from corecoach.storage.database import Database
from corecoach.web.jobs import STATUS_FILE, AnalysisJob, AnalysisJobs, JobState

JOB_ID = "0" * 31 + "1"


def _write_status(jobs: AnalysisJobs, pid: int, state: JobState = JobState.RUNNING) -> None:
    job = AnalysisJob(
        id=JOB_ID, profile="sam", file_name="squat.mp4", media_name="squat.mp4", movement="squat", lang="en",
        created_at="2026-11-25T10:00:00+00:00", state=state, frames_done=40, frames_total=100, pid=pid,
    )  # fmt: skip
    folder = jobs.profile_dir("sam") / JOB_ID
    folder.mkdir(parents=True)
    (folder / STATUS_FILE).write_text(json.dumps(job.to_json()), encoding="utf-8")


@pytest.fixture
def jobs(tmp_path: Path, sqlite_url: str, catalogue: Catalogue) -> AnalysisJobs:
    db = Database(sqlite_url)
    return AnalysisJobs(tmp_path / "analyses", db, catalogue)


def test_a_job_another_live_process_runs_shows_its_progress(jobs: AnalysisJobs) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _write_status(jobs, other.pid)
        job = jobs.get("sam", JOB_ID)
        assert (job.state, job.frames_done, job.frames_total, job.error) == (JobState.RUNNING, 40, 100, None)
    finally:
        other.kill()
        other.wait()
    cut_off = jobs.get("sam", JOB_ID)  # that process is gone: the job was cut off
    assert cut_off.state is JobState.FAILED and cut_off.error and "stopped" in cut_off.error


def test_an_unfinished_job_of_this_process_that_it_does_not_know_was_cut_off(jobs: AnalysisJobs) -> None:
    _write_status(jobs, os.getpid())  # written by an earlier run of this same process id: not running here
    assert jobs.get("sam", JOB_ID).state is JobState.FAILED


def test_finished_jobs_read_the_same_from_any_process(jobs: AnalysisJobs) -> None:
    _write_status(jobs, 999_999_999, JobState.DONE)
    assert jobs.get("sam", JOB_ID).state is JobState.DONE
