"""record(): shapes, losses, divergence, and silence."""

import time
import warnings

import numpy as np
import pytest

import optviz
from optviz.trajectory import DIVERGENCE_ZOOM, record_all


def test_one_start_gives_one_path():
    path = optviz.record("elongated-bowl", optviz.get_optimizer("sgd", lr=0.1), (-7.0, 2.0), steps=30)
    assert path.points.shape == (31, 2) and path.losses.shape == (31,)
    assert path.steps == 30 and path.diverged_at == -1 and type(path.diverged_at) is int
    np.testing.assert_array_equal(path.points[0], [-7.0, 2.0])
    # Plain gradient descent written out by hand: p <- p - lr * (x/10, 2y).
    p = np.array([-7.0, 2.0])
    for _ in range(30):
        p = p - 0.1 * np.array([p[0] / 10, 2 * p[1]])
    np.testing.assert_allclose(path.points[-1], p, rtol=1e-15)
    np.testing.assert_allclose(path.losses, path.points[:, 0] ** 2 / 20 + path.points[:, 1] ** 2)


def test_many_starts_step_together_and_match_single_runs():
    starts = np.array([[1.0, 1.5], [2.0, -1.0], [-1.0, 0.5], [3.5, 1.0]])
    adam = optviz.get_optimizer("adam", lr=0.05)
    together = optviz.record("beale", adam, starts, steps=50)
    assert together.points.shape == (51, 4, 2) and together.losses.shape == (51, 4)
    assert together.diverged_at.shape == (4,)
    for i, start in enumerate(starts):
        alone = optviz.record("beale", adam, start, steps=50)
        np.testing.assert_array_equal(together.points[:, i], alone.points)


def test_default_starts_and_names():
    path = optviz.record("beale", "adam", steps=3)
    assert path.points.shape == (4, 1, 2)
    np.testing.assert_array_equal(path.points[0, 0], optviz.get_surface("beale").starts[0])


def test_a_diverging_path_stops_where_it_left_and_the_others_go_on():
    # SGD with lr 1.1 on y^2 multiplies y by -1.2 per step: it leaves the view.  lr 0.1 converges.
    surface = optviz.get_surface("elongated-bowl")
    starts = np.array([[-7.0, 2.0], [-7.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = optviz.record(surface, optviz.get_optimizer("sgd", lr=1.1), starts, steps=400)
    assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()
    # y_k = 2 * (-1.2)^k leaves |y| <= DIVERGENCE_ZOOM/2 * 10 (the view is 10 tall, centred on 0).
    first_out = int(np.ceil(np.log(DIVERGENCE_ZOOM / 2 * 10 / 2) / np.log(1.2)))
    assert path.diverged_at[0] == first_out
    frozen = path.points[first_out:, 0]
    assert (frozen == path.points[first_out - 1, 0]).all()
    assert path.diverged_at[1] == -1  # on the x axis only the gentle direction matters
    assert abs(path.points[-1, 1, 0]) < abs(path.points[-2, 1, 0]) < 7


@pytest.mark.parametrize("surface, rule, start, view", [
    # Rosenbrock with a huge learning rate overflows to inf and then NaN within a few steps.
    ("rosenbrock", dict(name="sgd", lr=10.0), (-1.5, 2.5), (-1e12, 1e12)),
    # log(x) is NaN left of 0, and the first step jumps there.
    ("log(x) + y**2", dict(name="sgd", lr=1.0), (0.5, 0.5), (-2.0, 2.0)),
    # ASGD's own Python-float arithmetic overflows before the points do.
    ("booth", dict(name="asgd", lr=0.01, alpha=1e300), (0.0, 0.0), (-10.0, 10.0)),
])
def test_non_finite_values_count_as_divergence_without_warnings(surface, rule, start, view):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = optviz.record(surface, optviz.get_optimizer(**rule), start, steps=50,
                             xlim=view, ylim=view)
    assert 0 < path.diverged_at < 50
    assert np.isfinite(path.points).all() and np.isfinite(path.losses).all()


@pytest.mark.parametrize("starts, message", [
    ((1.0, 2.0, 3.0), r"Invalid starts: \(1.0, 2.0, 3.0\) \(must be a point \(x, y\) or a list of points, not of shape \(3,\)\)"),
    ([[1.0], [2.0]], r"not of shape \(2, 1\)"),
    ([[1, 2]] * 1000 + [[np.nan, 0]], r"^Invalid starts: \[\[1, 2\], \[1, 2\], .{20,80} … \(must be finite: point 1000 is \(nan, 0.0\)\)$"),
    ((1 + 2j, 0), r"must be real numbers, not complex"),
    (np.ma.masked_array([1.0, 2.0], [True, False]), r"has masked values: give plain numbers"),
    (["1", "2"], r"Invalid starts: \['1', '2'\] \(must be a point"),
    ((float("nan"), 0.0), "must be finite"),
    ("abc", "Invalid starts"),
])
def test_bad_starts(starts, message):
    with pytest.raises(ValueError, match=message):
        optviz.record("beale", "adam", starts, steps=3)


@pytest.mark.parametrize("steps, message", [(-1, r"Invalid steps: -1 \(must be >= 1\)"),
                                            (0, r"Invalid steps: 0 \(must be >= 1\)"),
                                            (2.5, "must be a whole number")])
def test_bad_steps(steps, message):
    with pytest.raises(ValueError, match=message):
        optviz.record("beale", "adam", steps=steps)


def test_large_sets_of_starts_split_into_parallel_batches_give_the_same_paths():
    rng = np.random.default_rng(3)
    starts = rng.uniform(-4.5, 4.5, size=(3 * 4096 + 5, 2))
    starts[-1] = (4.5, 4.5)  # a gradient of 2e5: thrown out at once, in the last batch
    sgd = optviz.get_optimizer("sgd", lr=0.01)
    together = optviz.record("beale", sgd, starts, steps=20)
    for i in [0, 4095, 4096, 8200, len(starts) - 2, len(starts) - 1]:
        alone = optviz.record("beale", sgd, starts[i], steps=20)
        np.testing.assert_array_equal(together.points[:, i], alone.points)
        np.testing.assert_array_equal(together.losses[:, i], alone.losses)
        assert together.diverged_at[i] == alone.diverged_at
    assert together.diverged_at[-1] == 1


def test_a_start_far_outside_the_view_is_refused_rather_than_called_diverged():
    with pytest.raises(ValueError, match=r"Invalid starts: \(1000, 1000\) is far outside the view x \[-4.5, 4.5\]"):
        optviz.record("beale", "adam", (1000.0, 1000.0), steps=3)
    wide = optviz.record("elongated-bowl", optviz.get_optimizer("sgd", lr=0.5), (200.0, 1.0), steps=50,
                         xlim=(-300, 300), ylim=(-5, 5))
    assert wide.diverged_at == -1


def test_repr_is_one_line():
    one = optviz.record("beale", "adam", (1.0, 1.5), 10)
    assert repr(one) == "<Trajectory of 1 start(s), 10 steps, points (11, 2): none diverged>"
    many = optviz.record("elongated-bowl", optviz.get_optimizer("sgd", lr=1.05), [(-7, 2), (0, 0)], 60)
    assert repr(many) == "<Trajectory of 2 start(s), 60 steps, points (61, 2, 2): 1 of 2 diverged>"


@pytest.mark.parametrize("surface", ["rastrigin", "long-valley", "beale", "sin(x) * exp(y / 3) + x**2 / 9"])
@pytest.mark.parametrize("starts", [(0.7, -1.1), [(0.7, -1.1), (-2.0, 1.5), (4.0, 4.0)]],
                         ids=["one start", "three starts"])
def test_optimizers_stepped_together_give_each_ones_numbers_exactly(surface, starts):
    """record_all shares one gradient call per step: the paths are record()'s, bit for bit,
    also when some paths diverge, one optimizer's own arithmetic overflows mid-block (asgd),
    and the others go on after it stops."""
    optimizers = [optviz.get_optimizer("sgd", lr=0.3), optviz.get_optimizer("adam", lr=0.05),
                  optviz.get_optimizer("asgd", lr=0.001, alpha=1e300),
                  optviz.get_optimizer("rmsprop", lr=0.01), optviz.get_optimizer("adagrad", lr=0.5)]
    together = record_all(surface, optimizers, starts, steps=300)
    assert np.all(np.asarray(together[2].diverged_at) > 0)           # asgd overflowed
    assert any(np.all(np.asarray(t.diverged_at) == -1) for t in together)       # some go on
    for optimizer, path in zip(optimizers, together):
        alone = optviz.record(surface, optimizer, starts, steps=300)
        assert path.points.tobytes() == alone.points.tobytes()
        assert path.losses.tobytes() == alone.losses.tobytes()
        np.testing.assert_array_equal(path.diverged_at, alone.diverged_at)
        assert path.points.flags.c_contiguous and type(path.diverged_at) is type(alone.diverged_at)


def test_record_all_needs_optimizers():
    with pytest.raises(ValueError, match=r"Invalid optimizers: \[\] \(need at least one\)"):
        record_all("beale", [], steps=3)
    with pytest.raises(TypeError, match=r"Invalid optimizer: 3 \(give a name such as 'adam'"):
        record_all("beale", ["adam", 3], steps=3)


def test_an_interrupted_recording_in_threads_stops_at_the_next_block(monkeypatch):
    """Ctrl-C while many starts step in threads: each thread stops within a block (here 128
    steps) instead of running the recording to its end (5,000 steps)."""
    import dataclasses

    from optviz import trajectory

    beale, calls = optviz.get_surface("beale"), []

    def counted(points):
        calls.append(len(points))
        return beale.grad(points)

    original = trajectory._run

    def interrupted(*args):
        args[-1].set()                           # as the caller's KeyboardInterrupt would
        return original(*args)

    monkeypatch.setattr(trajectory, "_run", interrupted)
    monkeypatch.setattr(trajectory, "MIN_BATCH", 8)          # 64 starts: two threads of 32
    monkeypatch.setattr(trajectory.os, "cpu_count", lambda: 2)
    surface = dataclasses.replace(beale, grad=counted)
    optviz.record(surface, "adam", np.random.default_rng(0).uniform(-4, 4, (64, 2)), 5000)
    assert len(calls) == 2 * trajectory.BLOCK_POINTS // 32          # one block each
