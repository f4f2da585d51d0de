"""What a start of Shop Sync imports: no PostgreSQL driver unless a shared database is used.

peewee imports psycopg when it is imported itself (0.1-0.3 s per process, measured);
`desktop_app/store/__init__.py` hides it from that import and `store/engines.py` loads it for a
PostgreSQL database only.
"""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import sys
import desktop_app.cli, desktop_app.store.database
print("psycopg" in sys.modules)
from desktop_app.store.engines import load_postgres_driver
load_postgres_driver()
import peewee
print(peewee.psycopg is not None and "psycopg" in sys.modules)
"""


def test_a_start_on_the_local_file_does_not_import_the_server_driver() -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["False", "True"], done.stdout + done.stderr


#: What a command of the command line on the local file needs none of (each one measured at
#: 0.1-0.3 s of CPU per process): the PostgreSQL driver (imported by playhouse's PostgreSQL
#: extensions, which the migrations' module loads), Qt (the sync's collector policy needs a
#: timer only in the window) and the demo shop's schema and resolvers (the parser only lists
#: the options of `demo-shop serve`); nor the sync's jobs, loaded by the first sync (0.1-0.2 s:
#: the parser imports every command's module, the window's services are built by every command).
_NOT_FOR_A_COMMAND = ("psycopg", "PySide6.QtCore", "desktop_app.demo_shop.backend",
                      "desktop_app.demo_shop.server", "desktop_app.sync.jobs",
                      "desktop_app.sync.orders", "desktop_app.sync.customers",
                      "desktop_app.sync.conflict_resolution", "desktop_app.sync.database_copy",
                      "keyring",  # a command that reads no secret (`credentials.vault`)
                      # Session 10 (0.15-0.25 s of CPU together, measured): the Shopify client
                      # with httpx and graphql-core (a command that sends no request: the
                      # service builds the client at the first one, `shopify/__init__` names
                      # its modules lazily); phonenumbers (checks of customers' phones); the
                      # history of runs, the links' rules and a preview (a sync, a link);
                      # every other command's module (`cli.entry` imports the one it runs).
                      "httpx", "graphql", "phonenumbers", "desktop_app.shopify.client",
                      "desktop_app.shopify.operations", "desktop_app.store.runs",
                      "desktop_app.sync.linking", "desktop_app.sync.local_runs",
                      "desktop_app.sync.preview", "desktop_app.sync.preview_client",
                      "desktop_app.store.conflicts", "desktop_app.store.csv_io",
                      "desktop_app.cli.commands_sync", "desktop_app.cli.commands_customers",
                      "desktop_app.cli.commands_orders", "desktop_app.cli.commands_documents",
                      "desktop_app.cli.commands_schedules")


_COMMAND_PROBE = """
import json, sys
from desktop_app.cli import main
code = main(sys.argv[1:])
print("MODULES", json.dumps(sorted(name for name, m in sys.modules.items() if m is not None)))
sys.exit(code)
"""


def _imported_by(tmp_path, *args: str) -> set[str]:
    """The modules loaded by one command, run in a process of its own."""
    import os

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", _COMMAND_PROBE, "--data-dir",
                           str(tmp_path / "data"), *args],
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("MODULES ")]
    return set(json.loads(line.removeprefix("MODULES ")))


def test_a_command_on_the_local_file_loads_no_driver_qt_or_demo_shop(tmp_path) -> None:
    # `shop list` opens (and migrates) the database, builds every service and the parser.
    modules = _imported_by(tmp_path, "shop", "list")
    assert "desktop_app.store.migrations.runner" in modules  # the database was opened
    assert "desktop_app.cli.parser" in modules
    assert [name for name in _NOT_FOR_A_COMMAND if name in modules] == []


def test_a_setting_command_loads_only_what_it_uses(tmp_path) -> None:
    """`shop set`, the command scripts run most, in a process of its own (0.48 s of CPU at
    the start of session 10, 0.27 s after; tests/unit/test_start_imports.py's list)."""
    done = subprocess.run([sys.executable, "-c", _COMMAND_PROBE, "--data-dir",
                           str(tmp_path / "data"), "shop", "add", "S", "--api-url",
                           "http://127.0.0.1:9"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    modules = _imported_by(tmp_path, "shop", "set", "S", "customer_import=all")
    assert "desktop_app.store.setting_codes" in modules  # the setting was checked
    assert "desktop_app.cli.commands_shop" in modules
    assert [name for name in _NOT_FOR_A_COMMAND if name in modules] == []


_JOBS_PROBE = """
import asyncio, json, sys
from desktop_app.sync.jobs import default_jobs
from desktop_app.sync.results import Resource

JOBS = ("customers", "companies", "orders", "refunds", "shipments", "invoices", "gift_cards")
def loaded():
    return [j for j in JOBS if f"desktop_app.sync.{j}" in sys.modules]
table = default_jobs()
print(json.dumps(loaded()))
class Stop(Exception):
    pass
class Context:  # the job stops at its first look at the run it was given
    def __getattr__(self, name):
        raise Stop(name)
for resource in (Resource.CUSTOMERS, Resource.ORDERS):
    try:
        asyncio.run(table[resource](Context()))
    except Stop:
        pass
    print(json.dumps(loaded()))
"""


def test_the_jobs_table_loads_a_job_s_module_when_that_job_runs() -> None:
    """A `sync customers` process loads the customers' job, not the orders', companies',
    shipments', invoices' and gift cards' (0.1-0.2 s of CPU: they were all imported with the
    table); the orders' job brings the refunds' (its credit memos) with it."""
    done = subprocess.run([sys.executable, "-c", _JOBS_PROBE], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    first, customers, orders = (json.loads(line) for line in done.stdout.splitlines())
    assert first == []
    assert customers == ["customers"]
    # (the orders' job resolves customers and companies with their jobs' rules)
    assert orders == ["customers", "companies", "orders", "refunds"]


#: Command lines whose parse must not depend on how much of the parser was built: commands
#: of every group, global options before and after the command, an abbreviated option, a
#: data folder named like a command, help and errors.
_COMMAND_LINES = (
    [], ["shop", "list"], ["--json", "shop", "show", "S"], ["shop", "set", "S", "a=b", "--json"],
    ["--data-dir", "shop", "log", "--last", "2"], ["--data-dir=shop", "sync", "all"],
    ["--data-d", "log", "shop", "list"], ["--database", "postgresql://h/db", "orders", "list"],
    ["sync", "customers", "--preview", "--data-dir", "D"], ["tax-areas", "add", "X"],
    ["templates", "set", "T", "country=FR"], ["conflicts", "resolve", "3", "--take", "local"],
    ["database", "copy", "--to", "sqlite:///x"], ["demo-shop", "serve", "--port", "0"],
    ["orders", "cancel", "1", "--reason", "FRAUD"], ["schedules", "add", "orders", "--every",
                                                     "15"],
    ["customers", "merge", "A", "B"], ["gui", "--quit-after", "5"], ["--version"], ["--help"],
    ["shop", "--help"], ["documents", "add-invoice", "--help"], ["nosuch"], ["sync", "bogus"],
    ["shop"], ["--", "shop", "list"], ["--json"], ["shop", "add", "X"],
    ["demo-shop", "serve", "--plan", "gold"],
)


def _parsed(parser, words: list[str]) -> tuple[object, ...]:
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            return vars(parser.parse_args(words)), None, out.getvalue(), err.getvalue()
        except SystemExit as exc:
            return None, exc.code, out.getvalue(), err.getvalue()


def test_the_parser_built_for_one_command_parses_as_the_whole_one(monkeypatch) -> None:
    """`build_parser(argv)` builds the options of the command `argv` names only (each process
    built all ~100 sub-parsers: 0.02-0.03 s of CPU); what any command line parses to, and the
    help and errors printed, stay those of the whole parser."""
    from desktop_app.cli.parser import build_parser

    monkeypatch.setenv("COLUMNS", "100")  # one width for the help of both parsers
    for words in _COMMAND_LINES:
        whole = _parsed(build_parser(), words)
        assert _parsed(build_parser(words), words) == whole, words
        assert whole[0] is not None or whole[1] is not None, words
    # ... and it did build less: the parser for `shop list` has no `customers` actions.
    parser = build_parser(["shop", "list"])
    (commands,) = [a for a in parser._actions if a.dest == "command"]
    assert [a.dest for a in commands.choices["customers"]._actions] == ["help"]
    assert "list" in commands.choices["shop"]._actions[-1].choices
    (whole_commands,) = [a for a in build_parser()._actions if a.dest == "command"]
    assert list(whole_commands.choices) == list(commands.choices)  # every command listed


def test_a_demo_shop_start_loads_no_upload_parser() -> None:
    """A demo shop (served or in-process) loads the multipart parser and XML escaping of
    staged uploads with the first upload, not at its start (`email.parser`, `urllib.request`,
    `http.client`: 0.01-0.02 s of CPU)."""
    probe = ("import sys; from desktop_app.demo_shop import server; "
             "from desktop_app.demo_shop.backend import ShopBackend; "
             "ShopBackend.generate(seed=1, customers=2, orders=1).close(); "
             "print(sorted(m for m in ('email.parser', 'urllib.request', 'http.client', "
             "'xml.sax.saxutils', 'desktop_app.demo_shop.staged_uploads') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.split() == ["['desktop_app.demo_shop.staged_uploads']"], done.stderr


def test_every_command_of_the_parser_has_its_function() -> None:
    """`cli.entry` finds each command's function by module when it runs (the table replaced
    the imports of every command's module): every command the parser knows is in it."""
    from desktop_app.cli import entry
    from desktop_app.cli.parser import build_parser

    (commands,) = [a for a in build_parser()._actions if a.dest == "command"]
    run_here = {"gui", "demo-shop"}  # `main` runs these itself, without the data folder
    assert set(commands.choices) - run_here == set(entry.COMMANDS)
    for name in entry.COMMANDS:
        function = entry.command(name)
        assert callable(function), name
    assert entry.command("shop").__module__ == "desktop_app.cli.commands_shop"
    assert entry.command("sync").__name__ == "cmd_sync"
