"""Recorder speed: point-steps per second for adam on Beale, 100,000 starts at once.

Compared in the same run with the naive approach: the same optimizer stepped one start at a
time in a Python loop (what a per-point tutorial implementation does).  Run:

    python benchmarks/record_speed.py
"""

import time

import numpy as np

import optviz

STARTS, STEPS = 100_000, 200
NAIVE_STARTS, NAIVE_STEPS = 20, 200
TARGET = 2e7


def best_of(repeats, run):
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return min(times)


def main():
    beale = optviz.get_surface("beale")
    adam = optviz.get_optimizer("adam", lr=0.01)
    rng = np.random.default_rng(0)
    starts = rng.uniform(-4.5, 4.5, size=(STARTS, 2))

    vectorized = best_of(3, lambda: optviz.record(beale, adam, starts, STEPS))
    rate = STARTS * STEPS / vectorized

    def naive():
        for start in starts[:NAIVE_STARTS]:
            optviz.record(beale, adam, start, NAIVE_STEPS)

    naive_rate = NAIVE_STARTS * NAIVE_STEPS / best_of(3, naive)
    print(f"vectorized: {STARTS:,} starts x {STEPS} steps in {vectorized:.2f} s = {rate:.3g} point-steps/s"
          f" (target {TARGET:.0e}: {'met' if rate >= TARGET else 'MISSED'})")
    print(f"one start at a time: {naive_rate:.3g} point-steps/s")
    print(f"ratio: {rate / naive_rate:,.0f}x")


if __name__ == "__main__":
    main()
