"""Encoders chosen by file suffix, writing atomically: frames in, a finished file out.

    >>> path = check_output_path("adam.gif")            # before rendering: fail fast
    >>> with open_writer(path, fps=30, size=(600, 500),
    ...                  reserved_colors=renderer.reserved_colors,
    ...                  background=renderer.background()) as writer:
    ...     for frame in renderer.frames():
    ...         writer.write(frame)

Suffixes: ``.gif`` (one global palette, changed rectangles only; ``gif.py``), ``.mp4`` (H.264
through imageio-ffmpeg's ffmpeg; ``mp4.py``), ``.png`` (the last frame as a poster;
``still.py``), ``.webp`` (lossless animated WebP through ffmpeg; ``webp.py``).

Every writer class has the same small protocol: ``check(fps=, size=, hold=)`` (a static
method that refuses settings the format can't do, called before any file exists),
``__init__(path, fps=, size=, reserved_colors=, background=, hold=)``, ``write(frame)``,
``finish()`` and ``abort()``.
``open_writer`` runs it inside ``atomic_output`` (``atomic.py``), so the target is replaced only
by a complete file and is left as it was on any error.  Encoders never import matplotlib.
A GIF or an MP4 is encoded in a forked child process (``forked.py``) where that can help, so
that rendering and encoding run on two cores at once; the other formats stay in-process.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from .._names import Registry
from .atomic import atomic_output
from .checks import OutputError, check_colors, check_fps, check_hold, check_size
from .ffmpeg import ffmpeg_exe
from .forked import ForkedWriter, usable
from .gif import GifWriter
from .mp4 import Mp4Writer
from .still import PngWriter
from .webp import WebpWriter

WRITERS = Registry("output suffix",
                   {".gif": GifWriter, ".mp4": Mp4Writer, ".png": PngWriter, ".webp": WebpWriter})

#: Output suffixes understood (case doesn't matter).
SUFFIXES: tuple[str, ...] = tuple(sorted(WRITERS))

#: Formats whose encoder does work in our process, and so gains from running in a forked child
#: beside the renderer: the GIF encoder, and the MP4's conversion to YUV (``yuv.py``: whole
#: frames when a rotating camera changes every pixel).  WebP's ffmpeg process does all its
#: work; PNG keeps one frame.
_ENCODED_IN_PROCESS = {".gif", ".mp4"}

#: Formats written by ffmpeg, with the name used in messages.
_NEEDS_FFMPEG = {".mp4": "MP4", ".webp": "WebP"}

__all__ = ["OutputError", "SUFFIXES", "check_output_path", "open_writer"]


def check_output_path(path) -> Path:
    """``path`` as a Path, once it is known that an output can be written there.

    Checks, before any rendering: a supported suffix (any case), an existing, writable parent
    folder, that ``path`` is not itself a folder, and for .mp4 and .webp a working ffmpeg (looked
    for once per process).  Raises OutputError with a one-line message naming the fix.
    """
    path = Path(os.fspath(path))
    suffix = path.suffix.lower()
    choices = ", ".join(SUFFIXES)
    if suffix not in WRITERS:
        if not suffix:
            raise OutputError(f"output '{path}' has no suffix; use one of {choices}")
        raise OutputError(f"unsupported output suffix '{path.suffix}' for '{path}'; "
                          f"use one of {choices}")
    folder = path.parent
    if not folder.exists():
        raise OutputError(f"cannot write '{path}': folder '{folder}' does not exist "
                          f"(create it first)")
    if not folder.is_dir():
        raise OutputError(f"cannot write '{path}': '{folder}' is not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write '{path}': folder '{folder}' is not writable")
    if path.is_dir():
        raise OutputError(f"cannot write '{path}': it is a folder (give a file name)")
    if suffix in _NEEDS_FFMPEG:
        ffmpeg_exe(_NEEDS_FFMPEG[suffix])
    return path


@contextlib.contextmanager
def open_writer(path, *, fps: float, size: tuple[int, int], reserved_colors=(),
                background=None, hold: float = 0.0, parallel: bool = True) -> Iterator:
    """A writer for ``path``'s format; ``writer.write(frame)`` appends a frame.

    ``frame`` is a (height, width, 3) uint8 array for ``size`` = (width, height); it may be a
    view that changes after ``write`` returns.  ``reserved_colors`` are (r, g, b) colours that
    palette formats keep exact; ``background`` is an image of the static picture for building
    the palette (default: the first frame); ``hold`` is extra seconds on the last frame before
    the animation loops.  On normal exit the finished file replaces ``path`` atomically; on any
    exception the temporary file is removed, ``path`` is untouched and the exception propagates.

    ``parallel``: encode a GIF or MP4 in a forked child process while the caller renders the
    next frame (``forked.py``), when fork exists, at least two cores are usable and no other
    thread runs; otherwise, or with ``parallel=False``, encode in this process.  The bytes
    written are the same either way.
    """
    path = check_output_path(path)
    fps, size, hold = check_fps(fps), check_size(size), check_hold(hold)
    reserved_colors = check_colors(reserved_colors)
    suffix = path.suffix.lower()
    writer_class = WRITERS[suffix]
    writer_class.check(fps=fps, size=size, hold=hold)
    settings = dict(fps=fps, size=size, reserved_colors=reserved_colors, background=background,
                    hold=hold)
    with atomic_output(path) as temp:
        if parallel and suffix in _ENCODED_IN_PROCESS and usable():
            writer = ForkedWriter(writer_class, temp, **settings)
        else:
            writer = writer_class(temp, **settings)
        try:
            yield writer
            writer.finish()
        except BaseException:
            writer.abort()
            raise
