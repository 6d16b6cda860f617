"""Write every exercise demonstration as SVG files, for review and screenshots.

For each exercise with a demo it writes ``<id>.<lang>.svg`` (animated) and
``<id>.<lang>.still.svg`` (start and end side by side) in English and Dutch. With ``--png`` it
also asks headless Chromium for a screenshot of each animated SVG (its first frame: the start
position) and of each still SVG.

Usage::

    .venv/bin/python scripts/render_demos.py OUT_DIR [--only GLOB] [--png]
"""

from __future__ import annotations

import argparse
import fnmatch
import subprocess
import sys
from pathlib import Path

from corecoach.catalogue import load_catalogue
from corecoach.domain.enums import Language
from corecoach.presentation.demo_svg import render_demo_svg, render_demo_svg_static

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=2",
)


def screenshot(svg: Path, png: Path, size: tuple[int, int]) -> None:
    """A PNG of the SVG as Chromium draws it, ``size`` CSS pixels at twice the pixel density."""
    subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}", svg.resolve().as_uri()],
        check=True,
        capture_output=True,
        timeout=60,
    )


def _size(svg_text: str) -> tuple[int, int]:
    width = float(svg_text.split('width="', 1)[1].split('"', 1)[0])
    height = float(svg_text.split('height="', 1)[1].split('"', 1)[0])
    return (int(width) + 1, int(height) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--only", default="*", help="exercise ids matching this pattern (default: all)")
    parser.add_argument("--png", action="store_true", help="also take Chromium screenshots")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    catalogue = load_catalogue()
    written = 0
    for exercise in catalogue:
        if not fnmatch.fnmatch(exercise.id, args.only):
            continue
        demo = catalogue.demo(exercise.id)
        if demo is None:
            print(f"{exercise.id}: no demo", file=sys.stderr)
            continue
        for lang in Language:
            for kind, svg_text in (("", render_demo_svg(exercise, demo, lang)), (".still", render_demo_svg_static(exercise, demo, lang))):
                path = args.out_dir / f"{exercise.id}.{lang.value}{kind}.svg"
                path.write_text(svg_text, encoding="utf-8")
                written += 1
                if args.png:
                    screenshot(path, path.with_suffix(".png"), _size(svg_text))
    print(f"wrote {written} SVG files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
