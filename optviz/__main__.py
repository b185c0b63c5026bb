"""``python -m optviz``: see optviz.cli."""

import sys

try:
    from .cli import main
except KeyboardInterrupt:               # Ctrl-C while numpy and matplotlib load
    print("optviz: interrupted", file=sys.stderr)
    raise SystemExit(130) from None

raise SystemExit(main())
