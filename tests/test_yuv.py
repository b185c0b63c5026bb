"""RGBA to BT.709 limited-range YUV 4:2:0 (optviz/encode/yuv.py), the MP4 encoder's input."""

from __future__ import annotations

import subprocess

import imageio_ffmpeg
import numpy as np
import pytest

from optviz.encode.yuv import Yuv420, chroma, luma


def rgba(rgb: np.ndarray) -> np.ndarray:
    frame = np.full((*rgb.shape[:2], 4), 255, dtype=np.uint8)
    frame[..., :3] = rgb
    return frame


def planes(yuv: np.ndarray, width: int, height: int):
    y = yuv[: width * height].reshape(height, width)
    cb, cr = yuv[width * height:].reshape(2, height // 2, width // 2)
    return y, cb, cr


# The textbook BT.709 limited-range values (ITU-R BT.709, 8 bits): white, black and the primaries.
@pytest.mark.parametrize("color, expected", [
    ((255, 255, 255), (235, 128, 128)),
    ((0, 0, 0), (16, 128, 128)),
    ((255, 0, 0), (63, 102, 240)),
    ((0, 255, 0), (173, 42, 26)),
    ((0, 0, 255), (32, 240, 118)),
])
def test_flat_colours_give_the_bt709_limited_range_values(color, expected):
    frame = rgba(np.broadcast_to(np.array(color, dtype=np.uint8), (4, 6, 3)))
    y, cb, cr = planes(Yuv420((6, 4)).convert(frame), 6, 4)
    assert (np.unique(y), np.unique(cb), np.unique(cr)) == tuple(([v] for v in expected))


def test_every_colour_is_rounded_to_the_nearest_level():
    """Against exact integer arithmetic (Kr = 2126/10000, Kb = 722/10000): luma for all 2^24
    colours, chroma for every R, G, B sum of a cell on a grid and a million random ones; a
    value exactly halfway may go either way."""
    levels = np.arange(256, dtype=np.int64)
    g, b = levels[:, None], levels[None, :]
    for r in range(256):                           # a red level at a time: 65,536 colours
        ours = luma(np.uint8(r), g.astype(np.uint8), b.astype(np.uint8)).astype(np.int64)
        # Y = 16 + 219 (2126 R + 7152 G + 722 B) / (255 * 10000)
        numerator, denominator = 219 * (2126 * r + 7152 * g + 722 * b) + 16 * 2_550_000, 2_550_000
        assert (np.abs(2 * (ours * denominator - numerator)) <= denominator).all()

    rng = np.random.default_rng(7)
    grid = np.arange(0, 1021, 15)
    sums = np.concatenate([np.stack(np.meshgrid(grid, grid, grid), -1).reshape(-1, 3),
                           rng.integers(0, 1021, (1_000_000, 3))])
    rs, gs, bs = sums.T
    cb, cr = chroma(rs, gs, bs)
    # Cb = 128 + 224 (9278 B - 2126 R - 7152 G) / (18556 * 255 * 4), R, G, B the cell's sums;
    # Cr = 128 + 224 (7874 R - 7152 G - 722 B) / (15748 * 255 * 4)
    for ours, weights, divisor in ((cb, (-2126, -7152, 9278), 18556),
                                   (cr, (7874, -7152, -722), 15748)):
        denominator = divisor * 255 * 4
        numerator = 224 * (weights[0] * rs + weights[1] * gs + weights[2] * bs) + 128 * denominator
        assert (np.abs(2 * (ours.astype(np.int64) * denominator - numerator)) <= denominator).all()


def test_chroma_is_the_mean_of_each_2x2_cell():
    """A cell half red, half blue has the chroma of their mean colour, (127.5, 0, 127.5)."""
    rgb = np.zeros((2, 2, 3), dtype=np.uint8)
    rgb[:, 0] = (255, 0, 0)
    rgb[:, 1] = (0, 0, 255)
    y, cb, cr = planes(Yuv420((2, 2)).convert(rgba(rgb)), 2, 2)
    assert y.tolist() == [[63, 32], [63, 32]]
    # 128 + 224 (B - Y') / 1.8556 / 255 with Y' = 0.2126 R + 0.0722 B, R = B = 127.5
    assert (cb[0, 0], cr[0, 0]) == (171, 179)


def test_converting_only_changed_cells_equals_converting_every_frame():
    """Frames that change a little, in odd places, only in alpha, or almost everywhere,
    converted one after the other, give the planes a fresh converter gives each frame."""
    rng = np.random.default_rng(3)
    width, height = 38, 26
    frame = rgba(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
    going = Yuv420((width, height))
    for step in range(40):
        frame = frame.copy()
        for _ in range(step % 4):                          # 0 to 3 changed pixels
            row, column = rng.integers(0, height), rng.integers(0, width)
            frame[row, column, :3] = rng.integers(0, 256, 3)
        if step % 7 == 3:                                  # a block, to the frame's edge
            frame[height - 5:, width - 9:, :3] = rng.integers(0, 256, 3)
        if step % 5 == 2:
            frame[1, 1, 3] = step                          # alpha only: no colour change
        if step % 11 == 5:                                 # most of the frame: converted whole
            earlier = frame.copy()
            frame[2:, 3:, :3] = rng.integers(0, 256, (height - 2, width - 3, 3))
        if step % 11 == 6:                                 # and back: converted whole again
            frame = earlier
        assert np.array_equal(going.convert(frame), Yuv420((width, height)).convert(frame))


def test_luma_agrees_with_ffmpeg_to_one_level():
    """ffmpeg's own RGBA to BT.709 conversion (swscale, fixed point) as the reference."""
    rng = np.random.default_rng(5)
    width, height = 64, 48
    frame = rgba(rng.integers(0, 256, (height, width, 3), dtype=np.uint8))
    command = [imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-loglevel", "error",
               "-f", "rawvideo", "-pix_fmt", "rgba", "-s", f"{width}x{height}", "-i", "-",
               "-vf", "scale=out_color_matrix=bt709:out_range=tv", "-pix_fmt", "yuv420p",
               "-f", "rawvideo", "-"]
    theirs = subprocess.run(command, input=frame.tobytes(), capture_output=True, check=True).stdout
    their_y = np.frombuffer(theirs, np.uint8)[: width * height].astype(int)
    our_y = Yuv420((width, height)).convert(frame)[: width * height].astype(int)
    assert np.abs(our_y - their_y).max() <= 1
    assert np.mean(our_y == their_y) > 0.9


def test_odd_sizes_are_refused():
    with pytest.raises(ValueError, match="even width and height, got 5x4"):
        Yuv420((5, 4))
