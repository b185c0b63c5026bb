"""The GIF and MP4 encoders in a forked child (``optviz/encode/forked.py``): the same bytes as
in-process, the child's errors raised in the parent as the same one-line errors, and never a
temporary file, a zombie or an orphan left behind, whatever fails and wherever.
"""

from __future__ import annotations

import errno
import gc
import os
import signal
import threading
import time
import warnings
from pathlib import Path

import numpy as np
import pytest

import optviz
import optviz.encode
from optviz.encode import OutputError, open_writer
from optviz.encode import forked, gif, mp4
from optviz.encode.atomic import TEMP_PREFIX
from optviz.encode.checks import rgba_around
from optviz.encode.forked import ForkedWriter

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")

SIZE = (320, 240)
SQUARE = (213, 94, 0)


def background() -> np.ndarray:
    """Flat bands of a few hundred colours, with darker stripes: like a contour plot."""
    width, height = SIZE
    y, x = np.mgrid[0:height, 0:width]
    image = np.stack([x * 16 // width * 16, y * 12 // height * 20, (x + y) // 80 * 30 + 60], -1)
    image[(x // 40) % 3 == 0] //= 2
    return image.astype(np.uint8)


def frames(count: int = 40) -> list[np.ndarray]:
    """The background with a 20x20 square moving diagonally."""
    result = []
    for i in range(count):
        frame = background()
        frame[10 + 4 * i:30 + 4 * i, 5 + 7 * i:25 + 7 * i] = SQUARE
        result.append(frame)
    return result


@pytest.fixture
def children(monkeypatch):
    """Force the forked writer (whatever the core count) and collect the children it forks."""
    pids = []
    fork = forked.fork

    def recording():
        pid = fork()
        if pid:
            pids.append(pid)
        return pid

    monkeypatch.setattr(forked, "fork", recording)
    monkeypatch.setattr(optviz.encode, "usable", lambda: True)
    return pids


def assert_reaped(pids):
    """Every pid was forked by us and has been waited for: no zombie, no running child."""
    assert pids
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX))


def save(path, frames_, *, parallel, **options):
    options.setdefault("background", background())
    with open_writer(path, fps=25, size=SIZE, reserved_colors=[SQUARE], parallel=parallel,
                     **options) as writer:
        kind = type(writer)
        for frame in frames_:
            writer.write(frame)
    return kind


# ------------------------------------------------------------------------------- same bytes

@pytest.mark.parametrize("suffix, writer_class", [(".gif", gif.GifWriter),
                                                  (".mp4", mp4.Mp4Writer)])
@pytest.mark.parametrize("options", [{}, {"background": None, "hold": 1.5}])
def test_parallel_is_byte_identical_to_in_process(tmp_path, children, options, suffix,
                                                  writer_class):
    sequence = frames()
    sequence[20:30] = [np.ascontiguousarray(frame[::-1]) for frame in sequence[20:30]]  # whole
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert save(a, sequence, parallel=False, **options) is writer_class
    assert save(b, sequence, parallel=True, **options) is ForkedWriter
    assert a.read_bytes() == b.read_bytes()
    assert leftovers(tmp_path) == []
    assert_reaped(children)


def test_frames_given_as_views_of_a_reused_rgba_buffer(tmp_path, children):
    """As matplotlib gives them: the RGB part of an RGBA canvas, drawn over after ``write``."""
    sequence = frames(12)
    canvas = np.zeros((SIZE[1], SIZE[0], 4), np.uint8)
    view = canvas[..., :3]
    view.flags.writeable = False
    with open_writer(tmp_path / "b.gif", fps=25, size=SIZE, reserved_colors=[SQUARE],
                     background=background()) as writer:
        for frame in sequence:
            canvas[..., :3] = frame
            writer.write(view)
            canvas[...] = 255
    save(tmp_path / "a.gif", sequence, parallel=False)
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()
    assert_reaped(children)


def test_a_slot_of_four_channels_reaches_the_writer_as_rgba_pixels():
    """The child hands the writer the RGB part of a 4-channel slot, recognised as RGBA pixels
    (so it is compared a word per pixel, not copied out first)."""
    writer = ForkedWriter(gif.GifWriter, os.devnull, size=SIZE, fps=25)
    try:
        frame = forked._shaped(writer._slots[0], SIZE, 4)[..., :3]
        assert rgba_around(frame) is not None
        assert rgba_around(forked._shaped(writer._slots[0], SIZE, 3)) is None
    finally:
        writer.abort()


def test_frames_in_any_memory_layout(tmp_path, children):
    """RGBA canvases are copied whole and other frames as RGB; the file is the same."""
    sequence = frames(8)
    layouts = [
        lambda f: f,                                                   # contiguous RGB
        lambda f: np.dstack([f, np.full(f.shape[:2], 7, np.uint8)])[..., :3],   # RGBA view
        lambda f: np.dstack([np.zeros(f.shape[:2], np.uint8), f])[..., 1:],     # ARGB view
        lambda f: np.ascontiguousarray(f[:, ::-1])[:, ::-1],           # mirrored view
        lambda f: np.asfortranarray(f),                                # column-major
        lambda f: np.dstack([f[..., ::-1], f[..., :1]])[..., 2::-1],   # BGRA, reversed
    ]
    with open_writer(tmp_path / "b.gif", fps=25, size=SIZE, reserved_colors=[SQUARE],
                     background=background()) as writer:
        for i, frame in enumerate(sequence):
            given = layouts[i % len(layouts)](frame)
            assert (given == frame).all()
            writer.write(given)
    save(tmp_path / "a.gif", sequence, parallel=False)
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()
    assert rgba_around(layouts[1](sequence[0])) is not None
    assert all(rgba_around(layout(sequence[0])) is None
               for layout in layouts[:1] + layouts[2:])
    assert_reaped(children)


def test_only_gif_is_forked(tmp_path, children):
    with open_writer(tmp_path / "a.png", fps=25, size=SIZE) as writer:
        assert not isinstance(writer, ForkedWriter)
        writer.write(frames(1)[0])
    assert children == []


@pytest.mark.parametrize("suffix, writer_class", [(".gif", gif.GifWriter),
                                                  (".mp4", mp4.Mp4Writer)])
def test_not_forked_while_another_thread_runs(tmp_path, suffix, writer_class):
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not forked.usable()
        assert save(tmp_path / f"a{suffix}", frames(3), parallel=True) is writer_class
    finally:
        stop.set()
        thread.join()


# ------------------------------------------------------------------------- errors and cleanup

@pytest.mark.parametrize("error, expected, message", [
    (OutputError("the encoder refused frame 5"), OutputError, "^the encoder refused frame 5$"),
    (ValueError("bad value in frame 5"), ValueError, "^bad value in frame 5$"),
    (OSError(errno.ENOSPC, "No space left on device", "x.gif"), OSError,
     r"^\[Errno 28\] No space left on device: 'x.gif'$"),
    (ZeroDivisionError("division\nby zero"), RuntimeError,
     "^the encoder process failed: ZeroDivisionError: division by zero$"),
])
def test_error_in_the_child_is_raised_in_the_parent(tmp_path, children, monkeypatch, error,
                                                    expected, message):
    write = gif.GifWriter.write

    def failing(self, frame):
        if self.frames == 5:
            raise error
        write(self, frame)

    monkeypatch.setattr(gif.GifWriter, "write", failing)    # inherited by the child
    target = tmp_path / "out.gif"
    target.write_bytes(b"precious")
    with pytest.raises(expected, match=message) as raised:
        save(target, frames(), parallel=True)
    assert type(raised.value) is expected or isinstance(raised.value, expected)
    assert "\n" not in str(raised.value)
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []
    assert_reaped(children)


def test_error_in_the_childs_constructor_is_raised_at_open(tmp_path, children):
    with pytest.raises(OutputError, match=r"^background has shape \(10, 10, 3\)"):
        with open_writer(tmp_path / "out.gif", fps=25, size=SIZE,
                         background=np.zeros((10, 10, 3), np.uint8)):
            pytest.fail("the block must not run")
    assert not (tmp_path / "out.gif").exists() and leftovers(tmp_path) == []
    assert_reaped(children)


def test_error_at_finish_in_the_child(tmp_path, children):
    with pytest.raises(OutputError, match="^no frames to write: the animation is empty$"):
        save(tmp_path / "out.gif", [], parallel=True)
    assert not (tmp_path / "out.gif").exists() and leftovers(tmp_path) == []
    assert_reaped(children)


def test_wrong_frame_is_refused_in_the_parent_with_the_in_process_message(tmp_path, children):
    bad = np.zeros((240, 321, 3), np.uint8)
    with pytest.raises(OutputError, match=r"^frame has shape \(240, 321, 3\) and dtype uint8; "
                                          r"expected \(240, 320, 3\) uint8 for size 320x240$"):
        save(tmp_path / "out.gif", frames(3) + [bad], parallel=True)
    assert not (tmp_path / "out.gif").exists() and leftovers(tmp_path) == []
    assert_reaped(children)


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_exception_in_the_parent_kills_the_child_and_leaves_nothing(tmp_path, children, error):
    target = tmp_path / "out.gif"
    target.write_bytes(b"precious")
    with pytest.raises(error):
        with open_writer(target, fps=25, size=SIZE, background=background()) as writer:
            for frame in frames(10):
                writer.write(frame)
            raise error("the renderer failed")
    assert writer.pid is None
    assert target.read_bytes() == b"precious" and leftovers(tmp_path) == []
    assert_reaped(children)


def test_child_killed_from_outside_is_an_error_in_the_parent(tmp_path, children):
    with pytest.raises(OutputError, match=r"^the encoder process ended unexpectedly "
                                           r"\(killed by signal 9\)$"):
        with open_writer(tmp_path / "out.gif", fps=25, size=SIZE) as writer:
            for i, frame in enumerate(frames(10)):
                writer.write(frame)
                if i == 3:
                    os.kill(writer.pid, signal.SIGKILL)
    assert not (tmp_path / "out.gif").exists() and leftovers(tmp_path) == []
    assert_reaped(children)


def test_child_ignores_ctrl_c(tmp_path, children):
    """Ctrl-C reaches the whole process group; only the parent acts on it."""
    sequence = frames(12)
    with open_writer(tmp_path / "b.gif", fps=25, size=SIZE, reserved_colors=[SQUARE],
                     background=background()) as writer:
        for i, frame in enumerate(sequence):
            writer.write(frame)
            if i == 4:
                os.kill(writer.pid, signal.SIGINT)
    save(tmp_path / "a.gif", sequence, parallel=False)
    assert (tmp_path / "a.gif").read_bytes() == (tmp_path / "b.gif").read_bytes()
    assert_reaped(children)


def test_the_child_never_finalizes_the_parents_objects(tmp_path, children, monkeypatch):
    """Garbage the parent had not collected yet (a TemporaryDirectory, say) must not be
    collected, and finalized, in the child too."""
    marker = tmp_path / "finalized"

    class Garbage:
        def __del__(self):
            with open(marker, "a") as file:
                file.write(f"{os.getpid()}\n")

    write = gif.GifWriter.write

    def collecting(self, frame):
        gc.collect()                                      # runs in the child
        write(self, frame)

    monkeypatch.setattr(gif.GifWriter, "write", collecting)
    gc.disable()
    try:
        cycle = Garbage()
        cycle.me = cycle
        del cycle                                         # unreachable, not collected yet
        save(tmp_path / "a.gif", frames(2), parallel=True)
    finally:
        gc.enable()
    gc.collect()
    assert marker.read_text().split() == [str(os.getpid())]
    assert_reaped(children)


def _gone(pid: int) -> bool:
    """The process no longer runs (a zombie waiting for a reaper that isn't ours counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("suffix, writer_class", [(".gif", gif.GifWriter),
                                                  (".mp4", mp4.Mp4Writer)])
def test_child_exits_when_the_parent_dies(tmp_path, suffix, writer_class):
    """A parent that dies without finishing (killed, say) leaves no encoder running, no
    ffmpeg and no unfinished file."""
    read, write = os.pipe()
    middle = os.fork()
    if middle == 0:                                   # the parent-to-be: dies without cleanup
        try:
            writer = ForkedWriter(writer_class, tmp_path / f"x{suffix}", fps=25, size=SIZE)
            writer.write(frames(1)[0])
            os.write(write, str(writer.pid).encode())
        finally:
            os._exit(0)
    os.close(write)
    encoder = int(os.read(read, 32))
    os.close(read)
    os.waitpid(middle, 0)
    deadline = time.monotonic() + 30                  # a bound, not a timing assertion
    while not _gone(encoder) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(encoder)
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------ warnings

def test_no_warning_about_forking_with_native_threads(tmp_path, children, monkeypatch):
    """Python 3.12+ warns at every fork when native threads exist (numpy's OpenBLAS pool
    always does); forked.py silences exactly that warning.  Simulated here on any version."""
    fork = os.fork

    def warning_fork():
        pid = fork()
        if pid:
            warnings.warn(f"This process (pid={os.getpid()}) is multi-threaded, use of fork() "
                          f"may lead to deadlocks in the child.", DeprecationWarning, stacklevel=2)
        return pid

    monkeypatch.setattr(os, "fork", warning_fork)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        save(tmp_path / "a.gif", frames(3), parallel=True)
    assert_reaped(children)


def test_an_animation_saves_through_the_child_without_warnings(tmp_path, children):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        animation = optviz.animate("beale", {"adam": {"lr": 0.05}}, steps=20, frames=8,
                                   size=(320, 240), hold=0)
        animation.save(tmp_path / "beale.gif", quiet=True)
        animation.save(tmp_path / "beale.png", quiet=True)
    assert (tmp_path / "beale.gif").read_bytes().startswith(b"GIF89a")
    assert len(children) == 1
    assert_reaped(children)
