"""Scene files: a built-in scene written out renders the same picture; every key is checked."""

import numpy as np
import pytest

import optviz
from optviz.scene_file import load_scene, scene_toml


@pytest.mark.parametrize("name", optviz.available_scenes())
def test_every_scene_survives_a_round_trip_through_a_file(name, tmp_path):
    scene = optviz.get_scene(name)
    path = tmp_path / f"{name}.toml"
    path.write_text(scene_toml(scene))
    again, output = load_scene(path)
    assert output == tmp_path / f"{name}.gif"
    for field in ("surface", "runs", "starts", "steps", "frames", "fps", "flavor", "xlim",
                  "ylim", "title", "view", "camera", "layout", "size", "trails"):
        assert getattr(again, field) == getattr(scene, field), field
    a, b = (s.animate(steps=5) for s in (scene, again))
    for key in a.trajectories:
        np.testing.assert_array_equal(a.trajectories[key].points, b.trajectories[key].points)


def test_the_cli_renders_a_file_and_names_its_mistakes(run, tmp_path):
    (tmp_path / "bowl.toml").write_text(
        'surface = "x**2/20 + y**2"\nstarts = [[-7.0, 2.0]]\nxlim = [-10, 10]\nylim = [-5, 5]\n'
        'steps = 10\ntheme = "dark"\nlayout = "grid"\noutput = "bowl.png"\n\n'
        '[[runs]]\noptimizer = "sgd"\nlr = 0.95\n\n'
        '[[runs]]\noptimizer = "adam"\nflavor = "textbook"\nbetas = [0.9, 0.99]\nlabel = "table run"\n')
    assert run("bowl.toml") == (0, "bowl.png\n", "")
    scene, _ = load_scene(tmp_path / "bowl.toml")
    assert scene.runs == (optviz.Run("sgd", None, {"lr": 0.95}),
                          optviz.Run("adam", "textbook", {"betas": (0.9, 0.99)}, "table run"))
    assert scene.theme == "dark" and scene.layout == "grid"
    (tmp_path / "strings.toml").write_text('surface = "beale"\nruns = ["sgd:lr=0.01", '
                                           '"adam:lr=0.05,betas=0.8;0.99"]\n')
    scene, output = load_scene(tmp_path / "strings.toml")
    assert output is None and scene.runs[1].hyperparameters == {"lr": 0.05, "betas": (0.8, 0.99)}
    assert run("bowl.toml", "-o", "other.gif", "--steps", "3", "--quiet")[0] == 0
    assert (tmp_path / "other.gif").exists()
    status, out, err = run("show-scene", "beale")
    assert status == 0 and 'surface = "beale"' in out and "[[runs]]" in out


BAD = [
    ('surface = "beale"\nstepz = 3\n', r"bad.toml:2: unknown key 'stepz' \(did you mean 'steps'\?\)"),
    ('steps = 3\n', r"bad.toml: no surface"),
    ('surface = "beale"\nsteps = "many"\n', r"bad.toml: Invalid steps: 'many'"),
    ('surface = "beale"\nruns = ["adma"]\n', r"bad.toml: unknown torch optimizer 'adma'"),
    ('surface = "beale"\nruns = [3]\n', r"bad.toml:2: a run is"),
    ('surface = "beale\n', r"bad.toml: not valid TOML: .*line 1"),
    ('surface = "x**2 + z"\n', r"bad.toml: Invalid formula: unknown name 'z'"),
    ('surface = "beale"\n\n[[runs]]\nlr = 0.1\n', r"a run without optimizer"),
]


@pytest.mark.parametrize("text, message", BAD, ids=[t.split("\n")[-2][:20] for t, _ in BAD])
def test_bad_scene_files(run, tmp_path, text, message):
    import re
    (tmp_path / "bad.toml").write_text(text)
    status, out, err = run("bad.toml")
    assert (status, out) == (2, "") and re.search(message, err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.toml"]
    assert run("missing.toml")[2].startswith("optviz: error: cannot read scene file 'missing.toml'")
