"""The `shop-sync` command line: the window's scriptable twin (contract: ../shared/CLI.md).

Every command parses its arguments, calls the same services the window uses
(`app.build_services`, `sync.service.SyncService`, `sync.shop_admin.ShopAdmin`, the store's
query modules) and prints either human text or, with `--json`, one JSON document on stdout.
Errors go to stderr. Exit codes: 0 done; 1 done but some records failed (each listed); 2
nothing done.

- `parser.py` every command and option; `output.py` exit codes, `UsageError`, text or JSON;
- `commands_*.py` one module a command group; `entry.py` `main()`: parse, build the
  services, run the command, map its outcome to the exit code.
"""

from __future__ import annotations

from desktop_app.cli.entry import COMMANDS, cmd_gui, main
from desktop_app.cli.output import EXIT_FAILED, EXIT_OK, EXIT_PARTIAL, Output, UsageError
from desktop_app.cli.parser import SYNC_RESOURCES, build_parser

__all__ = [
    "COMMANDS",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "SYNC_RESOURCES",
    "Output",
    "UsageError",
    "build_parser",
    "cmd_gui",
    "main",
]
