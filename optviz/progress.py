"""A one-line progress bar on stderr, shown only when a task runs long enough to need one."""

from __future__ import annotations

import sys
import time

from . import stopping

#: Nothing is shown before this many seconds have passed: short renders stay silent.
DELAY = 1.0
#: Seconds between redraws.
INTERVAL = 0.1
WIDTH = 30


class Progress:
    """Report ``done`` of ``total`` on *stream* (default stderr) as ``label [#####     ] 150/300``.

    Silent when *enabled* is false, when the stream is not a terminal, and during the first
    second, so quick renders and piped output stay clean.  Use as a context manager; call
    ``advance()`` once per unit of work.
    """

    def __init__(self, total: int, label: str, *, enabled: bool = True, stream=None):
        self.total, self.label = max(int(total), 1), label
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled and _is_terminal(self.stream)
        self.done = 0
        self._start = time.monotonic()
        self._next_draw = self._start + DELAY
        self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        if self._shown:
            if exc[0] is None:
                self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def advance(self, count: int = 1) -> None:
        stopping.checkpoint()                       # a stop asked for, its exception lost
        self.done += count
        if self.enabled:
            now = time.monotonic()
            if now >= self._next_draw:
                self._next_draw = now + INTERVAL
                self._draw()

    def hide(self) -> None:
        """Clear the bar's line, so that the caller can print there; the next ``advance``
        draws it again."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._next_draw = time.monotonic()

    def _draw(self) -> None:
        filled = WIDTH * self.done // self.total
        self.stream.write(f"\r{self.label} [{'#' * filled}{' ' * (WIDTH - filled)}] "
                          f"{self.done}/{self.total}")
        self.stream.flush()
        self._shown = True


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
