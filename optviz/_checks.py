"""Every check of a value given to optviz, for the API and the CLI alike.

Each check returns the value in the form the caller uses, or raises :class:`Invalid`, a
ValueError whose one line names the thing, the value (repr'd, so a newline typed by the user
cannot split the line) and what it must be, in torch.optim's style:
``Invalid lr: -1.0 (must be >= 0)``; :meth:`Invalid.of` adds whose value it is
(``Invalid lr for adam: ...``).  A number is a real number (int, float or numpy's), never a bool
or a string.
"""

from __future__ import annotations

import math
import numbers
import operator

import numpy as np


#: Characters of a refused value shown in its message (a list of 1,000 points is cut short).
MAX_SHOWN = 80


class Invalid(ValueError):
    """A value refused: *name*, the *value* and the *requirement* it fails."""

    def __init__(self, name: str, value, requirement: str):
        self.name, self.value, self.requirement = name, value, requirement
        shown = f"{'-' * (value < 0)}~1e{int(value.bit_length() * 0.30103)}" if _huge_int(
            value) else repr(value)
        shown = " ".join(shown.split())            # a numpy array's repr spans lines
        if len(shown) > MAX_SHOWN:
            shown = shown[:MAX_SHOWN].rstrip() + " …"
        super().__init__(f"Invalid {name}: {shown} ({requirement})")

    def __reduce__(self):
        return type(self), (self.name, self.value, self.requirement)

    def of(self, owner: str) -> Invalid:
        """The same refusal, saying whose value it is: ``Invalid lr for adam: ...``."""
        return type(self)(f"{self.name} for {owner}", self.value, self.requirement)


class WrongType(Invalid, TypeError):
    """A value of the wrong type (a TypeError as well as an :class:`Invalid`)."""


def _huge_int(value) -> bool:
    return isinstance(value, int) and abs(value) > 2**1023      # beyond float's range


def number(name: str, value) -> float:
    """A finite real number."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise Invalid(name, value, "must be a number")
    if _huge_int(value) or not math.isfinite(value):
        raise Invalid(name, value, "must be finite")
    return float(value)


def at_least(name: str, value, low: float) -> float:
    """A number >= *low*."""
    if number(name, value) < low:
        raise Invalid(name, value, f"must be >= {low:g}")
    return float(value)


def positive(name: str, value, allow_zero: bool = False) -> float:
    """A number > 0 (or >= 0 with *allow_zero*)."""
    if allow_zero:
        return at_least(name, value, 0.0)
    if number(name, value) <= 0:
        raise Invalid(name, value, "must be > 0")
    return float(value)


def in_interval(name: str, value, low: float, high: float, *, closed_high: bool = False) -> float:
    """A number in ``[low, high)``, or ``[low, high]`` when *closed_high*."""
    checked = number(name, value)
    if not (low <= checked < high or (closed_high and checked == high)):
        raise Invalid(name, value, f"must be in [{low:g}, {high:g}{']' if closed_high else ')'}")
    return checked


def count(name: str, value, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number >= *minimum* (and <= *maximum*): steps, frames, ..."""
    try:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError
        whole = operator.index(value)
    except TypeError:
        raise Invalid(name, value, "must be a whole number") from None
    if whole < minimum:
        raise Invalid(name, whole, f"must be >= {minimum}")
    if maximum is not None and whole > maximum:
        raise Invalid(name, whole, f"must be <= {maximum:,}")
    return whole


def flag(name: str, value) -> bool:
    """True or False (numpy's too)."""
    if not isinstance(value, (bool, np.bool_)):
        raise Invalid(name, value, "must be True or False")
    return bool(value)


def pair(name: str, value) -> tuple:
    """A sequence of exactly two items, returned as a tuple."""
    try:
        first, second = value
    except (TypeError, ValueError):
        raise Invalid(name, value, "must be a pair of numbers") from None
    return first, second


def beta_pair(value) -> tuple[float, float]:
    """Adam-style ``betas``: two numbers in [0, 1)."""
    beta1, beta2 = pair("betas", value)
    return in_interval("betas[0]", beta1, 0.0, 1.0), in_interval("betas[1]", beta2, 0.0, 1.0)


def points(name: str, value) -> np.ndarray:
    """A point (x, y) or a list of points, as finite float64 of shape (2,) or (n, 2)."""
    expected = "must be a point (x, y) or a list of points"
    if np.ma.is_masked(value):
        raise Invalid(name, value, "has masked values: give plain numbers")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError):
        raise Invalid(name, value, expected) from None
    if array.dtype.kind == "c":
        raise Invalid(name, value, "must be real numbers, not complex")
    if array.dtype.kind not in "iuf":
        raise Invalid(name, value, expected)
    if array.ndim not in (1, 2) or array.size == 0 or array.shape[-1] != 2:
        raise Invalid(name, value, f"{expected}, not of shape {array.shape}")
    array = np.array(array, dtype=np.float64)
    finite = np.isfinite(array).all(axis=-1)
    if not finite.all():
        first = int(np.argmin(finite))
        where = "" if array.ndim == 1 else f": point {first} is {tuple(array[first].tolist())}"
        raise Invalid(name, value, f"must be finite{where}")
    return array


#: Frame rates from one frame in 100 seconds to 1000 a second.
FPS_RANGE = (0.01, 1000.0)
#: The longest hold of the last frame in seconds (a GIF delay is a 16-bit count of 1/100 s).
MAX_HOLD = 600.0


def fps(value, name: str = "fps") -> float:
    """Frames per second, within FPS_RANGE."""
    low, high = FPS_RANGE
    if not low <= positive(name, value) <= high:
        raise Invalid(name, value, f"must be {low:g} to {high:g}")
    return float(value)


def hold(value) -> float:
    """Seconds the last frame is held, 0 to MAX_HOLD."""
    if positive("hold", value, allow_zero=True) > MAX_HOLD:
        raise Invalid("hold", value, f"must be 0 to {MAX_HOLD:g} seconds")
    return float(value)


#: The largest picture, in pixels per side.
MAX_PIXELS = 8192
#: The smallest picture with room for the title, labels, legend and plot (text is sized by
#: pixels, whatever the dpi); and the dpi range.
MIN_PIXELS = (320, 240)
DPI_RANGE = (50, 1200)


def pixel_size(size, name: str = "size") -> tuple[int, int]:
    """(width, height) in whole pixels, at most MAX_PIXELS per side."""
    try:
        if isinstance(size, (str, bytes, set, frozenset, dict)):   # no order, or not numbers
            raise TypeError
        width, height = (count(name, v) for v in size)
    except (TypeError, ValueError):
        raise Invalid(name, size, "must be (width, height) in whole pixels") from None
    if min(width, height) <= 0 or max(width, height) > MAX_PIXELS:
        raise Invalid(name, (width, height), f"each side must be 1 to {MAX_PIXELS} pixels")
    return width, height


def figure(size, dpi) -> tuple[tuple[int, int], float]:
    """A picture size in pixels and a dpi that leave room for text, legend and plot."""
    width, height = pixel_size(size)
    low, high = DPI_RANGE
    if not low <= positive("dpi", dpi) <= high:
        raise Invalid("dpi", dpi, f"must be {low} to {high}")
    low_w, low_h = MIN_PIXELS
    if width < low_w or height < low_h:
        raise Invalid("size", (width, height), f"must be at least {low_w}x{low_h} pixels "
                      f"to leave room for the legend and labels")
    return (width, height), float(dpi)


#: A view's limits lie within this distance of 0, and it is at least this share of their size
#: wide: beyond, the grid, the ticks and the divergence test lose their meaning in float64.
MAX_COORDINATE, MIN_RELATIVE_SPAN = 1e12, 1e-9


def limits(name: str, value) -> tuple[float, float]:
    """(low, high), finite, low < high (a view's xlim or ylim), within MAX_COORDINATE and at
    least MIN_RELATIVE_SPAN of their size apart."""
    low, high = (number(f"{name}[{i}]", v) for i, v in enumerate(pair(name, value)))
    if not low < high:
        raise Invalid(name, value, "must be (low, high) with low < high")
    size = max(abs(low), abs(high))
    if size > MAX_COORDINATE:
        raise Invalid(name, value, f"must lie within ±{MAX_COORDINATE:g}")
    narrowest = MIN_RELATIVE_SPAN * max(1.0, size)
    if high - low < narrowest:
        raise Invalid(name, value, f"too narrow to draw: widen it to at least {narrowest:.3g}")
    return low, high


#: The largest azimuth and 3-D rotation, in degrees (a hundred turns).
MAX_DEGREES = 36000.0


def camera(value) -> tuple[float, float]:
    """A 3-D camera, (elevation, azimuth) in degrees: elevation -90 to 90, azimuth within
    ±MAX_DEGREES."""
    try:
        if isinstance(value, str) or any(isinstance(v, (bool, str)) for v in value):
            raise TypeError
        elev, azim = (float(v) for v in value)
    except (TypeError, ValueError, OverflowError):
        raise Invalid("camera", value, "must be (elevation, azimuth) in degrees, "
                                       "e.g. (30, -60)") from None
    if not (-90 <= elev <= 90 and abs(azim) <= MAX_DEGREES):
        raise Invalid("camera", value, f"elevation must be -90 to 90 degrees and "
                                       f"azimuth within ±{MAX_DEGREES:g}")
    return elev, azim


def rotate(value) -> float:
    """Degrees of azimuth a 3-D camera sweeps, within ±MAX_DEGREES."""
    degrees = number("rotate", value)
    if abs(degrees) > MAX_DEGREES:
        raise Invalid("rotate", value, f"must be within ±{MAX_DEGREES:g} degrees")
    return degrees


#: Points recorded in all, steps + 1 per start and run (x, y and the loss: 24 bytes each): 1.2 GB.
MAX_POINTS = 50_000_000
#: Pixels rendered in all, frames x width x height: about seven minutes on a 2-core machine.
MAX_RENDER_PIXELS = 10**11
#: Pixels of path stroked in all, frames x half the last frame's: about five minutes here.
MAX_STROKE_PIXELS = 3 * 10**9


def recording(steps: int, starts: int, runs: int = 1) -> None:
    """Refuse a recording beyond MAX_POINTS, with its size and the fix, before it starts."""
    points = (steps + 1) * starts * runs
    if points > MAX_POINTS:
        raise Invalid("steps", steps, f"{steps + 1:,} points x {starts:,} starts x {runs} runs "
                      f"= {points:,} points to record, {points * 24 / 1e9:.1f} GB; at most "
                      f"{MAX_POINTS:,}: give fewer steps, starts or runs")


def rendering(frames: int, size: tuple[int, int]) -> None:
    """Refuse a render beyond MAX_RENDER_PIXELS, with its size and the fix, before it starts."""
    pixels = frames * size[0] * size[1]
    if pixels > MAX_RENDER_PIXELS:
        raise Invalid("frames", frames, f"{frames:,} frames of {size[0]}x{size[1]} are "
                      f"{pixels:.2g} pixels to render, {pixels / MAX_RENDER_PIXELS * 7:.0f} minutes "
                      f"or more on 2 cores; at most {MAX_RENDER_PIXELS:.0e}: give fewer frames or a "
                      f"smaller size")


def drawing(frames: int, stroke_pixels: float) -> None:
    """Refuse a render whose paths would take longer than MAX_STROKE_PIXELS to stroke (a path
    of 100,000 steps swinging across a poster-sized view), before the first frame."""
    work = frames * stroke_pixels / 2
    if work > MAX_STROKE_PIXELS:
        raise Invalid("frames", frames, f"the paths are {stroke_pixels:.2g} pixels long at the "
                      f"end, {work:.2g} pixels to stroke in all, {work / MAX_STROKE_PIXELS * 5:.0f} "
                      f"minutes or more; at most {MAX_STROKE_PIXELS:.0e}: give fewer frames, "
                      f"fewer steps or a smaller size")
