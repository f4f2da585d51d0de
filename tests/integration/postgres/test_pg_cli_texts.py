"""What the command line says on a shared database server (issue 22): an unexpected database
error names the server and what to ask of it (a server has no `.bak` files in the data
folder), and a sync refused because another workstation holds the shop says who, on stderr.
Real `shop-sync` processes against a real PostgreSQL server (tests/postgres.py)."""

from __future__ import annotations

import getpass
import socket
import subprocess

import peewee
import psycopg
from demo_process import REPO, child_env, run_cli, shop_sync_command
from postgres import emptied

from desktop_app.cli.entry import _unexpected
from desktop_app.store import database_choice
from desktop_app.store.database import close_database, open_database_url
from desktop_app.store.engines import DATABASE_ENV
from desktop_app.sync.process_lock import DatabaseLock

READER = "shopsync_reader"


def _env() -> dict[str, str]:
    env = child_env({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    env.pop(DATABASE_ENV, None)
    return env


def _reader_url(pg_server, url: str) -> str:
    """`url` signed in as a user that may only read its tables."""
    pg_server.execute(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                      f"'{READER}') THEN CREATE ROLE {READER} LOGIN; END IF; END $$")
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA public TO {READER}")  # type: ignore[arg-type]
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READER}")  # type: ignore[arg-type]
    return url.replace("postgresql://postgres@", f"postgresql://{READER}@")


def test_a_server_that_refuses_writes_is_named_and_no_backup_file_is(pg_server, tmp_path):
    url = emptied(pg_server)
    reader = _reader_url(pg_server, url)
    server = url.split("@", 1)[1].split("/", 1)[0]  # 127.0.0.1:PORT
    done = run_cli(_env(), tmp_path / "till", "--database", reader, "shop", "add", "WEB",
                   "--demo", ok=(2,))
    assert f"The database server ({server}) refused to write" in done.stderr
    assert "grant it write access" in done.stderr
    assert ".bak" not in done.stderr


def test_a_server_chosen_in_preferences_is_named_too(pg_server, tmp_path):
    """No option and no variable: the server saved in the data folder (Preferences) is the
    one the hint names, not the local file's backups."""
    url = emptied(pg_server)
    reader = _reader_url(pg_server, url)
    server = url.split("@", 1)[1].split("/", 1)[0]
    till = tmp_path / "till"
    till.mkdir()
    database_choice.save_url(till, reader)
    done = run_cli(_env(), till, "shop", "add", "WEB", "--demo", ok=(2,))
    assert f"The database server ({server}) refused to write" in done.stderr
    assert ".bak" not in done.stderr


def test_the_hint_for_damaged_data_follows_the_engine(tmp_path, monkeypatch):
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    damaged = peewee.DatabaseError("could not read block 7 in file base/16384/2619: corrupt")
    text = _unexpected(damaged, "sync", None, "postgresql://anna:pw@db.shop.lan:5433/shopsync")
    assert text.startswith("The database server (db.shop.lan:5433) reported damaged data.")
    assert ".bak" not in text and "pw" not in text
    monkeypatch.setenv(DATABASE_ENV, "postgresql://anna@db.shop.lan/shopsync")
    assert "(db.shop.lan) reported damaged data" in _unexpected(damaged, "sync", None)
    monkeypatch.delenv(DATABASE_ENV)
    on_file = _unexpected(peewee.DatabaseError("database disk image is malformed"), "sync", None)
    assert "shop_sync.sqlite3.v*.bak" in on_file  # the local file: its backups, as before


def test_a_sync_refused_by_another_workstation_says_who_on_stderr(pg_server, tmp_path,
                                                                   monkeypatch):
    url = emptied(pg_server)
    env = _env()
    run_cli(env, tmp_path / "office", "--database", url, "shop", "add", "WEB", "--demo")
    open_database_url(url)  # the lock's key is the shop's id
    try:
        monkeypatch.setattr(socket, "gethostname", lambda: "TILL-2")
        monkeypatch.setattr(getpass, "getuser", lambda: "anna")
        till = DatabaseLock(url, "WEB")
        assert till.try_acquire("sync customers")
        monkeypatch.undo()
        try:
            done = run_cli(env, tmp_path / "office", "--database", url, "sync", "customers",
                           "--shop", "WEB", "--wait", "0", ok=(2,))
        finally:
            till.release()
    finally:
        close_database()
    assert "Shop WEB is being synced by process" in done.stderr
    assert "of anna on TILL-2 (sync customers), since " in done.stderr


def test_the_window_started_on_an_unreachable_server_says_so_and_exits(tmp_path):
    with socket.socket() as sock:  # bound, never listening: refused at once
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        env = _env()
        env[DATABASE_ENV] = f"postgresql://anna:s3cret-pw@127.0.0.1:{port}/shopsync"
        done = subprocess.run([*shop_sync_command(), "--data-dir", str(tmp_path / "till"),
                               "gui", "--quit-after", "500"], env=env, capture_output=True,
                              text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "could not be reached" in done.stderr and f"127.0.0.1:{port}" in done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr and "shop-sync: ready" not in done.stdout
