"""Optimizers against references we did not write: torch.optim (stored and live) and the book's code."""

import copy
import importlib.util
import inspect

import numpy as np
import pytest

import optviz

import textbook_reference
import torch_reference as ref
from optviz import get_optimizer, get_surface
from optviz.optimizers import available_optimizers, defaults

HAS_TORCH = importlib.util.find_spec("torch") is not None
HAS_LION = importlib.util.find_spec("lion_pytorch") is not None
TOLERANCE = 1e-10  # max abs difference after 500 steps

CASE_IDS = [ref.case_key(surface, i) for surface in ref.SURFACES for i in range(len(ref.CASES))]


@pytest.fixture(scope="module")
def stored():
    with np.load(ref.DATA) as data:
        return dict(data)


@pytest.mark.parametrize("key", CASE_IDS)
def test_trajectory_equals_stored_torch_trajectory(stored, key):
    surface_name, _, _ = key.split("|")
    name, hyper = ref.CASES[[ref.case_key(surface_name, i) for i in range(len(ref.CASES))].index(key)]
    expected = stored[key]
    actual = ref.optviz_path(get_surface(surface_name), name, hyper, ref.SURFACES[surface_name])
    assert actual.shape == expected.shape == (ref.STEPS + 1, 4, 2)
    assert np.abs(expected[-1] - expected[0]).max() > 0.01, "the reference case should move"
    assert np.abs(actual - expected).max() <= TOLERANCE


def test_stored_reference_covers_every_optimizer_and_flag():
    """Every torch-flavor optimizer appears, and each of its hyperparameters is set away from
    its default in at least one case."""
    for name in available_optimizers():
        cases = [hyper for case_name, hyper in ref.CASES if case_name == name]
        assert {} in cases or name in ("asgd", "momentum", "nesterov"), f"{name}: no defaults case"
        for parameter, default in defaults(name).items():
            if name in ("momentum", "nesterov") and parameter != "lr":
                continue  # aliases of sgd, whose flags sgd's cases cover
            changed = [h for h in cases if parameter in h and h[parameter] != default]
            assert changed, f"{name}: no case sets {parameter}"


@pytest.mark.skipif(not HAS_TORCH, reason="torch not installed (pip install torch==2.13.0)")
@pytest.mark.parametrize("surface_name", list(ref.SURFACES))
def test_trajectories_equal_live_torch(surface_name):
    surface = get_surface(surface_name)
    for name, hyper in ref.CASES:
        if name == "lion" and not HAS_LION:
            continue
        expected = ref.torch_path(surface, name, hyper, ref.SURFACES[surface_name])
        actual = ref.optviz_path(surface, name, hyper, ref.SURFACES[surface_name])
        assert np.abs(actual - expected).max() <= TOLERANCE, (name, hyper)


@pytest.mark.skipif(not HAS_TORCH, reason="torch not installed (pip install torch==2.13.0)")
def test_first_steps_equal_live_torch_from_many_starts():
    """Where long runs are chaotic, the first steps still agree to rounding from any start."""
    rng = np.random.default_rng(7)
    for surface_name in ("beale", "rosenbrock", "himmelblau", "elongated-bowl"):
        surface = get_surface(surface_name)
        (x0, x1), (y0, y1) = surface.xlim, surface.ylim
        starts = np.column_stack([rng.uniform(x0, x1, 16), rng.uniform(y0, y1, 16)]) * 0.5
        for name, hyper in ref.CASES:
            if name == "lion" and not HAS_LION:
                continue
            expected = ref.torch_path(surface, name, hyper, starts, steps=10)
            actual = ref.optviz_path(surface, name, hyper, starts, steps=10)
            scale = np.maximum(1.0, np.abs(expected))
            assert (np.abs(actual - expected) / scale).max() <= 1e-12, (surface_name, name, hyper)


@pytest.mark.skipif(not HAS_TORCH, reason="torch not installed (pip install torch==2.13.0)")
@pytest.mark.parametrize("name", [n for n in available_optimizers() if n != "lion"])
def test_defaults_equal_torch(name):
    import torch

    torch_name = {"momentum": "sgd", "nesterov": "sgd"}.get(name, name)
    cls = next(c for c in vars(torch.optim).values()
               if inspect.isclass(c) and c.__name__.lower() == torch_name)
    torch_defaults = {p.name: p.default for p in inspect.signature(cls).parameters.values()}
    for parameter, default in defaults(name).items():
        if name in ("momentum", "nesterov") and parameter in ("momentum", "nesterov"):
            continue
        assert parameter in torch_defaults, f"torch.optim.{cls.__name__} has no {parameter}"
        assert default == torch_defaults[parameter], (name, parameter)


# --------------------------------------------------------------------------------------------
# The textbook flavor against the book's code

BOOK_CASES = [
    ("sgd", {}), ("momentum", {}), ("nesterov", {}), ("adagrad", {}), ("rmsprop", {}), ("adam", {}),
    # the book's figure 6-3 .. 6-6 learning rates on f = x^2/20 + y^2
    ("sgd", dict(lr=0.95)), ("momentum", dict(lr=0.1)), ("adagrad", dict(lr=1.5)), ("adam", dict(lr=0.3)),
    ("nesterov", dict(lr=0.05, momentum=0.8)), ("rmsprop", dict(lr=0.1, alpha=0.9)),
    ("adam", dict(lr=0.2, betas=(0.8, 0.99))),
]


# start and the largest learning rate that keeps every case finite
BOOK_STARTS = {"elongated-bowl": ((-7.0, 2.0), 1.5), "beale": ((2.0, 1.0), 1e-2),
               "rosenbrock": ((-1.0, 1.5), 1e-3)}


@pytest.mark.parametrize("surface_name", list(BOOK_STARTS))
@pytest.mark.parametrize("name, hyper", BOOK_CASES)
def test_textbook_flavor_is_the_books_code_exactly(surface_name, name, hyper):
    surface = get_surface(surface_name)
    start, max_lr = BOOK_STARTS[surface_name]
    if hyper.get("lr", 0.01) > max_lr:
        hyper = dict(hyper, lr=max_lr)  # keep the run finite
    expected = textbook_reference.book_path(surface, name, hyper, start, steps=200)
    optimizer = get_optimizer(name, flavor="textbook", **hyper)
    params = np.array([start], dtype=float)
    state = optimizer.init(params)
    actual = [params[0]]
    for _ in range(200):
        params, state = optimizer.update(surface.grad(params), state, params)
        actual.append(params[0])
    assert np.isfinite(expected).all()
    np.testing.assert_array_equal(np.array(actual), expected)


def test_textbook_defaults_are_the_books():
    assert defaults("sgd", "textbook")["lr"] == 0.01
    assert defaults("momentum", "textbook") == dict(lr=0.01, momentum=0.9, nesterov=False)
    assert defaults("nesterov", "textbook") == dict(lr=0.01, momentum=0.9, nesterov=True)
    assert defaults("adagrad", "textbook") == dict(lr=0.01, eps=1e-7)
    assert defaults("rmsprop", "textbook") == dict(lr=0.01, alpha=0.99, eps=1e-7)
    assert defaults("adam", "textbook") == dict(lr=0.001, betas=(0.9, 0.999), eps=1e-7)


def _run(optimizer, surface, start, steps):
    params = np.array([start], dtype=float)
    state = optimizer.init(params)
    for _ in range(steps):
        params, state = optimizer.update(surface.grad(params), state, params)
    return params[0]


def test_where_the_flavors_differ_as_documented():
    bowl = get_surface("elongated-bowl")
    start = (-7.0, 2.0)
    # Momentum: the same path up to rounding.
    book = _run(get_optimizer("momentum", "textbook", lr=0.1), bowl, start, 100)
    torch_like = _run(get_optimizer("momentum", lr=0.1), bowl, start, 100)
    np.testing.assert_allclose(book, torch_like, rtol=0, atol=1e-12)
    # Nesterov: the book's step is longer (it uses the updated velocity): a different path.
    book = _run(get_optimizer("nesterov", "textbook", lr=0.05), bowl, start, 20)
    torch_like = _run(get_optimizer("nesterov", lr=0.05), bowl, start, 20)
    assert np.abs(book - torch_like).max() > 1e-3
    # Adam: with the same eps the paths differ by where eps enters ...
    book = _run(get_optimizer("adam", "textbook", lr=0.3, eps=1e-7), bowl, start, 50)
    torch_like = _run(get_optimizer("adam", lr=0.3, eps=1e-7), bowl, start, 50)
    assert 0 < np.abs(book - torch_like).max()
    # ... and torch's rule with eps / sqrt(1 - beta2^t) would be the book's (checked at step 1).
    params = np.array([start])
    g = bowl.grad(params)
    book_step, _ = get_optimizer("adam", "textbook", lr=0.3).update(g, get_optimizer("adam", "textbook").init(params), params)
    torch_step, _ = get_optimizer("adam", lr=0.3, eps=1e-7 / np.sqrt(1 - 0.999)).update(g, get_optimizer("adam").init(params), params)
    np.testing.assert_allclose(book_step, torch_step, rtol=1e-12)


# --------------------------------------------------------------------------------------------
# Interface: vectorized, pure, validated


def assert_same(a, b, name):
    """*a* and *b* equal bit for bit: arrays, numbers, None, and tuples of them (states)."""
    if isinstance(a, tuple):
        assert type(a) is type(b) and len(a) == len(b), name
        for x, y in zip(a, b):
            assert_same(x, y, name)
    elif isinstance(a, np.ndarray):
        assert isinstance(b, np.ndarray) and a.tobytes() == b.tobytes(), name
    else:
        assert a == b or (a != a and b != b), name


@pytest.mark.parametrize("flavor", ["torch", "textbook"])
def test_update_is_vectorized_and_pure(flavor):
    surface = get_surface("beale")
    starts = np.array([(1.0, 1.5), (2.0, -1.0), (-1.0, 0.5)])
    for name in available_optimizers(flavor):
        optimizer = get_optimizer(name, flavor, lr=0.01)
        together = starts.copy()
        state = optimizer.init(together)
        for _ in range(5):
            grads = surface.grad(together)
            inputs = copy.deepcopy((grads, state, together))
            new, new_state = optimizer.update(grads, state, together)
            assert_same(inputs, (grads, state, together), name)          # inputs untouched
            # No hidden state: the same inputs give the same outputs, bit for bit.
            assert_same(optimizer.update(grads, state, together), (new, new_state), name)
            together, state = new, new_state
        for row, start in enumerate(starts):
            single = np.array(start)
            single_state = optimizer.init(single)
            for _ in range(5):
                single, single_state = optimizer.update(surface.grad(single), single_state, single)
            np.testing.assert_array_equal(together[row], single, err_msg=name)


def test_names_and_aliases():
    required = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw", "adamax",
                "nadam", "radam", "adadelta", "rprop", "asgd", "lion"}
    assert required == set(available_optimizers())
    assert set(available_optimizers("textbook")) == {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}
    assert get_optimizer("momentum").hyperparameters["momentum"] == 0.9
    assert get_optimizer("nesterov").hyperparameters["nesterov"] is True
    assert get_optimizer("adadelta").lr == 1.0
    assert get_optimizer("adam", lr=0.1).label == "adam (lr=0.1)"


@pytest.mark.parametrize("name, hyper, message", [
    ("sgd", dict(lr=-0.1), "Invalid lr for sgd: -0.1"),
    ("sgd", dict(momentum=-1), "Invalid momentum for sgd: -1"),
    ("sgd", dict(nesterov=True), "Invalid nesterov for sgd: True (requires momentum > 0"),
    ("sgd", dict(momentum=0.9, nesterov=True, dampening=0.1), "Invalid nesterov"),
    ("sgd", dict(weight_decay=-1e-3), "Invalid weight_decay for sgd: -0.001"),
    ("adam", dict(betas=(1.0, 0.999)), "Invalid betas[0] for adam: 1.0 (must be in [0, 1))"),
    ("adam", dict(betas=(0.9, -0.1)), "Invalid betas[1] for adam: -0.1"),
    ("adam", dict(betas=0.9), "Invalid betas for adam: 0.9 (must be a pair of numbers)"),
    ("adam", dict(eps=-1), "Invalid eps for adam: -1 (must be >= 0)"),
    ("adam", dict(eps=-1e-8), "Invalid eps for adam: -1e-08"),
    ("adam", dict(lr="fast"), "Invalid lr for adam: 'fast' (must be a number)"),
    ("adam", dict(lr=float("nan")), "Invalid lr for adam: nan (must be finite)"),
    ("adam", dict(amsgrad="yes"), "Invalid amsgrad for adam: 'yes' (must be True or False)"),
    ("adam", dict(momentum=0.9), "adam has no hyperparameter 'momentum'"),
    ("adam", dict(beta=(0.9, 0.99)), "(did you mean 'betas'?)"),
    ("rmsprop", dict(alpha=-0.5), "Invalid alpha for rmsprop: -0.5"),
    ("adagrad", dict(lr_decay=-1), "Invalid lr_decay for adagrad: -1"),
    ("adagrad", dict(initial_accumulator_value=-1), "Invalid initial_accumulator_value for adagrad: -1"),
    ("adadelta", dict(rho=1.1), "Invalid rho for adadelta: 1.1"),
    ("rprop", dict(etas=(1.2, 0.5)), "Invalid etas for rprop: (1.2, 0.5)"),
    ("rprop", dict(step_sizes=(1.0, 0.1)), "Invalid step_sizes for rprop: (1.0, 0.1)"),
    ("nadam", dict(momentum_decay=-1), "Invalid momentum_decay for nadam: -1"),
    ("asgd", dict(lambd=-1), "Invalid lambd for asgd: -1"),
    ("lion", dict(betas=(0.9, 1.0)), "Invalid betas[1] for lion: 1.0"),
])
def test_bad_hyperparameters_name_parameter_and_value(name, hyper, message):
    with pytest.raises(ValueError) as error:
        get_optimizer(name, **hyper)
    assert message in str(error.value)


def test_bad_textbook_hyperparameters():
    with pytest.raises(ValueError, match=r"Invalid lr for adam: -1"):
        get_optimizer("adam", "textbook", lr=-1)
    with pytest.raises(ValueError, match=r"adagrad has no hyperparameter 'weight_decay'"):
        get_optimizer("adagrad", "textbook", weight_decay=0.1)


def test_unknown_names_list_valid_ones_and_suggest():
    with pytest.raises(ValueError) as error:
        get_optimizer("adma")
    assert "unknown torch optimizer 'adma' (did you mean 'adam'?)" in str(error.value)
    assert "adadelta, adagrad, adam," in str(error.value)
    with pytest.raises(ValueError, match=r"^'lion' is a torch optimizer, not a textbook optimizer; "
                                         r"give it flavor torch \(torch:lion\); "
                                         r"valid: adagrad, adam, momentum"):
        get_optimizer("lion", "textbook")
    with pytest.raises(ValueError, match=r"unknown flavor 'pytorch'.*\(did you mean 'torch'\?\)"):
        get_optimizer("adam", flavor="pytorch")


def test_torch_optim_class_names_find_the_optimizers():
    for name in ("Adam", "AdamW", "RMSprop", "SGD", "Adadelta", "NAdam", "RAdam"):
        assert get_optimizer(name).name == name.lower()
    assert get_optimizer("Adam", "textbook").flavor == "textbook"
    assert [run.name for run in optviz.parse_runs("Adam, SGD:lr=0.1")] == ["Adam", "SGD"]
    assert optviz.get_surface("Beale").name == "beale"
    with pytest.raises(ValueError, match=r"unknown torch optimizer 'Adma' \(did you mean 'adam'\?\)"):
        get_optimizer("Adma")
