"""The database choice of Preferences (issue 22): the URL kept without a password, its fields,
and "Test connection" against a real PostgreSQL server (tests/postgres.py): each outcome has
its code, and the driver's words never carry the password."""

from __future__ import annotations

import socket

import pytest

from desktop_app.store import database_choice
from desktop_app.store.database_choice import ServerFields, check_connection

SECRET = "pw-9f1e"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_fields_make_a_url_without_password_and_back():
    fields = ServerFields("db.shop.lan", 5433, "shop sync", "anna@till")
    url = fields.url()
    assert url == "postgresql://anna%40till@db.shop.lan:5433/shop%20sync"
    assert database_choice.fields_of_url(url) == fields
    assert database_choice.server_key(url) == "anna@till@db.shop.lan:5433/shop sync"
    assert ServerFields("::1", 5432, "s", "u").url() == "postgresql://u@[::1]:5432/s"


def test_the_saved_choice_never_holds_a_password(tmp_path):
    assert database_choice.saved_url(tmp_path) is None
    for url in ("postgresql://anna:pw@h/db", "postgresql://anna@h/db?password=pw"):
        with pytest.raises(database_choice.DatabaseChoiceError):
            database_choice.save_url(tmp_path, url)
    assert not (tmp_path / "database.json").exists()
    database_choice.save_url(tmp_path, "postgresql://anna@h:5432/db")
    assert database_choice.saved_url(tmp_path) == "postgresql://anna@h:5432/db"
    database_choice.save_url(tmp_path, None)
    assert database_choice.saved_url(tmp_path) is None
    (tmp_path / "database.json").write_text("{not json", encoding="utf-8")
    assert database_choice.saved_url(tmp_path) is None  # unreadable: the local file


def test_check_connection_outcomes(pg_server):  # noqa: F811 (the fixture)
    ok = check_connection(pg_server.url("postgres"), SECRET, timeout=5)
    assert ok.code == database_choice.OK and ok.detail[:2].isdigit()

    missing = check_connection(pg_server.url("no_such_db"), SECRET, timeout=5)
    assert missing.code == database_choice.NO_DATABASE and "no_such_db" in missing.detail

    closed = _closed_port()
    url = f"postgresql://postgres:{SECRET}@127.0.0.1:{closed}/shopsync"
    refused = check_connection(url, SECRET, timeout=5)
    assert refused.code == database_choice.UNREACHABLE
    assert str(closed) in refused.detail and SECRET not in refused.detail
