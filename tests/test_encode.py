"""The encoders, judged by decoding what they wrote: frame counts, sizes, timing, loop flags,
exact reserved colours, fidelity, atomic replacement, and the one-line error messages.

Frames are small synthetic "contour plots": flat colour bands with antialiased contour lines,
a moving square in a reserved colour with a half-blended rim, and a changing "step counter"
block, so the whole file runs in a few seconds.
"""

from __future__ import annotations

import os
import struct
import time
import tracemalloc
from pathlib import Path

import imageio.v3 as iio
import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

from gifs import read_gif
from optviz.encode import SUFFIXES, OutputError, check_output_path, open_writer
from optviz.encode import ffmpeg as ffmpeg_module
from optviz.encode import mp4 as mp4_module
from optviz.encode.checks import rgba_around
from optviz.encode.palette import nearest

PATH_COLOR = (213, 94, 0)
TEXT_COLOR = (34, 34, 34)
RESERVED = [PATH_COLOR, TEXT_COLOR, (0, 114, 178)]


# ------------------------------------------------------------------------------ synthetic frames

def contour_background(width: int, height: int) -> np.ndarray:
    """Filled contour bands of a smooth function, with 1-pixel antialiased grey contour lines."""
    y, x = np.mgrid[0:height, 0:width].astype(float)
    f = ((x - 0.3 * width) / width) ** 2 * 3 + ((y - 0.6 * height) / height) ** 2 * 5
    f += 0.3 * np.sin(x / 9.0)
    levels = f * 6
    band = np.clip(np.floor(levels), 0, 11) / 11
    light, dark = np.array([235, 240, 248.0]), np.array([120, 140, 180.0])
    image = light + band[..., None] * (dark - light)
    gy, gx = np.gradient(levels)
    distance = np.abs(levels - np.round(levels)) / np.maximum(np.hypot(gx, gy), 1e-9)
    alpha = 0.6 * np.clip(1 - distance, 0, 1)[..., None]
    image = image * (1 - alpha) + np.array([90, 90, 90.0]) * alpha
    return np.rint(image).astype(np.uint8)


def make_frame(background: np.ndarray, i: int) -> np.ndarray:
    """``background`` with a moving path-coloured square (and a blended rim) and a step counter."""
    frame = background.copy()
    height, width = frame.shape[:2]
    x, y = 5 + (3 * i) % (width - 20), 5 + (2 * i) % (height - 20)
    rim = frame[y - 1:y + 9, x - 1:x + 9].astype(float)
    frame[y - 1:y + 9, x - 1:x + 9] = np.rint((rim + PATH_COLOR) / 2).astype(np.uint8)
    frame[y:y + 8, x:x + 8] = PATH_COLOR
    for bit in range(6):                                  # the step counter: i in binary
        if (i >> bit) & 1:
            frame[height - 5:height - 2, width - 4 - 4 * bit:width - 1 - 4 * bit] = TEXT_COLOR
    return frame


def make_frames(count: int, size=(120, 90), repeat_at=()) -> list[np.ndarray]:
    """``count`` frames; at each index in ``repeat_at`` the previous frame is repeated."""
    background = contour_background(*size)
    frames, step = [], 0
    for i in range(count):
        if i not in repeat_at:
            step += 1
        frames.append(make_frame(background, step))
    return frames


def write(path, frames, *, fps=30.0, hold=0.0, reserved=RESERVED, background="auto"):
    height, width = frames[0].shape[:2]
    if isinstance(background, str):
        background = contour_background(width, height)
    with open_writer(path, fps=fps, size=(width, height), reserved_colors=reserved,
                     background=background, hold=hold) as writer:
        for frame in frames:
            writer.write(frame)
    return Path(path)


def psnr(decoded: np.ndarray, original: np.ndarray) -> float:
    mse = np.mean((decoded.astype(float) - original.astype(float)) ** 2)
    return float("inf") if mse == 0 else 10 * np.log10(255 ** 2 / mse)


def parse_gif(data: bytes) -> dict:
    """The structure of a GIF file, read block by block (independently of the encoder)."""
    assert data[:6] == b"GIF89a"
    width, height, flags = struct.unpack("<HHB", data[6:11])
    info = {"size": (width, height), "global_table": bool(flags & 0x80),
            "table_size": 2 << (flags & 7), "loop": None, "frames": []}
    pos = 13 + (3 * info["table_size"] if flags & 0x80 else 0)
    control = None

    def skip_sub_blocks(pos):
        while data[pos]:
            pos += data[pos] + 1
        return pos + 1

    while data[pos] != 0x3B:
        if data[pos] == 0x21:
            label = data[pos + 1]
            if label == 0xF9:
                packed, delay, transparent = struct.unpack("<BHB", data[pos + 3:pos + 7])
                control = {"delay": delay, "disposal": (packed >> 2) & 7,
                           "transparent": transparent if packed & 1 else None}
            elif label == 0xFF and data[pos + 3:pos + 14] == b"NETSCAPE2.0":
                info["loop"] = struct.unpack("<H", data[pos + 16:pos + 18])[0]
            pos = skip_sub_blocks(pos + 2)
        elif data[pos] == 0x2C:
            left, top, w, h, packed = struct.unpack("<HHHHB", data[pos + 1:pos + 10])
            assert control is not None, "every frame needs a graphic control extension"
            info["frames"].append({**control, "box": (left, top, w, h),
                                   "local_table": bool(packed & 0x80),
                                   "interlaced": bool(packed & 0x40)})
            control = None
            pos += 10 + (3 * (2 << (packed & 7)) if packed & 0x80 else 0)
            pos = skip_sub_blocks(pos + 1)
        else:
            raise AssertionError(f"unexpected block 0x{data[pos]:02x} at {pos}")
    assert pos == len(data) - 1, "data after the trailer"
    return info


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".optviz-"))


# ------------------------------------------------------------------------------------------ GIF

def test_nearest_is_the_exact_nearest_colour_first_index_on_a_tie():
    rng = np.random.default_rng(7)
    palette = rng.integers(0, 256, (255, 3)).astype(np.uint8)
    palette[10], palette[200] = (40, 40, 40), (40, 40, 40)        # a tie: index 10 wins
    colors = np.concatenate([rng.integers(0, 256, (5000, 3)), [[40, 40, 41], [0, 0, 0],
                                                               [255, 255, 255]]]).astype(np.uint8)
    squared = ((colors[:, None].astype(np.int64) - palette[None].astype(np.int64)) ** 2).sum(-1)
    index, distance = nearest(colors, palette, chunk=1000)
    assert index.tolist() == squared.argmin(axis=1).tolist()
    assert distance.tolist() == squared.min(axis=1).tolist()
    assert index[5000] == 10


def test_gif_one_frame_per_write_global_palette_loops_forever(tmp_path):
    frames = make_frames(12, repeat_at=(4, 5, 9))      # identical consecutive frames included
    out = write(tmp_path / "a.gif", frames)
    info = parse_gif(out.read_bytes())
    assert info["size"] == (120, 90)
    assert info["global_table"] and info["table_size"] == 256
    assert info["loop"] == 0
    assert len(info["frames"]) == 12
    assert not any(f["local_table"] or f["interlaced"] for f in info["frames"])
    assert all(f["disposal"] == 1 for f in info["frames"])
    assert info["frames"][0]["box"] == (0, 0, 120, 90)
    for before, after, frame in zip(frames, frames[1:], info["frames"][1:]):
        changed = np.argwhere((before != after).any(axis=2))
        if len(changed):                                 # only the changed rectangle
            (top, left), (bottom, right) = changed.min(axis=0), changed.max(axis=0) + 1
            assert frame["box"] == (left, top, right - left, bottom - top)
        else:                                            # nothing changed: a 1x1 frame
            assert frame["box"][2:] == (1, 1)
            assert frame["transparent"] is not None
    with Image.open(out) as image:
        assert image.n_frames == 12 and image.size == (120, 90) and image.info["loop"] == 0


def test_gif_decodes_close_to_the_frames_with_reserved_colours_exact(tmp_path):
    frames = make_frames(10)
    decoded = read_gif(write(tmp_path / "a.gif", frames))[0]
    assert len(decoded) == len(frames)
    for original, got in zip(frames, decoded):
        assert psnr(got, original) >= 45
        for color in RESERVED:
            where = (original == color).all(axis=2)
            assert (got[where] == color).all()
        assert (got == PATH_COLOR).all(axis=2).sum() >= 64   # the 8x8 square is there


def test_gif_palette_from_first_frame_when_no_background(tmp_path):
    frames = make_frames(6)
    decoded = read_gif(write(tmp_path / "a.gif", frames, background=None))[0]
    for original, got in zip(frames, decoded):
        assert psnr(got, original) >= 45
        where = (original == PATH_COLOR).all(axis=2)
        assert where.any() and (got[where] == PATH_COLOR).all()


@pytest.mark.parametrize("fps, expected", [
    (30, [3, 4, 3, 3, 4, 3, 3, 4, 3, 3]),
    (24, [4, 4, 5, 4, 4, 4, 4, 4, 5, 4]),
    (12.5, [8] * 10),
])
def test_gif_delays_round_cumulatively_and_hold_extends_the_last(tmp_path, fps, expected):
    frames = make_frames(10, size=(32, 24))
    out = write(tmp_path / "a.gif", frames, fps=fps, hold=0.5)
    delays = [f["delay"] for f in parse_gif(out.read_bytes())["frames"]]
    assert delays == expected[:-1] + [expected[-1] + 50]
    assert abs(sum(expected) / 100 - 10 / fps) <= 1 / fps
    with Image.open(out) as image:
        durations = []
        for i in range(image.n_frames):
            image.seek(i)
            durations.append(image.info["duration"])
    assert durations == [10 * d for d in delays]


def test_gif_reruns_are_byte_identical(tmp_path):
    frames = make_frames(8)
    first = write(tmp_path / "a.gif", frames).read_bytes()
    second = write(tmp_path / "b.gif", frames).read_bytes()
    assert first == second


def test_gif_copies_frames_given_as_views_of_a_changing_buffer(tmp_path):
    frames = make_frames(6)
    rgba = np.zeros((90, 120, 4), dtype=np.uint8)
    view = rgba[..., :3]
    view.flags.writeable = False
    with open_writer(tmp_path / "a.gif", fps=10, size=(120, 90), reserved_colors=RESERVED) as w:
        for frame in frames:
            rgba[..., :3] = frame
            w.write(view)
            rgba[...] = 255                              # the renderer draws over it later
    for original, got in zip(frames, read_gif(tmp_path / "a.gif")[0]):
        assert psnr(got, original) >= 45


def test_gif_memory_does_not_grow_with_frame_count(tmp_path):
    background = contour_background(64, 48)
    frames = [make_frame(background, i) for i in range(40)]

    def peak(count):
        tracemalloc.start()
        try:
            # In-process, so the encoder's own memory is what is measured.
            with open_writer(tmp_path / "m.gif", fps=50, size=(64, 48), parallel=False,
                             reserved_colors=RESERVED, background=background) as writer:
                for i in range(count):
                    writer.write(frames[i % len(frames)])
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(100), peak(2000)
    assert large - small < 200_000                   # 1900 more raw frames would be 17 MB
    with Image.open(tmp_path / "m.gif") as image:
        assert image.n_frames == 2000


# ------------------------------------------------------------------------------------------ MP4

def test_mp4_is_h264_yuv420p_exact_size_with_hold_frames(tmp_path):
    frames = make_frames(12)
    out = write(tmp_path / "a.mp4", frames, fps=24, hold=0.5)
    reader = imageio_ffmpeg.read_frames(str(out))
    meta = next(reader)
    decoded = [np.frombuffer(data, np.uint8).reshape(90, 120, 3) for data in reader]
    assert meta["codec"] == "h264"
    assert meta["pix_fmt"].startswith("yuv420p")
    assert meta["size"] == (120, 90)
    assert meta["fps"] == 24
    assert len(decoded) == 12 + 12                  # round(0.5 s * 24 fps) hold frames
    assert psnr(decoded[5], frames[5]) > 30          # the picture, not just a stream
    assert psnr(decoded[-1], frames[-1]) > 30
    assert imageio_ffmpeg.count_frames_and_secs(str(out))[0] == 24


def test_mp4_colours_come_out_as_drawn(tmp_path):
    """Flat blocks of the test colours, decoded as a player would (by the stream's BT.709 tags),
    come back within a few levels; a frame changing in one place keeps the rest."""
    colors = np.array([PATH_COLOR, TEXT_COLOR, (0, 114, 178), (235, 240, 248), (255, 0, 0)],
                      dtype=np.uint8)
    first = np.repeat(np.repeat(colors[None], 64, axis=0), 32, axis=1)     # 64 x 160
    second = first.copy()
    second[8:24, 8:24] = TEXT_COLOR                                      # a few cells change
    out = write(tmp_path / "flat.mp4", [first, second, second])
    reader = imageio_ffmpeg.read_frames(str(out))
    next(reader)
    decoded = [np.frombuffer(data, np.uint8).reshape(64, 160, 3).astype(int) for data in reader]
    for got, drawn in zip(decoded, (first, second, second)):
        inside = np.ones((64, 160), dtype=bool)               # away from the blocks' edges
        for edge in range(32, 160, 32):
            inside[:, edge - 4:edge + 4] = False
        inside[:32, :32] = False                              # around the change
        assert np.abs(got - drawn)[inside].max() <= 3
    # the block that came in: its colour (x264 quantises a changed block more coarsely)
    assert np.abs(decoded[1][12:20, 12:20] - np.array(TEXT_COLOR)).max() <= 12


@pytest.mark.parametrize("suffix", [".mp4", ".webp"])
def test_ffmpeg_gets_the_same_picture_whatever_the_frames_memory_layout(tmp_path, suffix):
    """A renderer's RGBA canvas is sent as it is; RGB frames of any layout are widened to it."""
    frames = make_frames(6)
    canvases = []
    for frame in frames:                    # RGB views of RGBA buffers, as a renderer gives
        canvas = np.full((*frame.shape[:2], 4), 7, dtype=np.uint8)
        canvas[..., :3] = frame
        canvases.append(canvas[..., :3])
    assert rgba_around(canvases[0]) is not None and rgba_around(frames[0]) is None
    layouts = {"rgba views": canvases, "contiguous": frames,
               "strided": [np.asfortranarray(frame) for frame in frames]}
    data = {name: write(tmp_path / f"{name}{suffix}", given, hold=0.2).read_bytes()
            for name, given in layouts.items()}
    assert data["rgba views"] == data["contiguous"] == data["strided"]


def test_mp4_odd_size_is_refused_before_anything_is_written(tmp_path):
    target = tmp_path / "a.mp4"
    target.write_bytes(b"old")
    with pytest.raises(OutputError) as caught:
        with open_writer(target, fps=30, size=(121, 90)):
            pytest.fail("the writer must not open")
    assert str(caught.value) == ("MP4 (H.264) needs even width and height, got 121x90; "
                                 "use e.g. 120x90")
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_mp4_ffmpeg_failure_is_one_clear_line_and_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(mp4_module, "OUTPUT_ARGS", ["-c:v", "no_such_codec", "-f", "mp4"])
    target = tmp_path / "a.mp4"
    target.write_bytes(b"old")
    with pytest.raises(OutputError, match=r"^MP4 encoding failed, ffmpeg says: .*no_such_codec"):
        write(target, make_frames(30))
    assert target.read_bytes() == b"old" and leftovers(tmp_path) == []


def test_an_mp4_failing_at_once_leaves_no_file_behind_its_encoder(tmp_path):
    """A render failing right after the MP4 writer opens: the forked encoder is killed, and its
    ffmpeg with it, before ffmpeg creates the temporary file the parent has already removed
    (without that, a stray file was left in 4 runs out of 20)."""
    for attempt in range(8):
        folder = tmp_path / str(attempt)
        folder.mkdir()
        with pytest.raises(RuntimeError):
            with open_writer(folder / "a.mp4", fps=30, size=(640, 480)):
                raise RuntimeError("the render failed")
        time.sleep(0.25)                              # time for an ffmpeg left running
        assert list(folder.iterdir()) == []


# ------------------------------------------------------------------------------------ PNG, WebP

def test_png_is_the_last_frame_exactly_and_reruns_are_identical(tmp_path):
    frames = make_frames(5)
    first = write(tmp_path / "a.png", frames)
    second = write(tmp_path / "b.png", frames)
    assert np.array_equal(iio.imread(first), frames[-1])
    assert first.read_bytes() == second.read_bytes()


def test_webp_is_lossless_loops_forever_with_frame_durations(tmp_path):
    frames = make_frames(8)
    out = write(tmp_path / "a.webp", frames, fps=20, hold=0.25)
    with Image.open(out) as image:
        assert image.format == "WEBP" and image.n_frames == 8
        assert image.info["loop"] == 0
        durations = []
        for i in range(image.n_frames):
            image.seek(i)
            image.load()
            durations.append(image.info["duration"])
            assert np.array_equal(np.asarray(image.convert("RGB")), frames[i])
    assert durations == [50] * 7 + [50 + 250]       # hold: round(0.25 s * 20 fps) more frames


def test_webp_merges_identical_frames_but_keeps_the_timing(tmp_path):
    out = write(tmp_path / "a.webp", make_frames(6, repeat_at=(3,)), fps=10)
    with Image.open(out) as image:
        durations = []
        for i in range(image.n_frames):
            image.seek(i)
            image.load()
            durations.append(image.info["duration"])
    assert durations == [100, 100, 200, 100, 100]


# ------------------------------------------------------------------------------------ atomicity

@pytest.mark.parametrize("suffix", SUFFIXES)
def test_error_inside_the_block_leaves_the_old_file(tmp_path, suffix):
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"precious")
    frames = make_frames(3)
    with pytest.raises(RuntimeError, match="boom"):
        with open_writer(target, fps=10, size=(120, 90), reserved_colors=RESERVED) as writer:
            for frame in frames:
                writer.write(frame)
            raise RuntimeError("boom")
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_encoder_failure_leaves_the_old_file(tmp_path, suffix):
    target = tmp_path / f"out{suffix}"
    target.write_bytes(b"precious")
    frames = make_frames(2)
    with pytest.raises(OutputError, match=r"^frame has shape \(90, 121, 3\) and dtype uint8; "
                                          r"expected \(90, 120, 3\) uint8 for size 120x90$"):
        with open_writer(target, fps=10, size=(120, 90)) as writer:
            writer.write(frames[0])
            writer.write(np.zeros((90, 121, 3), np.uint8))
    assert target.read_bytes() == b"precious"
    assert leftovers(tmp_path) == []


def test_keyboard_interrupt_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.gif"
    target.write_bytes(b"precious")
    with pytest.raises(KeyboardInterrupt):
        with open_writer(target, fps=10, size=(120, 90)) as writer:
            writer.write(make_frames(1)[0])
            raise KeyboardInterrupt
    assert target.read_bytes() == b"precious" and leftovers(tmp_path) == []


def test_empty_animation_is_an_error_and_leaves_the_old_file(tmp_path):
    target = tmp_path / "out.gif"
    target.write_bytes(b"precious")
    with pytest.raises(OutputError, match="^no frames to write"):
        with open_writer(target, fps=10, size=(120, 90)):
            pass
    assert target.read_bytes() == b"precious" and leftovers(tmp_path) == []


def test_finished_output_replaces_the_old_file_with_normal_permissions(tmp_path):
    target = tmp_path / "out.gif"
    target.write_bytes(b"old")
    write(target, make_frames(2))
    assert target.read_bytes().startswith(b"GIF89a")
    umask = os.umask(0o022)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------------------- path and checks

def test_check_output_path_accepts_any_case_and_returns_a_path(tmp_path):
    assert check_output_path(str(tmp_path / "A.GIF")) == tmp_path / "A.GIF"
    assert check_output_path(tmp_path / "a.mp4") == tmp_path / "a.mp4"


def test_check_output_path_messages(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("dir.gif").mkdir()
    Path("file.txt").write_text("x")
    formats = ".gif, .mp4, .png, .webp"
    cases = {
        "out.avi": f"unsupported output suffix '.avi' for 'out.avi'; use one of {formats}",
        "out": f"output 'out' has no suffix; use one of {formats}",
        "x/out.gif": "cannot write 'x/out.gif': folder 'x' does not exist (create it first)",
        "file.txt/out.gif": "cannot write 'file.txt/out.gif': 'file.txt' is not a folder",
        "dir.gif": "cannot write 'dir.gif': it is a folder (give a file name)",
    }
    for path, message in cases.items():
        with pytest.raises(OutputError) as caught:
            check_output_path(path)
        assert str(caught.value) == message


def test_check_output_path_read_only_folder(tmp_path, monkeypatch):
    """A real read-only folder; as root (who may write anywhere), checked by a child that has
    dropped to the unprivileged user 'nobody'."""
    monkeypatch.chdir(tmp_path)
    tmp_path.chmod(0o755)
    Path("ro").mkdir()
    os.chmod("ro", 0o555)
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:                  # pragma: no cover (the child's coverage is not collected)
        try:
            if os.geteuid() == 0:
                os.setgid(65534)
                os.setuid(65534)
            check_output_path("ro/out.gif")
            os.write(writer, b"accepted")
        except BaseException as error:
            os.write(writer, str(error).encode())
        finally:
            os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        message = pipe.read()
    os.waitpid(child, 0)
    os.chmod("ro", 0o755)
    assert message == "cannot write 'ro/out.gif': folder 'ro' is not writable"


def test_check_output_path_read_only_folder_message(tmp_path, monkeypatch):
    """The same message when the folder is not writable, also where the tests run as root."""
    monkeypatch.chdir(tmp_path)
    Path("ro").mkdir()
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    with pytest.raises(OutputError) as caught:
        check_output_path("ro/out.gif")
    assert str(caught.value) == "cannot write 'ro/out.gif': folder 'ro' is not writable"


def test_check_output_path_without_ffmpeg(tmp_path, monkeypatch):
    monkeypatch.setattr(ffmpeg_module, "_find_ffmpeg", lambda: (None, "no ffmpeg binary found"))
    with pytest.raises(OutputError) as caught:
        check_output_path(tmp_path / "a.mp4")
    assert str(caught.value) == ("MP4 needs ffmpeg, which comes with imageio-ffmpeg: "
                                 "pip install imageio-ffmpeg (no ffmpeg binary found)")
    check_output_path(tmp_path / "a.gif")            # the other formats don't need it


@pytest.mark.parametrize("suffix, settings, message", [
    (".gif", {"fps": 0}, "Invalid fps: 0 (must be > 0)"),
    (".gif", {"fps": float("nan")}, "Invalid fps: nan (must be finite)"),
    (".mp4", {"fps": 5e-324}, "Invalid fps: 5e-324 (must be 0.01 to 1000)"),
    (".webp", {"fps": 1e300}, "Invalid fps: 1e+300 (must be 0.01 to 1000)"),
    (".gif", {"fps": 60}, "GIF can't play faster than 50 fps (browsers slow shorter delays "
                          "down), got 60; use 50 fps or less, or write .mp4"),
    (".png", {"size": (0, 90)}, "Invalid size: (0, 90) (must be (width, height) in whole "
                                "pixels, 1 to 65535)"),
    (".gif", {"hold": -1}, "Invalid hold: -1 (must be >= 0)"),
    (".gif", {"fps": 0.01, "hold": 600}, "a GIF frame lasts at most 655.35 s, this one would "
                                         "last 700 s; use a higher fps or a shorter hold"),
    (".gif", {"reserved_colors": [(0, 0, 256)]},
     "reserved colours must be (r, g, b) triples of 0..255, got (0, 0, 256)"),
])
def test_bad_settings_are_refused_before_any_file_exists(tmp_path, suffix, settings, message):
    kwargs = {"fps": 10, "size": (120, 90), **settings}
    with pytest.raises(OutputError) as caught:
        with open_writer(tmp_path / f"a{suffix}", **kwargs):
            pytest.fail("the writer must not open")
    assert str(caught.value) == message
    assert list(tmp_path.iterdir()) == []
