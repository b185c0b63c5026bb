"""A step counter ("step 120 / 300") cheap enough to redraw on every frame.

A matplotlib ``Text`` lays out and rasterizes its glyphs on every draw, about 1.4 ms here: more
than everything else in a blitted frame together.  ``StepCounter`` renders its few pieces
("step", the ten digits, "/ 300") once, with matplotlib itself, into alpha masks, and on each draw
pastes the masks side by side and hands the result to the renderer as one small image.  It is an
ordinary artist, so a full ``canvas.draw()`` draws it the same way as ``draw_artist`` does;
``place_counter`` finds it a place by the last panel.  Drawn at another resolution than its
glyphs were made for (``savefig`` at another dpi, a PDF or SVG), it is drawn as ordinary text
instead, in the same place on the figure.
"""

from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.transforms import Bbox, IdentityTransform

from .style import rgb8

__all__ = ["StepCounter", "place_counter"]

_PAD = 3  # pixels of room around each piece for glyph overhangs


class StepCounter(Artist):
    """Draws "step {step} / {total}", its right end and baseline at a point given in pixels."""

    def __init__(self, total: int, *, color, fontsize: float, dpi: float, zorder: float = 10):
        super().__init__()
        self.total = int(total)
        self.step = 0
        self.color = rgb8(color)
        self.set_zorder(zorder)
        self.set_in_layout(False)
        self._right = 0.0
        self._baseline = 0.0
        self._prop = FontProperties(size=fontsize)
        self._dpi = float(dpi)
        self._sprites, self._advance, self._space, self._origin = _render_pieces(
            ["step", f"/ {self.total}", *"0123456789"], self._prop, dpi)
        self._cache: tuple[int, np.ndarray] | None = None

    def set_anchor(self, right: float, baseline: float) -> None:
        """Put the text's right end at x = *right* and its baseline at y = *baseline* (pixels
        from the figure's bottom left)."""
        self._right, self._baseline = float(right), float(baseline)
        self.stale = True

    def set_step(self, step: int) -> None:
        self.step = int(step)
        self.stale = True

    def image(self) -> np.ndarray:
        """The counter as an RGBA image (top row first), the text colour with glyph coverage as
        alpha; its left edge is the first piece's origin minus the padding."""
        if self._cache is not None and self._cache[0] == self.step:
            return self._cache[1]
        digits = str(self.step)
        pieces = ["step", *digits, f"/ {self.total}"]
        # "step", a space, the digits, a space, "/ total".
        gaps = [self._space] + [0] * (len(digits) - 1) + [self._space]
        offsets = np.cumsum([0] + [self._advance[p] + g for p, g in zip(pieces, gaps)])
        width = int(offsets[-1] + self._advance[pieces[-1]])
        height = next(iter(self._sprites.values())).shape[0]
        alpha = np.zeros((height, width + 2 * _PAD), dtype=np.uint8)
        for piece, x in zip(pieces, offsets):
            sprite = self._sprites[piece]
            window = alpha[:, x:x + sprite.shape[1]]
            np.maximum(window, sprite[:, :window.shape[1]], out=window)
        rgba = np.empty((*alpha.shape, 4), dtype=np.uint8)
        rgba[..., :3] = self.color
        rgba[..., 3] = alpha
        self._cache = (self.step, rgba)
        return rgba

    def extent(self, step: int) -> tuple[int, int]:
        """Width and height in pixels of the counter's image when it shows *step*."""
        kept = self.step
        self.step = int(step)
        try:
            shape = self.image().shape
        finally:
            self.step = kept
        return shape[1], shape[0]

    def get_window_extent(self, renderer=None) -> Bbox:
        """Where the counter draws (so that ``savefig(bbox_inches="tight")`` keeps it)."""
        scale, right, baseline = self._placed()
        width, height = self.extent(self.step)
        bottom = baseline - self._origin * scale
        return Bbox([[right - (width - _PAD) * scale, bottom],
                     [right + _PAD * scale, bottom + height * scale]])

    def _placed(self) -> tuple[float, float, float]:
        """(scale, right, baseline) as the figure draws now.  The anchor was set in pixels at
        the figure's dpi; savefig may draw at another dpi (72, points, for a vector file) and
        with the figure moved (bbox_inches="tight")."""
        scale = self.figure.dpi / self._dpi
        left, bottom = self.figure.transFigure.transform((0, 0))
        return scale, left + self._right * scale, bottom + self._baseline * scale

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        scale, right, baseline = self._placed()
        if scale != 1:
            text = Text(right, baseline, f"step {self.step} / {self.total}",
                        color=tuple(c / 255 for c in self.color),
                        fontproperties=self._prop, ha="right", va="baseline",
                        transform=IdentityTransform(), alpha=self.get_alpha())
            text.set_figure(self.figure)
            text.draw(renderer)
        else:
            rgba = self.image()
            gc = renderer.new_gc()
            gc.set_alpha(self.get_alpha() if self.get_alpha() is not None else 1.0)
            # Agg's draw_image takes the bottom row first.
            renderer.draw_image(gc, round(right) - (rgba.shape[1] - _PAD),
                                round(baseline) - self._origin, rgba[::-1])
            gc.restore()
        self.stale = False


def place_counter(counter: StepCounter, panel, block, steps: int, renderer) -> None:
    """Anchor *counter* at the first place *panel* (the bottom right one) offers where the
    counter's widest text clears the artist *block* (the legend, or the panel's title) and the
    panel's labels; on a narrow panel its x label makes way, to the left end, or, with no room
    there either, out of the picture."""
    width, height = counter.extent(steps)
    anchors = panel.counter_anchors(renderer)
    block = block.get_window_extent(renderer).padded(2)
    labels = panel.counter_obstacles()
    for x, baseline, align in [*anchors, anchors[0]]:
        right = x + width if align == "left" else x
        box = Bbox([[right - width, baseline - height / 3], [right, baseline + height]])
        if not block.overlaps(box) and not box.count_contains(labels):
            break
    counter.set_anchor(right, baseline)
    label = panel.ax.xaxis.label
    if label.get_visible() and label.get_text() and box.overlaps(
            label.get_window_extent(renderer)):
        panel.ax.set_xlabel(label.get_text(), loc="left")
        label.set_visible(not box.overlaps(label.get_window_extent(renderer)))


def _render_pieces(pieces, prop: FontProperties, dpi: float):
    """Alpha masks of *pieces* as matplotlib draws them, each with its origin at the same place.

    Returns (sprites by piece, advance widths in whole pixels, the width of a space, the
    baseline's distance in pixels above the sprites' bottom row).
    """
    size_px = prop.get_size_in_points() * dpi / 72
    height = int(np.ceil(size_px * 1.6)) + 2 * _PAD
    origin = int(np.ceil(size_px * 0.35)) + _PAD          # room below the baseline
    fig = Figure(figsize=(1, 1), dpi=dpi, facecolor="none")
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()
    widths = {p: renderer.get_text_width_height_descent(p, prop, ismath=False)[0]
              for p in pieces}
    w_pair = renderer.get_text_width_height_descent("00", prop, ismath=False)[0]
    w_gap = renderer.get_text_width_height_descent("0 0", prop, ismath=False)[0]
    space = max(1, round(w_gap - w_pair))
    width = int(np.ceil(max(widths.values()))) + 2 * _PAD + 2
    fig.set_size_inches((width + 1e-6) / dpi, (height + 1e-6) / dpi)
    text = fig.text(_PAD, origin, "", fontproperties=prop, color="black", ha="left",
                    va="baseline", transform=IdentityTransform())
    sprites = {}
    for piece in pieces:
        text.set_text(piece)
        canvas.draw()
        buffer = np.asarray(canvas.buffer_rgba())
        sprites[piece] = buffer[-height:, :, 3].copy()   # rows top first; origin from bottom
    fig.clear()
    advances = {p: max(1, round(w)) for p, w in widths.items()}
    return sprites, advances, space, origin
