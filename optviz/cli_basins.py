"""``python -m optviz basins``: a basin-of-attraction map as a PNG (see :mod:`optviz.basins`).

Bad input is reported as by the main command: one line on stderr, exit status 2, no file.
"""

from __future__ import annotations

import argparse
import sys

from .basin_map import MAX_RESOLUTION, basins
from . import stopping
from .cli import _one_line, _Parser, _warnings_in_one_line
from .cli_args import join_negative_values, limits, size, whole_number
from .render.basin_png import COLOR_BY, check_png_path
from .render.style import THEMES
from .surfaces import available_surfaces

EXAMPLES = """\
examples:
  python -m optviz basins himmelblau --optimizer adam:lr=0.05 -o basins.png
  python -m optviz basins himmelblau --optimizer sgd:lr=0.02 --color-by steps
  python -m optviz basins six-hump-camel --optimizer sgd:lr=0.01 --resolution 400
  python -m optviz basins rosenbrock --optimizer textbook:momentum --xlim -2,2 --ylim -1,3
"""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m optviz basins",
        description="Where does an optimizer go from every start? Starts on a grid over the "
                    "view, each pixel coloured by the minimum its path ends in (or by the steps "
                    "it needs), diverged and unsettled starts in greys, the surface's contours "
                    "on top; written as a PNG.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("surface", help=f"a surface ({', '.join(available_surfaces())}) or a "
                                        f"formula in x and y (quoted)")
    parser.add_argument("--optimizer", metavar="RUN", default="adam:lr=0.05",
                        help="one run, [FLAVOR:]NAME[:KEY=VALUE,...] as for --optimizers "
                             "(default adam:lr=0.05)")
    parser.add_argument("-o", "--output", metavar="OUT.png", default="basins.png",
                        help="the PNG to write (default basins.png)")
    parser.add_argument("--steps", metavar="N", type=whole_number, default=500,
                        help="optimizer steps per start (default 500)")
    parser.add_argument("--resolution", metavar="N", type=whole_number, default=200,
                        help=f"starts per side of the grid, 2 to {MAX_RESOLUTION} (default 200)")
    parser.add_argument("--color-by", choices=list(COLOR_BY), default="basin",
                        help="a colour per minimum reached (default), or the steps to settle")
    parser.add_argument("--xlim", metavar="A,B", type=limits, help="the view's x range")
    parser.add_argument("--ylim", metavar="C,D", type=limits, help="the view's y range")
    parser.add_argument("--flavor", choices=["torch", "textbook"], default="torch",
                        help="torch.optim's rules or the book's code")
    parser.add_argument("--size", metavar="WxH", type=size, default=(600, 500),
                        help="size in pixels (default 600x500)")
    parser.add_argument("--dpi", metavar="N", type=whole_number, default=100)
    parser.add_argument("--theme", choices=list(THEMES), default="light")
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(join_negative_values(argv))
    _warnings_in_one_line()
    with stopping.catch_signals():
        return _run(args)


def _run(args) -> int:
    try:
        check_png_path(args.output)                  # before the work, not after it
        basin_map = basins(args.surface, args.optimizer, resolution=args.resolution,
                           steps=args.steps, xlim=args.xlim, ylim=args.ylim, flavor=args.flavor,
                           quiet=args.quiet)
        path = basin_map.save(args.output, size=args.size, dpi=args.dpi, theme=args.theme,
                              color_by=args.color_by)
    except (ValueError, TypeError, OSError) as error:
        if not stopping.signals_received:     # else C code turned a signal into its error
            print(f"optviz: error: {_one_line(error)}", file=sys.stderr)
            return 2
        print("optviz: interrupted", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("optviz: interrupted", file=sys.stderr)
        return 130
    if not args.quiet:
        print(path)
        unsettled = basin_map.shares()["unsettled"]
        if unsettled > 0.5:
            print(f"optviz: note: {unsettled:.0%} of the starts are still moving after "
                  f"{args.steps} steps; give more --steps or a larger lr", file=sys.stderr)
    return 0

