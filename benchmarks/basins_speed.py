"""Basin map speed: Himmelblau, adam (lr 0.05), a 200x200 grid of starts (40,000), 500 steps,
from the grid to the PNG.

Compared in the same run with the naive approach: the same optimizer stepped one start at a
time (``record`` called per start, as a per-point loop does); a random sample of NAIVE_STARTS
starts is timed and the time scaled to the whole grid, which is said in the output.  Run:

    python benchmarks/basins_speed.py
"""

import os
import tempfile
import time
from pathlib import Path

import numpy as np

import optviz
from optviz.basin_map import _centres

RESOLUTION, STEPS = 200, 500
NAIVE_STARTS = 200
TARGET_SECONDS = 10.0


def main():
    surface = optviz.get_surface("himmelblau")
    adam = optviz.get_optimizer("adam", lr=0.05)
    begin = time.perf_counter()
    basin_map = optviz.basins(surface, adam, resolution=RESOLUTION, steps=STEPS)
    computed = time.perf_counter() - begin
    with tempfile.TemporaryDirectory() as folder:
        begin = time.perf_counter()
        basin_map.save(Path(folder) / "basins.png")
        drawn = time.perf_counter() - begin
    whole = computed + drawn

    grid_x, grid_y = np.meshgrid(_centres(surface.xlim, RESOLUTION), _centres(surface.ylim, RESOLUTION))
    starts = np.stack([grid_x.ravel(), grid_y.ravel()], axis=-1)
    sample = np.random.default_rng(0).choice(len(starts), NAIVE_STARTS, replace=False)
    begin = time.perf_counter()
    for start in starts[sample]:
        optviz.record(surface, adam, start, STEPS)
    naive = (time.perf_counter() - begin) * len(starts) / NAIVE_STARTS

    print(f"machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}")
    print(f"basins, {RESOLUTION}x{RESOLUTION} starts x {STEPS} steps: {whole:.2f} s "
          f"(recording and classifying {computed:.2f} s, drawing the PNG {drawn:.2f} s); "
          f"target <= {TARGET_SECONDS:g} s: {'met' if whole <= TARGET_SECONDS else 'NOT met'}")
    print(f"naive, one start at a time: {naive:.0f} s (timed on {NAIVE_STARTS} random starts, "
          f"scaled to {len(starts):,})")
    print(f"ratio: {naive / whole:.0f}x faster")
    print(basin_map)


if __name__ == "__main__":
    main()
