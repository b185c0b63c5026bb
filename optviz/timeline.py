"""The frame schedule: which optimizer step each frame shows, and how many frames by default.

Decided once, before rendering; renderers draw whatever steps they are given.
"""

from __future__ import annotations

import numpy as np

__all__ = ["DEFAULT_FPS", "DEFAULT_SECONDS", "default_frames", "frame_steps"]

#: Frames per second when none is given, and the longest default duration in seconds.
DEFAULT_FPS = 30
DEFAULT_SECONDS = 8


def frame_steps(steps: int, frames: int) -> np.ndarray:
    """The step each of *frames* frames shows: 0..steps evenly, rounded; the last is *steps*.

    With fewer steps than frames some steps repeat; a single frame shows the final step.
    """
    if frames == 1:
        return np.array([steps], dtype=np.int64)
    return np.rint(np.linspace(0, steps, frames)).astype(np.int64)


def default_frames(steps: int, fps: float) -> int:
    """One frame per step, at most DEFAULT_SECONDS' worth."""
    return min(steps + 1, max(1, round(DEFAULT_SECONDS * fps)))
