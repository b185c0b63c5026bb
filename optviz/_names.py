"""Name lookup: the one registry type behind every lookup by name, and its errors.

A :class:`Registry` is a dict of one kind of thing (scenes, surfaces, an optimizer flavor's
rules, themes, output suffixes) whose lookup of an unknown name raises a one-line ValueError with
the valid names and a did-you-mean, or says which other kind the name is
(``'himmelblau' is a surface, not a scene``); a name that is not a string is a TypeError.
Names are lower case; a name in other case finds the same thing (torch.optim's class names,
``'Adam'``, ``'RMSprop'``, name its optimizers).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import _checks


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) turning *a* into *b*."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if previous2 is not None and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def closest(name: str, valid: Iterable[str]) -> str | None:
    """The valid name nearest to *name*, if it is near enough to be a likely typo."""
    scored = sorted((edit_distance(name.lower(), v.lower()), v) for v in valid)
    if scored and scored[0][0] <= max(1, (len(name) + 2) // 3):
        return scored[0][1]
    return None


def unknown_name_error(kind: str, name: str, valid: Iterable[str]) -> ValueError:
    """Return a ValueError naming the unknown *name*, the valid ones and the closest match.

    >>> str(unknown_name_error("optimizer", "adma", ["adam", "adamax", "sgd"]))
    "unknown optimizer 'adma' (did you mean 'adam'?); valid: adam, adamax, sgd"
    """
    valid = sorted(valid)
    match = closest(str(name), valid)
    hint = f" (did you mean {match!r}?)" if match else ""
    return ValueError(f"unknown {kind} {name!r}{hint}; valid: {', '.join(valid)}")


#: Every registry made, to tell a name of another kind from a typo.
_REGISTRIES: list[Registry] = []


class Registry(dict):
    """Things of one *kind* by name; ``registry[name]`` raises the errors described above."""

    def __init__(self, kind: str, items: Iterable = ()):
        super().__init__(items)
        self.kind = kind
        _REGISTRIES.append(self)

    def __getitem__(self, name):
        if not isinstance(name, str):
            raise _checks.WrongType(self.kind, name, f"give its name, a string such as "
                                                       f"{next(iter(self), '')!r}")
        return super().__getitem__(name)

    def __contains__(self, name) -> bool:
        return isinstance(name, str) and (super().__contains__(name)
                                          or super().__contains__(name.lower()))

    def __missing__(self, name: str):
        if name.lower() != name and super().__contains__(name.lower()):
            return self[name.lower()]     # torch.optim's class names: 'Adam', 'RMSprop'
        raise self.unknown(name)

    def unknown(self, name: str) -> ValueError:
        """The error for *name*, which is not a known *kind*."""
        others = [r.kind for r in _REGISTRIES if r is not self and name in r]
        if others:
            flavor, _, kind = others[0].partition(" ")
            fix = (f"give it flavor {flavor} ({flavor}:{name}); "
                   if kind == "optimizer" and self.kind.endswith(" optimizer") else "")
            return ValueError(f"{name!r} is a {others[0]}, not a {self.kind}; {fix}"
                              f"valid: {', '.join(sorted(self))}")
        return unknown_name_error(self.kind, name, self)
