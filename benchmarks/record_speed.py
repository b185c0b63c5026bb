"""Recorder speed, issue 12's target 3, each case side by side with its baseline in one run.

1. Many starts: adam on Beale, 100,000 starts stepped together for 200 steps, against
   (a) a hand-written numpy loop of the same arithmetic (Beale's gradient and torch's Adam
   update on an (n, 2) array, storing every point; no losses, no divergence test), the floor
   a vectorised recorder can reach, and (b) the same optimizer recorded one start at a time (what a
   per-point tutorial implementation does).
2. One start: the seven optimizers of the beale scene, one start each, 100,000 steps, as
   ``python -m optviz beale --steps 100000`` records them, against the least any Python
   implementation can do: Beale and Adam hand-inlined in Python floats, times seven.

    python benchmarks/record_speed.py
"""

import math
import time

import numpy as np

import optviz
from optviz.scenes import get_scene
from optviz.trajectory import record_all

STARTS, STEPS = 100_000, 200
NAIVE_STARTS, NAIVE_STEPS = 20, 200
LONG = 100_000
LR, BETAS, EPS = 0.01, (0.9, 0.999), 1e-8


def best_of(repeats, run):
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        run()
        times.append(time.perf_counter() - begin)
    return min(times)


def numpy_loop(starts, steps):
    """Adam on Beale written out in numpy, as one would by hand, every point stored."""
    points = np.empty((steps + 1, *starts.shape))
    points[0] = p = starts.copy()
    m, v = np.zeros_like(p), np.zeros_like(p)
    beta1, beta2 = BETAS
    for t in range(1, steps + 1):
        x, y = p[:, 0], p[:, 1]
        y2 = y * y
        y3 = y2 * y
        a, b, c = 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3
        g = np.stack([2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1)),
                      2 * x * (a + 2 * b * y + 3 * c * y2)], axis=-1)
        m = m + (1 - beta1) * (g - m)
        v = v * beta2 + (1 - beta2) * g * g
        denom = np.sqrt(v) / (1 - beta2 ** t) ** 0.5 + EPS
        p = p + (-LR / (1 - beta1 ** t) * m) / denom
        points[t] = p
    return points


def python_floats(steps):
    """Adam on Beale from one start, hand-inlined in Python floats: no numpy call per step."""
    x, y, mx, my, vx, vy = 1.0, 1.5, 0.0, 0.0, 0.0, 0.0
    beta1, beta2 = BETAS
    xs, ys = [x], [y]
    for t in range(1, steps + 1):
        y2 = y * y
        y3 = y2 * y
        a, b, c = 1.5 - x + x * y, 2.25 - x + x * y2, 2.625 - x + x * y3
        gx = 2 * (a * (y - 1) + b * (y2 - 1) + c * (y3 - 1))
        gy = 2 * x * (a + 2 * b * y + 3 * c * y2)
        mx, my = mx + (1 - beta1) * (gx - mx), my + (1 - beta1) * (gy - my)
        vx, vy = vx * beta2 + (1 - beta2) * gx * gx, vy * beta2 + (1 - beta2) * gy * gy
        size, root = LR / (1 - beta1 ** t), (1 - beta2 ** t) ** 0.5
        x = x + (-size * mx) / (math.sqrt(vx) / root + EPS)
        y = y + (-size * my) / (math.sqrt(vy) / root + EPS)
        xs.append(x)
        ys.append(y)
    return xs, ys


def main():
    beale = optviz.get_surface("beale")
    adam = optviz.get_optimizer("adam", lr=LR, betas=BETAS, eps=EPS)
    rng = np.random.default_rng(0)
    starts = rng.uniform(-4.5, 4.5, size=(STARTS, 2))

    # The hand-written loop is the same arithmetic: check before timing.
    assert np.array_equal(numpy_loop(starts[:1000], 50), optviz.record(beale, adam, starts[:1000], 50).points)
    recorded = best_of(3, lambda: optviz.record(beale, adam, starts, STEPS))
    by_hand = best_of(3, lambda: numpy_loop(starts, STEPS))

    def naive():
        for start in starts[:NAIVE_STARTS]:
            optviz.record(beale, adam, start, NAIVE_STEPS)

    naive_rate = NAIVE_STARTS * NAIVE_STEPS / best_of(3, naive)
    rate = STARTS * STEPS / recorded
    print(f"1. {STARTS:,} starts x {STEPS} steps, adam on Beale")
    print(f"   optviz.record:          {recorded:.2f} s = {rate:.3g} point-steps/s")
    print(f"   hand-written numpy:     {by_hand:.2f} s: record takes {recorded / by_hand:.2f}x "
          f"(target <= 1.5x: {'met' if recorded <= 1.5 * by_hand else 'NOT MET'})")
    print(f"   one start at a time:    {naive_rate:.3g} point-steps/s: record is "
          f"{rate / naive_rate:,.0f}x faster")

    optimizers = [run.optimizer("torch") for run in get_scene("beale").runs]
    single = best_of(1, lambda: [optviz.record(beale, optimizer, (1.0, 1.5), LONG)
                                 for optimizer in optimizers])
    together = best_of(1, lambda: record_all(beale, optimizers, (1.0, 1.5), LONG))
    floats = best_of(1, lambda: python_floats(LONG)) * len(optimizers)
    k = len(optimizers)
    print(f"2. one start, {LONG:,} steps, the beale scene's {k} optimizers")
    print(f"   optviz.record, one at a time:  {single:.2f} s ({single / k / LONG * 1e6:.1f} us a step)")
    print(f"   optviz.record_all (animate's): {together:.2f} s ({together / k / LONG * 1e6:.1f} us "
          f"a step; {single / together:.1f}x faster; target <= 2 s: "
          f"{'met' if together <= 2 else 'NOT MET'})")
    print(f"   Python floats, adam inlined, x{k}: {floats:.2f} s")


if __name__ == "__main__":
    main()
