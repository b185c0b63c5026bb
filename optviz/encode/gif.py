"""Animated GIF, streamed: one global palette, only the changed rectangle per frame, exact timing.

Why the container is written here and not by Pillow's ``save_all=True``: Pillow's multi-frame
GIF writer collects every frame in a list before writing (memory grows with the animation),
merges identical consecutive frames (the frame count no longer matches), and may give frames
their own palettes.  The GIF container is simple (header, logical screen descriptor, global
colour table, NETSCAPE2.0 loop extension, then per frame a graphic control extension and an
image descriptor with LZW data, then a trailer), so this module writes it itself, frame by
frame, and only borrows Pillow's C LZW compressor: each changed rectangle, already mapped to
palette indices, is saved as a one-frame GIF with ``Image.save`` (public API; no palette
optimisation, no interlacing, so indices are kept as they are) and its image data (LZW minimum
code size, data sub-blocks, terminator) is copied out.  Measured here: this takes ~0.15 ms
for a 60x40 rectangle and ~1.3 ms for a full 600x500 frame; a pure-Python LZW encoder took
~0.7 ms and ~90 ms (and a changed rectangle of a real animation is often 60 000 pixels).

What the file guarantees:

- loops forever (NETSCAPE2.0, loop count 0);
- one global palette (see ``palette.py``), no local colour tables, no dithering: reserved
  colours come out exactly.  It is built before the first frame, with 32 entries left free and
  filled as frames bring colours far from all others; the file being our own temporary file,
  the header's colour table is rewritten with the final palette when the writer finishes
  (entries already used never change);
- one GIF frame per ``write()``, even for a frame identical to the one before (it becomes a
  1x1 transparent rectangle);
- each frame after the first covers only the bounding box of the pixels that changed, drawn
  over the previous frame (disposal "do not dispose"); inside it, unchanged pixels get the
  transparent index (the last palette entry, so the palette has 255 colours), which lets the
  previous frame show through and compresses to almost nothing;
- delays are whole hundredths of a second, rounded cumulatively so that frame i starts at
  round(100 i / fps) (30 fps gives 3, 4, 3, 3, 4, 3, ...) and the clip lasts frames / fps;
  ``hold`` is added to the last delay.  Browsers slow down delays under 2/100 s, so more than
  50 fps is refused rather than played wrong;
- memory stays flat: the frame before as one 32-bit word per pixel (to find what changed) and
  the last frame's encoded bytes (written once its delay is known: at the next frame, or
  at the end with ``hold``) are all it keeps;
- the same frames give the same bytes (no randomness, no timestamps).

Cost for a 600x500 frame of a six-optimizer scene: about 0.7 ms (compare the frame with the
one before a pixel at a time, map the changed pixels, compress the rectangle; measured
2026-12-01 on the 2-core development machine, 1.6 ms before pixels were compared as words).
"""

from __future__ import annotations

import io
import math
import struct

import numpy as np
from PIL import Image

from .checks import OutputError, RgbaFrames, check_frame
from .palette import PALETTE_SIZE, ColorMapper, build_palette

#: Highest frame rate a GIF plays correctly (a delay of 2/100 s).
MAX_FPS = 50.0

#: Palette index that frames after the first use for "unchanged, show what was there".
TRANSPARENT = PALETTE_SIZE - 1

#: Palette entries left free at the start, for colours that frames bring and the background did
#: not predict (a path's antialiased edge over a dark band, say), and how far (squared RGB
#: distance) a new colour must be from every entry to get one.  Measured on a Beale animation
#: and the test frames: +1.5 to +6 dB PSNR over a palette fixed before the first frame.
SPARE_ENTRIES = 32
TOLERANCE = 108

#: The colour bytes of a pixel read as one 32-bit word from RGBA memory (alpha left out).
_COLOUR_BITS = np.frombuffer(bytes([255, 255, 255, 0]), dtype=np.uint32)[0]

#: Where the global colour table starts: after the header and logical screen descriptor.
_COLOUR_TABLE_OFFSET = 13

#: Graphic control extension flags: disposal method 1, "do not dispose" (leave the frame),
#: and "the transparent index is used".
_LEAVE_IN_PLACE = 1 << 2
_HAS_TRANSPARENCY = 1

_LOOP_FOREVER = b"!\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
_TRAILER = b";"


class GifWriter:
    """Write frames to an animated GIF at ``path`` as they arrive (see the module docstring)."""

    @staticmethod
    def check(*, fps: float, size: tuple[int, int], hold: float) -> None:
        """Refuse settings a GIF can't play correctly, before any file is made."""
        if fps > MAX_FPS:
            raise OutputError(
                f"GIF can't play faster than {MAX_FPS:g} fps (browsers slow shorter delays down), "
                f"got {fps:g}; use {MAX_FPS:g} fps or less, or write .mp4")
        longest = math.ceil(100 / fps) + round(hold * 100)
        if longest > 0xFFFF:
            raise OutputError(f"a GIF frame lasts at most 655.35 s, this one would last "
                              f"{longest / 100:g} s; use a higher fps or a shorter hold")

    def __init__(self, path, *, fps: float, size: tuple[int, int], reserved_colors=(),
                 background=None, hold: float = 0.0):
        self.size = size
        self.fps = fps
        self.hold = hold
        self.reserved_colors = list(reserved_colors)
        self.background = None if background is None else np.array(check_frame(
            background, size, "background"))
        self.frames = 0
        self._mapper: ColorMapper | None = None
        width, height = size
        self._previous = np.empty((height, width), dtype=np.uint32)   # the frame before, packed
        self._differences = np.empty((height, width), dtype=np.uint32)
        self._rgba = RgbaFrames()
        self._pending: bytes | None = None      # last frame's image block, waiting for its delay
        self._file = open(path, "wb")

    def write(self, frame) -> None:
        """Append one (height, width, 3) uint8 frame."""
        frame = check_frame(frame, self.size)
        pixels = self._pixels(frame)
        if self._mapper is None:
            self._start(frame)
            left, top, right, bottom = 0, 0, self.size[0], self.size[1]
            indices = self._mapper.map(frame)
        else:
            changed = self._changed(pixels)
            left, top, right, bottom = changed_box(changed)
            # Pixels of the rectangle that did not change become transparent: the previous
            # frame shows through, and long runs of one index compress well.
            moved = changed[top:bottom, left:right]
            indices = np.full(moved.shape, TRANSPARENT, dtype=np.uint8)
            indices[moved] = self._mapper.map(frame[top:bottom, left:right][moved])
        # Only the rectangle changed, so only the rectangle needs keeping for the next frame.
        self._previous[top:bottom, left:right] = pixels[top:bottom, left:right]
        self._flush()
        self._pending = (struct.pack("<cHHHHB", b",", left, top, right - left, bottom - top, 0)
                         + lzw_image_data(indices))
        self.frames += 1

    def finish(self) -> None:
        """Write the last frame with its delay plus ``hold``, then the trailer, and close."""
        if self.frames == 0:
            raise OutputError("no frames to write: the animation is empty")
        self._flush(extra=round(self.hold * 100))
        self._file.write(_TRAILER)
        self._file.seek(_COLOUR_TABLE_OFFSET)          # spare entries filled while writing
        self._file.write(self._colour_table())
        self._file.close()

    def abort(self) -> None:
        """Close the file without finishing it (the caller removes it)."""
        self._file.close()

    def _pixels(self, frame: np.ndarray) -> np.ndarray:
        """The frame as (height, width) 32-bit words, one per pixel, so that frames are
        compared a whole pixel at a time.  A renderer's RGB frame is a view of its RGBA canvas,
        which gives the words without a copy (copying RGB out of RGBA was 60% of encoding);
        any other frame is copied into an RGBA buffer first."""
        return self._rgba(frame).view(np.uint32)[..., 0]

    def _changed(self, pixels: np.ndarray) -> np.ndarray:
        """(height, width) bool: where the colour differs from the frame before (the alpha
        byte of an RGBA canvas is left out)."""
        differences = np.bitwise_xor(pixels, self._previous, out=self._differences)
        return np.bitwise_and(differences, _COLOUR_BITS, out=differences).astype(bool)

    def _start(self, frame: np.ndarray) -> None:
        """Build the palette and write everything that comes before the first frame."""
        picture = frame if self.background is None else self.background
        palette = build_palette(picture, self.reserved_colors, size=TRANSPARENT - SPARE_ENTRIES)
        self._mapper = ColorMapper(palette, capacity=TRANSPARENT, tolerance=TOLERANCE)
        width, height = self.size
        # global colour table present, 8 bits per primary, 2 ** (7 + 1) = 256 entries
        screen = struct.pack("<6sHHBBB", b"GIF89a", width, height, 0xF7, 0, 0)
        self._file.write(screen + self._colour_table() + _LOOP_FOREVER)

    def _colour_table(self) -> bytes:
        """The global colour table as it is now: 256 entries, unused ones black."""
        table = np.zeros((PALETTE_SIZE, 3), dtype=np.uint8)
        palette = self._mapper.palette
        table[: len(palette)] = palette
        return table.tobytes()

    def _flush(self, extra: int = 0) -> None:
        """Write the pending frame (the last one written) after its graphic control extension:
        delay plus ``extra``, disposal, transparent index (not for the first frame)."""
        if self._pending is None:
            return
        index = self.frames - 1
        delay = gif_delay(index, self.fps) + extra
        flags = _LEAVE_IN_PLACE | (_HAS_TRANSPARENCY if index > 0 else 0)
        control = b"!\xf9\x04" + struct.pack("<BHBB", flags, delay, TRANSPARENT, 0)
        self._file.write(control + self._pending)
        self._pending = None


def gif_delay(index: int, fps: float) -> int:
    """Delay of frame ``index`` in hundredths of a second, rounded cumulatively: the frame starts
    at round(100 * index / fps), halves rounded up, and lasts until the next one starts."""
    def start(i: int) -> int:
        return math.floor(100 * i / fps + 0.5)
    return start(index + 1) - start(index)


def changed_box(changed: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) around the True pixels of an (h, w) bool array;
    (0, 0, 1, 1) if there are none."""
    rows = np.flatnonzero(changed.any(axis=1))
    if rows.size == 0:
        return 0, 0, 1, 1
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    columns = np.flatnonzero(changed[top:bottom].any(axis=0))
    return int(columns[0]), top, int(columns[-1]) + 1, bottom


def lzw_image_data(indices: np.ndarray) -> bytes:
    """GIF image data for an (h, w) uint8 array of palette indices: the LZW minimum code size,
    the LZW data in sub-blocks of at most 255 bytes, and the zero-length terminator.

    Pillow compresses: the indices are saved as a one-frame, non-interlaced GIF without palette
    optimisation (so every index is written as it is) and the image data is cut out of it.
    """
    height, width = indices.shape
    image = Image.frombuffer("P", (width, height), np.ascontiguousarray(indices), "raw", "P", 0, 1)
    buffer = io.BytesIO()
    image.save(buffer, format="GIF", optimize=False, interlace=False)
    return _image_data(buffer.getvalue())


def _image_data(gif: bytes) -> bytes:
    """The first image's data in a GIF file (checked to have no local palette, no interlace)."""
    flags = gif[10]
    pos = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    while pos < len(gif):
        introducer = gif[pos]
        if introducer == 0x21:                    # extension: label, then sub-blocks
            pos = _skip_sub_blocks(gif, pos + 2)
        elif introducer == 0x2C:                  # image descriptor, 10 bytes
            if gif[pos + 9] & 0xC0:
                raise RuntimeError("Pillow wrote a local palette or interlaced GIF data")
            start = pos + 10
            return gif[start:_skip_sub_blocks(gif, start + 1)]
        else:
            break
    raise RuntimeError("unexpected GIF structure from Pillow: no image data found")


def _skip_sub_blocks(data: bytes, pos: int) -> int:
    """Position just after the sub-blocks starting at ``pos`` and their terminator."""
    while data[pos]:
        pos += data[pos] + 1
    return pos + 1
