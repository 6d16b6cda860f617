"""Record the real model's landmarks on every shared clip as test fixtures.

Runs MediaPipe (tracking mode, segmentation on) over each clip in ``<shared>/data/clips`` and writes
``tests/fixtures/landmarks/<clip-stem>.npz`` with :func:`corecoach.pose.replay.save_recording`:
every frame's image and world landmarks, visibility, timestamps, frame size, fps and the number of
person-sized regions in the mask. ``back_curvature`` is left NaN (the analysis computes it).

``<shared>`` is ``$CORECOACH_SHARED_DIR`` when set, else ``../shared`` beside the repository.
The clips themselves are never copied into the repository; only these small recordings are.

Usage::

    .venv/bin/python scripts/record_landmarks.py [--only GLOB] [--float16-world] [--skip-existing]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from corecoach.errors import CoachError
from corecoach.pose.mediapipe_backend import MediaPipePoseEstimator
from corecoach.pose.recording import TrackRecorder
from corecoach.pose.replay import save_recording
from corecoach.video import VIDEO_SUFFIXES, iter_frames, probe_media

REPO_ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = REPO_ROOT / "tests" / "fixtures" / "landmarks"


def shared_clips_dir() -> Path:
    base = os.environ.get("CORECOACH_SHARED_DIR")
    shared = Path(base) if base else REPO_ROOT.parent / "shared"
    return shared / "data" / "clips"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--clips", type=Path, default=None, help="folder of clips (default: <shared>/data/clips)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"output folder (default: {OUT_DIR.relative_to(REPO_ROOT)})")
    parser.add_argument("--only", default="*", help="glob of clip names to record, e.g. 'wahoo_*'")
    parser.add_argument("--float16-world", action="store_true", help="store world landmarks as float16 (smaller files)")
    parser.add_argument("--skip-existing", action="store_true", help="leave clips that already have a recording")
    args = parser.parse_args(argv)

    clips_dir: Path = args.clips or shared_clips_dir()
    if not clips_dir.is_dir():
        print(f"No clips folder at {clips_dir}: set CORECOACH_SHARED_DIR or pass --clips.", file=sys.stderr)
        return 2
    clips = sorted(p for p in clips_dir.glob(args.only) if p.suffix.lower() in VIDEO_SUFFIXES)
    if args.skip_existing:
        clips = [p for p in clips if not (args.out / f"{p.stem}.npz").exists()]
    if not clips:
        print(f"No clips to record in {clips_dir} matching {args.only!r}.", file=sys.stderr)
        return 0

    console = Console(stderr=True)
    infos = {clip: probe_media(clip) for clip in clips}
    world_dtype = np.float16 if args.float16_world else np.float32
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[fps]:>5.1f} fps"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    run_started, run_frames = time.perf_counter(), 0
    with Progress(*columns, console=console) as progress:
        overall = progress.add_task("all clips", total=sum(i.frame_count for i in infos.values()), fps=0.0)
        for clip, info in infos.items():
            task = progress.add_task(clip.stem[:40], total=info.frame_count, fps=0.0)
            recorder = TrackRecorder()
            started = time.perf_counter()
            try:
                with MediaPipePoseEstimator(enable_segmentation=True) as estimator:
                    for frame in iter_frames(clip):
                        recorder.append(frame.timestamp_s, estimator.process(frame.rgb, frame.timestamp_s))
                        run_frames += 1
                        now = time.perf_counter()
                        progress.update(task, advance=1, fps=len(recorder) / max(now - started, 1e-9))
                        progress.update(overall, advance=1, fps=run_frames / max(now - run_started, 1e-9))
            except CoachError as exc:
                console.print(f"[red]{clip.name}: {exc}[/red]")
                return 1
            track = recorder.build((info.width, info.height), info.fps)
            target = save_recording(args.out / f"{clip.stem}.npz", track, world_dtype=world_dtype)
            progress.update(task, completed=len(track), total=len(track))
            console.print(
                f"{clip.name}: {len(track)} frames, person in {int(track.detected.sum())}, "
                f"{len(track) / (time.perf_counter() - started):.1f} fps -> {target.name} ({target.stat().st_size / 1024:.0f} KiB)"
            )
    total = sum(p.stat().st_size for p in args.out.glob("*.npz"))
    console.print(f"{len(list(args.out.glob('*.npz')))} recordings in {args.out}, {total / 1e6:.2f} MB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
