"""Surfaces from formulas: ``"x**2/20 + y**2"`` parsed safely, with an exact gradient.

The text is parsed by Python's :mod:`ast` and then only a whitelist is accepted: numbers, the
names ``x``, ``y``, ``pi`` and ``e``, ``+ - * / **``, unary minus and plus, parentheses, and calls
of the functions in FUNCTIONS with one argument.  Attributes, other names, subscripts, keywords,
lambdas, comprehensions, strings and every other construct are refused; the text is never given
to ``eval``, ``exec`` or ``compile``.  The accepted tree is turned into numpy closures.

The gradient is exact: the expression is differentiated symbolically (d/dx and d/dy of the tree,
by the sum, product, quotient, power and chain rules), not by finite differences.
"""

from __future__ import annotations

import ast
import math
import warnings

import numpy as np

__all__ = ["FormulaError", "Formula", "FUNCTIONS", "MAX_LENGTH", "MAX_DEPTH"]

#: Longest text and deepest nesting accepted.
MAX_LENGTH, MAX_DEPTH = 1000, 200

FUNCTIONS = {
    "sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
    "sqrt": np.sqrt, "abs": np.abs, "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh,
    "arctan": np.arctan, "arcsin": np.arcsin, "arccos": np.arccos, "sign": np.sign,
}
CONSTANTS = {"pi": math.pi, "e": math.e}
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}


class FormulaError(ValueError):
    """A formula that can't be used: the message names the problem and its column."""


# An expression is a tuple: ("num", value), ("var", "x" or "y"), ("neg", a),
# (operator, a, b) for + - * / **, or ("call", function name, a).

class Formula:
    """A parsed formula f(x, y): ``f(points)`` and ``grad(points)`` on arrays of shape (..., 2)."""

    def __init__(self, text: str):
        # A tab or a line break is a space in f (and in the title made from it).
        self.text = spaced = _check_text(text).translate(_SPACES)
        if "#" in spaced:                          # Python would read the rest as a comment
            raise _error(spaced, "'#' is not allowed", spaced.index("#") + 1)
        try:
            with warnings.catch_warnings():     # "invalid decimal literal" and the like
                warnings.simplefilter("ignore", SyntaxWarning)
                tree = ast.parse(spaced.strip(), mode="eval")
        except SyntaxError as error:
            indent, end = len(spaced) - len(spaced.lstrip()), len(spaced.rstrip())
            column = indent + (error.offset or 0)
            detail = "" if error.msg == "invalid syntax" else f" ({error.msg})"
            if not error.offset or column > end:
                detail, column = " (it ends too early)", end + 1
            raise _error(spaced, f"invalid syntax{detail}", column) from None
        except (RecursionError, MemoryError):
            raise FormulaError(f"Invalid formula: nested more than {MAX_DEPTH} deep") from None
        self.expression = _convert(tree.body, spaced, depth=0)
        self._f = _compile(self.expression)
        self._dx = _compile(_derivative(self.expression, "x"))
        self._dy = _compile(_derivative(self.expression, "y"))

    def f(self, points) -> np.ndarray:
        x, y = _xy(points)
        return np.broadcast_to(self._f(x, y), x.shape).astype(np.float64)

    def grad(self, points) -> np.ndarray:
        x, y = _xy(points)
        return np.stack([np.broadcast_to(self._dx(x, y), x.shape),
                         np.broadcast_to(self._dy(x, y), x.shape)], axis=-1).astype(np.float64)

    def __repr__(self) -> str:
        return f"Formula({self.text!r})"


def _xy(points):
    points = np.asarray(points, dtype=np.float64)
    return points[..., 0], points[..., 1]


_SPACES = str.maketrans("\t\n\r\f\v", "     ")


def _check_text(text) -> str:
    if not isinstance(text, str):
        raise FormulaError(f"Invalid formula: {text!r} (must be text such as 'x**2 + y**2')")
    if not text.strip():
        raise FormulaError("Invalid formula: it is empty (write f in x and y, e.g. 'x**2 + y**2')")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"Invalid formula: {len(text)} characters (at most {MAX_LENGTH})")
    return text


def _error(text: str, problem: str, column: int, hint: str = "") -> FormulaError:
    """'<problem> at column N; <hint>' and the formula with a caret under that column."""
    return FormulaError(f"Invalid formula: {problem} at column {column}{hint}\n  {text}\n"
                        f"  {' ' * (column - 1)}^")


def _convert(node, text: str, depth: int):
    """The whitelisted expression of an ast node, or FormulaError naming what is not allowed."""
    column = getattr(node, "col_offset", 0) + 1 + len(text) - len(text.lstrip())
    if depth > MAX_DEPTH:
        raise _error(text, f"nested more than {MAX_DEPTH} deep", column)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        try:
            return ("num", float(node.value))
        except OverflowError:
            raise _error(text, "a number too large for a float", column) from None
    if isinstance(node, ast.Name):
        if node.id in ("x", "y"):
            return ("var", node.id)
        if node.id in CONSTANTS:
            return ("num", CONSTANTS[node.id])
        hint = "; functions are called, e.g. sin(x)" if node.id in FUNCTIONS else "; use x and y"
        raise _error(text, f"unknown name {node.id!r}", column, hint)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _convert(node.operand, text, depth + 1)
        return ("neg", operand) if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return (_OPERATORS[type(node.op)], _convert(node.left, text, depth + 1),
                _convert(node.right, text, depth + 1))
    if isinstance(node, ast.BinOp):         # an operator not allowed: point at it
        _convert(node.left, text, depth + 1)     # (at the leftmost one, if the left has one)
        indent = len(text) - len(text.lstrip())
        start = indent + node.left.end_col_offset
        between = text[start: indent + node.right.col_offset]
        symbol = between.strip(" ()")
        hint = "; a power is written x**2" if isinstance(node.op, ast.BitXor) else "; use + - * / **"
        raise _error(text, f"the operator {symbol!r} is not allowed",
                     start + between.index(symbol) + 1, hint)
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else None
        if name not in FUNCTIONS:
            what = f"function {name!r}" if name else "this call"
            raise _error(text, f"{what} is not allowed", column,
                         f"; allowed: {', '.join(FUNCTIONS)}")
        if len(node.args) != 1 or node.keywords or isinstance(node.args[0], ast.Starred):
            raise _error(text, f"{name}() takes one argument", column)
        return ("call", name, _convert(node.args[0], text, depth + 1))
    what = {ast.Constant: "this constant", ast.Attribute: "an attribute",
            ast.Subscript: "a subscript", ast.Compare: "a comparison", ast.BoolOp: "and/or",
            ast.Lambda: "a lambda", ast.IfExp: "a conditional", ast.JoinedStr: "an f-string",
            ast.Tuple: "a tuple", ast.List: "a list", ast.ListComp: "a comprehension",
            ast.GeneratorExp: "a comprehension", ast.NamedExpr: "an assignment",
            ast.UnaryOp: "this operator"}.get(
        type(node), type(node).__name__.lower())
    raise _error(text, f"{what} is not allowed", column,
                 "; use numbers, x, y, pi, e, + - * / **, parentheses and functions")


# ---------------------------------------------------------------------------- differentiation

def _num(value):
    return ("num", float(value))


def _add(a, b):
    if a == _num(0):
        return b
    if b == _num(0):
        return a
    return ("+", a, b)


def _sub(a, b):
    if b == _num(0):
        return a
    if a == _num(0):
        return ("neg", b)
    return ("-", a, b)


def _mul(a, b):
    if _num(0) in (a, b):
        return _num(0)
    if a == _num(1):
        return b
    if b == _num(1):
        return a
    return ("*", a, b)


def _div(a, b):
    return _num(0) if a == _num(0) else ("/", a, b)


def _derivative(e, var: str):
    """d e / d var, as an expression."""
    kind = e[0]
    if kind == "num":
        return _num(0)
    if kind == "var":
        return _num(1 if e[1] == var else 0)
    if kind == "neg":
        inner = _derivative(e[1], var)
        return _num(0) if inner == _num(0) else ("neg", inner)
    if kind == "call":
        return _mul(_chain(e[1], e[2]), _derivative(e[2], var))
    a, b = e[1], e[2]
    da, db = _derivative(a, var), _derivative(b, var)
    if kind == "+":
        return _add(da, db)
    if kind == "-":
        return _sub(da, db)
    if kind == "*":
        return _add(_mul(da, b), _mul(a, db))
    if kind == "/":
        return _div(_sub(_mul(da, b), _mul(a, db)), ("*", b, b))
    # a ** b: for a constant exponent c, c a^(c-1) a'; else a^b (b' log a + b a' / a).
    if b[0] == "num":
        return _mul(_mul(b, ("**", a, _num(b[1] - 1))), da)
    return _mul(e, _add(_mul(db, ("call", "log", a)), _div(_mul(b, da), a)))


def _chain(name: str, u):
    """The derivative of function *name* at u."""
    one = _num(1)
    return {
        "sin": lambda: ("call", "cos", u),
        "cos": lambda: ("neg", ("call", "sin", u)),
        "tan": lambda: ("/", one, ("**", ("call", "cos", u), _num(2))),
        "exp": lambda: ("call", "exp", u),
        "log": lambda: ("/", one, u),
        "sqrt": lambda: ("/", _num(0.5), ("call", "sqrt", u)),
        "abs": lambda: ("call", "sign", u),
        "tanh": lambda: ("-", one, ("**", ("call", "tanh", u), _num(2))),
        "sinh": lambda: ("call", "cosh", u),
        "cosh": lambda: ("call", "sinh", u),
        "arctan": lambda: ("/", one, ("+", one, ("*", u, u))),
        "arcsin": lambda: ("/", one, ("call", "sqrt", ("-", one, ("*", u, u)))),
        "arccos": lambda: ("neg", ("/", one, ("call", "sqrt", ("-", one, ("*", u, u))))),
        "sign": lambda: _num(0),
    }[name]()


# ------------------------------------------------------------------------------- evaluation

def _compile(e):
    """A function (x, y) -> array evaluating expression *e* with numpy."""
    kind = e[0]
    if kind == "num":
        value = e[1]
        return lambda x, y: value
    if kind == "var":
        return (lambda x, y: x) if e[1] == "x" else (lambda x, y: y)
    if kind == "neg":
        inner = _compile(e[1])
        return lambda x, y: -inner(x, y)
    if kind == "call":
        function, inner = FUNCTIONS[e[1]], _compile(e[2])
        return lambda x, y: function(inner(x, y))
    a, b = _compile(e[1]), _compile(e[2])
    if kind == "**" and e[2][0] == "num" and e[2][1] in (2.0, 3.0):
        if e[2][1] == 2.0:            # products: numpy's pow is ten times slower
            return lambda x, y: _square(a(x, y))
        return lambda x, y: _cube(a(x, y))
    operation = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
                 "**": np.power}[kind]
    return lambda x, y: operation(a(x, y), b(x, y))


def _square(v):
    return v * v


def _cube(v):
    return v * v * v
