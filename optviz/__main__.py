"""``python -m optviz``: see optviz.cli."""

from .cli import main

raise SystemExit(main())
