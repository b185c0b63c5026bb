"""Argument checks shared by the recorder, renderer and animation API.

Each returns the value in the form the caller uses, or raises ValueError naming the argument, the
bad value and what it must be, in torch.optim's ``Invalid lr: -0.1 (must be >= 0)`` style.
"""

from __future__ import annotations

import math
import operator


def count(name: str, value, minimum: int = 0) -> int:
    """A whole number >= *minimum* (steps, frames, ...)."""
    try:
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"Invalid {name}: {value!r} (must be a whole number)") from None
    if number < minimum:
        raise ValueError(f"Invalid {name}: {number} (must be >= {minimum})")
    return number


def positive(name: str, value, allow_zero: bool = False) -> float:
    """A finite number > 0 (or >= 0 with *allow_zero*)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"Invalid {name}: {value!r} (must be a number)") from None
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        raise ValueError(f"Invalid {name}: {value!r} (must be {'>= 0' if allow_zero else '> 0'})")
    return number


#: The smallest picture with room for the title, labels, legend and plot.
MIN_SIZE = (240, 180)


def pixel_size(size) -> tuple[int, int]:
    """(width, height) in whole pixels, at least MIN_SIZE."""
    try:
        width, height = (operator.index(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"Invalid size: {size!r} (must be (width, height) in whole pixels)") from None
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise ValueError(f"Invalid size: {width}x{height} (must be at least {MIN_SIZE[0]}x{MIN_SIZE[1]} "
                         f"pixels to leave room for the legend and labels)")
    return width, height


def limits(name: str, value) -> tuple[float, float]:
    """(low, high), finite, low < high (a view's xlim or ylim)."""
    try:
        low, high = (float(v) for v in value)
    except (TypeError, ValueError):
        raise ValueError(f"Invalid {name}: {value!r} (must be (low, high))") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"Invalid {name}: {value!r} (must be finite with low < high)")
    return low, high
