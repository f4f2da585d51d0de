"""Entry point: `python -m desktop_app` (same as `shop-sync`)."""

from __future__ import annotations

import sys


def main() -> int:
    from desktop_app.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    sys.exit(main())
