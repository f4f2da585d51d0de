"""The `shop-sync` command line (contract: ../shared/CLI.md)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] in ("--version", "version"):
        from desktop_app import __version__

        print(__version__)
        return 0
    print("shop-sync: the command line is being built", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
