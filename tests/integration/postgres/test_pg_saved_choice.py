"""The command line opens the database chosen in Preferences (issue 22): the server URL kept in
the data folder (`database.json`, no password) is read at start by the same function as the
window's (`sync.database_settings.resolve`); `--database` and SHOP_SYNC_DATABASE still win.
Real `shop-sync` processes against a real PostgreSQL server (tests/postgres.py)."""

from __future__ import annotations

import psycopg
from demo_process import child_env, run_cli
from postgres import emptied

from desktop_app.store import database_choice
from desktop_app.store.engines import DATABASE_ENV


def _env() -> dict[str, str]:
    env = child_env({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    env.pop(DATABASE_ENV, None)
    return env


def _shops(url: str) -> list[str]:
    with psycopg.connect(url, connect_timeout=5) as conn:
        return [code for (code,) in conn.execute("SELECT code FROM shop ORDER BY code")]


def test_the_command_line_opens_the_server_saved_in_preferences(pg_server, tmp_path):
    url = emptied(pg_server)
    till = tmp_path / "till"
    till.mkdir()
    database_choice.save_url(till, url)
    run_cli(_env(), till, "shop", "add", "WEB", "--demo")
    assert _shops(url) == ["WEB"]
    assert not (till / "shop_sync.sqlite3").exists()  # no local file was opened

    # The option still wins: the local file of another folder, the server untouched.
    local = tmp_path / "laptop"
    local.mkdir()
    run_cli(_env(), till, "--database", f"sqlite:///{local / 'own.sqlite3'}", "shop", "add",
            "POS", "--demo")
    assert _shops(url) == ["WEB"] and (local / "own.sqlite3").is_file()
