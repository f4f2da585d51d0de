"""`shop-sync database copy --to URL` (issue 22): this computer's data to an empty database,
checked row by row; a target holding data refused; a difference found and named.

The source is a real data folder filled through the command line (customers, items, a
demo card, local invoices, a sync run's history) plus a two-way conflict (a table no model
covers). The copy runs as a `shop-sync` process; the target is read back with sqlite3 /
psycopg, not with the code under test.

Controls (each made by hand on the code, then undone): without the emptiness check the
refusal test fails (the second copy writes into the first: UNIQUE failure, not the refusal);
with the check's digest compare removed, the mismatch test fails (exit 0); without the
sequence reset the PostgreSQL test fails (nextval 1, an id already copied).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from json_cli import JsonCli

from desktop_app import paths
from desktop_app.cli import commands_database, main
from desktop_app.store import db_copy

ROOT = Path(__file__).resolve().parents[2]
SHOP = "demo"


def _fill(data: Path, folder: Path) -> None:
    """Customers (one with a French name and no e-mail), items, a demo card, an invoice
    posted and one open, their runs, and an open two-way conflict."""
    (folder / "c.csv").write_text(
        "no,name,email,country\nC100,Ada Lovelace,ada@example.com,GB\n"
        "C200,Zoé Dupré,,FR\nC300,Bob Ray,bob@example.com,US\n", encoding="utf-8")
    (folder / "i.csv").write_text(
        "no,description,sku,unit_price\nI100,Blue mug,M1,12.50\nI200,Tea,T1,3.3333\n",
        encoding="utf-8")
    for args in (("shop", "add", SHOP, "--demo"), ("shop", "set", SHOP, "currency_code=EUR"),
                 ("customers", "import", str(folder / "c.csv")),
                 ("items", "import", str(folder / "i.csv")),
                 ("documents", "add-invoice", "C100", "I100=2", "I200=1@10"),
                 ("documents", "add-invoice", "C200", "I100=1", "--post", "--remaining", "0")):
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["--data-dir", str(data), *args]) == 0, args
    with sqlite3.connect(paths.database_path(data)) as con:
        con.execute(
            "INSERT INTO field_conflict (shop_id, shopify_id, customer_id, field, local_value, "
            "shopify_value, found_at) SELECT s.id, 'gid://shopify/Customer/1', c.id, 'email', "
            "'a@x.org', 'b@x.org', '2026-12-07 10:00:00.000000' FROM shop s, customer c "
            "WHERE c.no = 'C300'")


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("filled")
    _fill(folder / "data", folder)
    return folder / "data"


@pytest.fixture
def source(filled, capsys, monkeypatch, tmp_path) -> JsonCli:
    """A copy of the filled data folder (see `_fill`), this test's own."""
    shutil.copytree(filled, tmp_path / "data")
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _shop_sync(data: Path, *args: str, env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data), *args],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


def _tables(con: sqlite3.Connection) -> list[str]:
    return [n for (n,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'customer_search%' ORDER BY name")]


def _rows(con: sqlite3.Connection, table: str) -> list[tuple]:
    return con.execute(f'SELECT * FROM "{table}" ORDER BY 1, 2').fetchall()


def _source_rows(data: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(paths.database_path(data)) as con:
        return {t: _rows(con, t) for t in _tables(con)}


@pytest.mark.slow  # a process: about 5 s on the shared CI machine
def test_copy_to_an_empty_sqlite_file_keeps_every_row_and_id(source, tmp_path):
    target = tmp_path / "copy" / "shop_sync.sqlite3"
    target.parent.mkdir()
    done = _shop_sync(source.data, "--json", "database", "copy", "--to", f"sqlite:///{target}")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    before = _source_rows(source.data)
    # The copy's own run is recorded in the source afterwards, not copied.
    before["sync_run"] = [r for r in before["sync_run"] if r[2] != "local-database"]
    with sqlite3.connect(target) as con:
        after = {t: _rows(con, t) for t in _tables(con)}
        found = con.execute("SELECT rowid FROM customer_search WHERE customer_search "
                            "MATCH 'dupr'").fetchall()
    assert after == before  # every table, every row, every id and value
    assert sum(len(r) for r in before.values()) > 20 and len(before["field_conflict"]) == 1
    counts = {t["table"]: t["rows"] for t in report["tables"]}
    assert counts == {t: len(r) for t, r in before.items()}
    assert report["rows"] == sum(counts.values()) and report["checked"] is True
    assert all(len(t["digest"]) == 64 for t in report["tables"])
    assert "keyring" in report["secrets"]
    assert len(found) == 1  # the target's own triggers indexed the customers for search
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    # The copy is a working database: a data folder holding it lists the customers.
    copied = JsonCli(source.capsys, source.monkeypatch, target.parent)
    assert [c["no"] for c in copied.ok("customers", "list", "--search", "Dupr")] == ["C200"]
    runs = source.ok("log", "--resource", "local-database")
    assert [(r["status"], r["created"]) for r in runs] == [("ok", report["rows"])]


def test_text_output_lists_each_table_with_rows_and_digest(source, tmp_path):
    assert main(["--data-dir", str(source.data), "database", "copy", "--to",
                 f"sqlite:///{tmp_path}/t.db"]) == 0
    done = source.capsys.readouterr()
    lines = done.out.splitlines()
    assert lines[0].startswith(f"Copied to sqlite:///{tmp_path}/t.db and checked row by row")
    customer = next(line.split() for line in lines if line.split()[:1] == ["customer"])
    assert customer[1] == "3" and len(customer[2]) == 16
    assert "each workstation keeps its own in its system keyring" in lines[-1]
    assert done.err == ""  # a small copy reports no progress


@pytest.mark.slow  # a process
def test_a_target_that_holds_data_is_refused_and_left_as_it_was(source, tmp_path):
    target = tmp_path / "t.db"
    source.ok("database", "copy", "--to", f"sqlite:///{target}")
    with sqlite3.connect(target) as con:
        con.execute("UPDATE customer SET name = 'Changed there' WHERE no = 'C300'")
    with sqlite3.connect(target) as con:
        before = {t: _rows(con, t) for t in _tables(con)}
    refused = _shop_sync(source.data, "--json", "database", "copy", "--to",
                         f"sqlite:///{target}")
    assert refused.returncode == 2 and refused.stdout == ""
    assert "already holds data" in refused.stderr and "customer 3" in refused.stderr
    assert "nothing was written to it" in refused.stderr
    with sqlite3.connect(target) as con:
        assert {t: _rows(con, t) for t in _tables(con)} == before
    runs = source.ok("log", "--resource", "local-database")
    assert runs[0]["status"] == "failed"
    assert runs[0]["errors"][0]["code"] == "target_not_empty"


def test_a_difference_found_by_the_check_names_the_table_and_rolls_back(
        source, tmp_path, monkeypatch):
    """A row deleted from the target between copy and check (the check doctored through
    its own seam): exit 2, the table and key named, the target left empty."""
    check = db_copy.check_table

    def doctored(src, target, table, progress=None):
        if table.name == "sales_line":
            target.execute_sql("DELETE FROM sales_line WHERE id = (SELECT max(id) FROM "
                               "sales_line)")
        return check(src, target, table, progress)

    monkeypatch.setattr(db_copy, "check_table", doctored)
    target = tmp_path / "t.db"
    code, data, err = source.run("database", "copy", "--to", f"sqlite:///{target}")
    assert code == 2 and data is None
    assert "table sales_line: 3 rows in the source, 2 in the target" in err
    with sqlite3.connect(target) as con:
        assert all(not _rows(con, t) for t in _tables(con))  # rolled back: empty, migrated
    runs = source.ok("log", "--resource", "local-database")
    assert runs[0]["errors"][0]["code"] == "copy_mismatch"


def test_a_changed_value_is_named_with_its_key_and_column(source, tmp_path, monkeypatch):
    check = db_copy.check_table

    def doctored(src, target, table, progress=None):
        if table.name == "item":
            target.execute_sql("UPDATE item SET unit_price = 3.3334 WHERE no = 'I200'")
        return check(src, target, table, progress)

    monkeypatch.setattr(db_copy, "check_table", doctored)
    code, _data, err = source.run("database", "copy", "--to", f"sqlite:///{tmp_path}/t.db")
    assert code == 2
    assert "table item: the row id=2 differs in the target (unit_price)" in err


def test_progress_of_a_big_copy_goes_to_stderr(source, tmp_path, monkeypatch):
    monkeypatch.setattr(commands_database, "PROGRESS_FROM", 2)
    code, data, err = source.run("database", "copy", "--to", f"sqlite:///{tmp_path}/t.db")
    assert code == 0 and data["rows"] > 0
    lines = err.splitlines()
    assert lines.index("customer: 3 of 3 rows copied") < lines.index("customer: 3 of 3 rows "
                                                                      "checked")


def test_a_url_of_no_database_is_refused(source):
    code, _data, err = source.run("database", "copy", "--to", "mysql://host/db")
    assert code == 2 and "postgresql://" in err


def test_a_server_out_of_reach_is_said_without_the_password(source):
    """Nothing listens on port 1: refused at once, the run recorded as failed."""
    code, _data, err = source.run("database", "copy", "--to",
                                  "postgresql://shop:pw-9431@127.0.0.1:1/shopsync")
    assert code == 2 and "could not be reached" in err and "pw-9431" not in err
    runs = source.ok("log", "--resource", "local-database")
    assert runs[0]["errors"][0]["code"] == "database_unreachable"
    assert "pw-9431" not in json.dumps(runs)


# --- PostgreSQL ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg_server():
    from postgres import missing_reason, running_server

    if reason := missing_reason():
        pytest.skip(reason)
    with running_server() as server:
        yield server


@pytest.mark.slow
def test_copy_to_postgresql_keeps_every_row_and_sets_the_sequences(source, pg_server):
    import psycopg

    url = pg_server.create_database()  # empty: the copy migrates it
    done = _shop_sync(source.data, "--json", "database", "copy", "--to", url)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    before = _source_rows(source.data)
    before["sync_run"] = [r for r in before["sync_run"] if r[2] != "local-database"]
    with psycopg.connect(url) as con:
        for table, rows in before.items():
            (count,) = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            assert count == len(rows), table
        names = con.execute("SELECT no, name, email FROM customer ORDER BY id").fetchall()
        (next_id, top) = con.execute("SELECT nextval(pg_get_serial_sequence('customer', "
                                     "'id')), max(id) FROM customer").fetchone()
        price = con.execute("SELECT unit_price FROM item WHERE no = 'I200'").fetchone()[0]
    assert names == [("C100", "Ada Lovelace", "ada@example.com"), ("C200", "Zoé Dupré", ""),
                     ("C300", "Bob Ray", "bob@example.com")]
    assert next_id == top + 1
    assert str(price).rstrip("0") == "3.3333"
    assert {t["table"]: t["rows"] for t in report["tables"]} == {
        t: len(r) for t, r in before.items()}
    code, _data, err = source.run("database", "copy", "--to", url)
    assert code == 2 and "already holds data" in err


def test_a_password_in_the_url_is_never_printed(source, pg_server):
    url = pg_server.create_database().replace("postgres@", "postgres:s3cret-pw@")
    assert main(["--data-dir", str(source.data), "database", "copy", "--to", url]) == 0
    done = source.capsys.readouterr()  # trust authentication: the password is unused
    assert "s3cret-pw" not in done.out + done.err and ":***@" in done.out
    log_text = (source.data / "logs" / "shop-sync.log").read_text(encoding="utf-8")
    assert "s3cret-pw" not in log_text
    runs = source.ok("log", "--resource", "local-database")
    assert "s3cret-pw" not in json.dumps(runs)


@pytest.mark.slow
def test_a_server_given_by_database_is_copied_back_to_a_file_alike(source, pg_server, tmp_path):
    """`--database URL` names the source: the server's copy comes back to a SQLite file with
    the same digest for every table (SQLite -> PostgreSQL -> SQLite)."""
    url = pg_server.create_database()
    there = source.ok("database", "copy", "--to", url)
    back = tmp_path / "back.sqlite3"
    again = JsonCli(source.capsys, source.monkeypatch, tmp_path / "other")
    returned = again.ok("--database", url, "database", "copy", "--to", f"sqlite:///{back}")
    digests = {t["table"]: (t["rows"], t["digest"]) for t in returned["tables"]}
    assert {t["table"]: (t["rows"], t["digest"]) for t in there["tables"]} == {
        name: digests[name] for name in (t["table"] for t in there["tables"])}
    with sqlite3.connect(back) as con:
        assert [r[0] for r in con.execute("SELECT no FROM customer ORDER BY id")] == [
            "C100", "C200", "C300"]
