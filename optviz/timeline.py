"""The frame schedule: which optimizer step each frame shows, and how many frames by default.

Decided once, before rendering; renderers draw whatever steps they are given.
"""

from __future__ import annotations

import itertools

import numpy as np

__all__ = ["COUNTER_RATE", "DEFAULT_FPS", "DEFAULT_SECONDS", "counter_steps", "default_fps",
           "default_frames", "frame_steps"]

#: Frames per second when none is given, and the longest default duration in seconds.
DEFAULT_FPS = 30
DEFAULT_SECONDS = 8
#: A short animation without a given frame rate is slowed to last at least MIN_SECONDS, at no
#: fewer than MIN_FPS frames a second (30 steps play in 4.4 s at 7 fps, not 1 s).
MIN_SECONDS, MIN_FPS = 4, 5
#: The step counter changes at most this many times a second: at this many frames a second or
#: fewer (the book's figure at 6, the learning-rate lesson at 10) it shows every frame's step.
COUNTER_RATE = 10.0


def frame_steps(steps: int, frames: int) -> np.ndarray:
    """The step each of *frames* frames shows: 0..steps evenly, rounded; the last is *steps*.

    With fewer steps than frames some steps repeat; a single frame shows the final step.
    """
    if frames == 1:
        return np.array([steps], dtype=np.int64)
    return np.rint(np.linspace(0, steps, frames)).astype(np.int64)


def default_fps(frames: int, fps: float) -> float:
    """*fps* (the theme's), or fewer for *frames* too few to last MIN_SECONDS at it."""
    return fps if frames >= MIN_SECONDS * fps else max(min(fps, MIN_FPS), frames // MIN_SECONDS)


def default_frames(steps: int, fps: float) -> int:
    """One frame per step, at most DEFAULT_SECONDS' worth."""
    return min(steps + 1, max(1, round(DEFAULT_SECONDS * fps)))


def counter_steps(steps: np.ndarray, fps: float | None) -> np.ndarray:
    """The step the counter shows in each frame of the schedule *steps*, played at *fps*: the
    frame's step rounded down to a round period (1, 2 or 5 times a power of ten) so that the
    counter changes at most COUNTER_RATE times a second, and the last frame's step exactly.
    Without *fps*, or at COUNTER_RATE frames a second or fewer, every frame's own step.

    Digits that change 30 times a second cannot be read, and every change of the counter makes
    a GIF frame cover the whole rectangle between the moving heads and the counter (measured on
    the Beale scene: a third of the file).  Above COUNTER_RATE frames a second the counter
    ticks like a clock instead: 0, 5, 10, ..., 300 for 300 steps in 240 frames at 30 fps, never
    more than a tenth of a second behind the picture.
    """
    steps = np.asarray(steps, dtype=np.int64)
    if fps is None or fps <= COUNTER_RATE or len(steps) < 2:
        return steps.copy()
    wanted = (steps[-1] - steps[0]) / (len(steps) - 1) * fps / COUNTER_RATE
    period = next(m * 10**e for e in itertools.count() for m in (1, 2, 5) if m * 10**e >= wanted)
    shown = steps - steps % period
    shown[-1] = steps[-1]
    return shown
