"""The error every encoder raises for a user-facing output problem, and the checks they share.

Each message is one line that names the problem and, where there is one, the fix, so the CLI
can print it as it is.  The checks run before any file is created, so a bad setting never leaves
a half-written output behind.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _checks


class OutputError(ValueError):
    """An output can't be written as asked: unsupported suffix, missing folder, odd MP4 size, ..."""


def check_fps(fps) -> float:
    """``fps`` as a float, within ``_checks.FPS_RANGE`` (the animation's own check)."""
    try:
        return _checks.fps(fps)
    except ValueError as error:
        raise OutputError(str(error)) from None


def check_size(size) -> tuple[int, int]:
    """``size`` = (width, height) as two whole numbers, each between 1 and 65535 pixels."""
    requirement = "must be (width, height) in whole pixels, 1 to 65535"
    try:
        width, height = (_checks.count("size", v, minimum=1, maximum=65535) for v in size)
    except (TypeError, ValueError):
        raise OutputError(str(_checks.Invalid("size", size, requirement))) from None
    return width, height


def check_hold(hold) -> float:
    """``hold`` in seconds, within ``_checks.MAX_HOLD`` (the animation's own check)."""
    try:
        return _checks.hold(hold)
    except ValueError as error:
        raise OutputError(str(error)) from None


def check_frame(frame, size: tuple[int, int], what: str = "frame") -> np.ndarray:
    """``frame`` as an array, which must be (height, width, 3) uint8 for ``size`` = (width, height).

    No copy is made: the caller copies whatever it keeps.
    """
    array = np.asarray(frame)
    width, height = size
    if array.shape != (height, width, 3) or array.dtype != np.uint8:
        raise OutputError(
            f"{what} has shape {array.shape} and dtype {array.dtype}; expected "
            f"({height}, {width}, 3) uint8 for size {width}x{height}")
    return array


def check_colors(colors) -> list[tuple[int, int, int]]:
    """``colors`` as a list of (r, g, b) tuples of ints 0..255."""
    result = []
    for color in colors:
        try:
            rgb = tuple(int(v) for v in color)
            ok = len(rgb) == 3 and all(0 <= v <= 255 and v == w for v, w in zip(rgb, color))
        except (TypeError, ValueError):
            ok = False
        if not ok:
            raise OutputError(
                f"reserved colours must be (r, g, b) triples of 0..255, got {color!r}")
        result.append(rgb)
    return result


def rgba_around(frame: np.ndarray) -> np.ndarray | None:
    """The contiguous (h, w, 4) array whose first three channels ``frame`` is (a renderer's
    RGBA canvas), or None.  Sending that whole saves picking out RGB, a strided copy (measured:
    8.6 ms of a 1280x720 frame)."""
    owner = frame.base
    if not (isinstance(owner, np.ndarray) and owner.dtype == np.uint8
            and owner.shape == frame.shape[:2] + (4,) and owner.strides == frame.strides
            and owner.flags.c_contiguous):
        return None
    same_start = owner.__array_interface__["data"][0] == frame.__array_interface__["data"][0]
    return owner if same_start else None


class RgbaFrames:
    """Frames as contiguous (h, w, 4) RGBA arrays, for writers that read whole pixels: a
    renderer's frame as the canvas it is a view of (``rgba_around``, no copy), any other RGB
    frame copied into one RGBA buffer (alpha 255) that is reused from frame to frame."""

    def __init__(self):
        self._buffer: np.ndarray | None = None

    def __call__(self, frame: np.ndarray) -> np.ndarray:
        rgba = rgba_around(frame)
        if rgba is not None:
            return rgba
        if self._buffer is None:
            self._buffer = np.full((*frame.shape[:2], 4), 255, dtype=np.uint8)
        self._buffer[..., :3] = frame
        return self._buffer
