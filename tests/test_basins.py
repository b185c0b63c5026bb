"""Basin-of-attraction maps: every start of a grid labelled by where its path ends, drawn as a
PNG with the surface's contours on top; and the command that makes one."""

import re

import numpy as np
import pytest
from PIL import Image

import optviz
from optviz.basin_map import DIVERGED, ELSEWHERE, UNSETTLED
from optviz.render.basin_png import basin_colors
from optviz.render.style import get_theme, rgb8

HIMMELBLAU = optviz.get_surface("himmelblau")


@pytest.fixture(scope="module")
def himmelblau():
    return optviz.basins("himmelblau", "adam:lr=0.05", resolution=200, steps=400)


def test_himmelblau_has_four_basins_and_each_minimum_is_its_own(himmelblau):
    assert himmelblau.basin.shape == (200, 200)
    minima = np.array(HIMMELBLAU.minima)
    assert len(himmelblau.attractors) == 4
    assert {tuple(np.round(a, 6)) for a in himmelblau.attractors} == {tuple(np.round(m, 6)) for m in minima}
    shares = himmelblau.shares()
    assert all(0.15 < shares[k] < 0.35 for k in list(shares)[:4]), shares
    assert sum(shares.values()) == pytest.approx(1.0)
    # A start next to each minimum ends there: row = y, column = x (row 0 the lowest y).
    centres = np.linspace(-5 + 0.025, 5 - 0.025, 200)
    for index, (x, y) in enumerate(himmelblau.attractors):
        row, col = np.abs(centres - y).argmin(), np.abs(centres - x).argmin()
        assert himmelblau.basin[row, col] == index
        assert 0 <= himmelblau.steps_to[row, col] < 50


def test_orientation_row_zero_is_the_lowest_y():
    """On the saddle surface the two minima are at y = ±√2: the lower rows go to the lower one."""
    m = optviz.basins("saddle-point", "adam:lr=0.05", resolution=20, steps=300, ylim=(-2, 2))
    low, high = (int(np.argmin([a[1] for a in m.attractors])), int(np.argmax([a[1] for a in m.attractors])))
    assert (m.basin[:5] == low).mean() > 0.9 and (m.basin[-5:] == high).mean() > 0.9


def test_diverged_unsettled_and_elsewhere():
    wild = optviz.basins("elongated-bowl", "sgd:lr=1.05", resolution=10, steps=100)
    assert (wild.basin == DIVERGED).all() and wild.shares()["diverged"] == 1.0
    assert (wild.steps_to == -1).all()
    slow = optviz.basins("himmelblau", "adam", resolution=10, steps=50)      # lr 0.001
    assert slow.shares()["unsettled"] > 0.9
    # Rastrigin's hundred local minima: eight get a colour, the rest are "at rest elsewhere".
    grid = optviz.basins("rastrigin", "sgd:lr=0.002", resolution=40, steps=500)
    assert len(grid.attractors) == 8 and (grid.basin == ELSEWHERE).mean() > 0.5
    assert UNSETTLED not in np.unique(grid.basin[grid.basin >= 0])


def test_the_png_shows_each_basins_colour_under_the_contours(tmp_path, himmelblau):
    path = himmelblau.save(tmp_path / "basins.png", size=(600, 500))
    image = np.array(Image.open(path).convert("RGB"))
    assert image.shape == (500, 600, 3)
    colors = (basin_colors(get_theme("light"), 4) * 255).round().astype(int)[3:]
    # Each basin's colour is the most common colour of the picture's pixels over its starts.
    counts = [np.all(np.abs(image.astype(int) - c) <= 1, axis=-1).sum() for c in colors]
    assert all(count > 0.1 * 600 * 500 * 0.6 for count in counts), counts
    # The minima are marked with stars.
    assert np.all(image == rgb8(get_theme("light").star_face), axis=-1).sum() > 100
    steps = himmelblau.save(tmp_path / "steps.png", color_by="steps")
    assert Image.open(steps).size == (600, 500)


def test_a_basin_map_shows_progress_in_steps_of_every_chunk_of_starts(monkeypatch, terminal):
    monkeypatch.setattr("optviz.basin_map.CHUNK", 100)          # 30 x 30 starts: 9 chunks
    shown, Terminal = terminal, type(terminal)
    monkeypatch.setattr("sys.stderr", shown)
    optviz.basins("himmelblau", "adam:lr=0.05", resolution=30, steps=50)
    updates = shown.getvalue().split("\r")[1:]
    done = [int(update.split("] ")[1].split("/")[0]) for update in updates]
    assert updates[-1] == "optviz: basins [" + "#" * 30 + "] 450/450\n"
    assert done == sorted(done) and len(done) >= 9
    silent = Terminal()
    monkeypatch.setattr("sys.stderr", silent)
    optviz.basins("himmelblau", "adam:lr=0.05", resolution=30, steps=50, quiet=True)
    assert silent.getvalue() == ""


def test_api_errors():
    with pytest.raises(ValueError, match=r"names 2 runs"):
        optviz.basins("himmelblau", "adam, sgd")
    with pytest.raises(ValueError, match=r"Invalid resolution: 5000 \(must be <= 1,000\)"):
        optviz.basins("himmelblau", resolution=5000)
    with pytest.raises(ValueError, match=r"unknown surface 'himmelblu' \(did you mean 'himmelblau'\?\)"):
        optviz.basins("himmelblu")
    with pytest.raises(ValueError, match=r"Invalid color_by"):
        optviz.basins("himmelblau", resolution=4, steps=2).save("x.png", color_by="speed")


BAD = [
    (["himmelblu"], r"unknown surface 'himmelblu' \(did you mean 'himmelblau'\?\)"),
    (["himmelblau", "--optimizer", "adam,sgd"], "names 2 runs"),
    (["himmelblau", "-o", "b.gif"], r"use a .png name"),
    (["himmelblau", "--resolution", "1"], r"Invalid resolution: 1"),
    (["himmelblau", "--xlim", "3,1"], r"Invalid xlim"),
    (["himmelblau", "--xlim", "a,b"], r"expected LOW,HIGH"),
    (["himmelblau", "--optimizer", "adam:lr=-1"], r"Invalid lr"),
    (["himmelblau", "--color-by", "speed"], r"invalid choice"),
    (["himmelblau", "--steps", "x"], r"expected a whole number, got 'x' \(see python -m optviz basins --help\)$"),
]


@pytest.mark.parametrize("argv, message", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_cli_bad_input_is_one_line_and_writes_nothing(run, tmp_path, argv, message):
    (tmp_path / "basins.png").write_bytes(b"keep me")
    small = [] if "--resolution" in argv else ["--resolution", "4"]
    status, out, err = run("basins", *argv, *small)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("optviz: error: "), err
    assert re.search(message, err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["basins.png"]
    assert (tmp_path / "basins.png").read_bytes() == b"keep me"


def test_cli_writes_the_map_and_replaces_an_old_one(run, tmp_path):
    (tmp_path / "map.png").write_bytes(b"old")
    status, out, err = run("basins", "himmelblau", "--resolution", "50", "--steps", "200",
                           "-o", "map.png", "--size", "320x240")
    assert (status, out, err) == (0, "map.png\n", "")
    assert Image.open(tmp_path / "map.png").size == (320, 240)
    status, out, err = run("basins", "himmelblau", "--optimizer", "adam", "--resolution", "4",
                           "--steps", "5", "-o", "slow.png")
    assert status == 0 and "still moving after 5 steps; give more --steps or a larger lr" in err


@pytest.mark.parametrize("theme", ["light", "dark", "classic"])
def test_no_basin_is_coloured_like_an_outcome_grey(theme):
    colors = basin_colors(get_theme(theme), 16)
    greys, basins = colors[:3], colors[3:]
    assert all(np.ptp(color) > 0.05 for color in basins)           # a hue, not a grey
    assert min(np.abs(basin - grey).sum() for basin in basins for grey in greys) > 0.1
    first = basins[:8]                                             # MAX_ATTRACTORS: all differ
    assert min(np.abs(a - b).sum() for i, a in enumerate(first) for b in first[i + 1:]) > 0.1
