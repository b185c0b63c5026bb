"""PNG poster: the final frame of the animation, as a lossless still image.

Only a copy of the latest frame is kept; the PNG is written when the writer finishes.  Pillow
writes no timestamp or other varying metadata, so the same frame always gives the same bytes.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from .checks import OutputError, check_frame


class PngWriter:
    """Keep the latest frame; write it as a PNG at the end."""

    @staticmethod
    def check(*, fps: float, size: tuple[int, int], hold: float) -> None:
        """Any size and frame rate will do for a still."""

    def __init__(self, path, *, fps: float, size: tuple[int, int], reserved_colors=(),
                 background=None, hold: float = 0.0):
        self.path = path
        self.size = size
        self.frames = 0
        self._last = np.zeros((size[1], size[0], 3), dtype=np.uint8)

    def write(self, frame) -> None:
        """Remember a copy of ``frame`` (the view it came in may change later)."""
        np.copyto(self._last, check_frame(frame, self.size))
        self.frames += 1

    def finish(self) -> None:
        """Write the last frame."""
        if self.frames == 0:
            raise OutputError("no frames to write: the animation is empty")
        Image.fromarray(self._last).save(self.path, format="PNG", optimize=False)

    def abort(self) -> None:
        """Nothing to release."""
