"""Save several animations at once: one forked process per core, each saving whole animations.

The animations of ``python -m optviz`` are independent, so on two cores two of them are saved
at a time (each process still encodes in a forked child of its own, see
``encode/forked.py``).  The workers are forked after every animation is recorded and checked,
so they inherit them: nothing is pickled but the report that comes back, and the files are
byte-identical to saving one after the other (tested).  It ends as saving one after the other
would: when one fails, those before it are finished and those after it stopped, and its error
is raised.

A worker saves one animation with its warnings recorded, writes its report (the path or the
exception, and the warnings, which the caller shows once each) down a pipe and leaves with
``os._exit``, never returning into the caller's code.  It is told SIGTERM when the caller's
process dies (Linux), so it never outlives the run.  Ctrl-C reaches every worker (the process
group); SIGTERM, sent to the workers still running when the caller stops early, ends them the
same way: the save under way removes its temporary file (a worker ignores signals after the
first, which would cut that short), and the caller goes on only once every worker it started
is reaped.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import select
import signal
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

from . import _checks, stopping
from .encode import forked
from .progress import Progress

_PR_SET_PDEATHSIG = 1


def workers(count: int) -> int:
    """How many processes save *count* animations: one per core we may use, one when forking
    is not possible or another thread runs (see ``forked.usable``)."""
    if not forked.usable():
        return 1
    return max(1, min(count, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else os.cpu_count() or 1))


def save_all(jobs: Sequence[tuple], *, quiet: bool = False, processes: int | None = None
             ) -> Iterator[Path]:
    """Save each ``(animation, output)`` of *jobs*, yielding the paths in the order of *jobs*
    (iterate to save).

    *processes* (default: :func:`workers`) saves at most that many at once; with one, or
    where forking is not possible, each is saved in this process with its own progress bar
    (unless *quiet*), as ``animation.save`` does; else a bar counts the animations saved.
    """
    limit = workers(len(jobs)) if processes is None else min(
        _checks.count("processes", processes, minimum=1), workers(len(jobs)))
    quiet = _checks.flag("quiet", quiet)
    if limit == 1:
        return (animation.save(output, quiet=quiet) for animation, output in jobs)
    return _at_once(list(jobs), limit, quiet)


def _at_once(jobs: list[tuple], limit: int, quiet: bool) -> Iterator[Path]:
    running: dict[int, tuple[int, int]] = {}          # read end of the pipe -> (pid, index)
    done: dict[int, Path] = {}
    started = shown = 0
    failed: tuple[int, BaseException] | None = None   # the first job (in order) that failed
    try:
        with Progress(len(jobs), "optviz: saved", enabled=not quiet) as progress:
            while shown < len(jobs) and (failed is None or shown < failed[0]):
                while failed is None and started < len(jobs) and len(running) < limit:
                    read, pid = _start(*jobs[started])
                    running[read] = pid, started
                    started += 1
                for read in select.select(list(running), [], [])[0]:
                    pid, index = running[read]
                    report = _report(read, pid, jobs[index][1])
                    del running[read]
                    if isinstance(report, BaseException):
                        if failed is None or index < failed[0]:
                            failed = index, report
                        _stop(pid_index for pid_index in running.values()
                              if pid_index[1] > failed[0])
                    else:
                        done[index] = report
                while shown in done:
                    progress.hide()                   # the caller may print the path
                    yield done.pop(shown)
                    shown += 1
                    progress.advance()                # shown while the next is saved
        if failed is not None:
            raise failed[1]
    finally:                                          # stopped early: end what still runs
        _stop(running.values())
        for read, (pid, _) in running.items():
            # Already reaped and closed when a signal came inside _report.
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(read)


def _stop(workers_running) -> None:
    for pid, _ in workers_running:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def _start(animation, output) -> tuple[int, int]:
    """Fork a worker that saves *animation* to *output*; (read end of its pipe, its pid)."""
    read, write = os.pipe()
    parent = os.getpid()
    # Signals wait until the worker has its own handlers: one before that would unwind the
    # worker into the caller's code.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, stopping.SIGNALS)
    try:
        pid = forked.fork()
        if pid == 0:
            _work(animation, output, read, write, parent, mask)    # never returns
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    os.close(write)
    return read, pid


def _work(animation, output, read: int, write: int, parent: int, mask) -> None:
    """The worker's life: save, report, leave."""
    try:
        os.close(read)
        for number in stopping.SIGNALS:   # as the caller has them (nohup ignores SIGHUP),
            if number == signal.SIGTERM or signal.getsignal(number) is not signal.SIG_IGN:
                signal.signal(number, _interrupt_once)     # but SIGTERM stops a worker
        _die_with(parent)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        with warnings.catch_warnings(record=True) as caught:
            try:
                result = animation.save(output, quiet=True)
            except (KeyboardInterrupt, SystemExit):   # a signal: the save cleaned up
                os._exit(130)
            except Exception as error:                # raised in the caller
                result = error
        report = _picklable(result), [(str(w.message), w.category) for w in caught]
        with os.fdopen(write, "wb") as pipe:
            pipe.write(pickle.dumps(report))
    finally:
        os._exit(0)


def _die_with(parent: int) -> None:
    """Have the kernel send SIGTERM when the caller dies (Linux); if it already has, stop."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):                 # not Linux: the run simply finishes
        return
    if os.getppid() != parent:
        raise KeyboardInterrupt


def _picklable(result):
    """*result*, or an exception of the same kind that survives pickling both ways."""
    try:
        pickle.loads(pickle.dumps(result))
        return result
    except Exception:
        kind = next((k for k in (ValueError, TypeError, OSError) if isinstance(result, k)),
                    RuntimeError)
        return kind(str(result))


def _report(read: int, pid: int, output) -> Path | BaseException:
    """The worker's path, or its exception; its warnings shown here; the worker reaped."""
    chunks = []
    while chunk := os.read(read, 1 << 16):
        chunks.append(chunk)
    os.close(read)
    status = os.waitpid(pid, 0)[1]
    try:
        result, caught = pickle.loads(b"".join(chunks))
    except Exception:                                 # nothing, or cut short: it was stopped
        return OSError(f"saving '{output}' stopped without a report "
                       f"(exit status {os.waitstatus_to_exitcode(status)})")
    for message, category in caught:
        warnings.warn(message, category, stacklevel=2)
    return result


def _interrupt_once(signum, frame):
    """Stop the save under way; a second signal (Ctrl-C reaches the worker, then the parent's
    SIGTERM) must not cut short the clean-up the first one started."""
    for number in stopping.SIGNALS:    # not SIG_IGN: one already pending would raise OSError
        signal.signal(number, _ignore)
    stopping.request()               # raised again at the next checkpoint if this one is lost
    raise KeyboardInterrupt


def _ignore(signum, frame):
    pass
