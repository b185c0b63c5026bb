"""Bad input through the API: one table of calls, each with the exception it must raise and its
one-line message; and fuzzing of record() and of the command line, whose only failures may be
a ValueError or TypeError (exit status 2 with one line from the CLI) and whose results are finite.

The command line's own table is ``BAD`` in test_cli.py."""

import contextlib
import dataclasses
import io
import re
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import optviz
from optviz.cli import main

def surface_with(**changes):
    """A Surface made by hand: a bowl, with *changes*."""
    return optviz.Surface(**{**dict(name="bowl", description="f = x² + y²", f=lambda p: (p**2).sum(-1),
                                    grad=lambda p: 2 * p, xlim=(-1, 1), ylim=(-1, 1),
                                    starts=((0.5, 0.5),)), **changes})


UNIFORM_1500 = np.random.default_rng(0).uniform(-4, 4, (1500, 2))

API = [
    # Wrong types where a name or a value is expected
    (lambda: optviz.record(123, "adam"), TypeError,
     r"Invalid surface: 123 \(give a name such as 'beale', a formula in x and y, or a Surface\)"),
    (lambda: optviz.record("beale", None), TypeError,
     r"Invalid optimizer: None \(give a name such as 'adam' or an Optimizer\)"),
    (lambda: optviz.record(["beale"], "adam"), TypeError, r"Invalid surface: \['beale'\]"),
    (lambda: optviz.get_optimizer(["adam"]), TypeError,
     r"Invalid torch optimizer: \['adam'\] \(give its name, a string such as 'sgd'\)"),
    (lambda: optviz.animate("beale", "adam", theme=["dark"]), TypeError, r"Invalid theme: \['dark'\]"),
    (lambda: optviz.animate("beale", "adam", size="600x500"), ValueError,
     r"Invalid size: '600x500' \(must be \(width, height\) in whole pixels\)"),
    (lambda: optviz.animate("beale", "adam", steps=True), ValueError,
     r"Invalid steps: True \(must be a whole number\)"),
    (lambda: optviz.get_optimizer("adam", lr="0.1"), ValueError,
     r"Invalid lr for adam: '0.1' \(must be a number\)"),
    (lambda: optviz.animate("beale", "adam", size={320, 240}), ValueError,
     r"^Invalid size: \{320, 240\} \(must be \(width, height\) in whole pixels\)$"),
    (lambda: optviz.animate("beale", "adam", size=(True, 240)), ValueError,
     r"^Invalid size: \(True, 240\) \(must be \(width, height\) in whole pixels\)$"),
    (lambda: optviz.animate("beale", "adam", title=b"x"), TypeError,
     r"^Invalid title: b'x' \(must be text, or None for the surface's\)$"),
    (lambda: optviz.parse_runs(None), TypeError,
     r"^Invalid runs: None \(give text such as 'sgd,adam:lr=0.05'\)$"),
    # Starts that are not plain finite real points
    (lambda: optviz.record("beale", "adam", (1 + 2j, 0)), ValueError,
     r"Invalid starts: \(\(1\+2j\), 0\) \(must be real numbers, not complex\)"),
    (lambda: optviz.record("beale", "adam", np.ma.masked_array([1.0, 2.0], [True, False])),
     ValueError, r"Invalid starts: .* \(has masked values: give plain numbers\)"),
    (lambda: optviz.record("beale", "adam", [(1, 1), (np.inf, 0)]), ValueError,
     r"\(must be finite: point 1 is \(inf, 0.0\)\)"),
    (lambda: optviz.record("beale", "adam", np.zeros((2, 2, 2))), ValueError,
     r"^Invalid starts: array\(\[\[\[0\., 0\.\], \[0\., 0\.\]\], \[\[0\., 0\.\], \[0\., 0\.\]\]\]\) "
     r"\(must be a point \(x, y\) or a list of points, not of shape \(2, 2, 2\)\)$"),
    (lambda: optviz.record("log(x) + y**2", "sgd", (-1.0, 0.0)), ValueError,
     r"Invalid starts: \(-1, 0\) \(f is not finite there; start where f has a value\)"),
    # Numbers at the edges of float
    (lambda: optviz.get_optimizer("adam", lr=10**400), ValueError,
     r"Invalid lr for adam: ~1e400 \(must be finite\)"),
    (lambda: optviz.animate("beale", "adam", fps=5e-324), ValueError,
     r"Invalid fps: 5e-324 \(must be 0.01 to 1000\)"),
    (lambda: optviz.animate("beale", "adam", fps=1e300), ValueError,
     r"Invalid fps: 1e\+300 \(must be 0.01 to 1000\)"),
    (lambda: optviz.animate("beale", "adam", hold=1000), ValueError,
     r"Invalid hold: 1000 \(must be 0 to 600 seconds\)"),
    (lambda: optviz.animate("beale", "adam", xlim=(-1e300, 1e300)), ValueError,
     r"Invalid xlim: \(-1e\+300, 1e\+300\) \(must lie within ±1e\+12\)"),
    (lambda: optviz.record("beale", "adam", xlim=(1.0, 1.0 + 1e-12)), ValueError,
     r"Invalid xlim: .* \(too narrow to draw: widen it to at least 1e-09\)"),
    (lambda: optviz.animate("beale", "adam", dpi=float("nan")), ValueError,
     r"Invalid dpi: nan \(must be finite\)"),
    # Names of the wrong kind, and typos
    (lambda: optviz.get_scene("himmelblau"), ValueError,
     r"'himmelblau' is a surface, not a scene; valid: beale, "),
    (lambda: optviz.get_optimizer("lion", "textbook"), ValueError,
     r"'lion' is a torch optimizer, not a textbook optimizer; give it flavor torch \(torch:lion\); valid: adagrad, "),
    (lambda: optviz.get_surface("bael"), ValueError,
     r"unknown surface 'bael' \(did you mean 'beale'\?\); valid: "),
    (lambda: optviz.animate("beale", "adam", theme="drak"), ValueError,
     r"unknown theme 'drak' \(did you mean 'dark'\?\); valid: classic, dark, light"),
    (lambda: optviz.record("beale", "adam", (1, 1.5), steps=10**400), ValueError,
     r"^Invalid steps: ~1e400 \(must be <= 50,000,000\)$"),
    (lambda: optviz.animate("beale", "adam", size=None, figsize=(1e308, 1)), ValueError,
     r"^Invalid figsize: \(1e\+308, 1\) \(at dpi 100 a side must be at most 81.92 inches\)$"),
    (lambda: dataclasses.replace(optviz.get_theme("dark"), optimizers=None), ValueError,
     r"^Invalid theme optimizers: None \(must be a dict of name -> \(legend name, colour\)\)$"),
    # A legend with no room left for the plot
    (lambda: optviz.animate("beale", ["adam"] * 200, size=(320, 240), steps=5, frames=3,
                            quiet=True).save(Path(tempfile.gettempdir()) / "optviz-never-written.gif"), ValueError,
     r"^Invalid size: \(320, 240\) \(the legend, titles and labels leave no room for the plot: "
     r"give a larger size, fewer runs or shorter labels\)$"),
    (lambda: optviz.basins("himmelblau", resolution=1000, steps=3000), ValueError,
     r"^Invalid steps: 3000 \(1000x1000 starts x 3,000 steps = 3e\+09 steps in all, about 5 "
     r"minutes; at most 2e\+09: give a lower resolution or fewer steps\)$"),
    (lambda: optviz.animate("himmelblau", "sgd", starts=UNIFORM_1500, steps=5,
                            view="3d"), ValueError,
     r"^Invalid trails for the 3-D view: a swarm of dots without trails \(the default for more "
     r"than 64 paths\) is drawn in 2-D: give view='2d' \(--view 2d\), or trails=True "
     r"\(--trails\) to draw all 1500 paths in 3-D$"),
    # A Surface made by hand is checked as it is made
    (lambda: surface_with(xlim=(1e300, 1e301)), ValueError,
     r"^Invalid xlim: \(1e\+300, 1e\+301\) \(must lie within ±1e\+12\)$"),
    (lambda: surface_with(starts=[(np.nan, 0)]), ValueError,
     r"^Invalid bowl starts: \[\(nan, 0\)\] \(must be finite: point 0 is \(nan, 0.0\)\)$"),
    (lambda: surface_with(z_scale="cubic"), ValueError,
     r"^Invalid z_scale: 'cubic' \(must be 'linear' or 'log'\)$"),
    (lambda: surface_with(f="x**2"), ValueError, r"^Invalid f for surface 'bowl': 'x\*\*2'"),
    (lambda: optviz.Surface.from_function(lambda p: np.zeros(1), xlim=(-1, 1), ylim=(-1, 1)),
     ValueError, r"^Invalid f: on points of shape \(3, 2\) it returned shape \(1,\) \(must be "
                 r"\(3,\): one value per point\)$"),
    (lambda: optviz.Surface.from_function(lambda p: (p**2).sum(-1) * 1j), ValueError,
     r"^Invalid f: it returned complex128 values \(must be real numbers\)$"),
    (lambda: optviz.Surface.from_function(lambda p: (p**2).sum(-1), lambda p: p.sum(-1)),
     ValueError, r"^Invalid grad: on points of shape \(3, 2\) it returned shape \(3,\)"),
    (lambda: optviz.Surface.from_function(lambda p: p[:, 0]**2 + 10 * p[:, 1]**2), ValueError,
     r"^Invalid f: it must take points of any shape \(\.\.\., 2\), such as a grid \(1, 3, 2\)"),
    (lambda: optviz.Surface.from_function(lambda p: (p**2).sum(-1),
                                          lambda p: 2 * p - p.mean(axis=0)), ValueError,
     r"^Invalid grad: its value at a point changes with the other points given with it"),
    # What a render would cost, refused before it starts
    (lambda: optviz.animate("himmelblau", "sgd", starts=UNIFORM_1500, steps=100_000), ValueError,
     r"Invalid steps: 100000 \(100,001 points x 1,500 starts x 1 runs = 150,001,500 points to "
     r"record, 3.6 GB; at most 50,000,000: give fewer steps, starts or runs\)"),
    (lambda: optviz.animate("beale", "adam", steps=100, frames=500), ValueError,
     r"Invalid frames: 500 \(there are only 101 steps to show"),
    # A long or multi-line value is shown on one line, cut short
    (lambda: optviz.parse_runs("adam," * 10_000 + ","), ValueError,
     r"^Invalid runs: 'adam,adam,[adam,]+ … \(an empty part between commas\)$"),
    (lambda: optviz.animate("beale", "adam", layout="side\nby side"), ValueError,
     r"^Invalid layout: 'side\\nby side' \(must be one of "),
    (lambda: optviz.animate("beale", ["adam", list(range(1000))]), ValueError,
     r"^Invalid optimizer: \[0, 1, 2, [0-9, ]+ … \(must be a name, a Run, an Optimizer"),
]


@pytest.mark.parametrize("call, error, message", API, ids=[m[:40] for _, _, m in API])
def test_bad_api_calls_raise_one_clear_line(call, error, message):
    with pytest.raises(error, match=message) as raised:
        call()
    assert type(raised.value) in (ValueError, TypeError) or issubclass(type(raised.value), error)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300


@pytest.mark.parametrize("text, message", [
    (b'surface = 5\n', r"^optviz: error: s.toml: Invalid surface: 5 \(give a name such as 'beale'"),
    (b'surface = "beale"\ntheme = ["dark"]\n', r"^optviz: error: s.toml: Invalid theme: \['dark'\]"),
    (b'surface = "beale"\n[[runs]]\noptimizer = "adam"\nlabel = [1, 2]\n',
     r"^optviz: error: s.toml:\d+: Invalid label of run 'adam': \[1, 2\] \(must be text\)$"),
    (b'surface = "beale"\ncamera = 5\n',
     r"^optviz: error: s.toml: Invalid camera: 5 \(must be \(elevation, azimuth\) in degrees"),
    (b'\xff', r"^optviz: error: s.toml: not UTF-8 text \(byte 0xff at offset 0\); save it as UTF-8$"),
])
def test_a_scene_file_of_the_wrong_type_or_encoding_gets_one_line_naming_it(run, tmp_path, text,
                                                                            message):
    (tmp_path / "s.toml").write_bytes(text)
    status, out, err = run("s.toml", "-o", "out.gif")
    assert status == 2 and out == "" and re.search(message, err) and err.count("\n") == 1, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def test_a_render_too_large_is_refused_before_any_file_exists(tmp_path):
    animation = optviz.animate("beale", "adam", steps=10_000, frames=10_000, size=(4000, 4000),
                               quiet=True)
    with pytest.raises(ValueError, match=r"^Invalid frames: 10000 \(10,000 frames of 4000x4000 are "
                                         r"1.6e\+11 pixels to render, 11 minutes or more on 2 "
                                         r"cores; at most 1e\+11: give fewer frames or a smaller"):
        animation.save(tmp_path / "big.gif")
    assert list(tmp_path.iterdir()) == []
    assert animation.save(tmp_path / "poster.png").stat().st_size > 0     # one frame is fine


def test_paths_too_long_to_stroke_in_time_are_refused_before_any_file_exists(tmp_path, monkeypatch):
    # Beale's seven paths of 100,000 steps at 8192x8192 are 1.4e8 pixels long: 240 frames of
    # them would take half an hour.  The same check, at a limit a test can reach in a second:
    from optviz import _checks
    monkeypatch.setattr(_checks, "MAX_STROKE_PIXELS", 10**5)
    animation = optviz.animate("beale", list(optviz.get_scene("beale").runs), quiet=True)
    with pytest.raises(ValueError, match=r"^Invalid frames: 240 \(the paths are .* pixels long at "
                                         r"the end, .* pixels to stroke in all, \d+ minutes or more; "
                                         r"at most 1e\+05: give fewer frames, fewer steps or a "
                                         r"smaller size\)$"):
        animation.save(tmp_path / "long.gif")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------ fuzz: record()

EDGE_FLOATS = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                        st.sampled_from([0.0, -0.0, 1e-320, 5e-324, 1e308, -1e308, 1e12, 1e-12]))


@settings(max_examples=300, deadline=None)
@given(surface=st.sampled_from(optviz.available_surfaces() + ["x**2 + y**4", "log(x) + y"]),
       name=st.sampled_from(optviz.available_optimizers()),
       lr=st.one_of(EDGE_FLOATS, st.integers(-10**400, 10**400)),
       starts=st.one_of(st.tuples(EDGE_FLOATS, EDGE_FLOATS),
                        st.lists(st.tuples(st.floats(-10, 10), st.floats(-10, 10)), max_size=4),
                        st.text(max_size=5), st.none()),
       steps=st.integers(-2, 40))
def test_record_refuses_or_returns_finite_paths(surface, name, lr, starts, steps):
    try:
        path = optviz.record(surface, optviz.get_optimizer(name, lr=lr), starts, steps)
    except (ValueError, TypeError) as error:
        assert "\n" not in str(error)
        return
    assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()
    assert path.points.shape[0] == steps + 1


# ------------------------------------------------------------------------- fuzz: the command line

OPTIONS = {
    "--steps": st.sampled_from(["0", "-1", "1", "7", "40", "1e3", "ten", "", "100001"]),
    "--frames": st.sampled_from(["0", "1", "2", "30", "99999", "-3", "x"]),
    "--fps": st.sampled_from(["0", "1e300", "5e-324", "nan", "inf", "-inf", "12.5", "30", "x"]),
    "--size": st.sampled_from(["320x240", "600x500", "1x1", "99999x2", "600by500", "x", "0x0"]),
    "--dpi": st.sampled_from(["0", "50", "100", "2000", "nan"]),
    "--start": st.sampled_from(["-7,2", "nan,0", "-inf,0", "1e308,0", "1,2,3", "a,b", ","]),
    "--xlim": st.sampled_from(["-5,5", "5,-5", "0,0", "-1e300,1e300", "0,1e-15", "nan,1"]),
    "--ylim": st.sampled_from(["-5,5", "1,1", "inf,2"]),
    "--optimizers": st.sampled_from(["adam", "adma", "adam:lr=-1", "sgd,,adam", "lion:lr=1e400",
                                     "textbook:lion", "adam:lr=nan", "sgd:momentum=0.9,label=$x^"]),
    "--sweep": st.sampled_from(["sgd:lr=0.1,1", "sgd:lr=", "adam:betas=0.9", "sgd:lr=inf"]),
    "--lr": st.sampled_from(["adam=0.1", "adam=-1", "adma=0.1", "adam=nan", "=1"]),
    "--theme": st.sampled_from(["light", "dark", "classic", "neon"]),
    "--view": st.sampled_from(["2d", "3d", "4d"]),
    "--camera": st.sampled_from(["30,-60", "100,0", "nan,0", "x"]),
    "--rotate": st.sampled_from(["0", "360", "1e308", "nan"]),
    "--layout": st.sampled_from(["single", "loss", "grid", "none"]),
    "--flavor": st.sampled_from(["torch", "textbook", "keras"]),
    "--title": st.text(max_size=12),
    "--surface": st.sampled_from(["beale", "himmelblau", "x**2 + y**2", "x**", "open(x)", "y"]),
}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scene=st.sampled_from(optviz.available_scenes() + ["himmelblau", "x**2/20 + y**2", "beal",
                                                          "list", "show-scene", ""]),
       options=st.lists(st.sampled_from(sorted(OPTIONS)).flatmap(
           lambda option: st.tuples(st.just(option), OPTIONS[option])), max_size=4))
def test_the_command_line_exits_0_or_2_with_one_line(tmp_path_factory, scene, options):
    folder = tmp_path_factory.mktemp("cli")
    argv = [scene, *[part for pair in options for part in pair], "-o", str(folder / "out.gif")]
    out, err = io.StringIO(), io.StringIO()
    # Parsing and every check run for real; the frames are not drawn (save is the renderer's
    # job, fuzzed elsewhere), so an example costs a recording at most.
    with mock.patch.object(optviz.Animation, "save", lambda self, path, **_: path), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit:
            status = exit.code
    assert status in (0, 2), (argv, err.getvalue())
    if status == 2:    # one line; a formula's error adds the formula with a caret under the fault
        lines = err.getvalue().splitlines()
        assert lines[0].startswith("optviz: error: ") and "Traceback" not in err.getvalue()
        assert len(lines) == 1 or lines[0].startswith("optviz: error: Invalid formula") and (
            len(lines) == 3 and lines[2].strip() == "^"), (argv, err.getvalue())
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("make, message", [
    (lambda torch: optviz.from_torch(torch.optim.Adam, lr=10**400),
     r"^Invalid lr for torch.optim.Adam: ~1e400 \(must be finite\)$"),
    (lambda torch: optviz.from_torch(torch.optim.Adam, batched="yes"),
     r"^Invalid batched: 'yes' \(must be True or False\)$"),
    (lambda torch: optviz.record("beale", optviz.from_torch(torch.optim.Adam, capturable=True),
                                 (1.0, 1.5), steps=3),
     r"^torch.optim.Adam failed to step: AssertionError If capturable=True"),
])
def test_from_torch_failures_are_one_value_error(make, message):
    torch = pytest.importorskip("torch")
    with pytest.raises(ValueError, match=message) as raised:
        make(torch)
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300
