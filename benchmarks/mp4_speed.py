"""MP4 for slides, issue 12's target 5: the Beale reference scene (six optimizers, 300 frames)
at 1280x720 saved as MP4 and as GIF in one run, best of two each; the MP4 should take at most
twice the GIF's time.

    python benchmarks/mp4_speed.py
"""

import os
import tempfile
import time
from pathlib import Path

import optviz

OPTIMIZERS = {"sgd": 0.001, "momentum": 0.001, "nesterov": 0.001, "adagrad": 0.5,
              "rmsprop": 0.01, "adam": 0.05}


def main():
    animation = optviz.animate("beale", {n: {"lr": lr} for n, lr in OPTIMIZERS.items()},
                               starts=(1.0, 1.5), steps=300, frames=300, fps=30,
                               size=(1280, 720), hold=0, quiet=True)
    times, sizes = {}, {}
    with tempfile.TemporaryDirectory() as folder:
        for suffix in (".gif", ".mp4") * 2:
            path = Path(folder) / f"slides{suffix}"
            begin = time.perf_counter()
            animation.save(path, quiet=True)
            times[suffix] = min(times.get(suffix, 1e9), time.perf_counter() - begin)
            sizes[suffix] = path.stat().st_size
    print(f"machine: {os.cpu_count()} cores, load {open('/proc/loadavg').read().split()[0]}")
    for suffix in (".gif", ".mp4"):
        print(f"{suffix}: {times[suffix]:.2f} s, {sizes[suffix] / 1e6:.2f} MB")
    ratio = times[".mp4"] / times[".gif"]
    print(f"MP4 / GIF time: {ratio:.2f}x (target <= 2x: {'met' if ratio <= 2 else 'NOT MET'})")


if __name__ == "__main__":
    main()
