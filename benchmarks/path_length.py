"""Cost against path length: the Beale scene rendered (not recorded) at 300 and at 100,000
steps with the same frames, drawn in pieces (only steps that join cells no earlier step joined)
and, as the naive baseline, point for point; 300 against 3000 frames; and the same 300 against
100,000 steps in the loss layout and in 3-D.  Run:

    python benchmarks/path_length.py
"""

import os
import tempfile
import time
from pathlib import Path

import optviz
from optviz.render import contour

FRAMES = 48


def render(steps: int, frames: int, **options) -> float:
    animation = optviz.get_scene("beale").animate(steps=steps, frames=frames, **options)
    with tempfile.TemporaryDirectory() as folder:
        begin = time.perf_counter()
        animation.save(Path(folder) / "beale.gif", quiet=True)
        return time.perf_counter() - begin


def main():
    short = render(300, FRAMES)
    long = render(100_000, FRAMES)
    pieces_above = contour.PIECES_ABOVE
    contour.PIECES_ABOVE = 10**12                   # the naive way: every point, every frame
    naive = render(100_000, FRAMES)
    contour.PIECES_ABOVE = pieces_above
    few, many = render(300, 300), render(3000, 3000)
    others = {name: (render(300, FRAMES, **options), render(100_000, FRAMES, **options))
              for name, options in (("loss layout", {"layout": "loss"}), ("3-D", {"view": "3d"}))}
    print(f"machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}")
    print(f"{FRAMES} frames, 300 steps: {short:.2f} s; 100,000 steps: {long:.2f} s "
          f"({long / short:.1f}x; target <= 2x); point for point: {naive:.2f} s "
          f"({naive / long:.0f}x slower than in pieces)")
    print(f"300 frames: {few:.2f} s; 3000 frames (3000 steps): {many:.2f} s "
          f"({many / few:.1f}x; target <= 10x)")
    for name, (short, long) in others.items():
        print(f"{name}, {FRAMES} frames, 300 steps: {short:.2f} s; 100,000 steps: {long:.2f} s "
              f"({long / short:.1f}x)")


if __name__ == "__main__":
    main()
