"""Speed of movement analysis, each figure against a baseline measured in the same run.

Run with ``make bench-speed``. On a 720p and a 1080p shared clip:

- baseline: decode + pose alone (PyAV decode, MediaPipe with segmentation) on the same frames, at the
  frame size the analysis feeds the model (frames above 1280 px are shrunk first, as the analysis does);
- the JSON-only analysis path (``analyse_media``): decode + pose + back contour + cleaning + analysis;
  ratio = analysis fps / baseline fps (target >= 0.9);
- real-time factor = clip seconds / analysis seconds;
- two files analysed in parallel (2 processes) vs one after the other;
- the annotated-video path (``write_outputs``) timed on its own;
- the cost of looking for other people (the person detector about once a second,
  ``PEOPLE_CHECK_EVERY_S``): the analysis with it against the same analysis without it, alternately,
  median of three each, in wall and CPU time (``--only people`` runs just this).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _shared import clips_dir

CLIPS = {"720p": "mrpose_goblet_squat_front.mp4", "1080p": "wahoo_plank.mp4"}


def baseline_fps(path: Path) -> tuple[float, int]:
    import cv2

    from corecoach.pose.mediapipe_backend import MediaPipePoseEstimator
    from corecoach.services.analysis import model_scale
    from corecoach.video.reader import iter_frames, probe_media

    info = probe_media(path)
    factor = model_scale(info.width, info.height)
    pose = MediaPipePoseEstimator(enable_segmentation=True)
    t0 = time.perf_counter()
    n = 0
    for frame in iter_frames(path):
        rgb = frame.rgb
        if factor < 1.0:
            rgb = cv2.resize(rgb, (round(rgb.shape[1] * factor), round(rgb.shape[0] * factor)), interpolation=cv2.INTER_AREA)
        pose.process(rgb, frame.timestamp_s)
        n += 1
    pose.close()
    return n / (time.perf_counter() - t0), n


def analysis_seconds(path: str) -> float:
    from corecoach.motion.results import Movement
    from corecoach.services.analysis import analyse_media

    t0 = time.perf_counter()
    analyse_media(Path(path), Movement.AUTO)
    return time.perf_counter() - t0


def _cpu_s() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def people_check_cost(console: Console, path: Path) -> None:
    """Median of three alternating runs each; CPU time too, which a busy machine disturbs less than wall time."""
    from corecoach.motion.results import Movement
    from corecoach.services.analysis import analyse_media, default_estimator
    from corecoach.video.reader import probe_media

    info = probe_media(path)
    runs: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
    frames = 0
    for check in (True, False) * 3:
        c0, t0 = _cpu_s(), time.perf_counter()
        # the default estimator comes with the detector; an estimator passed in comes without it
        result = analyse_media(path, Movement.AUTO, estimator=None if check else default_estimator(info))
        runs[check].append((time.perf_counter() - t0, _cpu_s() - c0))
        frames = result.frames.analysed
    wall_with, wall_without = (sorted(w for w, _ in runs[k])[1] for k in (True, False))
    cpu_with, cpu_without = (sorted(c for _, c in runs[k])[1] for k in (True, False))
    checks = max(1, round(info.duration_s))
    console.print(
        f"people check on {path.name} ({info.width}x{info.height}, {frames} frames, ~{checks} checks): "
        f"wall {wall_without:.1f} s without, {wall_with:.1f} s with ({wall_with / wall_without - 1:+.1%}); "
        f"CPU {cpu_without:.1f} s without, {cpu_with:.1f} s with ({cpu_with / cpu_without - 1:+.1%}, "
        f"about {1000 * (cpu_with - cpu_without) / checks:.0f} ms a check, start-up included)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=("people",), default=None, help="run one part only")
    args = parser.parse_args()
    if args.only == "people":
        people_check_cost(Console(), clips_dir() / CLIPS["1080p"])
        return 0
    from corecoach.domain.enums import Language
    from corecoach.motion.results import Movement
    from corecoach.presentation.analysis_report import write_outputs
    from corecoach.services.analysis import analyse_media_with_track
    from corecoach.video.reader import probe_media

    console = Console()
    console.print("[bold]movement analysis speed[/bold] (this machine; baseline and analysis in the same run)")
    for label, name in CLIPS.items():
        path = clips_dir() / name
        info = probe_media(path)
        base, frames = baseline_fps(path)
        secs = analysis_seconds(str(path))
        fps = frames / secs
        console.print(
            f"{label} ({name}, {info.width}x{info.height}, {frames} frames): decode+pose {base:5.1f} fps | "
            f"analysis {fps:5.1f} fps | ratio {fps / base:.2f} (target >= 0.9) | real-time factor {info.duration_s / secs:.2f}"
        )
    a, b = str(clips_dir() / CLIPS["720p"]), str(clips_dir() / CLIPS["1080p"])
    t0 = time.perf_counter()
    analysis_seconds(a)
    analysis_seconds(b)
    sequential = time.perf_counter() - t0
    t0 = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(analysis_seconds, [a, b]))
    parallel = time.perf_counter() - t0
    console.print(
        f"two files: one after the other {sequential:.1f} s | in parallel (2 processes) {parallel:.1f} s | speed-up {sequential / parallel:.2f}x"
    )
    path = clips_dir() / CLIPS["1080p"]
    result, track = analyse_media_with_track(path, Movement.AUTO)
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        write_outputs(path, result, track, Path(tmp), Language.EN)
        outputs = time.perf_counter() - t0
    console.print(f"annotated outputs (video + plots + report) for the 1080p clip: {outputs:.1f} s ({len(track) / outputs:.1f} fps)")
    people_check_cost(console, path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
