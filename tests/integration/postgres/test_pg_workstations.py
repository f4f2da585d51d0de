"""Several workstations, one PostgreSQL database (issue 22): real `shop-sync` processes with
data folders of their own, pointed at one database served by a real PostgreSQL server
(tests/postgres.py), syncing a demo shop served on loopback.

The token stays in each workstation (`SHOP_SYNC_TOKEN_WEB` here, the keyring otherwise): the
shared database never holds it.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import psycopg
import pytest
from demo_process import REPO, SHORT_WAITS, child_env, run_cli, shop_sync_command
from postgres import emptied

from desktop_app.store.engines import DATABASE_ENV

SEED, CUSTOMERS, ORDERS = "11", "30", "14"
TOKEN = "shpat_ok"
#: Every Shopify customer becomes a local one, so that a sync done twice would show.
SETTINGS = ("customer_import=all", "auto_create_customers=true", "customer_template=RETAIL")


def _add_shop(env: dict[str, str], data: Path, url: str) -> None:
    run_cli(env, data, "templates", "add", "RETAIL")
    run_cli(env, data, "shop", "add", "WEB", "--api-url", url)
    run_cli(env, data, "shop", "set", "WEB", *SETTINGS)


def _env(url: str | None) -> dict[str, str]:
    extra = {"SHOP_SYNC_TOKEN_WEB": TOKEN, "SHOP_SYNC_TOKEN_EU": TOKEN, **SHORT_WAITS,
             "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env = child_env(extra)
    env.pop(DATABASE_ENV, None)
    if url:
        env[DATABASE_ENV] = url
    return env


def _json(env: dict[str, str], data: Path, *args: str, ok=(0,)) -> object:
    return json.loads(run_cli(env, data, "--json", *args, ok=ok).stdout)


def _start(env: dict[str, str], data: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*shop_sync_command(), "--data-dir", str(data), "--json", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = process.communicate(timeout=240)
    return process.returncode, err


def _customers(env: dict[str, str], data: Path) -> list[tuple[str, str, str]]:
    rows = _json(env, data, "customers", "list")
    return sorted((c["no"], c["name"], c["shopify_id"] or "") for c in rows)


def _runs(env: dict[str, str], data: Path, resource: str) -> list[dict]:
    return [r for r in _json(env, data, "log", "--last", "50") if r["resource"] == resource]


def _problems(run: dict) -> list[tuple[str, str, str]]:
    return sorted((e["record"], e["field"], e["message"]) for e in run["errors"])


def _interval(run: dict) -> tuple[dt.datetime, dt.datetime]:
    return (dt.datetime.fromisoformat(run["started_at"]),
            dt.datetime.fromisoformat(run["finished_at"]))


def test_the_option_and_the_variable_point_two_folders_at_one_database(pg_server, tmp_path):
    url = emptied(pg_server)
    till, office, laptop = tmp_path / "till", tmp_path / "office", tmp_path / "laptop"
    # `shop add --api-url` stores the address without calling it (no sync here): port 9,
    # where nothing listens, spares a served shop.
    run_cli(_env(None), till, "--database", url, "shop", "add", "WEB", "--api-url",
            "http://127.0.0.1:9")
    by_variable = _json(_env(url), office, "shop", "list")
    after_command = _json(_env(None), laptop, "shop", "list", "--database", url)
    assert [s["code"] for s in by_variable] == [s["code"] for s in after_command] == ["WEB"]
    assert not any((f / "shop_sync.sqlite3").exists() for f in (till, office, laptop))
    with psycopg.connect(url) as conn:  # the token is the workstation's, never the server's
        dump = "".join(str(row) for row in conn.execute("SELECT * FROM shop"))
    assert TOKEN not in dump
    assert _json(_env(None), office, "shop", "list") == []  # left out: its own file as before


def test_a_wrong_server_is_refused_without_showing_the_password(tmp_path):
    env = _env("postgresql://anna:s3cret-pw@127.0.0.1:9/shop")  # port 9: nobody listens
    done = run_cli(env, tmp_path / "data", "shop", "list", ok=(2,))
    assert "could not be reached" in done.stderr
    assert "s3cret-pw" not in done.stderr + done.stdout
    log = (tmp_path / "data" / "logs" / "shop-sync.log")
    assert log.exists() and "s3cret-pw" not in log.read_text()


@pytest.mark.slow
def test_two_workstations_syncing_at_once_end_as_one_computer_alone(
        pg_server, demo_server, tmp_path):
    """Both finish, one after the other (the server's lock), with no record twice and the
    same customers, orders and documents as one computer with its own file."""
    url = emptied(pg_server)
    shared = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    alone = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    till, office, single = tmp_path / "till", tmp_path / "office", tmp_path / "single"
    env = _env(url)
    _add_shop(env, till, shared.url)

    both = [_start(env, folder, "sync", "all") for folder in (till, office)]
    outcomes = [_finish(p) for p in both]
    assert all(code in (0, 1) for code, _ in outcomes), outcomes

    _add_shop(_env(None), single, alone.url)
    run_cli(_env(None), single, "--json", "sync", "all", ok=(0, 1))

    runs = sorted(_runs(env, till, "customers"), key=lambda r: r["started_at"])
    [alone_run] = _runs(_env(None), single, "customers")
    assert len(runs) == 2, runs
    assert _interval(runs[0])[1] <= _interval(runs[1])[0], "the two syncs of one shop overlapped"
    # The first did what the computer alone did (its refused records too); the second found
    # the work done.
    assert (runs[0]["status"], runs[0]["created"]) == (alone_run["status"], alone_run["created"])
    assert _problems(runs[0]) == _problems(alone_run)
    assert runs[1]["created"] == 0, runs[1]
    assert _customers(env, till) == _customers(env, office) == _customers(_env(None), single)
    ids = [c[2] for c in _customers(env, till) if c[2]]
    assert len(ids) == len(set(ids)) >= int(CUSTOMERS) // 2
    orders = _json(env, office, "orders", "list")
    assert len({o["shopify_id"] for o in orders}) == len(orders) == len(
        _json(_env(None), single, "orders", "list"))


@pytest.mark.slow
def test_documents_created_at_once_on_two_workstations_never_share_a_number(
        pg_server, demo_server, tmp_path):
    """Two shops, so that the shop's lock does not queue them: the till creates the web
    store's documents while the office creates the other store's, at the same moment, from
    the same number series (`SO...`, started by neither yet)."""
    url = emptied(pg_server)
    stores = {"WEB": demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS),
              "EU": demo_server("--seed", "12", "--customers", CUSTOMERS, "--orders", ORDERS)}
    till, office = tmp_path / "till", tmp_path / "office"
    env = _env(url)
    run_cli(env, till, "templates", "add", "RETAIL")
    for account in ("6100", "6200", "2400", "6300"):
        run_cli(env, till, "accounts", "add", account)
    for code, served in stores.items():
        run_cli(env, till, "shop", "add", code, "--api-url", served.url)
        run_cli(env, till, "shop", "set", code, *SETTINGS, "auto_create_items=true",
                "shipping_charges_account=6100", "tip_account=6200",
                "sold_gift_card_account=2400", "refund_account=6300")
        run_cli(env, till, "--json", "sync", "orders", "--shop", code, ok=(0, 1))
    staged = [o for code in stores for o in _json(env, till, "orders", "list", "--shop", code)]
    assert len([o for o in staged if not o["document_no"]]) >= 20
    both = [_start(env, till, "orders", "create-documents", "--all", "--shop", "WEB"),
            _start(env, office, "orders", "create-documents", "--all", "--shop", "EU")]
    outcomes = [_finish(p) for p in both]
    assert all(code in (0, 1) for code, _ in outcomes), outcomes
    runs = [r for code in stores for r in _json(env, till, "log", "--last", "50", "--shop", code)
            if r["resource"] == "order-actions"]
    assert len(runs) == 2 and all(r["created"] > 5 for r in runs), runs
    assert not any("series" in e["message"] or "UNIQUE" in e["message"].upper()
                   for r in runs for e in r["errors"]), runs
    documents = _json(env, office, "documents", "list")
    numbers = [d["no"] for d in documents]
    assert len(numbers) == len(set(numbers)) >= sum(r["created"] for r in runs)
    per_order = [d["shopify_order_id"] for d in documents if d["type"] == "order"]
    assert len(per_order) == len(set(per_order))
