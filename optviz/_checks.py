"""Argument checks shared by the recorder, renderer and animation API.

Each returns the value in the form the caller uses, or raises ValueError naming the argument, the
bad value and what it must be, in torch.optim's ``Invalid lr: -0.1 (must be >= 0)`` style.
"""

from __future__ import annotations

import math
import operator


def count(name: str, value, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number >= *minimum* (and <= *maximum*): steps, frames, ..."""
    try:
        if isinstance(value, bool):
            raise TypeError
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"Invalid {name}: {value!r} (must be a whole number)") from None
    if number < minimum:
        raise ValueError(f"Invalid {name}: {number} (must be >= {minimum})")
    if maximum is not None and number > maximum:
        raise ValueError(f"Invalid {name}: {number} (must be <= {maximum:,})")
    return number


def positive(name: str, value, allow_zero: bool = False) -> float:
    """A finite number > 0 (or >= 0 with *allow_zero*)."""
    try:
        if isinstance(value, (bool, str, bytes)):
            raise TypeError
        number = float(value)
    except OverflowError:                   # an int beyond float's range
        raise ValueError(f"Invalid {name}: {value:.3g} (must be finite)") from None
    except (TypeError, ValueError):
        raise ValueError(f"Invalid {name}: {value!r} (must be a number)") from None
    if not math.isfinite(number) or number < 0 or (number == 0 and not allow_zero):
        raise ValueError(f"Invalid {name}: {value!r} (must be {'>= 0' if allow_zero else '> 0'})")
    return number


def finite(name: str, value) -> float:
    """Any finite number (an angle, say)."""
    try:
        if isinstance(value, (bool, str, bytes)):
            raise TypeError
        number = float(value)
    except OverflowError:                   # an int beyond float's range
        raise ValueError(f"Invalid {name}: {value:.3g} (must be finite)") from None
    except (TypeError, ValueError):
        raise ValueError(f"Invalid {name}: {value!r} (must be a number)") from None
    if not math.isfinite(number):
        raise ValueError(f"Invalid {name}: {value!r} (must be finite)")
    return number


#: Frame rates from one frame in 100 seconds to 1000 a second.
FPS_RANGE = (0.01, 1000.0)


def fps(value) -> float:
    """Frames per second, within FPS_RANGE."""
    number = positive("fps", value)
    low, high = FPS_RANGE
    if not low <= number <= high:
        raise ValueError(f"Invalid fps: {value!r} (must be {low:g} to {high:g})")
    return number


#: The largest picture, in pixels per side.
MAX_PIXELS = 8192
#: The smallest picture with room for the title, labels, legend and plot (text is sized by
#: pixels, whatever the dpi); and the dpi range.
MIN_PIXELS = (320, 240)
DPI_RANGE = (50, 1200)


def pixel_size(size) -> tuple[int, int]:
    """(width, height) in whole pixels, at most MAX_PIXELS per side."""
    try:
        width, height = (operator.index(v) for v in size)
    except (TypeError, ValueError):
        raise ValueError(f"Invalid size: {size!r} (must be (width, height) in whole pixels)") from None
    if min(width, height) <= 0 or max(width, height) > MAX_PIXELS:
        raise ValueError(f"Invalid size: {width}x{height} (each side must be 1 to {MAX_PIXELS} pixels)")
    return width, height


def figure(size, dpi) -> tuple[tuple[int, int], float]:
    """A picture size in pixels and a dpi that leave room for text, legend and plot."""
    width, height = pixel_size(size)
    dpi = positive("dpi", dpi)
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise ValueError(f"Invalid dpi: {dpi:g} (must be {DPI_RANGE[0]} to {DPI_RANGE[1]})")
    low_w, low_h = MIN_PIXELS
    if width < low_w or height < low_h:
        raise ValueError(f"Invalid size: {width}x{height} (must be at least {low_w}x{low_h} "
                         f"pixels to leave room for the legend and labels)")
    return (width, height), dpi


def limits(name: str, value) -> tuple[float, float]:
    """(low, high), finite, low < high (a view's xlim or ylim)."""
    try:
        low, high = (float(v) for v in value)
    except OverflowError:
        raise ValueError(f"Invalid {name}: {value!r} (must be finite with low < high)") from None
    except (TypeError, ValueError):
        raise ValueError(f"Invalid {name}: {value!r} (must be (low, high))") from None
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ValueError(f"Invalid {name}: {value!r} (must be finite with low < high)")
    return low, high
