"""Heads outside the view, marked at its edge: a triangle in the path's colour, on the border
where the head left the picture, pointing towards it (a swarm's dots likewise).

A diverging optimizer (SGD above the stable rate) leaves the view some steps before optviz
declares it diverged (5x the view away); without a mark the viewer loses its head, and the
path's last visible stretch ends at the border with nothing to say it goes on.
"""

from __future__ import annotations

import functools

import numpy as np
from matplotlib.markers import MarkerStyle
from matplotlib.transforms import Affine2D


class EdgeMarks:
    """A scatter of triangles on *ax*'s border for the heads outside its view; ``update``
    places them each frame and says which heads are inside (drawn as usual)."""

    def __init__(self, ax, *, size: float, edgecolor, linewidth: float, zorder: float):
        self.ax = ax
        self.radius = size / 2 * ax.figure.dpi / 72           # the triangle's reach, in pixels
        self.artist = ax.scatter([], [], s=size**2, marker=">", edgecolors=edgecolor,
                                 linewidths=linewidth, zorder=zorder, animated=True)

    def update(self, heads: np.ndarray, colors: list) -> np.ndarray:
        """Mark the *heads* (n x 2, data units) outside the view; True for those inside."""
        to_pixels = self.ax.transData
        pixels = to_pixels.transform(heads)
        box = self.ax.bbox
        low = np.array([box.x0, box.y0]) + self.radius
        high = np.array([box.x1, box.y1]) - self.radius
        with np.errstate(invalid="ignore"):
            inside = ((pixels >= [box.x0, box.y0]) & (pixels <= [box.x1, box.y1])).all(axis=1)
        outside = np.flatnonzero(~inside & np.isfinite(pixels).all(axis=1))
        self.artist.set_visible(len(outside) > 0)
        if not len(outside):        # the usual frame: nothing to mark, nothing to set
            return inside
        at = np.clip(pixels[outside], low, high)
        angles = np.degrees(np.arctan2(*(pixels[outside] - at).T[::-1]))
        self.artist.set_offsets(to_pixels.inverted().transform(at))
        self.artist.set_paths([_triangle(round(angle)) for angle in angles])
        self.artist.set_facecolors([colors[i] for i in outside])
        return inside


@functools.lru_cache(maxsize=None)
def _triangle(degrees: int):
    """The ``>`` marker turned by *degrees* (0: pointing right), as scatter's unit path."""
    style = MarkerStyle(">", transform=Affine2D().rotate_deg(degrees))
    return style.get_path().transformed(style.get_transform())
