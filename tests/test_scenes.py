"""Every scene tells the story its description promises (checked on the recorded paths)."""

import numpy as np
import pytest

import optviz
from optviz.scenes import SCENES, get_scene


def paths(name):
    """Final points, full paths and divergence of each optimizer in scene *name*."""
    animation = get_scene(name).animate()
    return animation.trajectories


@pytest.mark.parametrize("name", list(SCENES))
def test_scene_builds_with_its_own_names(name):
    scene = get_scene(name)
    animation = scene.animate()
    assert scene.surface in optviz.available_surfaces()
    assert len(animation.trajectories) == len(scene.runs)
    for label, run in zip(animation.labels.values(), scene.runs):
        assert run.label == label or f"lr={run.hyperparameters['lr']:g}" in label
    assert scene.description.endswith(".")


def test_beale_everyone_descends_and_sgd_is_slowest():
    runs = paths("beale")
    final = {name: t.losses[-1].item() for name, t in runs.items()}
    start = runs["sgd"].losses[0].item()
    assert all(loss < start / 10 for loss in final.values()), final
    assert max(final, key=final.get) == "sgd"
    assert all((t.diverged_at == -1).all() for t in runs.values())
    # The momentum methods swing wide: below y = -0.5, which no adaptive method reaches.
    assert runs["momentum"].points[..., 1].min() < -0.5
    for name in ["adagrad", "rmsprop", "adam"]:
        assert runs[name].points[..., 1].min() > -0.5


def test_long_valley_sgd_crawls_and_adaptive_methods_arrive():
    runs = paths("long-valley")
    assert runs["sgd"].points[-1, 0, 0] < -5
    assert -5 < runs["momentum"].points[-1, 0, 0] < -1        # faster, still on its way
    for name in ["adagrad", "adadelta", "rmsprop", "adam"]:
        assert np.abs(runs[name].points[-1, 0]).max() < 0.2, name


def test_saddle_sgd_sits_on_the_ridge_while_adaptive_methods_fall_off():
    runs = paths("saddle-point")
    third = get_scene("saddle-point").steps // 3
    assert abs(runs["sgd"].points[third, 0, 1]) < 0.1
    assert abs(runs["sgd"].points[third, 0, 0]) < 0.1          # ... at the saddle point itself
    for name in ["adagrad", "adadelta", "rmsprop", "adam"]:
        assert abs(runs[name].points[third, 0, 1]) > 1, name


def test_elongated_bowl_is_the_books_figure_with_sgd_zigzagging():
    scene = get_scene("elongated-bowl")
    assert scene.flavor == "textbook" and scene.starts is None
    assert optviz.get_surface(scene.surface).starts == ((-7.0, 2.0),)
    assert {run.name: run.hyperparameters["lr"] for run in scene.runs} == {
        "sgd": 0.95, "momentum": 0.1, "adagrad": 1.5, "adam": 0.3}
    y = paths("elongated-bowl")["sgd"].points[:12, 0, 1]
    assert (np.sign(y[1:]) != np.sign(y[:-1])).all()             # crosses the valley every step


def test_rosenbrock_adam_arrives_and_radam_warmup_diverges():
    runs = paths("rosenbrock")
    assert np.abs(runs["adam"].points[-1, 0] - 1).max() < 0.05
    assert np.abs(runs["lion"].points[-1, 0] - 1).max() < 0.3
    assert 0 < runs["radam"].diverged_at[0] < 6                  # during its warm-up
    adamw = runs["adamw"].points[-1, 0]
    assert np.abs(adamw - 1).max() > np.abs(runs["adam"].points[-1, 0] - 1).max()


def test_learning_rate_overrides_and_unknown_names():
    scene = get_scene("beale").with_learning_rates({"adam": 0.2})
    adam = next(run for run in scene.runs if run.name == "adam")
    assert adam.hyperparameters["lr"] == 0.2
    assert next(run for run in get_scene("beale").runs if run.name == "adam").hyperparameters["lr"] != 0.2
    with pytest.raises(ValueError, match=r"scene 'beale' has no optimizer 'adma' to set the rate of \(did you mean 'adam'\?\)"):
        get_scene("beale").with_learning_rates({"adma": 0.1})
    with pytest.raises(ValueError, match=r"unknown scene 'beal' \(did you mean 'beale'\?\)"):
        get_scene("beal")


def test_book_figure_is_the_books_code_in_four_panels():
    scene = get_scene("book-figure")
    animation = scene.animate()
    assert animation.layout == "grid" and list(animation.trajectories) == [
        "SGD", "Momentum", "AdaGrad", "Adam"]
    for run, path in zip(scene.runs, animation.trajectories.values()):
        book = optviz.get_optimizer(run.name, "textbook", lr=run.hyperparameters["lr"])
        np.testing.assert_array_equal(path.points, optviz.record("elongated-bowl", book, steps=30).points)
    with animation.renderer() as stage:
        assert stage.shape == (2, 2)
        assert [p.ax.get_title() for p in stage.panels] == ["SGD", "Momentum", "AdaGrad", "Adam"]


def test_learning_rate_too_small_crawls_too_large_diverges():
    runs = get_scene("learning-rate").animate().trajectories
    final = {key: np.abs(t.points[-1, 0]) for key, t in runs.items()}
    assert final["sgd:lr=0.01"][0] > 6                          # crawled from x = -7
    crawl = [final[f"sgd:lr={lr}"][0] for lr in (0.01, 0.1, 0.5, 0.9)]
    assert crawl == sorted(crawl, reverse=True)                 # larger rates get further
    assert final["sgd:lr=0.9"].max() < 0.05                     # arrived
    assert runs["sgd:lr=1.0"].points[-1, 0, 1] == pytest.approx(2.0)   # bounces between ±2
    assert [key for key, t in runs.items() if (t.diverged_at >= 0).any()] == ["sgd:lr=1.05"]


def test_swarm_fills_the_four_basins():
    scene = get_scene("swarm")
    animation = scene.animate()
    (path,) = animation.trajectories.values()
    assert path.points.shape == (61, 1500, 2) and not animation.trails
    minima = np.array(optviz.get_surface("himmelblau").minima)
    distance = np.linalg.norm(path.points[-1][:, None] - minima[None], axis=-1)
    arrived = distance.min(axis=1) < 0.05
    assert arrived.mean() > 0.95
    shares = np.bincount(distance.argmin(axis=1)[arrived], minlength=4) / arrived.sum()
    assert (shares > 0.1).all(), shares


def test_runs_of_another_flavor_drop_a_title_that_names_the_scenes():
    bowl = get_scene("elongated-bowl")
    assert "the book's code" in bowl.title
    mixed = bowl.with_runs(optviz.parse_runs("torch:adam, textbook:adam"))
    assert mixed.title is None
    with mixed.animate(steps=3).renderer() as stage:          # the surface's description
        assert stage.title == optviz.get_surface("elongated-bowl").description
    assert bowl.with_runs(optviz.parse_runs("adam, textbook:sgd")).title == bowl.title
