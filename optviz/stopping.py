"""A request to stop that a dropped KeyboardInterrupt cannot lose.

The command line (and each batch worker) turns SIGINT, SIGTERM and SIGHUP into a
KeyboardInterrupt raised by the signal handler.  Python drops an exception raised while a
finalizer or a weakref callback runs ("Exception ignored in ..."), and matplotlib's transforms
run such callbacks all through a frame: a signal landing there was lost, and the run went on to
replace the file (the SIGTERM test failed about once in twenty runs).  So the handlers also call
``request()``, and ``checkpoint()`` raises the KeyboardInterrupt again: every long operation
passes one often (``Progress.advance``: each frame, each block of steps), and a file is renamed
into place only after one (``atomic_output``).
"""

from __future__ import annotations

_requested = False


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
