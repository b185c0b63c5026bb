"""The command line: parse arguments, call the library, report errors in one line (exit 2)."""

from __future__ import annotations

import argparse
import sys

from . import __version__
from .optimizers import available_optimizers, defaults, describe
from .surfaces import available_surfaces, get_surface

EXAMPLES = """\
examples:
  python -m optviz list              the surfaces and optimizers, with defaults
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="optviz",
        description="Animate how gradient-descent optimizers move across 2-D loss surfaces.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"optviz {__version__}")
    parser.add_argument("command", nargs="?", choices=["list"], help="list: surfaces and optimizers")
    return parser


def list_everything() -> str:
    lines = ["surfaces:"]
    for name in available_surfaces():
        lines.append(f"  {name:16} {get_surface(name).description}")
    for flavor in ("torch", "textbook"):
        lines.append(f"optimizers ({flavor} flavor):")
        for name in available_optimizers(flavor):
            hyper = ", ".join(f"{k}={v}" for k, v in defaults(name, flavor).items())
            lines.append(f"  {name:16} {describe(name, flavor)}")
            lines.append(f"  {'':16}   {hyper}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "list":
        print(list_everything())
        return 0
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(main())
