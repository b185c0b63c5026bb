"""optviz.animate(): decode what save() writes and check what a user would notice."""

import base64
import dataclasses
import io
import re
import subprocess

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

import optviz
from gifs import read_gif
from optviz.progress import Progress
from optviz.render.style import rgb8

SIX = {"sgd": {"lr": 0.001}, "momentum": {"lr": 0.001}, "nesterov": {"lr": 0.001},
       "adagrad": {"lr": 0.5}, "rmsprop": {"lr": 0.01}, "adam": {"lr": 0.05}}


@pytest.fixture(scope="module")
def beale():
    return optviz.animate("beale", SIX, starts=(1.0, 1.5), steps=60, frames=24, fps=30, hold=0.5)


def last_point_pixels(animation):
    """(row, col) of each optimizer's last point, and its colour, as the renderer draws them."""
    with animation.renderer() as renderer:
        height = renderer.size[1]
        for (label, path), color in zip(animation.trajectories.items(), renderer.colors):
            x, y = renderer.axes.transData.transform(path.points[-1].reshape(-1, 2)[0])
            yield (int(np.floor(height - y)), int(np.floor(x))), rgb8(color), label


def test_gif_frames_size_loop_timing_and_colours(beale, tmp_path):
    path = beale.save(tmp_path / "beale.gif")
    frames, durations, loop = read_gif(path)
    assert len(frames) == 24 and frames[0].shape == (500, 600, 3)
    assert loop == 0
    # 30 fps in hundredths of a second: 30/40 ms mix, total within one frame of 24/30 s plus hold.
    assert abs(sum(durations[:-1]) + durations[-1] - 500 - 24 / 30 * 1000) <= 1000 / 30
    assert set(durations[:-1]) <= {30, 40}
    assert durations[-1] >= 500
    for (row, col), color, label in last_point_pixels(beale):
        assert tuple(frames[-1][row, col]) == color, label


def test_png_is_the_last_frame_and_reruns_are_byte_identical(beale, tmp_path):
    first = beale.save(tmp_path / "a.gif").read_bytes()
    assert beale.save(tmp_path / "b.gif").read_bytes() == first
    png = beale.save(tmp_path / "poster.png")
    assert beale.save(tmp_path / "poster2.png").read_bytes() == png.read_bytes()
    poster = np.array(Image.open(png).convert("RGB"))
    assert poster.shape == (500, 600, 3)
    for (row, col), color, _ in last_point_pixels(beale):
        assert tuple(poster[row, col]) == color
    last_gif = read_gif(tmp_path / "a.gif")[0][-1]
    assert np.abs(poster.astype(int) - last_gif).mean() < 1.0


def test_mp4_is_h264_yuv420p_at_the_exact_size(tmp_path):
    animation = optviz.animate("saddle-point", ["sgd", "adam"], steps=30, frames=15, fps=15,
                               size=(320, 240), hold=0)
    path = animation.save(tmp_path / "s.mp4")
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == 15 and seconds == pytest.approx(1.0, abs=0.07)
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True).stderr
    assert "h264" in info and "yuv420p" in info and "320x240" in info
    # moov atom before mdat: +faststart, so a browser starts playing before the whole file loads.
    data = path.read_bytes()
    assert data.index(b"moov") < data.index(b"mdat")


def test_a_failed_save_leaves_an_existing_file_untouched(beale, tmp_path, crash_after_frames):
    target = tmp_path / "beale.gif"
    target.write_bytes(b"precious")

    crash_after_frames(3, RuntimeError)
    with pytest.raises(RuntimeError):
        beale.save(target)
    assert target.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beale.gif"]


def test_odd_mp4_size_is_refused_before_anything_is_written(tmp_path):
    target = tmp_path / "odd.mp4"
    with pytest.raises(ValueError, match="even"):
        optviz.animate("beale", "adam", steps=5, size=(601, 500)).save(target)
    assert not target.exists()


def test_optimizers_by_name_mapping_or_object_and_distinct_labels():
    book = optviz.get_optimizer("adam", flavor="textbook", lr=0.3)
    torch = optviz.get_optimizer("adam", lr=0.3)
    amsgrad = optviz.get_optimizer("adam", lr=0.3, amsgrad=True)
    animation = optviz.animate("beale", [book, torch, amsgrad], steps=2)
    assert list(animation.trajectories) == ["textbook:adam", "torch:adam:amsgrad=false",
                                            "torch:adam:amsgrad=true"]
    labels = list(animation.labels.values())
    # The flavor and every hyperparameter that differs (the book's eps is 1e-7, torch's 1e-8).
    assert labels == ["adam (textbook, lr=0.3, eps=1e-07)", "adam (torch, lr=0.3, eps=1e-08, amsgrad=False)",
                      "adam (torch, lr=0.3, eps=1e-08, amsgrad=True)"]
    assert optviz.animate("beale", "adam", steps=2).labels == {"adam": "adam (lr=0.001)"}
    assert optviz.animate("beale", {"sgd": {"lr": 0.01}}, steps=2).labels == {"sgd": "sgd (lr=0.01)"}
    assert optviz.animate("beale", ["sgd", "sgd"], steps=2).labels == {
        "sgd#1": "sgd (lr=0.001) #1", "sgd#2": "sgd (lr=0.001) #2"}


def test_figsize_and_dpi_like_matplotlib():
    animation = optviz.animate("beale", "adam", steps=2, figsize=(6.4, 4.8), dpi=100)
    assert animation.size == (640, 480)
    assert optviz.animate("beale", "adam", steps=10).frames == 11
    assert optviz.animate("beale", "adam", steps=1000, fps=25).frames == 200


@pytest.mark.parametrize("kwargs, message", [
    (dict(optimizers="adma"), r"unknown torch optimizer 'adma' \(did you mean 'adam'\?\)"),
    (dict(optimizers={"adam": {"lr": -1}}), r"Invalid lr for adam: -1"),
    (dict(optimizers=[]), "none given"),
    (dict(optimizers="adam", steps=-3), r"Invalid steps: -3"),
    (dict(optimizers="adam", frames=0), r"Invalid frames: 0"),
    (dict(optimizers="adam", fps=0), r"Invalid fps: 0"),
    (dict(optimizers="adam", size=(10, 10)), "Invalid size"),
    (dict(optimizers="adam", theme="neon"), r"unknown theme 'neon'; valid: classic, dark, light"),
    (dict(optimizers="adam", flavor="keras"), r"unknown flavor 'keras'"),
    (dict(optimizers="adam", starts=(1, 2, 3)), "Invalid starts"),
])
def test_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        optviz.animate("beale", **kwargs)


def test_notebook_display_is_an_inline_gif_of_the_animation(tmp_path):
    animation = optviz.animate("booth", "adam", steps=3, size=(320, 240), quiet=True)
    html = animation._repr_html_()
    match = re.fullmatch(r'<img src="data:image/gif;base64,([A-Za-z0-9+/=]+)" alt="booth animation"/>',
                         html)
    assert match, html[:80]
    inline = base64.b64decode(match.group(1))
    assert inline == animation.save(tmp_path / "saved.gif").read_bytes()
    frames, _, _ = read_gif(io.BytesIO(inline))
    assert len(frames) == 4 and frames[0].shape == (240, 320, 3)


def test_progress_bar_only_on_a_terminal_and_only_after_a_second(monkeypatch, terminal):
    Terminal = type(terminal)
    shown = Terminal()
    with Progress(4, "optviz: x.gif", stream=shown) as progress:
        for _ in range(4):
            progress.advance()
    assert shown.getvalue().endswith("\roptviz: x.gif [" + "#" * 30 + "] 4/4\n")
    for stream, enabled in [(io.StringIO(), True), (Terminal(), False)]:
        with Progress(4, "x", stream=stream, enabled=enabled) as progress:
            progress.advance(4)
        assert stream.getvalue() == ""
    monkeypatch.setattr("optviz.progress.DELAY", 60.0)
    quick = Terminal()
    with Progress(4, "x", stream=quick) as progress:
        progress.advance(4)
    assert quick.getvalue() == ""


def test_recording_shows_progress_in_steps_of_every_run(monkeypatch, terminal):
    monkeypatch.setattr("optviz.trajectory.BLOCK_POINTS", 1000)
    shown, Terminal = terminal, type(terminal)
    monkeypatch.setattr("sys.stderr", shown)
    # Both runs step together, 500 steps a block (1000 points); sgd at lr 10 leaves the view
    # within a few steps and its steps still count.
    optviz.animate("beale", "sgd:lr=10, adam", steps=3000)
    updates = shown.getvalue().split("\r")[1:]
    done = [int(update.split("] ")[1].split("/")[0]) for update in updates]
    assert updates[-1] == "optviz: recording [" + "#" * 30 + "] 6000/6000\n"
    assert sorted(set(done)) == list(range(1000, 6001, 1000)) and done == sorted(done)
    shown.truncate(0)
    optviz.animate("beale", "sgd:lr=10", steps=3000)       # all gone in the first block: done
    assert {update.strip() for update in shown.getvalue().split("\r")[1:]} == {
        "optviz: recording [" + "#" * 30 + "] 3000/3000"}
    silent = Terminal()
    monkeypatch.setattr("sys.stderr", silent)
    optviz.animate("beale", "adam", steps=3000, quiet=True)
    assert silent.getvalue() == ""


@pytest.mark.parametrize("call, message", [
    (lambda: optviz.animate("beale", "adam", steps=True), r"Invalid steps: True \(must be a whole number\)"),
    (lambda: optviz.animate("beale", "adam", fps="30"), r"Invalid fps: '30' \(must be a number\)"),
    (lambda: optviz.animate("beale", {"adam": 0.1}), r"Invalid hyperparameters for adam: 0.1 \(must be a dict\)"),
    (lambda: optviz.animate("beale", "adam", dpi=2), r"Invalid dpi: 2 \(must be 50 to 1200\)"),
])
def test_more_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_a_tiny_fps_still_gives_one_frame():
    assert optviz.animate("beale", "adam", steps=10, fps=0.01).frames == 1


def test_a_custom_theme_is_honoured_in_every_colour_it_sets(tmp_path):
    mine = dataclasses.replace(optviz.get_theme("dark"), name="mine", page="#102030",
                               palette=("#ff0000", "#00ff00"), cmap="viridis")
    animation = optviz.animate("beale", ["adam", "sgd"], theme=mine, steps=10, frames=3)
    assert animation.theme is mine
    picture = np.array(Image.open(animation.save(tmp_path / "mine.png")).convert("RGB"))
    assert tuple(picture[2, 2]) == rgb8("#102030")                       # the page
    for (row, col), color, label in last_point_pixels(animation):
        assert color in (rgb8("#ff0000"), rgb8("#00ff00"))
        assert tuple(picture[row, col]) == color, label


@pytest.mark.parametrize("change, message", [
    (dict(page="notacolor"), r"^Invalid theme page: 'notacolor' \(must be a matplotlib colour"),
    (dict(palette=()), r"^Invalid theme palette: \(\) \(must be a non-empty tuple of colours\)"),
    (dict(palette=("#ff0000", "red-ish")), r"^Invalid theme palette\[1\]: 'red-ish'"),
    (dict(cmap="nope"), r"^Invalid theme cmap: 'nope' \(must be a matplotlib Colormap or the name"),
    (dict(contour_line_alpha=2), r"^Invalid theme contour_line_alpha: 2 \(must be in \[0, 1\]\)"),
    (dict(fps=0), r"^Invalid theme fps: 0 \(must be > 0\)"),
    (dict(legend_loc="top"), r"^Invalid theme legend_loc: 'top' \(must be None or one of 'best'"),
    (dict(optimizers={"adam": ("Adam", "zz")}), r"^Invalid theme optimizers\['adam'\]: 'zz'"),
])
def test_a_custom_theme_with_a_mistake_is_refused_when_made(change, message):
    with pytest.raises(ValueError, match=message):
        dataclasses.replace(optviz.get_theme("light"), **change)


def test_a_short_animation_without_a_frame_rate_is_slowed_to_last_four_seconds():
    short = optviz.animate("elongated-bowl", "sgd:lr=0.1", steps=30)
    assert (short.frames, short.fps) == (31, 7)                  # 4.4 s, not 1 s at 30 fps
    assert optviz.animate("elongated-bowl", "sgd", steps=3).fps == 5          # no slower
    assert optviz.animate("beale", "adam", steps=300).fps == 30               # 8 s already
    assert optviz.animate("elongated-bowl", "sgd", steps=30, fps=30).fps == 30   # as given
    assert optviz.animate("elongated-bowl", "sgd", steps=30, theme="classic").fps == 7
    for frames in range(1, 200):                                   # never shorter than 4 s
        fps = optviz.timeline.default_fps(frames, 30)
        assert frames / fps >= 4 or fps == 5 or fps == 30


def test_the_last_frame_is_held_a_second_but_not_in_a_camera_turning_whole_turns():
    assert optviz.animate("beale", "adam", steps=10).hold == 1.0
    assert optviz.animate("beale", "adam", steps=10, view="3d", rotate=360).hold == 0.0
    assert optviz.animate("beale", "adam", steps=10, view="3d", rotate=90).hold == 1.0
    assert optviz.animate("beale", "adam", steps=10, view="3d", rotate=720, hold=2).hold == 2.0


def test_starts_outside_the_view_widen_it_unless_a_view_is_given():
    wide = optviz.animate("elongated-bowl", "sgd", starts=[(-15.0, 2.0), (0.0, 7.0)], steps=5)
    assert wide.xlim == (-15.0 - 2.5, 10.0) and wide.ylim == (-5.0, 7.0 + 1.2)
    assert optviz.animate("elongated-bowl", "sgd", starts=(-7, 2), steps=5).xlim == (-10, 10)
    given = optviz.animate("elongated-bowl", "sgd", starts=(-15.0, 2.0), steps=5,
                           xlim=(-20, 20), ylim=(-5, 5))
    assert (given.xlim, given.ylim) == ((-20, 20), (-5, 5))
    beale = optviz.get_scene("beale")                  # the scene's own view, widened
    scene = beale.animate(starts=(10.0, 10.0), steps=5)
    assert scene.xlim == (beale.xlim[0], 10.0 + 1.1) and scene.ylim == (beale.ylim[0], 10.0 + 1.15)
    assert beale.animate(starts=(1.0, 1.0), steps=5).xlim == beale.xlim


def test_a_view_given_on_one_axis_is_kept_and_the_other_still_widens():
    beale = optviz.get_scene("beale")
    animation = beale.animate(starts=(10.0, 10.0), steps=3, xlim=(-4.5, 4.5))
    assert animation.xlim == (-4.5, 4.5) and animation.ylim == (beale.ylim[0], 10.0 + 1.15)
    edge = optviz.animate("beale", "adam", starts=(4.5, 0.0), steps=3)     # on the edge
    assert edge.xlim == (-4.5, 4.5 + 0.9) and edge.ylim == (-4.5, 4.5)
    assert optviz.get_scene("swarm").animate(starts=(3.0, 3.0), steps=3).title is None


def test_a_zoom_far_from_the_start_is_recorded_not_refused():
    """Where the book's Adam and torch's part (about 1e-5 apart): a view of ±0.002 around
    the minimum, the start (-7, 2) far outside it."""
    zoom = optviz.animate("elongated-bowl", "torch:adam:lr=0.3, textbook:adam:lr=0.3",
                          xlim=(-0.002, 0.002), ylim=(-0.002, 0.002), steps=300)
    assert zoom.xlim == (-0.002, 0.002) and zoom.ylim == (-0.002, 0.002)
    for path, flavor in zip(zoom.trajectories.values(), ("torch", "textbook")):
        alone = optviz.record("elongated-bowl", optviz.get_optimizer("adam", flavor, lr=0.3),
                              steps=300)
        assert path.diverged_at == -1 and np.array_equal(path.points, alone.points)
        assert np.abs(path.points[-1]).max() < 0.002              # it ends in the picture
