"""What a renderer draws: series (a legend text, a trajectory, a colour and a line style) and
tracks, the same series prepared once for drawing frame after frame."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from .. import _checks
from .style import Theme, safe_text

if TYPE_CHECKING:  # pragma: no cover
    from ..trajectory import Trajectory

__all__ = ["Series", "Track", "prepare", "note_hidden_twins"]

_DIVERGED = "\N{EM DASH} diverged"
#: How a path drawn over a coincident one is dashed (long dashes: the one below shows between).
DASHED = (0, (3, 3))


@dataclass(frozen=True)
class Series:
    """One optimizer on the picture: its legend text, its path(s), and how they are drawn.

    ``color`` is a matplotlib colour; None takes the theme's colour for the series' position
    (see :meth:`Theme.style`).  Every panel draws the series in this colour and line style.
    """

    label: str
    trajectory: Trajectory
    color: str | None = None
    linestyle: str | tuple = "solid"


class Track:
    """One series prepared for drawing: contiguous x and y per path, divergence per path."""

    def __init__(self, series: Series, index: int):
        if not isinstance(series, Series):
            raise _checks.Invalid(f"series #{index}", series, "must be a Series")
        points = np.asarray(series.trajectory.points, dtype=np.float64)
        if points.ndim == 2:
            points = points[:, None, :]
        if points.ndim != 3 or points.shape[-1] != 2 or points.shape[0] < 1 or points.shape[1] < 1:
            raise _checks.Invalid(f"series #{index}", series.label,
                                  f"its points have shape {np.shape(series.trajectory.points)}; "
                                  f"they must be (steps+1, 2) or (steps+1, n, 2)")
        diverged_at = np.asarray(series.trajectory.diverged_at, dtype=np.int64).reshape(-1)
        if diverged_at.shape != (points.shape[1],):
            raise _checks.Invalid(f"series #{index}", series.label,
                                  f"its diverged_at has shape "
                                  f"{np.shape(series.trajectory.diverged_at)}, not one per path "
                                  f"({points.shape[1]})")
        self.label = safe_text(series.label)
        self.color = series.color
        self.linestyle = series.linestyle
        self.points = points                      # (steps + 1, n, 2)
        losses = getattr(series.trajectory, "losses", None)
        self.losses = (np.full(points.shape[:2], np.nan) if losses is None
                       else np.asarray(losses, dtype=np.float64).reshape(points.shape[:2]))
        self.steps = points.shape[0] - 1
        self.diverged_at = diverged_at            # (n,), -1 = never
        # Last step worth drawing per path: after divergence the points only repeat.
        self.last = np.where(diverged_at >= 0, np.maximum(diverged_at - 1, 0), self.steps)
        self.xy = [np.ascontiguousarray(points[:, j]) for j in range(points.shape[1])]

    def diverged_count(self, step: int) -> int:
        return int(np.count_nonzero((self.diverged_at >= 0) & (self.diverged_at <= step)))

    def label_at(self, count: int, short: bool = False) -> str:
        """The legend text once *count* of the paths have diverged; *short*: marked with a
        cross instead of the words, for a narrow panel's title."""
        n = len(self.diverged_at)
        if count == 0:
            return self.label
        if short:
            return f"{self.label} \N{BALLOT X}" + (f" {count}/{n}" if count < n else "")
        if count == n:
            return f"{self.label} {_DIVERGED}"
        return f"{self.label} \N{EM DASH} {count}/{n} diverged"

    def ends(self, step: int) -> list[int]:
        """Per path, how many of its points are drawn at *step* (at least one)."""
        k = min(step, self.steps)
        return (np.minimum(k, self.last) + 1).tolist()


def prepare(series: Sequence[Series], theme: Theme) -> list[Track]:
    """Tracks for *series*, each with a colour: the series' own, or the theme's for its place."""
    series = list(series)
    if not series:
        raise ValueError("Invalid series: none given (need at least one Series)")
    styled = [s if not isinstance(s, Series) or s.color is not None
              else replace(s, **dict(zip(("color", "linestyle"), theme.style(i))))
              for i, s in enumerate(series)]
    return [Track(s, i) for i, s in enumerate(styled)]


def note_hidden_twins(tracks: list[Track], pixels_per_unit: tuple[float, float]) -> None:
    """Keep a path visible that a later one would hide for the whole animation.

    Paths are drawn in order, so a path that stays within a pixel of a later path (at
    *pixels_per_unit* = pixels per data unit in x and in y) would never show: the book's Adam
    and torch's differ by about 1e-5.  The later path is drawn dashed over it, and its label
    says "— dashed, within D" (D the largest distance between the two).
    """
    scale = np.asarray(pixels_per_unit, dtype=float)
    for i, track in enumerate(tracks):
        for later in tracks[i + 1:]:
            if later.points.shape != track.points.shape or later.linestyle != "solid":
                continue
            apart = np.abs(track.points - later.points)
            if (apart * scale).max(initial=0.0) < 1.0:
                distance = float(np.hypot(*apart.reshape(-1, 2).T).max())
                later.linestyle = DASHED
                apart = f"within {distance:.0e}" if distance > 0 else "identical"
                later.label = f"{later.label} \N{EM DASH} dashed, {apart}"
                break
