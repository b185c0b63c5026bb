"""Stream raw frames into the ffmpeg binary that the imageio-ffmpeg wheel ships.

Frames go to ffmpeg's stdin as raw video (``-f rawvideo -pix_fmt rgba -s WxH -framerate fps
-i -``) one at a time, so memory does not grow with the animation.  A renderer's frame is the
RGB part of its RGBA canvas, which is used as it is (picking out RGB was a strided copy that
took longer than drawing the frame at 1280x720); an RGB frame of another origin is widened to
RGBA.  A format may send another pixel format (MP4 sends YUV 4:2:0, ``yuv.py``) by converting
the RGBA frame in ``_pixels``; its output options come from it (``mp4.py``, ``webp.py``).
ffmpeg's messages go to a temporary file rather than a pipe (a pipe nobody reads can fill up
and stall ffmpeg).  If ffmpeg fails, or dies while we write to it (a broken pipe), its first
message that names a cause becomes a one-line ``OutputError``.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tempfile

import numpy as np

from .checks import OutputError, RgbaFrames, check_frame

#: ffmpeg's follow-up lines that only say that something reported before went wrong.
_GENERIC = ("Conversion failed", "Error selecting an encoder", "Error opening output file",
            "Error opening output files", "Error while", "Exiting", "Terminating thread",
            "Nothing was written", "Could not open encoder")


@functools.lru_cache(maxsize=None)
def _find_ffmpeg() -> tuple[str | None, str]:
    """(path of a working ffmpeg, "") or (None, why not); looked up and run once per process."""
    try:
        import imageio_ffmpeg
        exe = imageio_ffmpeg.get_ffmpeg_exe()
        subprocess.run([exe, "-hide_banner", "-version"], stdin=subprocess.DEVNULL,
                       capture_output=True, check=True, timeout=30)
    except Exception as error:  # noqa: BLE001 - any failure means "no usable ffmpeg"
        reason = " ".join(str(error).split()) or type(error).__name__
        return None, reason
    return exe, ""


def ffmpeg_exe(format_name: str) -> str:
    """The ffmpeg binary, or OutputError saying that ``format_name`` output needs it and how to
    get it."""
    exe, reason = _find_ffmpeg()
    if exe is None:
        raise OutputError(f"{format_name} needs ffmpeg, which comes with imageio-ffmpeg: "
                          f"pip install imageio-ffmpeg ({reason})")
    return exe


class FfmpegPipe:
    """One running ffmpeg that encodes the frames written to it into ``path``.

    ``output_args`` are the options between the input and the output file (codec, pixel
    format, muxer flags).  ``hold`` seconds are added by repeating the last frame
    round(hold * fps) times.
    """

    #: The pixel format of the frames sent, as ffmpeg names it (see ``_pixels``).
    PIXEL_FORMAT = "rgba"

    def __init__(self, path, *, format_name: str, fps: float, size: tuple[int, int],
                 output_args: list[str], hold: float = 0.0):
        self.format_name = format_name
        self.size = size
        self.frames = 0
        self._hold_frames = round(hold * fps)
        self._last: np.ndarray | None = None       # the last pixels sent, when to be repeated
        self._rgba = RgbaFrames()
        width, height = size
        command = [ffmpeg_exe(format_name), "-hide_banner", "-loglevel", "error", "-y",
                   "-f", "rawvideo", "-pix_fmt", self.PIXEL_FORMAT, "-s", f"{width}x{height}",
                   "-framerate", f"{fps:.12g}", "-i", "-",
                   "-an", *output_args, str(path)]
        self._messages = tempfile.TemporaryFile()
        try:
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL, stderr=self._messages)
        except BaseException:
            self._messages.close()
            raise

    def write(self, frame) -> None:
        """Send one (height, width, 3) uint8 frame to ffmpeg."""
        frame = check_frame(frame, self.size)
        pixels = self._pixels(self._rgba(frame))
        self._send(pixels)
        if self._hold_frames:
            if self._last is None:
                self._last = pixels.copy()
            else:
                np.copyto(self._last, pixels)
        self.frames += 1

    def _pixels(self, rgba: np.ndarray) -> np.ndarray:
        """What is sent for a (height, width, 4) frame, in ``PIXEL_FORMAT``: here the frame."""
        return rgba

    def finish(self) -> None:
        """Send the hold frames, close ffmpeg's input and wait for it to finish the file."""
        if self.frames == 0:
            raise OutputError("no frames to write: the animation is empty")
        for _ in range(self._hold_frames):
            self._send(self._last)
        try:
            self._process.stdin.close()
        except BrokenPipeError:
            pass
        if self._process.wait() != 0:
            raise self._failure()
        self._messages.close()

    def abort(self) -> None:
        """Stop ffmpeg if it is still running and release everything (the caller removes the
        file)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for stream in (self._process.stdin, self._messages):
            try:
                stream.close()
            except OSError:
                pass

    def _send(self, frame: np.ndarray) -> None:
        try:
            self._process.stdin.write(frame)
        except OSError as error:                 # BrokenPipeError: ffmpeg has stopped
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            raise self._failure() from error

    def _failure(self) -> OutputError:
        """An OutputError quoting ffmpeg's first message that names a cause (ffmpeg reports the
        cause first, then what failed because of it)."""
        self._messages.seek(0)
        text = self._messages.read().decode("utf-8", "replace")
        lines = [re.sub(r" @ 0x[0-9a-fA-F]+", "", " ".join(line.split()))
                 for line in text.splitlines()]
        lines = [line for line in lines if line]
        causes = [line for line in lines
                  if not re.sub(r"^\[[^\]]*\] ", "", line).startswith(_GENERIC)]
        detail = (causes or lines or [f"exit status {self._process.returncode}"])[0]
        return OutputError(f"{self.format_name} encoding failed, ffmpeg says: {detail}")
