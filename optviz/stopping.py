"""Stopping on a signal: SIGINT, SIGTERM and SIGHUP as KeyboardInterrupt, and a request to stop
that a dropped KeyboardInterrupt cannot lose.

The command line (``catch_signals``; each batch worker likewise) turns SIGINT, SIGTERM and
SIGHUP into a KeyboardInterrupt raised by the signal handler, so that every ``with`` block
cleans up (temporary files, child processes) as for Ctrl-C.  Python drops an exception raised
while a finalizer or a weakref callback runs ("Exception ignored in ..."), and matplotlib's
transforms run such callbacks all through a frame: a signal landing there was lost, and the run
went on to replace the file (the SIGTERM test failed about once in twenty runs).  So the
handlers also call ``request()``, and ``checkpoint()`` raises the KeyboardInterrupt again:
every long operation passes one often (``Progress.advance``: each frame, each block of steps),
and a file is renamed into place only after one (``atomic_output``).
"""

from __future__ import annotations

import contextlib
import signal
import threading

#: The signals that stop a run (the terminal closing sends SIGHUP to the whole group).
SIGNALS = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
           if hasattr(signal, name)]

_requested = False

#: The signals received during ``catch_signals``: a KeyboardInterrupt raised inside
#: matplotlib's C++ code can come out as a ValueError ("Invalid affine transformation
#: matrix"), which is then not an input error.
signals_received: list[int] = []


def request() -> None:
    """Ask the work under way to stop at its next checkpoint."""
    global _requested
    _requested = True


def clear() -> None:
    """Forget a request (a new run starts)."""
    global _requested
    _requested = False


def checkpoint() -> None:
    """Raise KeyboardInterrupt if a stop was requested."""
    if _requested:
        raise KeyboardInterrupt


@contextlib.contextmanager
def catch_signals():
    """Within the block, clean up temporary files and child processes as for Ctrl-C also on
    SIGTERM and when the terminal closes (SIGHUP), and remember that a signal came.  A signal
    the caller ignores (nohup, a script's background job) stays ignored; the caller's handlers
    are back afterwards; from a thread other than the main one, signals are left alone."""
    signals_received.clear()
    clear()
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {number: signal.getsignal(number) for number in SIGNALS}
    try:
        with _held(SIGNALS):     # a signal in between would leave our handler or the request
            for number, handler in before.items():
                if handler is not signal.SIG_IGN:
                    signal.signal(number, interrupt)
        yield
    finally:
        with _held(SIGNALS):     # one held here reaches the caller's handler afterwards
            for number, handler in before.items():
                signal.signal(number, handler if handler is not None else signal.SIG_DFL)
            clear()


@contextlib.contextmanager
def _held(numbers):
    """Hold these signals back within the block, where the platform can (POSIX)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, numbers)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def interrupt(signum, frame):
    """The signal handler: remember the signal, request a stop, raise KeyboardInterrupt."""
    signals_received.append(signum)
    request()                   # raised again at the next checkpoint if this one is lost
    raise KeyboardInterrupt
