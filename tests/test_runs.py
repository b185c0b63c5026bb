"""Runs: the text syntax, sweeps, and runs in animate() (the same optimizer twice, labels)."""

import numpy as np
import pytest

import optviz
from optviz import Run, parse_runs, sweep

GOOD = [
    ("adam", [Run("adam")]),
    ("adam, textbook:adam", [Run("adam"), Run("adam", "textbook")]),
    ("adam:lr=0.05,betas=0.8;0.99", [Run("adam", None, {"lr": 0.05, "betas": (0.8, 0.99)})]),
    ("textbook:adam:lr=0.3, sgd:lr=1e-3", [Run("adam", "textbook", {"lr": 0.3}), Run("sgd", None, {"lr": 0.001})]),
    ("sgd:momentum=0.9,nesterov=true,label=NAG (mine)", [Run("sgd", None, {"momentum": 0.9, "nesterov": True}, "NAG (mine)")]),
    ("adam:amsgrad=False,eps=1", [Run("adam", None, {"amsgrad": False, "eps": 1})]),
]

BAD = [
    ("", "an empty part between commas"),
    ("adam,", "an empty part between commas"),
    ("lr=0.1", "comes before any optimizer name"),
    ("adam:lr", "'lr' is not KEY=VALUE"),
    ("adam:=1", "'=1' is not KEY=VALUE"),
    ("adam:lr=", "'lr=' is not KEY=VALUE"),
    ("adam:lr=1,lr=2", "lr is given twice for adam"),
    ("ad am", "'ad am' is not an optimizer name"),
    ("keras:adam", "unknown flavor 'keras'"),
    ("adam:flavor=textbook", "write the flavor first, as textbook:adam"),
]


@pytest.mark.parametrize("text, runs", GOOD, ids=[t for t, _ in GOOD])
def test_good_run_strings(text, runs):
    assert parse_runs(text) == runs


@pytest.mark.parametrize("text, message", BAD, ids=[t or "empty" for t, _ in BAD])
def test_bad_run_strings_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(")) as error:
        parse_runs(text)
    assert "\n" not in str(error.value)


def test_sweep_makes_one_run_per_value_and_refuses_ambiguity():
    assert sweep("sgd", lr=[0.1, 0.5], momentum=0.9) == [
        Run("sgd", None, {"lr": 0.1, "momentum": 0.9}), Run("sgd", None, {"lr": 0.5, "momentum": 0.9})]
    assert sweep("adam", betas=[(0.8, 0.9), (0.9, 0.999)])[1].hyperparameters["betas"] == (0.9, 0.999)
    with pytest.raises(ValueError, match="exactly one hyperparameter as a list"):
        sweep("sgd", lr=0.1)
    with pytest.raises(ValueError, match="exactly one hyperparameter as a list"):
        sweep("sgd", lr=[0.1], momentum=[0.9])
    with pytest.raises(ValueError, match="no values for lr"):
        sweep("sgd", lr=[])
    # A tuple is a fixed value (etas, betas): only a list is swept.
    assert [r.hyperparameters for r in sweep("rprop", etas=(0.4, 1.1), lr=[0.01, 0.1])] == [
        {"etas": (0.4, 1.1), "lr": 0.01}, {"etas": (0.4, 1.1), "lr": 0.1}]
    with pytest.raises(ValueError, match="got 0") as error:           # a long name is cut
        sweep("s" * 300, lr=(0.1, 0.2))
    assert len(str(error.value)) < 300


def test_the_same_optimizer_twice_book_against_torch():
    """The student's question: the book's Adam beside torch's, on the book's bowl."""
    animation = optviz.animate("elongated-bowl", parse_runs("torch:adam:lr=0.3, textbook:adam:lr=0.3"),
                               steps=30)
    torch_path, book_path = (t.points for t in animation.trajectories.values())
    assert list(animation.trajectories) == ["torch:adam", "textbook:adam"]
    assert list(animation.labels.values()) == ["adam (torch, lr=0.3, eps=1e-08)",
                                               "adam (textbook, lr=0.3, eps=1e-07)"]
    assert 0 < np.abs(torch_path - book_path).max() < 1e-3
    reference = optviz.record("elongated-bowl", optviz.get_optimizer("adam", "textbook", lr=0.3),
                              steps=30)
    np.testing.assert_array_equal(book_path, reference.points)


def test_labels_are_used_and_must_differ():
    runs = [Run("adam", label="fast"), Run("adam", None, {"lr": 0.1}, label="slow")]
    assert list(optviz.animate("beale", runs, steps=2).trajectories) == ["fast", "slow"]
    with pytest.raises(ValueError, match=r"Invalid label: 'same' \(it is given to two runs"):
        optviz.animate("beale", [Run("adam", label="same"), Run("sgd", label="same")], steps=2)


def test_a_scene_with_runs_keeps_its_learning_rates():
    scene = optviz.get_scene("beale").with_runs(parse_runs("adam, adam:betas=0.8;0.99, sgd:lr=0.1"))
    rates = [run.hyperparameters.get("lr") for run in scene.runs]
    assert rates == [0.05, 0.05, 0.1]
    faster = scene.with_learning_rates({"adam": 0.2})
    assert [run.hyperparameters["lr"] for run in faster.runs] == [0.2, 0.2, 0.1]


def test_a_path_under_a_coincident_one_stays_visible():
    """Torch's and the book's Adam stay within 1e-5 of each other: drawn in order, the first
    would vanish under the second, so the second is dashed and says so."""
    from optviz.render.series import DASHED
    from optviz.render.style import rgb8

    animation = optviz.animate("elongated-bowl", parse_runs("torch:adam:lr=0.3, textbook:adam:lr=0.3, sgd:lr=0.95"),
                               steps=30, frames=2)
    with animation.renderer() as stage:
        frame = [np.array(f) for f in stage.frames()][-1]
        assert stage.linestyles == ["solid", DASHED, "solid"]
        texts = [t.get_text() for t in stage.legend.get_texts()]
        assert texts[1].endswith("\N{EM DASH} dashed, within 1e-05") and "dashed" not in texts[0]
        assert stage.legend.legend_handles[1].get_linestyle() == "--"
        below, above = (np.all(frame == rgb8(c), axis=-1).sum() for c in stage.colors[:2])
        assert below > 50 and above > 50        # both colours show along the shared path


KEYS = [
    # (runs as text, the animation's keys): a run's key is the run syntax, as short as unique
    ("sgd, adam", ["sgd", "adam"]),
    ("adam, textbook:adam", ["torch:adam", "textbook:adam"]),
    ("sgd:lr=0.1, sgd:lr=0.5, adam", ["sgd:lr=0.1", "sgd:lr=0.5", "adam"]),
    ("adam:betas=0.8;0.99, adam", ["adam:betas=0.8;0.99", "adam:betas=0.9;0.999"]),
    ("sgd:nesterov=true,momentum=0.9, sgd:momentum=0.9", ["sgd:nesterov=true", "sgd:nesterov=false"]),
    ("adam, adam", ["adam#1", "adam#2"]),
    ("adam:label=mine, adam", ["mine", "adam"]),
]


@pytest.mark.parametrize("text, keys", KEYS, ids=[t for t, _ in KEYS])
def test_trajectories_are_keyed_by_run_not_by_legend_text(text, keys):
    animation = optviz.animate("beale", parse_runs(text), steps=2)
    assert list(animation.trajectories) == keys
    assert len(set(animation.labels.values())) == len(keys)   # legend texts are separate


def test_animate_reads_runs_written_as_on_the_command_line():
    animation = optviz.animate("beale", "adam, textbook:adam:lr=0.3, sgd:label=plain", steps=2)
    assert list(animation.trajectories) == ["torch:adam", "textbook:adam", "plain"]
    assert optviz.animate("beale", ["sgd:lr=0.1", "sgd:lr=0.2"], steps=2).labels == {
        "sgd:lr=0.1": "sgd (lr=0.1)", "sgd:lr=0.2": "sgd (lr=0.2)"}
    with pytest.raises(ValueError, match=r"unknown torch optimizer 'adma' \(did you mean 'adam'\?\)"):
        optviz.animate("beale", "adma", steps=2)
