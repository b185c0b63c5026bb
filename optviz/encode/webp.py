"""Animated WebP through ffmpeg's libwebp encoder: lossless, loops forever, streamed.

Why not Pillow: its animated WebP writer turns ``append_images`` into a list first, so every
frame would sit in memory as an image, and it pulls frames while our writers are pushed to.
ffmpeg (shipped by imageio-ffmpeg, as for MP4) takes the frames one at a time on a pipe.

Two things to know about the result: libwebp merges identical consecutive frames into one
longer frame (what you see and the total time are unchanged, the frame count drops), and frame
i starts at floor(1000 i / fps) ms (ffmpeg truncates to whole milliseconds), so the total is
exact to a millisecond.  ``hold`` repeats the last frame, which libwebp turns into a longer
last frame.
"""

from __future__ import annotations

from .ffmpeg import FfmpegPipe

OUTPUT_ARGS = [
    # frames arrive as RGBA (ffmpeg.py); WebP would keep their alpha, so it is dropped first
    "-vf", "format=rgb24",
    "-c:v", "libwebp_anim", "-lossless", "1", "-compression_level", "4", "-loop", "0", "-f", "webp",
]


class WebpWriter(FfmpegPipe):
    """Encode frames to a lossless animated WebP as they arrive."""

    @staticmethod
    def check(*, fps: float, size: tuple[int, int], hold: float) -> None:
        """Nothing beyond the common checks (libwebp takes any size up to 16383 pixels)."""

    def __init__(self, path, *, fps: float, size: tuple[int, int], reserved_colors=(),
                 background=None, hold: float = 0.0):
        super().__init__(path, format_name="WebP", fps=fps, size=size,
                         output_args=OUTPUT_ARGS, hold=hold)
