"""optviz: animate how gradient-descent optimizers move across 2-D loss surfaces.

    >>> import optviz
    >>> path = optviz.record("beale", optviz.get_optimizer("adam", lr=0.1), (1.0, 1.5), steps=300)
    >>> path.points.shape
    (301, 2)
    >>> optviz.animate("beale", {"sgd": {"lr": 0.001}, "adam": {"lr": 0.05}}).save("beale.gif")
    PosixPath('beale.gif')
"""

import importlib as _importlib
import importlib.util as _importlib_util

#: Where each public name lives; a name's module is imported when the name is first used, so
#: that ``python -m optviz`` starts its command line (and answers Ctrl-C) before matplotlib
#: loads.
_WHERE = {
    "Animation": "animation", "animate": "animation", "BasinMap": "basin_map",
    "basins": "basin_map", "Optimizer": "optimizers", "available_optimizers": "optimizers",
    "get_optimizer": "optimizers", "Run": "runs", "parse_runs": "runs", "sweep": "runs",
    "Scene": "scenes", "available_scenes": "scenes", "get_scene": "scenes", "surface": "custom",
    "FormulaError": "formula", "Theme": "render.style", "get_theme": "render.style",
    "Surface": "surfaces", "available_surfaces": "surfaces", "get_surface": "surfaces",
    "from_torch": "torch_adapter", "Trajectory": "trajectory", "record": "trajectory",
    "record_all": "trajectory",
}


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(_importlib.import_module(f".{_WHERE[name]}", __name__), name)
    elif not name.startswith("_") and _importlib_util.find_spec(f"{__name__}.{name}"):
        value = _importlib.import_module(f".{name}", __name__)   # optviz.timeline, .render
    else:
        raise AttributeError(f"module 'optviz' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*(name for name in globals() if not name.startswith("_")), *_WHERE,
                   "__version__"})


__version__ = "0.1.0"

__all__ = [
    "Animation", "BasinMap", "Optimizer", "Run", "Scene", "Surface", "Theme", "Trajectory", "animate",
    "basins", "surface", "FormulaError", "from_torch",
    "available_optimizers", "parse_runs", "sweep",
    "available_scenes", "available_surfaces", "get_optimizer", "get_scene", "get_theme", "get_surface", "record",
    "record_all",
    "__version__",
]
