"""Scenes kept in TOML files: ``python -m optviz my-scene.toml`` renders one, and
``python -m optviz show-scene beale > beale.toml`` writes a built-in scene as a file to start
from.

    surface = "x**2/20 + y**2"         # a surface's name or a formula in x and y
    starts = [[-7.0, 2.0]]
    steps = 30
    view = "2d"                        # also: frames, fps, size = [600, 500], theme, flavor,
    layout = "grid"                    # xlim, ylim, title, camera, trails, description, output
    output = "bowl.gif"

    [[runs]]                           # or: runs = ["sgd:lr=0.95", "adam:lr=0.3"]
    optimizer = "sgd"
    lr = 0.95
    label = "SGD"                      # and flavor = "textbook", any hyperparameter

Every key is checked: an unknown one is an error with a did-you-mean, and errors name the file,
the key and its line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from pathlib import Path

from . import _checks
from ._names import closest
from .runs import Run, parse_runs
from .scenes import Scene

__all__ = ["load_scene", "scene_toml", "KEYS", "RUN_KEYS"]

#: The keys of a scene file: the Scene's fields (but its name, taken from the file's) and the
#: output file.
KEYS = tuple(f.name for f in fields(Scene) if f.name != "name") + ("output",)
RUN_KEYS = ("optimizer", "flavor", "label")


def load_scene(path) -> tuple[Scene, Path | None]:
    """The scene in the TOML file *path*, and the output it names (None if none)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"cannot read scene file '{path}': {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text (byte {error.object[error.start]:#04x} at "
                         f"offset {error.start}); save it as UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    for key in data:
        if key not in KEYS:
            match = closest(key, KEYS)
            hint = f" (did you mean {match!r}?)" if match else ""
            raise ValueError(f"{path}:{_line(text, key)}: unknown key {key!r}{hint}; valid: "
                             f"{', '.join(KEYS)}")
    if "surface" not in data:
        raise ValueError(f"{path}: no surface; add e.g. surface = \"beale\" or a formula")
    values = dict(data)
    output = values.pop("output", None)
    if output is not None and not isinstance(output, str):
        raise ValueError(f"{path}:{_line(text, 'output')}: output must be a file name, got {output!r}")
    values["runs"] = _runs(values.get("runs", ["adam"]), path, text)
    for key in ("starts", "xlim", "ylim", "camera", "size"):
        if isinstance(values.get(key), list):
            values[key] = _tuples(values[key])
    try:
        scene = Scene(name=path.stem, description=values.pop("description", str(path)), **values)
        if scene.camera is not None:    # checked even for a 2-D scene: it is there for --view 3d
            _checks.camera(scene.camera)
    except (TypeError, ValueError) as error:    # a value of the wrong kind for a field
        raise ValueError(f"{path}: {' '.join(str(error).split())}") from None
    return scene, None if output is None else path.parent / output


def scene_toml(scene: Scene) -> str:
    """*scene* written as a scene file."""
    lines = [f"# optviz scene {scene.name!r}: python -m optviz FILE renders it",
             f"description = {_value(scene.description)}"]
    for field in fields(Scene):
        value = getattr(scene, field.name)
        if field.name in ("name", "description", "runs") or value is None:
            continue
        lines.append(f"{field.name} = {_value(value)}")
    lines.append(f"output = {_value(scene.name + '.gif')}")
    for run in scene.runs:
        lines += ["", "[[runs]]", f"optimizer = {_value(run.name)}"]
        lines += [f"flavor = {_value(run.flavor)}"] if run.flavor else []
        lines += [f"{key} = {_value(value)}" for key, value in run.hyperparameters.items()]
        lines += [f"label = {_value(run.label)}"] if run.label is not None else []
    return "\n".join(lines) + "\n"


def _runs(value, path: Path, text: str) -> tuple[Run, ...]:
    where = f"{path}:{_line(text, 'runs')}"
    if not isinstance(value, list) or not value:
        raise ValueError(f"{where}: runs must be a list of runs (\"adam:lr=0.05\" or tables)")
    runs = []
    for item in value:
        if isinstance(item, str):
            try:
                runs += parse_runs(item)
            except ValueError as error:
                raise ValueError(f"{where}: {error}") from None
        elif isinstance(item, dict):
            if "optimizer" not in item:
                raise ValueError(f"{where}: a run without optimizer = \"NAME\"")
            hyper = {k: tuple(v) if isinstance(v, list) else v for k, v in item.items()
                     if k not in RUN_KEYS}
            try:
                runs.append(Run(item["optimizer"], item.get("flavor"), hyper, item.get("label")))
            except TypeError as error:
                raise ValueError(f"{where}: {error}") from None
        else:
            raise ValueError(f"{where}: a run is \"NAME:KEY=VALUE,...\" or a table, not {item!r}")
    return tuple(runs)


def _tuples(value):
    return tuple(_tuples(v) if isinstance(v, list) else v for v in value)


def _line(text: str, key: str) -> str:
    """The line on which *key* is set, for messages ("?" if not found)."""
    pattern = re.compile(rf"^\s*(\[\[)?\s*{re.escape(key)}\s*(=|\]\])", re.MULTILINE)
    match = pattern.search(text)
    return str(text.count("\n", 0, match.start()) + 1) if match else "?"


def _value(value) -> str:
    """A TOML value for the simple types a scene holds."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    if isinstance(value, (tuple, list)):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise ValueError(f"cannot write {value!r} in a scene file")  # pragma: no cover
