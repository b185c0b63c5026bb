"""Surfaces: exact gradients, documented minima, and the stories the classic scenes tell."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import optviz
from optviz.surfaces import SURFACES

NAMES = sorted(SURFACES)


def central_difference(f, points, h=1e-6):
    grads = []
    for axis in range(2):
        step = np.zeros(2)
        step[axis] = h
        grads.append((f(points + step) - f(points - step)) / (2 * h))
    return np.stack(grads, axis=-1)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name):
    surface = optviz.get_surface(name)
    rng = np.random.default_rng(0)
    low, high = np.array([surface.xlim[0], surface.ylim[0]]), np.array([surface.xlim[1], surface.ylim[1]])
    points = rng.uniform(low, high, size=(2000, 2))
    exact = surface.grad(points)
    numeric = central_difference(surface.f, points)
    scale = np.maximum(np.linalg.norm(exact, axis=-1), 1.0)
    error = np.linalg.norm(exact - numeric, axis=-1) / scale
    assert error.max() <= 1e-6, f"{name}: worst relative error {error.max():.2e}"


@pytest.mark.parametrize("name", NAMES)
def test_shapes_follow_the_input(name):
    surface = optviz.get_surface(name)
    grid = np.zeros((3, 4, 2))
    assert surface.f(grid).shape == (3, 4)
    assert surface.grad(grid).shape == (3, 4, 2)
    assert np.shape(surface.f(np.array([0.5, 0.5]))) == ()


@pytest.mark.parametrize("name", NAMES)
def test_minima_have_the_documented_value_and_zero_gradient(name):
    surface = optviz.get_surface(name)
    if not surface.minima:
        assert surface.min_value is None
        return
    minima = np.array(surface.minima)
    np.testing.assert_allclose(surface.f(minima), surface.min_value, atol=1e-12)
    np.testing.assert_allclose(surface.grad(minima), 0.0, atol=1e-9)
    # A minimum: nothing nearby is lower.
    rng = np.random.default_rng(1)
    nearby = minima[:, None, :] + rng.normal(scale=1e-3, size=(len(minima), 50, 2))
    assert (surface.f(nearby) >= surface.min_value - 1e-12).all()


@pytest.mark.parametrize("name", NAMES)
def test_saddles_are_saddles(name):
    surface = optviz.get_surface(name)
    for saddle in surface.saddles:
        saddle = np.array(saddle)
        np.testing.assert_allclose(surface.grad(saddle), 0.0, atol=1e-9)
        angles = np.linspace(0, 2 * np.pi, 36, endpoint=False)
        ring = saddle + 1e-2 * np.stack([np.cos(angles), np.sin(angles)], axis=-1)
        values = surface.f(ring) - surface.f(saddle)
        assert values.min() < 0 < values.max()


@pytest.mark.parametrize("name", NAMES)
def test_metadata(name):
    surface = optviz.get_surface(name)
    assert surface.name == name
    assert "f =" in surface.description and "\n" not in surface.description
    for x, y in surface.starts + surface.minima + surface.saddles:
        assert surface.xlim[0] <= x <= surface.xlim[1] and surface.ylim[0] <= y <= surface.ylim[1]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(NAMES), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3))
def test_functions_are_finite_far_from_the_view(name, x, y):
    surface = optviz.get_surface(name)
    point = np.array([x, y])
    with np.errstate(over="raise", invalid="raise"):
        assert np.isfinite(surface.f(point))
        assert np.isfinite(surface.grad(point)).all()


def test_the_book_bowl():
    surface = optviz.get_surface("elongated-bowl")
    assert surface.starts == ((-7.0, 2.0),)
    assert surface.f(np.array([-7.0, 2.0])) == pytest.approx(49 / 20 + 4)


def test_long_valley_sgd_crawls_where_adaptive_methods_walk():
    valley = optviz.get_surface("long-valley")
    start = valley.starts[0]
    sgd = optviz.record(valley, optviz.get_optimizer("sgd", lr=0.1), start, steps=300).points
    # SGD settles onto the valley floor but moves only lr * 0.1 per step along it.
    assert abs(sgd[-1, 1]) < 1e-3
    assert sgd[-1, 0] - start[0] == pytest.approx(300 * 0.1 * 0.1, rel=0.02)
    # Adaptive methods rescale the small slope to a step of about lr: they reach the minimum.
    # (AdaGrad's steps shrink like 1/sqrt(t), so it needs a larger lr to show the same.)
    for name, lr in [("rmsprop", 0.1), ("adam", 0.1), ("adagrad", 1.0)]:
        final = optviz.record(valley, optviz.get_optimizer(name, lr=lr), start, steps=300).points[-1]
        assert np.abs(final).max() < 0.05, (name, final)


def test_saddle_sgd_sits_on_the_ridge_while_adaptive_methods_escape():
    saddle = optviz.get_surface("saddle-point")
    start = saddle.starts[0]

    def steps_to_escape(name, lr):
        trajectory = optviz.record(saddle, optviz.get_optimizer(name, lr=lr), start, steps=1000)
        return np.flatnonzero(np.abs(trajectory.points[:, 1]) > 0.5)[0]

    sgd = steps_to_escape("sgd", 0.05)
    for name in ["adagrad", "rmsprop", "adam"]:
        assert steps_to_escape(name, 0.05) * 4 < sgd, name
    # The escapees settle in one of the two basins.
    final = optviz.record(saddle, optviz.get_optimizer("adam", lr=0.05), start, steps=2000).points[-1]
    assert np.abs(final - np.array(saddle.minima)).sum(axis=-1).min() < 1e-3


def test_unknown_surface_suggests_the_closest():
    with pytest.raises(ValueError, match=r"unknown surface 'beal' \(did you mean 'beale'\?\); valid: .*rosenbrock"):
        optviz.get_surface("beal")
