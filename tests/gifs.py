"""Reading what a user gets: every frame of a GIF, decoded."""

import numpy as np
from PIL import Image


def read_gif(path) -> tuple[list[np.ndarray], list[int], int | None]:
    """(frames as (height, width, 3) uint8 arrays, each frame's duration in ms, loop count)."""
    with Image.open(path) as gif:
        frames, durations = [], []
        for index in range(gif.n_frames):
            gif.seek(index)
            frames.append(np.array(gif.convert("RGB")))
            durations.append(gif.info.get("duration"))
        return frames, durations, gif.info.get("loop")
