"""Atomic output: the target file is either the complete new output or exactly what it was.

An encoder writes into a temporary file next to the target (same folder, so same file system)
and only a finished file is renamed onto the target with ``os.replace``, which is atomic on
POSIX and Windows.  A crash, an exception or Ctrl-C while encoding removes the temporary file
and leaves an existing target untouched: a user never finds half a GIF where the last good one
used to be.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .. import stopping

#: Prefix of temporary files; they are hidden on POSIX and easy to recognise if one is left over
#: (only possible if the process is killed outright).
TEMP_PREFIX = ".optviz-"


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path in ``path``'s folder; rename it onto ``path`` on normal exit.

    The temporary file exists (empty) when the block starts and has the same suffix as
    ``path``, for tools that look at suffixes.  On normal exit it is flushed to disk, given the
    permissions a new file would get (``0o666`` minus the umask; ``mkstemp`` makes it 0600) and
    renamed onto ``path``.  On any exception, including KeyboardInterrupt, it is removed and the
    exception propagates; an OSError about the temporary file names ``path`` instead, the file
    the user asked for.
    """
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=path.suffix)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        stopping.checkpoint()               # a signal whose KeyboardInterrupt was lost
        _sync(temp)
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        if error.filename is not None and Path(error.filename) == temp:   # the user's name
            raise type(error)(error.errno, error.strerror, str(path)) from error
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def _sync(path: Path) -> None:
    """Flush the file's data to disk, so that after a power cut the rename never points at an
    empty file."""
    with open(path, "rb+") as file:
        os.fsync(file.fileno())


def _umask() -> int:
    """The process umask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
