"""An artist's pixels captured once, to paste again cheaply: for a legend over a surface that
a rotating camera redraws every frame.

Drawing a legend costs about 45 ms here (matplotlib lays out and rasterizes every glyph on
every draw), half of a whole 3-D frame; its pixels never change, only what lies under them.
``capture`` draws the artist twice over an opaque box, once black and once white, and recovers
its colour and coverage from the two results (over black a pixel is a·c, over white
a·c + (1 − a)·255); ``Sprite`` then composites that image with ``draw_image``, the way Agg
composites the artist's own primitives, so the result matches a direct draw to within a level
or two of rounding.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.patches import Rectangle
from matplotlib.transforms import IdentityTransform

__all__ = ["Sprite", "capture"]


class Sprite(Artist):
    """An RGBA image (top row first) drawn with its bottom left corner at (x, y) pixels."""

    def __init__(self, rgba: np.ndarray, x: int, y: int, zorder: float):
        super().__init__()
        self.rgba, self.x, self.y = rgba, int(x), int(y)
        self.set_zorder(zorder)
        self.set_in_layout(False)

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        gc = renderer.new_gc()
        renderer.draw_image(gc, self.x, self.y, self.rgba[::-1])
        gc.restore()
        self.stale = False


def capture(figure, artist, zorder: float) -> Sprite:
    """A Sprite of *artist* as it draws now on *figure*'s canvas (which this overwrites)."""
    canvas = figure.canvas
    renderer = canvas.get_renderer()
    box = artist.get_window_extent(renderer).padded(2)
    height = int(figure.bbox.height)
    left, right = max(0, int(np.floor(box.x0))), min(int(figure.bbox.width), int(np.ceil(box.x1)))
    bottom, top = max(0, int(np.floor(box.y0))), min(height, int(np.ceil(box.y1)))
    rows, cols = slice(height - top, height - bottom), slice(left, right)
    layers = []
    for shade in ("black", "white"):
        under = Rectangle((left, bottom), right - left, top - bottom, facecolor=shade,
                          edgecolor="none", transform=IdentityTransform(), antialiased=False)
        under.set_figure(figure)
        figure.draw_artist(under)
        figure.draw_artist(artist)
        layers.append(np.asarray(canvas.buffer_rgba())[rows, cols, :3].astype(np.float64))
    over_black, over_white = layers
    alpha = np.clip(255.0 - (over_white - over_black).mean(axis=-1), 0, 255)
    color = np.where(alpha[..., None] > 0,
                     over_black * 255.0 / np.maximum(alpha[..., None], 1), 0)
    rgba = np.dstack([np.clip(np.rint(color), 0, 255), np.rint(alpha)]).astype(np.uint8)
    return Sprite(rgba, left, bottom, zorder)
