"""The command line: a table of invocations and what each must write, and a table of bad ones."""

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import imageio_ffmpeg
import numpy as np
import pytest
from PIL import Image

import optviz
from gifs import read_gif
from optviz.scenes import available_scenes, get_scene
from optviz.render.style import THEMES, rgb8

SMALL = ["--steps", "20", "--frames", "8", "--size", "320x240"]




def colours(image):
    return {tuple(c) for c in image.reshape(-1, 3)}


def test_one_scene_to_gif(run, tmp_path):
    status, out, err = run("beale", "-o", "b.gif", *SMALL)
    assert (status, out, err) == (0, "b.gif\n", "")
    frames, _, loop = read_gif(tmp_path / "b.gif")
    assert len(frames) == 8 and frames[0].shape == (240, 320, 3) and loop == 0
    palette = THEMES["light"].palette
    assert {rgb8(c) for c in palette[:7]} <= colours(frames[-1])  # seven optimizers drawn


def test_optimizers_and_learning_rates(run, tmp_path):
    status, _, _ = run("beale", "--optimizers", "sgd,adam", "--lr", "adam=0.1", "-o", "x.gif", *SMALL)
    assert status == 0
    last = colours(read_gif(tmp_path / "x.gif")[0][-1])
    palette = THEMES["light"].palette
    assert rgb8(palette[0]) in last and rgb8(palette[1]) in last
    assert rgb8(palette[2]) not in last and rgb8(palette[3]) not in last


def test_dark_png_poster(run, tmp_path):
    assert run("saddle-point", "-o", "s.png", "--theme", "dark", "--steps", "30")[0] == 0
    poster = np.array(Image.open(tmp_path / "s.png").convert("RGB"))
    assert poster.shape == (500, 600, 3) and poster.mean() < 80


def test_mp4(run, tmp_path):
    assert run("long-valley", "-o", "v.mp4", "--frames", "10", "--fps", "10", "--size", "320x240",
               "--steps", "40")[0] == 0
    info = subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-hide_banner", "-i", "v.mp4"],
                          capture_output=True, text=True, cwd=tmp_path).stderr
    assert "h264" in info and "yuv420p" in info and "320x240" in info and "10 fps" in info


def test_surface_starts_and_flavor(run, tmp_path):
    status, _, _ = run("elongated-bowl", "--surface", "himmelblau", "--start", "-1,1", "--start", "1,-2",
                       "--flavor", "torch", "-o", "h.gif", *SMALL)
    assert status == 0
    assert len(read_gif(tmp_path / "h.gif")[0]) == 8


def test_default_output_folder_and_quiet(run, tmp_path):
    assert run("elongated-bowl", "--quiet") == (0, "", "")
    frames = read_gif(tmp_path / "optviz-out" / "elongated-bowl.gif")[0]
    assert len(frames) == get_scene("elongated-bowl").frames


def test_no_arguments_renders_every_scene(run, tmp_path):
    status, out, err = run()
    assert status == 0 and err == ""
    written = out.split()
    assert written == [f"optviz-out/{name}.gif" for name in available_scenes()]
    for name in available_scenes():
        frames, _, loop = read_gif(tmp_path / "optviz-out" / f"{name}.gif")
        width, height = get_scene(name).size or (600, 500)
        assert loop == 0 and frames[0].shape == (height, width, 3)
        assert (tmp_path / "optviz-out" / f"{name}.gif").stat().st_size < 1_000_000


def test_list_version_help(run):
    status, out, _ = run("list")
    assert status == 0
    for name in available_scenes() + optviz.available_surfaces() + optviz.available_optimizers():
        assert f"  {name} " in out
    assert "lr=0.001, betas=(0.9, 0.999), eps=1e-08" in out
    assert run("--version")[:2] == (0, f"optviz {optviz.__version__}\n")
    status, out, _ = run("--help")
    assert status == 0 and "examples:" in out and "python -m optviz beale -o beale.gif" in out


def test_python_dash_m_entry_point(tmp_path):
    result = subprocess.run([sys.executable, "-m", "optviz", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == f"optviz {optviz.__version__}\n"


BAD = [
    (["beal"], r"unknown scene 'beal' \(did you mean 'beale'\?\); valid: beale, book-figure, elongated-bowl"),
    (["beale", "--surface", "rosenbrok"], r"unknown surface 'rosenbrok' \(did you mean 'rosenbrock'\?\)"),
    (["beale", "--optimizers", "sgd,adma"], r"unknown torch optimizer 'adma' \(did you mean 'adam'\?\); valid: "),
    (["beale", "--lr", "lion=0.1"], r"scene 'beale' has no optimizer 'lion' to set the rate of \(add it to the runs first: --optimizers on the command line\)"),
    (["beale", "--lr", "adma=0.1"], r"scene 'beale' has no optimizer 'adma' to set the rate of \(did you mean 'adam'\?\); its optimizers: adadelta, adagrad, adam"),
    (["beale", "--lr", "adam=abc"], r"argument --lr: expected NAME=VALUE like adam=0.05, got 'adam=abc'"),
    (["beale", "--lr", "adam=-1"], r"Invalid lr for adam: -1.0 \(must be >= 0\)"),
    (["beale", "--start", "1;2"], r"argument --start: expected X,Y like -7,2, got '1;2'"),
    (["beale", "--steps", "0"], r"^optviz: error: Invalid steps: 0 \(must be >= 1\)$"),
    (["beale", "--steps", "ten"], r"argument --steps: expected a whole number, got 'ten'"),
    (["beale", "--frames", "-5"], r"^optviz: error: Invalid frames: -5 \(must be >= 1\)$"),
    (["beale", "--fps", "0"], r"^optviz: error: Invalid fps: 0.0 \(must be > 0\)$"),
    (["beale", "--size", "600by500"], r"argument --size: expected WIDTHxHEIGHT like 600x500"),
    (["beale", "--size", "100x80"], r"Invalid size: \(100, 80\) \(must be at least 320x240 pixels"),
    (["beale", "--dpi", "2000"], r"Invalid dpi: 2000 \(must be 50 to 1200\)"),
    (["beale", "--dpi", "1"], r"Invalid dpi: 1 \(must be 50 to 1200\)"),
    (["beale", "--size", "100000x100000"], r"Invalid size: \(100000, 100000\) \(each side must be 1 to 8192 pixels\)"),
    (["beale", "--steps", "1000000"], r"Invalid steps: 1000000 \(must be <= 100,000\)"),
    (["beale", "--frames", "20000"], r"Invalid frames: 20000 \(must be <= 10,000\)"),
    (["beale", "--start", "1000,1000"], r"Invalid starts: \(1000, 1000\) is far outside the view"),
    (["beale", "--optimizers", "lr=1"], r"argument --optimizers: Invalid runs: 'lr=1' \('lr=1' comes before any optimizer name \(write NAME:lr=1\)\)"),
    (["beale", "--optimizers", "adam,,sgd"], r"Invalid runs: 'adam,,sgd' \(an empty part between commas\)"),
    (["beale", "--optimizers", "adam:lr"], r"Invalid runs: 'adam:lr' \('lr' is not KEY=VALUE\)"),
    (["beale", "--optimizers", "adam:lr=1,lr=2"], r"lr is given twice for adam"),
    (["beale", "--optimizers", "adam:flavor=textbook"], r"write the flavor first, as textbook:adam"),
    (["beale", "--optimizers", "adam:foo=1"], r"adam has no hyperparameter 'foo'; valid: amsgrad, betas"),
    (["beale", "--optimizers", "adam:lr=x"], r"Invalid lr for adam: 'x' \(must be a number\)"),
    (["beale", "--optimizers", "adam:betas=0.8"], r"Invalid betas for adam: 0.8 \(must be a pair of numbers\)"),
    (["beale", "--optimizers", "keras:adam"], r"unknown flavor 'keras'; valid: textbook, torch"),
    (["beale", "--optimizers", "torhc:adam"], r"unknown flavor 'torhc' \(did you mean 'torch'\?\)"),
    (["beale", "--optimizers", "adam:label=A,sgd:label=A"], r"Invalid label: 'A' \(it is given to two runs; labels must differ\)"),
    (["beale", "--sweep", "sgd:lr"], r"argument --sweep: expected NAME:KEY=V1,V2,... like sgd:lr=0.001,0.01,0.1"),
    (["beale", "--sweep", "sgd:lr=0.1", "--optimizers", "adam"], r"give --optimizers or --sweep, not both"),
    (["beale", "--sweep", "sgd:lr=-1,0.1"], r"Invalid lr for sgd: -1"),
    (["beale", "--sweep", "sgd:lr=0.1,,0.2"], r"argument --sweep: Invalid sweep: 'sgd:lr=0.1,,0.2' \(an empty value between commas\)"),
    (["beale", "--sweep", "sgd:momentum=0.9,lr=0.1"], r"'lr=0.1' is not a value of momentum; the last KEY is swept, fix others before it, as sgd:lr=0.1:momentum=0.9,..."),
    (["beale", "--sweep", "sgd:lr=0.1:lr=0.2,0.3"], r"Invalid sweep: 'sgd:lr=0.1:lr=0.2,0.3' \(lr is given twice\)"),
    (["beale", "--sweep", "sgd,adam:lr=0.2,0.3"], r"Invalid sweep: 'sgd,adam:lr=0.2,0.3' \(one optimizer, please\)"),
    (["beale", "--sweep", "sgd:lr=0.1,0.2:momentum=0.5"], r"\(only the last KEY takes several values, as sgd:momentum=0.9:lr=0.1,0.2\)"),
    (["beale", "--sweep", "sgd:label=a:lr=0.1,0.2"], r"\(each run is labelled by its value: drop label=\)"),
    (["beale", "--sweep", "sgd:lr=0.1:momentum=0.5,label=x"], r"\(each run is labelled by its value: drop label=\)"),
    (["beale", "--lr", "adam=0.1", "--lr", "adam=0.2"], r"--lr adam=... is given twice"),
    (["beale", "-o", ""], r"-o needs a file name"),
    (["beale", "--theme", "neon"], r"argument --theme: invalid choice: 'neon'"),
    (["beale", "--flavor", "keras"], r"argument --flavor: invalid choice: 'keras'"),
    (["beale", "-o", "out.avi"], r"unsupported output suffix '.avi'.*\.gif, \.mp4, \.png, \.webp"),
    (["beale", "-o", "missing/out.gif"], r"folder 'missing' does not exist"),
    (["beale", "-o", "x.mp4", "--size", "601x500"], r"even"),
    (["beale", "-o", "folder.gif"], r"cannot write 'folder.gif': it is a folder"),
    (["-o", "all.gif"], r"without a scene, -o names a folder"),
    (["list", "--steps", "5"], r"list takes no options \(got --steps\)"),
    (["beale", "--view", "4d"], r"argument --view: invalid choice: '4d' \(choose from '2d', '3d'\)"),
    (["beale", "--camera", "30"], r"argument --camera: expected ELEVATION,AZIMUTH in degrees like 30,-60"),
    (["beale", "--view", "3d", "--camera", "95,10"], r"Invalid camera: \(95.0, 10.0\) \(elevation must be -90 to 90"),
    (["beale", "--view", "3d", "--camera", "30,nan"], r"Invalid camera: \(30.0, nan\) \(.*azimuth within ±36000\)"),
    (["beale", "--camera", "30,-60"], r"Invalid camera for the 2-D view: .*--view 3d"),
    (["beale", "--rotate", "90"], r"Invalid rotate for the 2-D view: .*--view 3d"),
    (["saddle-point", "--rotate", "a lot"], r"argument --rotate: expected degrees like 360"),
    (["saddle-point", "--rotate", "-inf"], r"Invalid rotate: -inf \(must be finite\)"),
    (["saddle-point", "--view", "2d", "--camera", "30,-60"], r"Invalid camera for the 2-D view"),
]


GOOD_RUNS = [
    ("adam, textbook:adam", ["adam (torch, lr=0.05, eps=1e-08)", "adam (textbook, lr=0.05, eps=1e-07)"]),
    ("adam,adam", ["adam (lr=0.05) #1", "adam (lr=0.05) #2"]),
    ("adam:lr=0.1,betas=0.8;0.99, adam", ["adam (lr=0.1)", "adam (lr=0.05)"]),
    ("adam:betas=0.8;0.99, adam", ["adam (lr=0.05, betas=(0.8, 0.99))", "adam (lr=0.05, betas=(0.9, 0.999))"]),
    ("sgd:lr=0.01,momentum=0.9,nesterov=true,label=NAG by hand, sgd", ["NAG by hand", "sgd (lr=0.001)"]),
]


@pytest.mark.parametrize("text, labels", GOOD_RUNS, ids=[t for t, _ in GOOD_RUNS])
def test_run_syntax(text, labels):
    from optviz.cli import _animation, build_parser

    args = build_parser().parse_args(["beale", "--optimizers", text, "--steps", "2"])
    assert list(_animation(get_scene("beale"), args).labels.values()) == labels


def test_sweep_gives_one_run_per_value():
    from optviz.cli import _animation, build_parser

    args = build_parser().parse_args(["elongated-bowl", "--sweep", "sgd:lr=0.1,0.5,1.5", "--steps", "30"])
    animation = _animation(get_scene("elongated-bowl"), args)
    assert list(animation.trajectories) == ["sgd:lr=0.1", "sgd:lr=0.5", "sgd:lr=1.5"]
    assert [bool(t.diverged_at >= 0) for t in animation.trajectories.values()] == [False, False, True]
    args = build_parser().parse_args(["beale", "--sweep", "rprop:etas=0.4;1.1:lr=0.01,0.1"])
    assert [run.hyperparameters for run in args.sweep] == [{"etas": (0.4, 1.1), "lr": 0.01},
                                                           {"etas": (0.4, 1.1), "lr": 0.1}]
    args = build_parser().parse_args(["beale", "--sweep", "textbook:momentum:lr=0.01:momentum=0.5,0.9"])
    assert args.sweep == [optviz.Run("momentum", "textbook", {"lr": 0.01, "momentum": 0.5}),
                          optviz.Run("momentum", "textbook", {"lr": 0.01, "momentum": 0.9})]
    assert optviz.sweep("sgd", lr=[0.1, 0.5]) == [optviz.Run("sgd", None, {"lr": 0.1}),
                                                  optviz.Run("sgd", None, {"lr": 0.5})]


@pytest.mark.parametrize("argv, message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_invocations(run, tmp_path, argv, message):
    (tmp_path / "folder.gif").mkdir()
    (tmp_path / "keep.gif").write_bytes(b"keep me")
    before = sorted(p.name for p in tmp_path.iterdir())
    status, out, err = run(*argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("optviz: error: ") and "Traceback" not in err
    assert re.search(message, err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "keep.gif").read_bytes() == b"keep me"


@pytest.mark.parametrize("scene", [[], ["beale"]], ids=["all scenes", "one scene"])
def test_a_file_in_the_way_of_the_output_folder(run, tmp_path, scene):
    (tmp_path / "optviz-out").write_text("not a folder")
    status, out, err = run(*scene, *SMALL[:4])
    assert (status, out) == (2, "")
    assert err == "optviz: error: cannot write into 'optviz-out': it is a file, not a folder\n"
    assert (tmp_path / "optviz-out").read_text() == "not a folder"


def test_a_failed_run_takes_back_the_folder_it_created(run, tmp_path, crash_after_frames):
    crash_after_frames(2, ValueError)
    assert run("beale", *SMALL)[0] == 2
    assert list(tmp_path.iterdir()) == []


def test_optimizers_keep_the_scene_learning_rates_and_negative_starts(run):
    from optviz.cli import _animation, build_parser

    args = build_parser().parse_args(["beale", "--optimizers", "adam,lion", "--start=-.5,1", "--steps", "3"])
    labels = list(_animation(get_scene("beale"), args).labels.values())
    assert labels == ["adam (lr=0.05)", "lion (lr=0.0001)"]
    assert run("beale", "--start", "-.5,1", "--start", "-1,-1", "-o", "n.gif", *SMALL)[0] == 0


def test_existing_output_is_untouched_when_the_run_fails(run, tmp_path, crash_after_frames):
    (tmp_path / "keep.gif").write_bytes(b"keep me")
    assert run("beale", "-o", "keep.gif", "--steps", "0")[0] == 2

    crash_after_frames(2, ValueError)
    status, _, err = run("beale", "-o", "keep.gif", *SMALL)
    assert status == 2 and err == "optviz: error: the renderer failed\n"
    assert (tmp_path / "keep.gif").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gif"]


def test_list_one_topic(run):
    status, out, err = run("list", "surfaces")
    assert status == 0 and out.splitlines()[0] == "surfaces:" and "scenes:" not in out
    assert len(out.splitlines()) == 1 + len(optviz.available_surfaces())
    status, out, err = run("list", "optimizers")
    assert status == 0 and "optimizers (torch flavor):" in out and "surfaces:" not in out
    status, out, err = run("list", "optimisers")
    assert status == 2 and "unknown list 'optimisers' (did you mean 'optimizers'?)" in err


def test_a_surface_or_a_formula_where_a_scene_is_expected(run, tmp_path):
    from optviz.scenes import DEFAULT_RUNS, scene_for

    scene = scene_for("himmelblau")
    assert scene.surface == "himmelblau" and tuple(r.name for r in scene.runs) == DEFAULT_RUNS
    animation = scene.animate(steps=300)
    finals = {key: path.losses[-1].item() for key, path in animation.trajectories.items()}
    assert all(loss < 1e-3 for loss in finals.values()), finals   # every default run arrives
    status, out, err = run("himmelblau", "--steps", "5", "--frames", "3")
    assert (status, out.strip(), err) == (0, "optviz-out/himmelblau.gif", "")
    status, out, err = run("x**2 + 3*y**2", "--title", "my bowl", "--steps", "5", "-o", "f.png")
    assert status == 0
    with optviz.animate("x**2 + 3*y**2", "adam", steps=2, title="my bowl").renderer() as stage:
        assert stage._title.get_text() == "my bowl"
    assert run("beale", "extra")[0] == 2


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads children from /proc")
@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_a_signal_mid_render_leaves_no_file_and_no_child(tmp_path, name):
    """Ctrl-C, kill, or the terminal closing: the old file stays, no temporary file, and no
    process started for the run (the encoder, its ffmpeg) outlives it."""
    target = tmp_path / "slides.mp4"
    target.write_bytes(b"the old file")
    process = subprocess.Popen([sys.executable, "-m", "optviz", "beale", "--size", "1280x720",
                                "--steps", "2000", "--frames", "2000", "-o", str(target)],
                               cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    def descendants(pid: int) -> list[int]:
        children = Path(f"/proc/{pid}/task/{pid}/children")
        found = [int(child) for child in children.read_text().split()] if children.exists() else []
        return found + [grandchild for child in found for grandchild in descendants(child)]

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            "ffmpeg" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
            for pid in descendants(process.pid)):
        time.sleep(0.05)
    started = descendants(process.pid)
    assert any("ffmpeg" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
               for pid in started), "ffmpeg never started"
    time.sleep(0.5)                                            # frames are flowing
    process.send_signal(getattr(signal, name))
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and err.strip().splitlines()[-1] == "optviz: interrupted", err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slides.mp4"]
    assert target.read_bytes() == b"the old file"
    for pid in started:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]


@pytest.mark.parametrize("at_frame", [3, None])
def test_a_signal_whose_interrupt_python_drops_still_stops_the_run(run, tmp_path, monkeypatch,
                                                                    at_frame):
    """A signal landing while a finalizer runs: Python drops the handler's KeyboardInterrupt
    ("Exception ignored in ..."), as it did in about one SIGTERM test in twenty.  The run still
    stops, at the next frame or before the file is renamed into place (*at_frame* None: after
    the last frame), with the old file kept and nothing left behind."""
    from optviz import stopping
    from optviz.render import ContourPanel

    class Finalized:
        def __del__(self):                    # the handler runs here; its exception is dropped
            stopping.interrupt(signal.SIGTERM, None)

    update = ContourPanel.update
    frames = 20

    def update_then_finalize(self, step, frame):
        update(self, step, frame)
        if frame == (frames - 1 if at_frame is None else at_frame):
            Finalized()                       # created and finalized at once

    monkeypatch.setattr(ContourPanel, "update", update_then_finalize)
    (tmp_path / "b.gif").write_bytes(b"the old file")
    status, _, err = run("beale", "--frames", str(frames), "-o", "b.gif")
    assert (status, err.strip().splitlines()[-1]) == (130, "optviz: interrupted")
    assert (tmp_path / "b.gif").read_bytes() == b"the old file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.gif"]


def test_warnings_from_below_are_shown_once_on_one_line(capsys):
    import warnings

    from optviz.cli import _warnings_in_one_line
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        _warnings_in_one_line()
        for _ in range(3):
            warnings.warn("Glyph 20013 missing\nfrom font(s) DejaVu Sans.", UserWarning)
    assert capsys.readouterr().err == ("optviz: warning: Glyph 20013 missing from font(s) "
                                       "DejaVu Sans.\n")


def test_a_full_disk_names_the_file(run, tmp_path, monkeypatch):
    import errno

    from optviz.encode import gif

    def full(self, frame):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(gif.GifWriter, "write", full)
    status, out, err = run("beale", "-o", "full.gif", *SMALL)
    assert (status, out) == (2, "")
    assert err == "optviz: error: cannot write 'full.gif': no space left on device\n"
    assert list(tmp_path.iterdir()) == []


def test_hold_is_an_option(run, tmp_path):
    from optviz.cli import _animation, build_parser

    args = build_parser().parse_args(["saddle-point", "--rotate", "360", "--hold", "0.5"])
    assert _animation(get_scene("saddle-point"), args).hold == 0.5
    args = build_parser().parse_args(["saddle-point", "--rotate", "360"])
    assert _animation(get_scene("saddle-point"), args).hold == 0.0
    status, _, err = run("beale", "--hold", "-1", "-o", "h.gif", *SMALL)
    assert status == 2 and "Invalid hold: -1" in err


def test_the_package_loads_its_parts_when_first_used():
    """``python -m optviz`` starts before matplotlib loads, so Ctrl-C then is one line."""
    import optviz as package

    assert set(package._WHERE) == set(package.__all__) - {"__version__"}
    assert all(getattr(package, name) is not None for name in package.__all__)
    code = "import optviz, sys; print('matplotlib' in sys.modules, 'numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out == "False False\n"


def test_a_signal_that_comes_out_of_matplotlib_as_a_value_error_is_still_an_interruption(
        run, tmp_path, monkeypatch):
    """Agg's C++ code turns a KeyboardInterrupt raised inside it into its own ValueError."""
    import signal

    from optviz import stopping
    from optviz.render import ContourPanel

    update = ContourPanel.update

    def interrupted(self, step, frame):
        if frame == 3:
            try:
                stopping.interrupt(signal.SIGTERM, None)
            except KeyboardInterrupt:
                raise ValueError("Invalid affine transformation matrix") from None
        update(self, step, frame)

    monkeypatch.setattr(ContourPanel, "update", interrupted)
    monkeypatch.setattr("optviz.encode.forked.usable", lambda: False)     # in this process
    (tmp_path / "keep.gif").write_bytes(b"keep me")
    assert run("beale", "-o", "keep.gif", *SMALL) == (130, "", "optviz: interrupted\n")
    assert (tmp_path / "keep.gif").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gif"]
    monkeypatch.setattr(ContourPanel, "update", _value_error_at(update, 3))
    assert run("beale", "-o", "bad.gif", *SMALL)[0] == 2     # the next run, no signal: an error


def _value_error_at(update, frame_number):
    def failing(self, step, frame):
        if frame == frame_number:
            raise ValueError("Invalid affine transformation matrix")
        update(self, step, frame)
    return failing


def test_ignored_signals_stay_ignored_and_handlers_come_back(run, tmp_path):
    """nohup and a script's background job ignore SIGHUP / SIGINT: so does the run; after it,
    the caller's handlers are back (a notebook's, a test runner's)."""
    import signal

    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    term = signal.getsignal(signal.SIGTERM)
    try:
        seen = []
        from optviz.render import ContourPanel
        update = ContourPanel.update

        def peek(self, step, frame):
            seen.append((signal.getsignal(signal.SIGHUP), signal.getsignal(signal.SIGTERM)))
            update(self, step, frame)

        ContourPanel.update = peek
        try:
            assert run("beale", "-o", "b.gif", *SMALL)[0] == 0
        finally:
            ContourPanel.update = update
        assert seen[0][0] is signal.SIG_IGN and seen[0][1] is not term   # ignored stays so
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGTERM) is term                    # restored
    finally:
        signal.signal(signal.SIGHUP, before)


def test_the_package_loads_its_submodules_when_first_used_too():
    code = ("import optviz; print(optviz.optimizers.textbook.__name__, "
            "optviz.timeline.__name__, optviz.render.Stage.__name__, "
            "[n for n in dir(optviz) if n.startswith('_') and n != '__version__'])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out == "optviz.optimizers.textbook optviz.timeline Stage []\n"
