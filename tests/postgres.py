"""A real PostgreSQL server for the tests, started in a temporary folder.

`PostgresServer.start()` runs `initdb` and `postgres` from the system packages (PostgreSQL 15
on Debian: `/usr/lib/postgresql/15/bin`, not on PATH) on a free loopback port, with trust
authentication for the user `postgres`. Both refuse to run as root, so as root they run as
the `postgres` user (the folder is given to that user).

`template_url()` migrates one database once; `fresh_database()` then makes each test its own
copy with `CREATE DATABASE ... TEMPLATE`, which takes a few milliseconds.

Importable by any test (`from postgres import ...`): tests/ is on pytest's path.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PG_BIN_DIRS = tuple(Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15))
#: How long the server may take to accept connections.
START_TIMEOUT = 30.0


def pg_bin() -> Path | None:
    """The folder of `initdb` and `postgres`, or None when PostgreSQL is not installed."""
    env = os.environ.get("SHOP_SYNC_PG_BIN")
    candidates = (Path(env),) if env else PG_BIN_DIRS
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "postgres").is_file():
            return folder
    return None


def missing_reason() -> str | None:
    """Why the PostgreSQL tests cannot run here, or None when they can."""
    if pg_bin() is None:
        return ("PostgreSQL server binaries not found (apt-get install postgresql; "
                "`scripts/bootstrap --dev` installs them)")
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PostgresServer:
    """One `postgres` process with its own data folder and port."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._names = itertools.count(1)
        self._template: str | None = None

    @staticmethod
    def _owner() -> dict[str, object]:
        """Popen arguments that run a program as `postgres` when we are root (as runuser does,
        but with the server as our direct child, so that our signals reach it)."""
        if os.geteuid() == 0:
            return {"user": "postgres", "group": "postgres", "extra_groups": []}
        return {}

    def start(self) -> PostgresServer:
        folder_bin = pg_bin()
        if folder_bin is None:
            raise RuntimeError(missing_reason() or "PostgreSQL not found")
        self.folder = Path(tempfile.mkdtemp(prefix="shop-sync-pg-"))
        data = self.folder / "data"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(
            [str(folder_bin / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"],
            check=True, capture_output=True, timeout=60, cwd=self.folder, **self._owner(),
        )
        self.port = _free_port()
        log = open(self.folder / "server.log", "wb")  # noqa: SIM115 - closed in stop()
        self._log = log
        self._process = subprocess.Popen(
            [str(folder_bin / "postgres"), "-D", str(data), "-p", str(self.port),
             "-k", str(self.folder), "-h", "127.0.0.1", "-c", "fsync=off",
             "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
            stdout=log, stderr=subprocess.STDOUT, cwd=self.folder, **self._owner(),
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
                import psycopg

                psycopg.connect(self.url("postgres"), connect_timeout=2).close()
                break
            except Exception:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    text = (self.folder / "server.log").read_text(errors="replace")
                    self.stop()
                    raise RuntimeError(f"PostgreSQL did not start:\n{text[-2000:]}") from None
                time.sleep(0.05)
        return self

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run one statement on the `postgres` maintenance database (autocommit)."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)  # type: ignore[arg-type]

    def create_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`); returns its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        clause = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{clause}')
        return self.url(name)

    def template_url(self) -> str:
        """A database migrated to the latest schema once, used as the template of the others."""
        if self._template is None:
            from desktop_app.store.database import close_database, open_database_url

            url = self.create_database()
            open_database_url(url)
            close_database()
            self._template = url.rsplit("/", 1)[1]
        return self.url(self._template)

    def fresh_database(self) -> str:
        """A migrated database of its own (a copy of the template); returns its URL."""
        self.template_url()
        return self.create_database(template=self._template)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with contextlib.suppress(Exception):
            self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGINT)  # "fast" shutdown: SIGTERM waits for clients
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if getattr(self, "_log", None) is not None:
            self._log.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


#: `SHOP_SYNC_TEST_ENGINE=postgresql` makes the `db` fixture of tests/conftest.py a fresh
#: PostgreSQL database: the store suite then runs against a real server.
ENGINE_ENV = "SHOP_SYNC_TEST_ENGINE"

_shared: PostgresServer | None = None


def shared_server() -> PostgresServer:
    """This process's server (one per pytest worker), started on first use, stopped at exit."""
    global _shared
    if _shared is None:
        import atexit

        _shared = PostgresServer().start()
        atexit.register(_shared.stop)
    return _shared


def wants_postgres() -> bool:
    return os.environ.get(ENGINE_ENV, "").lower() in ("postgresql", "postgres")


def emptied(server: PostgresServer) -> str:
    """The URL of this process's migrated test database, every table emptied (ids from 1).

    One database per worker, emptied by one TRUNCATE before each test (about 50 ms): a
    `CREATE DATABASE ... TEMPLATE` took 1 to 2 s on the shared 2-CPU machine.
    """
    import psycopg

    url = server.template_url()
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
            "AND tablename <> 'shop_sync_schema'")]
        if tables:
            names = ", ".join(f'"{name}"' for name in tables)
            conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")  # type: ignore[arg-type]
    return url


_blank: dict[int, str] = {}


def blank(server: PostgresServer) -> str:
    """The URL of this process's scratch database, emptied of everything (schema `public`
    dropped and made again): for tests that build a database step by step (migrations)."""
    import psycopg

    if id(server) not in _blank:
        _blank[id(server)] = server.create_database()
    url = _blank[id(server)]
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return url


@contextlib.contextmanager
def bound_postgres() -> Iterator[object]:
    """This worker's migrated PostgreSQL test database, emptied, bound to `store.database.DB`."""
    import pytest

    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    from desktop_app.store.database import close_database, open_database_url

    database = open_database_url(emptied(shared_server()))
    try:
        yield database
    finally:
        close_database()


def _pg_server_fixture() -> PostgresServer:
    import pytest

    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    return shared_server()


def _define_fixture():  # `from postgres import pg_server` in a test module
    import pytest

    return pytest.fixture(scope="session", name="pg_server")(_pg_server_fixture)


pg_server = _define_fixture()
