"""Name lookup shared by the registries: clear errors for unknown names."""

from __future__ import annotations

from collections.abc import Iterable


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
    if scored and scored[0][0] <= max(1, len(name) // 3):
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
