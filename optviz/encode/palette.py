"""One fixed palette (up to 256 colours) for a whole animation, and fast exact colour mapping.

Our frames are a static picture (filled contours, labels, legend) with a few moving things
drawn in known colours on top.  So the palette is built before the first frame, from:

1. the *reserved* colours (path colours, head rims, star, step-counter text), exactly;
2. *ramps*: each reserved colour blended 1/2, 1/4 and 3/4 with the background's typical colour,
   because the antialiased edges of paths and markers are such blends and they are what a
   background-only palette would miss;
3. the background's colours: all of them if they fit, else a weighted variance-splitting median
   cut of them (flat regions are many pixels of one colour and stay exact; contour edges get
   accurate averages);
4. optionally, spare entries, filled while frames arrive with colours far from every entry
   (``ColorMapper(capacity=...)``): what the background could not predict.

Every pixel is mapped to its nearest palette colour (squared RGB distance, first index on a
tie), without dithering: a colour that is in the palette, such as a reserved one, maps to
itself.  ``ColorMapper`` remembers each colour it has seen in a lookup table indexed by the
24-bit RGB value, so the nearest-colour search runs only for colours never seen before (after
the first frame, a handful per frame).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

#: Colours in a GIF palette.
PALETTE_SIZE = 256

#: Blend weights of a reserved colour for its ramp entries, most useful first.
RAMP_LEVELS = (0.5, 0.25, 0.75)

#: At most this many palette entries go to ramps; the rest stay for the background.
MAX_RAMP_ENTRIES = 64


def build_palette(background: np.ndarray, reserved: Iterable = (),
                  size: int = PALETTE_SIZE) -> np.ndarray:
    """An (n, 3) uint8 palette, n <= ``size``, with no repeated colour.

    ``background`` is a (height, width, 3) uint8 image; ``reserved`` (r, g, b) colours come
    first, exactly.  The result depends only on the inputs (no randomness), so reruns give
    identical files.
    """
    fixed = _unique_rows(np.array(list(reserved), dtype=np.int64).reshape(-1, 3))
    if (fixed < 0).any() or (fixed > 255).any():
        raise ValueError("reserved colours must be (r, g, b) triples of integers 0..255")
    if len(fixed) > size:
        raise ValueError(f"{len(fixed)} reserved colours don't fit a {size}-colour palette")

    colors, counts = colour_counts(background)
    keep = ~np.isin(pack(colors), pack(fixed))          # reserved ones are in already
    colors, counts = colors[keep], counts[keep]
    order = np.lexsort((pack(colors), -counts))          # most frequent first, ties by value
    colors, counts = colors[order], counts[order]

    ramps = _ramps(fixed, typical=np.median(background.reshape(-1, 3), axis=0))
    room = size - len(fixed)
    if len(colors) <= room:                              # the background fits exactly
        parts = [fixed, colors, ramps]
    else:
        ramps = ramps[: min(MAX_RAMP_ENTRIES, room // 4)]
        parts = [fixed, ramps, median_cut(colors, counts, room - len(ramps))]
    return _unique_rows(np.concatenate(parts))[:size].astype(np.uint8)


def median_cut(colors: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    """At most ``n`` colours representing ``colors`` (m, 3) with pixel counts ``weights``.

    Starting from one box holding every colour, repeatedly split the box with the largest
    weighted squared error, across its widest channel, at the cut that leaves the least error
    on both sides.  Each box becomes its weighted mean colour.
    """
    boxes = [(colors.astype(np.float64), weights.astype(np.float64))]
    errors = [_box_error(*boxes[0])]
    while len(boxes) < n:
        i = int(np.argmax(errors))
        if errors[i] <= 0:                               # every box is a single colour
            break
        left, right = _split(*boxes[i])
        boxes[i:i + 1] = [left, right]
        errors[i:i + 1] = [_box_error(*left), _box_error(*right)]
    means = [_mean(c, w) for c, w in boxes if len(c)]
    return np.clip(np.rint(means), 0, 255).astype(np.int64).reshape(-1, 3)


class ColorMapper:
    """Map RGB pixels to palette indices, exactly and fast, remembering colours already seen.

    With ``capacity`` larger than the palette, the free entries are filled on the way: a new
    colour farther than ``tolerance`` (squared RGB distance) from every entry becomes an entry
    itself, the farthest first, until the palette is full.  Indices given out never change.
    """

    def __init__(self, palette: np.ndarray, capacity: int | None = None, tolerance: int = 48):
        palette = np.asarray(palette, dtype=np.uint8).reshape(-1, 3)
        capacity = len(palette) if capacity is None else capacity
        if not 0 < len(palette) <= capacity <= PALETTE_SIZE:
            raise ValueError(f"a palette has 1 to {PALETTE_SIZE} colours, got {len(palette)}")
        self._entries = np.zeros((capacity, 3), dtype=np.uint8)
        self._entries[: len(palette)] = palette
        self._count = len(palette)
        self.tolerance = tolerance
        # index + 1 for every 24-bit colour seen so far, 0 = not seen yet.  np.zeros gets
        # zeroed pages from the OS lazily, so only the parts touched take memory.
        self._lookup = np.zeros(1 << 24, dtype=np.uint16)

    @property
    def palette(self) -> np.ndarray:
        """The entries so far, (n, 3) uint8."""
        return self._entries[: self._count]

    def map(self, rgb: np.ndarray) -> np.ndarray:
        """Palette indices (uint8, shape ``rgb.shape[:-1]``) of uint8 colours (..., 3)."""
        keys = pack(rgb)
        found = self._lookup[keys]
        if not found.all():
            new = np.unique(keys[found == 0])
            self._lookup[new] = self._place(unpack(new)) + 1
            found = self._lookup[keys]
        return (found - 1).astype(np.uint8)

    def _place(self, colors: np.ndarray) -> np.ndarray:
        """Indices for colours never seen before, adding far ones to the palette while it has
        room."""
        index, distance = nearest(colors, self.palette)
        while self._count < len(self._entries):
            worst = int(np.argmax(distance))              # first of equals: deterministic
            if distance[worst] <= self.tolerance:
                break
            self._entries[self._count] = colors[worst]
            closer = _distance(colors, colors[worst]) < distance
            index[closer] = self._count
            distance[closer] = _distance(colors[closer], colors[worst])
            self._count += 1
        return index


def nearest(colors: np.ndarray, palette: np.ndarray, chunk: int = 4096):
    """(index, squared distance) of the nearest ``palette`` colour for each of ``colors``
    (m, 3): exact integer distances, the lowest index on a tie, in chunks to bound memory.

    |c - p|² = |c|² - 2 c·p + |p|²; the |c|² of a colour is the same for every entry, so the
    nearest entry is the one with the least |p|² - 2 c·p, computed channel by channel over
    whole (m, palette) rows: exact in int32, and 5x faster than summing squared differences
    over a trailing axis of three (measured with 55 and 5,000 colours).
    """
    pal = palette.astype(np.int32)
    pal_norms = (pal * pal).sum(axis=1)
    index = np.empty(len(colors), dtype=np.intp)
    distance = np.empty(len(colors), dtype=np.int32)
    for start in range(0, len(colors), chunk):
        part = colors[start:start + chunk].astype(np.int32)
        cross = part[:, :1] * pal[:, 0] + part[:, 1:2] * pal[:, 1] + part[:, 2:] * pal[:, 2]
        d = pal_norms - 2 * cross
        index[start:start + chunk] = best = d.argmin(axis=1)
        distance[start:start + chunk] = d[np.arange(len(part)), best] + (part * part).sum(axis=1)
    return index, distance


def _distance(colors: np.ndarray, color: np.ndarray) -> np.ndarray:
    """Squared RGB distances of ``colors`` (m, 3) from one colour."""
    return ((colors.astype(np.int32) - color.astype(np.int32)) ** 2).sum(axis=1)


def pack(rgb: np.ndarray) -> np.ndarray:
    """24-bit keys 0xRRGGBB (uint32) of an (..., 3) array of 0..255 values."""
    rgb = np.asarray(rgb)
    return ((rgb[..., 0].astype(np.uint32) << 16) | (rgb[..., 1].astype(np.uint32) << 8)
            | rgb[..., 2].astype(np.uint32))


def unpack(keys: np.ndarray) -> np.ndarray:
    """(m, 3) uint8 colours of 24-bit keys."""
    keys = np.asarray(keys, dtype=np.uint32)
    return np.stack([(keys >> 16) & 255, (keys >> 8) & 255, keys & 255], axis=-1).astype(np.uint8)


def colour_counts(image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct colours (m, 3) int64 of an (h, w, 3) image and their pixel counts."""
    keys, counts = np.unique(pack(image).ravel(), return_counts=True)
    return unpack(keys).astype(np.int64), counts


def _ramps(fixed: np.ndarray, typical: np.ndarray) -> np.ndarray:
    """Blends of each reserved colour with the typical background colour, by level then colour."""
    blends = [np.rint(level * fixed + (1 - level) * typical) for level in RAMP_LEVELS]
    return np.concatenate(blends).astype(np.int64).reshape(-1, 3)


def _unique_rows(colors: np.ndarray) -> np.ndarray:
    """``colors`` without repeats, first occurrence kept, order kept."""
    if len(colors) == 0:
        return colors.reshape(0, 3)
    _, first = np.unique(pack(colors), return_index=True)
    return colors[np.sort(first)]


def _mean(colors: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """The weighted mean colour of a box.  Colours and weights (pixel counts) are whole
    numbers, so both sums are exact in float64 whatever their order: the same bits as
    ``np.average``, without its overhead (half the median cut's time)."""
    return (colors * weights[:, None]).sum(axis=0) / weights.sum()


def _box_error(colors: np.ndarray, weights: np.ndarray) -> float:
    """Weighted sum of squared distances of a box's colours from their weighted mean."""
    if len(colors) < 2:
        return 0.0
    mean = _mean(colors, weights)
    return float((weights * ((colors - mean) ** 2).sum(axis=1)).sum())


def _split(colors: np.ndarray, weights: np.ndarray):
    """Two boxes from one: sort along the widest channel and cut where the summed weighted
    squared error of the two halves is least (computed for every cut at once with prefix
    sums)."""
    channel = int(np.argmax(colors.max(axis=0) - colors.min(axis=0)))
    order = np.argsort(colors[:, channel], kind="stable")
    colors, weights = colors[order], weights[order]
    w = np.cumsum(weights)[:-1]                                   # left weight per cut
    s = np.cumsum(colors * weights[:, None], axis=0)[:-1]         # left weighted sums
    q = np.cumsum((colors ** 2).sum(axis=1) * weights)[:-1]       # left weighted squares
    total_w, total_s = weights.sum(), (colors * weights[:, None]).sum(axis=0)
    total_q = ((colors ** 2).sum(axis=1) * weights).sum()
    left = q - (s ** 2).sum(axis=1) / w
    right = (total_q - q) - ((total_s - s) ** 2).sum(axis=1) / (total_w - w)
    cut = int(np.argmin(left + right)) + 1
    return (colors[:cut], weights[:cut]), (colors[cut:], weights[cut:])
