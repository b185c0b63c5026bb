"""Surfaces from formulas: a whitelist parser (fuzzed), exact gradients equal to the built-in
surfaces', and clear errors."""

import ast
import builtins
import warnings
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import optviz
from optviz.formula import MAX_LENGTH, Formula, FormulaError

# Every built-in surface written as a formula.
AS_FORMULAS = {
    "long-valley": "log(cosh(x))/10 + y**2",
    "saddle-point": "x**2 - y**2 + y**4/4",
    "beale": "(1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2",
    "elongated-bowl": "x**2/20 + y**2",
    "rosenbrock": "(1 - x)**2 + 100*(y - x**2)**2",
    "himmelblau": "(x**2 + y - 11)**2 + (x + y**2 - 7)**2",
    "rastrigin": "20 + x**2 - 10*cos(2*pi*x) + y**2 - 10*cos(2*pi*y)",
    "booth": "(x + 2*y - 7)**2 + (2*x + y - 5)**2",
    "six-hump-camel": "(4 - 2.1*x**2 + x**4/3)*x**2 + x*y + (-4 + 4*y**2)*y**2",
    "monkey-saddle": "x**3 - 3*x*y**2",
}


def test_every_builtin_surface_is_written_here():
    assert sorted(AS_FORMULAS) == sorted(optviz.available_surfaces())


@pytest.mark.parametrize("name", sorted(AS_FORMULAS))
def test_formula_equals_the_builtin_surface(name):
    builtin = optviz.get_surface(name)
    formula = optviz.surface(AS_FORMULAS[name], xlim=builtin.xlim, ylim=builtin.ylim,
                             starts=builtin.starts)
    rng = np.random.default_rng(0)
    points = np.stack([rng.uniform(*builtin.xlim, 3000), rng.uniform(*builtin.ylim, 3000)], -1)
    f, g = builtin.f(points), builtin.grad(points)
    # Relative to the size of the values in view (f and its gradient pass through zero).
    np.testing.assert_allclose(formula.f(points), f, rtol=1e-12, atol=1e-12 * np.abs(f).max())
    np.testing.assert_allclose(formula.grad(points), g, rtol=1e-12, atol=1e-12 * np.abs(g).max())
    adam = optviz.get_optimizer("adam", lr=0.01)
    mine, theirs = (optviz.record(s, adam, builtin.starts, 300).points for s in (formula, builtin))
    np.testing.assert_allclose(mine, theirs, rtol=0, atol=1e-10)


def test_a_formula_surface_finds_its_view_minima_and_start():
    bowl = optviz.surface("x**2/20 + y**2")
    assert bowl.xlim == (-5.0, 5.0) and bowl.minima == ((0.0, 0.0),)
    himmelblau = optviz.surface(AS_FORMULAS["himmelblau"])
    found = sorted(himmelblau.minima)
    expected = sorted(optviz.get_surface("himmelblau").minima)
    np.testing.assert_allclose(found, expected, atol=1e-3)
    assert himmelblau.log_levels
    around = optviz.surface("x**2 + y**2", starts=[(-7, 2)])
    assert around.xlim[0] < -7 < 0 < around.xlim[1] and around.ylim[0] < 0 < 2 < around.ylim[1]
    assert optviz.surface("x**3 - 3*x*y**2").minima == ()            # unbounded below
    assert optviz.get_surface("x**2 + y**2").description == "f = x**2 + y**2"


@pytest.mark.parametrize("text, count", [
    ("y**2", 0),                    # a valley floor along y = 0
    ("(x**2 + y**2 - 4)**2", 0),    # a ring of radius 2
    ("x**400", 0),                  # flat to float64 for |x| < 0.2, and an overflow beyond 4
    ("(x**2 - 1)**2 + y**2", 2),    # two pits, a hill between them
    ("sin(3*x) * cos(3*y)", 45),    # an egg crate: every pit in view
])
def test_a_floor_or_a_ring_of_lowest_points_is_not_marked_as_minima(text, count):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(optviz.surface(text).minima) == count


ERRORS = [
    ("x**2 + z", "unknown name 'z' at column 8; use x and y\n  x**2 + z\n         ^"),
    ("open(x)", "function 'open' is not allowed at column 1; allowed: sin, cos,"),
    ("__import__('os').system('ls')", "this call is not allowed at column 1"),
    ("x.real", "an attribute is not allowed at column 1"),
    ("x[0]", "a subscript is not allowed"),
    ("(lambda: 1)()", "this call is not allowed"),
    ("[x for x in y]", "a comprehension is not allowed"),
    ("x +* y", "invalid syntax at column 4\n  x +* y\n     ^"),
    ("x**2 +", "invalid syntax (it ends too early) at column 7\n  x**2 +\n        ^"),
    ("  x +\t(y", "('(' was never closed) at column 7\n    x + (y\n        ^"),   # tab: a space
    ("x +\n* y", "invalid syntax at column 5\n  x + * y\n      ^"),     # one line, caret below
    ("x**2 # bowl\n+ y**2", "'#' is not allowed at column 6\n  x**2 # bowl + y**2\n       ^"),
    ("sin(x, y)", "sin() takes one argument"),
    ("sin(x=1)", "sin() takes one argument"),
    ("sin", "unknown name 'sin' at column 1; functions are called, e.g. sin(x)"),
    ("'a'", "this constant is not allowed"),
    ("1j * x", "this constant is not allowed"),
    ("x if y else 1", "a conditional is not allowed"),
    ("x < y", "a comparison is not allowed"),
    ("x // y", "the operator '//' is not allowed at column 3; use + - * / **\n  x // y\n    ^"),
    ("x^2 + y^2", "the operator '^' is not allowed at column 2; a power is written x**2\n"
                  "  x^2 + y^2\n   ^"),
    ("(x + 1) ^ 2", "the operator '^' is not allowed at column 9; a power is written x**2"),
    ("(x := 1)", "an assignment is not allowed"),
    ("   ", "it is empty"),
    ("x" * (MAX_LENGTH + 1), f"{MAX_LENGTH + 1} characters"),
    ("-" * 500 + "x", "nested more than 200 deep"),
    ("1e999999 * x", None),            # inf: a number Python reads as inf is a number
]


def test_a_tab_or_a_line_break_is_a_space():
    formula = Formula("x**2 +\n\ty**2\r")
    assert formula.f([2.0, 3.0]) == 13.0 and formula.text == "x**2 +  y**2 "   # so is the title
    surface = optviz.surface("x**2 +\n\t y**2")
    assert (surface.name, surface.description) == ("x**2 + y**2", "f = x**2 + y**2")


@pytest.mark.parametrize("text, message", ERRORS, ids=[t[:30] for t, _ in ERRORS])
def test_errors_name_the_problem_and_the_column(text, message):
    if message is None:
        assert np.isinf(Formula(text).f([1.0, 1.0]))
        return
    with pytest.raises(FormulaError) as error:
        Formula(text)
    assert str(error.value).startswith("Invalid formula: ")
    assert message in str(error.value)


def test_overflow_at_run_time_is_divergence_not_a_crash():
    path = optviz.record(optviz.surface("exp(x) + y**2", xlim=(-5, 5), ylim=(-5, 5)),
                         optviz.get_optimizer("sgd", lr=10.0), (4.0, 0.0), 20)
    assert path.diverged_at >= 0 and np.isfinite(path.points).all()


TOKENS = st.sampled_from(["x", "y", "pi", "e", "1", "2.5", "+", "-", "*", "/", "**", "(", ")",
                          "sin", "exp", "log", ",", ".", "[", "]", "lambda", ":", "open",
                          "__import__", "'a'", "=", "if", "else", " ", "1e308", "not"])


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=25).map("".join))
def test_fuzz_token_soup_only_ever_raises_formula_error(text):
    """Nothing but FormulaError, and neither eval nor exec is reached, nor compile but to an
    abstract syntax tree (which is what ast.parse does)."""
    real_compile = builtins.compile

    def refuse(*args, **kwargs):
        raise AssertionError("eval or exec called")

    def only_to_a_tree(source, filename, mode, flags=0, *args, **kwargs):
        assert flags & ast.PyCF_ONLY_AST, "compiled to code"
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    with mock.patch.object(builtins, "eval", refuse), mock.patch.object(builtins, "exec", refuse), \
            mock.patch.object(builtins, "compile", only_to_a_tree):
        try:
            formula = Formula(text)
        except FormulaError:
            return
        with np.errstate(all="ignore"):
            formula.f(np.zeros((3, 2)))
            formula.grad(np.zeros((3, 2)))


def expressions():
    leaves = st.sampled_from(["x", "y", "1.5", "2", "pi"])
    return st.recursive(leaves, lambda inner: st.one_of(
        st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(inner, st.sampled_from(["2", "3"])).map(lambda t: f"({t[0]})**{t[1]}"),
        st.tuples(st.sampled_from(["sin", "cos", "tanh", "arctan", "exp"]), inner).map(
            lambda t: f"{t[0]}({t[1]} / 10)")), max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(expressions())
def test_fuzz_valid_expressions_have_the_gradient_of_central_differences(text):
    formula = Formula(text)
    points = np.random.default_rng(len(text)).uniform(0.5, 1.5, (20, 2))
    h = 1e-6
    with np.errstate(all="ignore"):
        exact = formula.grad(points)
        numeric = np.stack([(formula.f(points + [h, 0]) - formula.f(points - [h, 0])) / (2 * h),
                            (formula.f(points + [0, h]) - formula.f(points - [0, h])) / (2 * h)], -1)
    good = np.isfinite(exact) & np.isfinite(numeric) & (np.abs(exact) < 1e6)
    np.testing.assert_allclose(exact[good], numeric[good], rtol=1e-4, atol=1e-4)


def test_cli_takes_a_formula_for_the_surface(run, tmp_path):
    status, out, err = run("beale", "--surface", "x**2/20 + y**2", "--start", "-7,2",
                           "--xlim", "-10,10", "--ylim", "-5,5", "--steps", "5", "-o", "f.png")
    assert (status, err) == (0, "") and (tmp_path / "f.png").exists()
    status, out, err = run("basins", "x**2 + y**2", "--resolution", "4", "--steps", "50",
                           "-o", "b.png")
    assert status == 0 and (tmp_path / "b.png").exists()


@pytest.mark.parametrize("argv, lines", [
    (["beale", "--surface", "x**2 + z"],
     ["optviz: error: Invalid formula: unknown name 'z' at column 8; use x and y",
      "  x**2 + z", "         ^"]),
    (["beale", "--surface", "beal"],
     ["optviz: error: unknown surface 'beal' (did you mean 'beale'?); valid: beale, booth, "
      "elongated-bowl, himmelblau, long-valley, monkey-saddle, rastrigin, rosenbrock, "
      "saddle-point, six-hump-camel"]),
    (["basins", "open(x)"], None),
])
def test_cli_formula_errors_point_at_the_column(run, tmp_path, argv, lines):
    status, out, err = run(*argv, "-o", "x.png")
    assert (status, out) == (2, "") and "Traceback" not in err
    if lines is not None:
        assert err.splitlines() == lines
    else:
        assert err.startswith("optviz: error: Invalid formula: function 'open' is not allowed")
    assert list(tmp_path.iterdir()) == []


def himmelblau_f(p):
    x, y = p[..., 0], p[..., 1]
    return (x**2 + y - 11)**2 + (x + y**2 - 7)**2


def test_a_surface_from_a_python_function_gets_a_sound_gradient():
    builtin = optviz.get_surface("himmelblau")
    points = np.random.default_rng(2).uniform(-5, 5, (2000, 2))
    # Complex step: f computes with complex numbers, so the gradient is exact to rounding.
    mine = optviz.Surface.from_function(himmelblau_f, xlim=(-5, 5), ylim=(-5, 5))
    np.testing.assert_allclose(mine.grad(points), builtin.grad(points), rtol=1e-12,
                               atol=1e-12 * np.abs(builtin.grad(points)).max())
    assert len(mine.minima) == 4
    # abs() and maximum() are not analytic: central differences instead, still close.
    kinked = optviz.Surface.from_function(lambda p: np.abs(p[..., 0]) + np.maximum(p[..., 1], 0) ** 2)
    np.testing.assert_allclose(kinked.grad(np.array([[1.0, 2.0], [-1.0, -1.0]])),
                               [[1.0, 4.0], [-1.0, 0.0]], atol=1e-8)
    # A gradient given is used as it is.
    given_grad = optviz.Surface.from_function(himmelblau_f, builtin.grad, xlim=(-5, 5), ylim=(-5, 5))
    np.testing.assert_array_equal(given_grad.grad(points), builtin.grad(points))
    path = optviz.record(mine, optviz.get_optimizer("adam", lr=0.01), (1.0, 1.0), 300)
    reference = optviz.record(builtin, optviz.get_optimizer("adam", lr=0.01), (1.0, 1.0), 300)
    np.testing.assert_allclose(path.points, reference.points, atol=1e-10)
    with pytest.raises(ValueError, match="Invalid function"):
        optviz.Surface.from_function("x**2")


def test_a_surface_built_by_hand_without_a_gradient_gets_one():
    hand = optviz.Surface("h", "Himmelblau by hand", himmelblau_f, None, xlim=(-5.0, 5.0),
                          ylim=(-5.0, 5.0), starts=((1.0, 1.0),))
    path = optviz.record(hand, optviz.get_optimizer("adam", lr=0.05), steps=200)
    assert np.abs(himmelblau_f(path.points[-1])) < 1e-6
    with pytest.raises(ValueError, match=r"Invalid grad for surface 'h'"):
        optviz.Surface("h", "", himmelblau_f, "no", xlim=(-5.0, 5.0), ylim=(-5.0, 5.0), starts=())


@pytest.mark.parametrize("text", ["sqrt(x) + y**2", "log(x) + y**2"])
def test_a_formula_without_a_value_at_the_usual_start_starts_where_it_has_one(text):
    surface = optviz.surface(text)
    start = np.array(surface.starts)
    assert start.tolist() == [[0.5, 3.5]]         # the nearest grid point right of x = 0
    assert np.isfinite(surface.f(start)).all() and np.isfinite(surface.grad(start)).all()
    assert optviz.record(surface, "adam", steps=3).points.shape == (4, 1, 2)
