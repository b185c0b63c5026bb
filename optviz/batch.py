"""Save several animations at once: one forked process per core, each saving whole animations.

The animations of ``python -m optviz`` are independent, so on two cores two of them are saved
at a time (each process still encodes in a forked child of its own, see
``encode/forked.py``).  The workers are forked after every animation is recorded and checked,
so they inherit them: nothing is pickled but the report that comes back, and the files are
byte-identical to saving one after the other (tested).

A worker saves one animation, writes its report (the path, or the exception) down a pipe and
leaves with ``os._exit``, never returning into the caller's code.  Ctrl-C reaches every worker
(the process group); SIGTERM, sent to the workers still running when the caller stops early
(an error, or a signal the CLI turns into KeyboardInterrupt), ends them the same way: the save
under way removes its temporary file (a worker ignores signals after the first, which would
cut that short), and :func:`save_all` returns only once every worker it started is reaped.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
from collections.abc import Iterator, Sequence
from pathlib import Path

from .encode import forked

#: Signals that stop a worker (the terminal closing sends SIGHUP to the whole group).
_STOPPING = [getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
             if hasattr(signal, name)]


def workers(count: int) -> int:
    """How many processes save *count* animations: one per core we may use, one when forking
    is not possible or another thread runs (see ``forked.usable``)."""
    if not forked.usable():
        return 1
    return max(1, min(count, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def save_all(jobs: Sequence[tuple], *, quiet: bool = False, processes: int | None = None
             ) -> Iterator[Path]:
    """Save each ``(animation, output)`` of *jobs*, yielding the paths in the order of *jobs*.

    *processes* (default :func:`workers`) saves that many at once; with one, each is saved in
    this process with its progress bar (unless *quiet*), as ``animation.save`` does.
    """
    processes = workers(len(jobs)) if processes is None else max(1, min(processes, len(jobs)))
    if processes == 1:
        for animation, output in jobs:
            yield animation.save(output, quiet=quiet)
        return
    running: dict[int, tuple[int, int]] = {}          # read end of the pipe -> (pid, index)
    done: dict[int, Path] = {}
    started = shown = 0
    try:
        while shown < len(jobs):
            while started < len(jobs) and len(running) < processes:
                read, pid = _start(*jobs[started])
                running[read] = pid, started
                started += 1
            for read in select.select(list(running), [], [])[0]:
                pid, index = running.pop(read)
                done[index] = _finish(read, pid)
            while shown in done:
                yield done.pop(shown)
                shown += 1
    finally:
        for pid, _ in running.values():              # stopped early: end what still runs
            os.kill(pid, signal.SIGTERM)
        for read, (pid, _) in running.items():
            os.waitpid(pid, 0)
            os.close(read)


def _start(animation, output) -> tuple[int, int]:
    """Fork a worker that saves *animation* to *output*; (read end of its pipe, its pid)."""
    read, write = os.pipe()
    pid = forked.fork()
    if pid:
        os.close(write)
        return read, pid
    try:
        os.close(read)
        for number in _STOPPING:
            signal.signal(number, _interrupt_once)
        try:
            report = animation.save(output, quiet=True)
        except (KeyboardInterrupt, SystemExit):       # Ctrl-C or SIGTERM: the save cleaned up
            os._exit(130)
        except Exception as error:                    # reported to the parent, raised there
            report = error
        try:
            data = pickle.dumps(report)
        except Exception:                             # an exception that does not pickle
            data = pickle.dumps(RuntimeError(f"{type(report).__name__}: {report}"))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _interrupt_once(signum, frame):
    """Stop the save under way; a second signal (Ctrl-C reaches the worker, then the parent's
    SIGTERM) must not cut short the clean-up the first one started."""
    for number in _STOPPING:
        signal.signal(number, signal.SIG_IGN)
    raise KeyboardInterrupt


def _finish(read: int, pid: int) -> Path:
    """The worker's path, or its exception raised here; the worker reaped."""
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    status = os.waitpid(pid, 0)[1]
    try:
        report = pickle.loads(data)
    except Exception:                       # nothing, or cut short: the worker was stopped
        raise OSError(f"a worker saving an animation ended without a report "
                      f"(exit status {os.waitstatus_to_exitcode(status)})") from None
    if isinstance(report, BaseException):
        raise report
    return report
