"""Encode in a forked child process, so that rendering and encoding run on two cores at once.

Rendering (matplotlib) and encoding (``gif.py``: numpy and Pillow; ``mp4.py``: numpy's
conversion to YUV, then piping to ffmpeg) both hold the GIL most of the time, so an encoder
thread gives no overlap (measured); a second process does.  The parent copies each frame into a
ring of slots in anonymous shared memory (mapped before the fork, so both processes see the
same pages) and sends the slot's number down a pipe; the child, which built the real writer,
encodes the slot and sends the number back.  A renderer's frame is the RGB part of its RGBA
canvas: the parent copies all four bytes per pixel (a plain memcpy, 35x faster than picking out
RGB; measured 0.05 against 1.7 ms at 600x500) and leaves picking out RGB to the writer in the
child, keeping the parent's share of each frame small.  Fork, not a fresh interpreter: the
child starts in milliseconds with numpy and Pillow loaded, and inherits the writer's class and
settings (background image included) without pickling.

The child reports that the writer is built (so a bad setting fails at open, as in-process),
encodes until told to finish, reports success or its error, and leaves with ``os._exit``: it
never returns into the caller's code, runs no atexit handler, flushes no inherited buffer and
never touches matplotlib (it freezes the garbage collector's view of the parent's objects, so
none of their finalizers runs in the child).  It ignores SIGINT and leads a process group of
its own, with any process it starts (the MP4's ffmpeg): the parent handles Ctrl-C and the
terminal closing, and kills the whole group, so that no ffmpeg goes on to finish a file nobody
keeps (one left running created the temporary file again after the parent had removed it).  The
child exits if the parent goes (end of file on the command pipe, or a new parent), taking its
writer and its unfinished file down with it.  OutputError, ValueError and OSError come back as
the same class with the same message, so the CLI prints one line, as does a child killed from
outside (an OutputError); anything else, a bug, comes back as a RuntimeError.

Threads.  A forked child inherits locks that other threads hold, with no thread to release
them, so ``usable()`` says no while another Python thread runs (a Jupyter kernel, a call from a
thread): ``open_writer`` then encodes in-process.  Native worker threads are another matter:
``import numpy`` starts OpenBLAS's pool (measured: 1 thread before, 2 after), and Python 3.12+
counts those too, warning (DeprecationWarning) at every fork.  That warning is silenced for our
fork only: with no other Python thread, nothing runs BLAS while we fork, so the pool is idle
(OpenBLAS resets it in the child with its own ``pthread_atfork`` handler), and the child runs
only the encoder, which uses numpy's element-wise code and Pillow, not BLAS.
"""

from __future__ import annotations

import collections
import contextlib
import gc
import mmap
import os
import select
import signal
import struct
import threading
import warnings

import numpy as np

from .checks import OutputError, check_frame, rgba_around

#: Frame slots in the ring: at least one being filled, one being encoded and one to absorb
#: jitter; up to eight, within 32 MB, so that the renderer seldom waits for the encoder (the
#: reference scene at 600x500: 0.86 s with three slots, 0.79 s with eight or sixteen).
MIN_SLOTS, MAX_SLOTS, SLOTS_MEMORY = 3, 8, 32 * 2**20

_COMMAND = struct.Struct("<ii")         # parent -> child: (slot, bytes per pixel), or _FINISH
_FINISH = (-1, 0)
_REPLY = struct.Struct("<cI")           # child -> parent: kind, slot or length of the report
_READY, _FREE, _DONE, _ERROR = b"R", b"F", b"D", b"E"
_SAME_CLASS = (OutputError, ValueError, OSError)   # raised again as they are (first match)


def usable() -> bool:
    """Whether a forked encoder can help: fork exists, two cores are ours, no other thread."""
    if not hasattr(os, "fork"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) >= 2 and threading.active_count() == 1


class ForkedWriter:
    """``writer_class(path, size=size, **settings)`` run by a forked child, with its ``write``,
    ``finish`` and ``abort``.  ``pid``: the child's process id; None once it is reaped."""

    def __init__(self, writer_class, path, *, size: tuple[int, int], **settings):
        self.size, self.pid, self._failure = size, None, None
        slot_bytes = size[0] * size[1] * 4
        count = max(MIN_SLOTS, min(MAX_SLOTS, SLOTS_MEMORY // slot_bytes))
        self._memory = mmap.mmap(-1, count * slot_bytes, flags=mmap.MAP_SHARED)
        self._slots = [memoryview(self._memory)[i * slot_bytes:(i + 1) * slot_bytes]
                       for i in range(count)]
        self._free = collections.deque(range(count))
        commands_in, self._commands = os.pipe()
        self._replies, replies_out = os.pipe()
        parent = os.getpid()
        # SIGINT and SIGTERM wait until the child has its own handlers: a KeyboardInterrupt
        # raised in the child before that would unwind into the caller's code there.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            try:
                self.pid = fork()
                if self.pid == 0:                           # the child: never returns
                    code = 1
                    try:
                        os.setpgid(0, 0)    # its own group (also set below: whoever is first)
                        gc.freeze()     # the parent's objects: never collected (finalized) here
                        os.close(self._commands)
                        os.close(self._replies)
                        signal.signal(signal.SIGINT, signal.SIG_IGN)
                        signal.signal(signal.SIGTERM, signal.SIG_DFL)
                        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
                        code = _serve(writer_class, path, dict(settings, size=size),
                                      self._slots, commands_in, replies_out, parent)
                    finally:
                        os._exit(code)
                try:
                    os.setpgid(self.pid, self.pid)
                except OSError:                 # the child has set it, or has already ended
                    pass
            finally:
                os.close(commands_in)
                os.close(replies_out)
                signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # a Ctrl-C meanwhile: here
            if self._receive() != _READY:
                raise RuntimeError("the encoder process did not start")
        except BaseException:
            self.abort()
            raise

    def write(self, frame) -> None:
        """Copy ``frame`` into a free slot (waiting for one) for the child to encode."""
        frame = check_frame(frame, self.size)
        self._check_running()
        while select.select([self._replies], [], [], 0)[0]:    # answers already there
            self._receive()
        while not self._free:
            self._receive()
        index = self._free.popleft()
        rgba = rgba_around(frame)
        if rgba is None:
            copy_rgb(_shaped(self._slots[index], self.size, 3), frame)
        else:
            np.copyto(_shaped(self._slots[index], self.size, 4), rgba)
        self._send((index, 3 if rgba is None else 4))

    def finish(self) -> None:
        """Let the child finish the file and wait for it; raise its error if it failed."""
        self._check_running()
        self._send(_FINISH)
        while self._receive() != _DONE:
            pass
        self._reap(kill=False)

    def abort(self) -> None:
        """Kill the child (its half-written file is the caller's to remove) and reap it."""
        self._reap(kill=True)

    def _check_running(self) -> None:
        if self.pid is None:
            raise self._failure or RuntimeError("the encoder process has ended")

    def _send(self, command: tuple[int, int]) -> None:
        try:
            os.write(self._commands, _COMMAND.pack(*command))
        except BrokenPipeError:                             # the child has gone: why?
            while True:
                self._receive()

    def _receive(self) -> bytes:
        """Read one answer from the child and act on it; its kind.  Raises the child's error,
        or a RuntimeError if it ended without a word."""
        header = _read(self._replies, _REPLY.size)
        kind, value = _REPLY.unpack(header) if header else (_ERROR, 0)
        if kind == _FREE:
            self._free.append(value)
        elif kind == _ERROR:
            report = _read(self._replies, value).decode("utf-8", "replace") if value else ""
            status = self._reap(kill=True)
            self._failure = _rebuild(report) if report else OutputError(
                f"the encoder process ended unexpectedly ({_describe(status)})")
            raise self._failure
        return kind

    def _reap(self, kill: bool) -> int | None:
        """Close our pipe ends, kill the child if asked, wait for it; its wait status."""
        for fd in (self._commands, self._replies):
            if fd >= 0:
                os.close(fd)
        self._commands = self._replies = -1
        self._slots = self._memory = None
        pid, self.pid = self.pid, None
        if pid and kill:
            try:                        # the child and what it started
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:  # all ended already
                pass
        try:
            return os.waitpid(pid, 0)[1] if pid else None
        except ChildProcessError:       # reaped by someone else
            return None


def fork() -> int:
    """``os.fork()`` without Python 3.12+'s warning about native threads (module docstring)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", r"This process \(pid=\d+\) is multi-threaded",
                                DeprecationWarning)
        return os.fork()


def _serve(writer_class, path, settings, slots, commands: int, replies: int, parent: int) -> int:
    """The child's life: build the writer, encode slots until told to finish, report success
    or the error; the exit code."""
    writer, size = None, settings["size"]
    try:
        writer = writer_class(path, **settings)
        os.write(replies, _REPLY.pack(_READY, 0))
        while (command := _next_command(commands, parent)) not in (_FINISH, None):
            index, channels = command
            frame = _shaped(slots[index], size, channels)[..., :3]
            frame.flags.writeable = False
            writer.write(frame)
            os.write(replies, _REPLY.pack(_FREE, index))
        if command is None:                                 # the parent has gone
            _discard(writer, path)
            return 1
        writer.finish()
        os.write(replies, _REPLY.pack(_DONE, 0))
        return 0
    except BaseException as error:                         # reported, never raised here
        _discard(writer, path)
        kind = next((k for k in _SAME_CLASS if isinstance(error, k)), type(error))
        fields = [kind.__name__, str(error)]
        if kind is OSError and error.errno is not None:
            fields = [kind.__name__, str(error.errno), error.strerror or "", error.filename or ""]
        report = "\0".join(map(str, fields)).encode("utf-8", "replace")[:3000]   # one write
        try:
            os.write(replies, _REPLY.pack(_ERROR, len(report)) + report)
        except OSError:
            pass
        return 1


def _discard(writer, path) -> None:
    """Stop *writer*, if built, and remove its unfinished file: the parent may have gone, and
    with it whoever would remove the file (its own removal does not mind it gone)."""
    try:
        if writer is not None:
            writer.abort()
    except BaseException:
        pass
    with contextlib.suppress(OSError):
        os.unlink(path)


def _rebuild(report: str) -> BaseException:
    """The parent's exception for the child's report: class name, then message or OSError's
    errno, strerror and filename."""
    name, *fields = report.split("\0")
    if name == "OSError" and len(fields) == 3:
        return OSError(int(fields[0]), fields[1], *filter(None, fields[2:]))
    message = fields[0] if fields else ""
    for kind in _SAME_CLASS:
        if name == kind.__name__:
            return kind(message)
    return RuntimeError(f"the encoder process failed: {name}: {' '.join(message.split())}")


def _next_command(commands: int, parent: int) -> tuple[int, int] | None:
    """The parent's next command; None once the parent has gone."""
    while not select.select([commands], [], [], 1.0)[0]:
        if os.getppid() != parent:
            return None
    data = _read(commands, _COMMAND.size)
    return _COMMAND.unpack(data) if data else None


def _shaped(slot: memoryview, size: tuple[int, int], channels: int) -> np.ndarray:
    """The start of a slot as an (h, w, channels) frame.  Built straight on the shared memory,
    like a renderer's canvas, so that the writer recognises the RGB part of a 4-channel slot
    as RGBA pixels (``checks.rgba_around``) and need not copy it."""
    width, height = size
    return np.ndarray((height, width, channels), np.uint8, buffer=slot)


def copy_rgb(target: np.ndarray, frame: np.ndarray) -> None:
    """Copy an (h, w, 3) uint8 frame into a contiguous array of the same shape.

    A frame from elsewhere than a renderer may be a strided view (4 bytes from one pixel to
    the next, say), which numpy copies byte by byte; copied as whole 3-byte pixels it goes
    several times faster.
    """
    if frame.strides[2] == 1:
        np.copyto(target.view("V3"), frame.view("V3"))
    else:
        np.copyto(target, frame)


def _read(fd: int, size: int) -> bytes:
    """Exactly ``size`` bytes from ``fd``, or b"" at end of file."""
    data = b""
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return b""
        data += chunk
    return data


def _describe(status: int | None) -> str:
    if status is not None and os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return "no status" if status is None else f"exit code {os.waitstatus_to_exitcode(status)}"
