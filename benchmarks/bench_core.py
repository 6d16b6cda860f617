"""Benchmark: plan generation, and a progression decision after one week vs one year of logs.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_core.py``). Prints median times
and the year/week ratio, measured in the same run on temporary SQLite files; the target is that
the decision's cost does not grow with the log (ratio close to 1, far below the 52x log growth).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import yaml
from rich.console import Console
from rich.progress import track

from corecoach.assessment.assess import assess
from corecoach.catalogue import load_catalogue
from corecoach.programs.generator import generate_program
from corecoach.programs.progression import ExerciseLog
from corecoach.screening.validation import validate_intake
from corecoach.services.coaching import log_session, plan_from_intake
from corecoach.storage.database import Database
from corecoach.storage.orm import ExerciseLogRecord, SessionRecord
from corecoach.storage.repositories import get_profile

ROOT = Path(__file__).resolve().parents[1]
console = Console(stderr=True)


def median_s(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def make_db(folder: Path, sessions: int) -> Database:
    """A profile on the example plan with ``sessions`` logged dead-bug sessions (3 a week)."""
    db = Database(f"sqlite:///{folder / f'log_{sessions}.db'}")
    intake = validate_intake(yaml.safe_load((ROOT / "examples" / "intake.yaml").read_text()))
    plan_from_intake(db, "bench", intake, load_catalogue())
    start = date(2025, 1, 6)
    with db.transaction() as s:
        profile = get_profile(s, "bench")
        for n in track(range(sessions), description=f"logging {sessions} sessions", console=console, transient=True):
            on = start + timedelta(days=(n // 3) * 7 + (n % 3) * 2)
            rec = SessionRecord(profile_id=profile.id, session_date=on, red_flag_ids=[])
            s.add(rec)
            s.flush()
            s.add(
                ExerciseLogRecord(
                    session_id=rec.id,
                    profile_id=profile.id,
                    exercise_id="dead_bug",
                    session_date=on,
                    sets=3,
                    reps_per_side=6,
                    clean_form=True,
                    pain_before=2,
                    pain_during=2,
                    pain_next_morning=2,
                )
            )
    return db


def main() -> None:
    catalogue = load_catalogue()
    intake = validate_intake(yaml.safe_load((ROOT / "examples" / "intake.yaml").read_text()))
    plan_s = median_s(lambda: generate_program(intake, assess(intake, catalogue), catalogue), 200)
    entry = ExerciseLog(
        exercise_id="dead_bug",
        session_date=date(2026, 1, 5),
        sets=3,
        reps_per_side=6,
        clean_form=True,
        pain_before=2,
        pain_during=2,
        pain_next_morning=2,
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        week_db = make_db(folder, 3)
        year_db = make_db(folder, 156)
        # each timed call adds one more session, the way a person logs; rung stays (criterion not met)
        week_s = median_s(lambda: log_session(week_db, "bench", [entry], catalogue), 30)
        year_s = median_s(lambda: log_session(year_db, "bench", [entry], catalogue), 30)
        week_db.dispose()
        year_db.dispose()
    out = Console()
    out.print("[bold]corecoach core benchmark[/bold] (median of repeated runs, this machine)")
    out.print(f"plan generation (assess + generate, pure):      {plan_s * 1e3:8.2f} ms")
    out.print(f"log + progression decision after 1 week  (3):   {week_s * 1e3:8.3f} ms")
    out.print(f"log + progression decision after 1 year (156):  {year_s * 1e3:8.3f} ms")
    out.print(f"ratio year/week: {year_s / week_s:.2f}  (log grew {156 / 3:.0f}x; target: ratio well below that, ideally ~1)")


if __name__ == "__main__":
    main()
