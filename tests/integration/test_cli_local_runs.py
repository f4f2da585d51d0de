"""Every command that changes data is a recorded run (issue 15), also those that belong to no
shop: `customers import/set/delete`, `items import`, `documents post-shipment/post-invoice/
reset`. Each leaves a run in the history (status, counts, what was saved, each refused record
with its field), and `shop-sync log` shows it with a placeholder for the shop.

Commands run in-process through `cli.main` on a real data folder (tests/integration/
json_cli.py); a run that died is made by killing a real `shop-sync` process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from json_cli import JsonCli

from desktop_app import paths
from desktop_app.cli import main
from desktop_app.store.database import close_database, open_database
from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.store.runs import INTERRUPTED_MESSAGE


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path) -> JsonCli:
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _log(cli: JsonCli, *args: str) -> list[dict]:
    return cli.ok("log", "--last", "50", *args)


def _text(cli: JsonCli, *args: str) -> tuple[int, str]:
    """The human text of a command (no --json)."""
    code = main(["--data-dir", str(cli.data), *args])
    return code, cli.capsys.readouterr().out


def _sales_order(data: Path, no: str) -> None:
    """A local sales order with one item line, as the orders job leaves one."""
    open_database(paths.database_path(data))
    try:
        doc = SalesDocument.create(no=no, type="order", sell_to_customer_no="C1",
                                   bill_to_customer_no="C1", document_date="2026-12-07",
                                   currency="EUR", amount=Decimal("20"), total=Decimal("20"))
        SalesLine.create(document=doc, line_no=10000, type="item", no="ITEM1",
                         description="Mug", quantity=Decimal("2"), unit_price=Decimal("10"),
                         amount=Decimal("20"))
    finally:
        close_database()


def test_customer_commands_are_recorded_runs_and_log_shows_them(cli, tmp_path):
    csv = tmp_path / "customers.csv"
    csv.write_text("no,name,email\nC1,Ann Lee,ann@example.com\nC2,Bob Roy,not-an-email\n"
                   "C3,Cleo Ito,cleo@example.jp\n", encoding="utf-8")
    code, _report, _ = cli.run("customers", "import", str(csv))
    assert code == 1
    code, _, _ = cli.run("customers", "import", str(csv), "--dry-run")  # changes nothing
    assert code == 1  # (C2 is still refused): no run
    cli.ok("customers", "set", "C1", "city=Lyon")
    code, _, err = cli.run("customers", "set", "C1", "email=nope")
    assert code == 2 and "email" in err
    cli.ok("customers", "delete", "C3")

    runs = _log(cli)
    assert [(r["shop"], r["resource"], r["status"]) for r in runs] == [
        (None, "local-customers", "ok"),       # delete C3
        (None, "local-customers", "failed"),   # set C1 email=nope: refused
        (None, "local-customers", "ok"),       # set C1 city
        (None, "local-customers", "partial"),  # the import, one row refused
    ]
    delete, refused, edit, imported = runs
    assert (imported["created"], imported["failed"]) == (2, 1)
    assert imported["message"] == ("customers import customers.csv: 2 created, 0 updated, "
                                   "0 unchanged, 1 refused (the others were saved).")
    assert [(e["record"], e["field"]) for e in imported["errors"]] == [("C2", "email")]
    assert edit["updated"] == 1 and edit["message"] == "customers set C1: changed city."
    assert refused["message"].startswith("customers set C1: ")
    assert refused["message"].endswith("Nothing was saved.")
    assert [(e["record"], e["field"]) for e in refused["errors"]] == [("C1", "email")]
    assert delete["message"] == "customers delete C3: Cleo Ito deleted."
    assert all(r["finished_at"] and r["warnings"] == [] for r in runs)

    # The human text names the shop as absent instead of printing "None".
    code, text = _text(cli, "log", "--last", "2")
    assert code == 0
    first = text.splitlines()[0]
    assert " (no shop) local-customers ok: " in first and "None" not in text
    assert "  customers delete C3: Cleo Ito deleted." in text.splitlines()
    assert "  C1: email: " in text


def test_items_import_and_document_postings_are_recorded_runs(cli, tmp_path):
    items = tmp_path / "items.csv"
    items.write_text("no,description,sku,unit_price\nITEM1,Mug,MUG-1,10\nITEM2,Cup,,abc\n",
                     encoding="utf-8")
    code, _, _ = cli.run("items", "import", str(items))
    assert code == 1
    cli.ok("shop", "list")  # creates the database
    _sales_order(cli.data, "SO1")
    shipment = cli.ok("documents", "post-shipment", "SO1")
    invoice = cli.ok("documents", "post-invoice", "SO1")
    code, _, err = cli.run("documents", "post-shipment", "SO404")
    assert code == 2 and "SO404" in err

    runs = _log(cli)
    assert [(r["shop"], r["resource"], r["status"]) for r in runs] == [
        (None, "local-documents", "failed"),
        (None, "local-documents", "ok"),
        (None, "local-documents", "ok"),
        (None, "local-items", "partial"),
    ]
    missing, posted_invoice, posted_shipment, imported = runs
    assert imported["message"].startswith("items import items.csv: 1 created")
    assert [(e["record"], e["field"]) for e in imported["errors"]] == [("ITEM2", "unit_price")]
    assert posted_shipment["message"] == (f"documents post-shipment SO1: shipment "
                                          f"{shipment['no']} posted (1 lines).")
    assert posted_invoice["message"] == (f"documents post-invoice SO1: invoice {invoice['no']} "
                                         "posted.")
    assert posted_invoice["created"] == 1
    assert "SO404" in missing["message"] and missing["errors"][0]["record"] == "SO404"
    # `--resource` takes the resources of the runs of no shop too.
    assert [r["id"] for r in _log(cli, "--resource", "local-items")] == [imported["id"]]


def test_a_killed_local_command_is_marked_interrupted_by_the_next_one(cli, tmp_path):
    """A `customers import` killed part-way stays "running"; the next command of no shop
    marks it failed, interrupted, while a sync's runs are left to their shop's lock."""
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("no,name,email\n")
        for n in range(300_000):
            handle.write(f"K{n},Name {n},k{n}@example.com\n")
    cli.ok("shop", "list")  # creates the database
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(cli.data), "customers",
         "import", str(big)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            running = [r for r in _log(cli) if r["status"] == "running"]
            if running:
                break
            assert process.poll() is None, "the import ended before it could be killed"
            time.sleep(0.05)
        assert running, "the import never showed as running"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    (killed,) = running
    assert [r["status"] for r in _log(cli)] == ["running"]

    small = tmp_path / "small.csv"
    small.write_text("no,name\nC1,Ann\n", encoding="utf-8")
    cli.ok("customers", "import", str(small))
    runs = {r["id"]: r for r in _log(cli)}
    assert runs[killed["id"]]["status"] == "failed"
    assert runs[killed["id"]]["message"] == INTERRUPTED_MESSAGE
    assert sorted(r["status"] for r in runs.values()) == ["failed", "ok"]
    assert not list(cli.data.glob(".run-*.lock"))  # each run's lock is gone with it


def test_a_live_local_run_is_not_marked_interrupted(cli, tmp_path):
    """A run whose process still holds its lock (here: this process, another handle) is left
    running."""
    from desktop_app.store import runs as store_runs
    from desktop_app.sync.process_lock import ProcessLock

    cli.ok("shop", "list")
    open_database(paths.database_path(cli.data))
    try:
        live = store_runs.start_run(None, "local-customers")
    finally:
        close_database()
    lock = ProcessLock(cli.data / f".run-{live}.lock")
    assert lock.try_acquire("customers import")
    try:
        small = tmp_path / "small.csv"
        small.write_text("no,name\nC1,Ann\n", encoding="utf-8")
        cli.ok("customers", "import", str(small))
        statuses = {r["id"]: r["status"] for r in _log(cli)}
        assert statuses[live] == "running"
    finally:
        lock.release()
    cli.ok("customers", "import", str(small))
    assert {r["id"]: r["status"] for r in _log(cli)}[live] == "failed"


def test_log_json_of_a_sync_keeps_its_shop(cli):
    cli.ok("shop", "add", "DEMO", "--demo")
    cli.ok("sync", "gift-cards")
    (run,) = _log(cli)
    assert run["shop"] == "DEMO" and run["resource"] == "gift-cards"
    assert json.dumps(run)  # plain JSON


def test_log_shows_a_runs_warnings_apart_from_its_errors(cli):
    """A sync's warnings (done, but worth a look) are kept with its run: `log --json` gives
    them under "warnings" (the shape of a sync's), the text marks them "note:"."""
    from desktop_app.store import runs as store_runs
    from desktop_app.sync.results import SyncResult

    cli.ok("shop", "add", "DEMO", "--demo")
    open_database(paths.database_path(cli.data))
    try:
        run_id = store_runs.start_run("DEMO", "orders")
        result = SyncResult("orders", created=1)
        result.fail("#1002", "customer", "no customer matches", code="no_customer")
        result.warn("#1001", "refunds", "fully_refunded", "refunded in full: no document")
        store_runs.finish_run(run_id, "partial", result)
    finally:
        close_database()
    (run,) = _log(cli)
    assert run["errors"] == [{"record": "#1002", "field": "customer", "code": "no_customer",
                              "message": "no customer matches", "resolved": False}]
    assert run["warnings"] == [{"record": "#1001", "field": "refunds", "code": "fully_refunded",
                                "message": "refunded in full: no document"}]
    code, text = _text(cli, "log")
    assert code == 0
    assert text.splitlines()[1:] == ["  #1002: customer: no customer matches",
                                     "  note: #1001: refunds: refunded in full: no document"]
    assert _log(cli, "--failed-only") == [run]  # partial: listed, with its warnings


def test_link_changes_and_web_upload_ticks_are_recorded_runs_of_their_shop(cli, tmp_path):
    """`customers link/unlink/assign-web-upload` change data of one shop card: each is a run of
    that shop (resource `customer-links`). A sync of the shop, which marks its own dead runs
    under the shop's lock, leaves a live one alone; a dead one is marked by the next run
    recorded apart from syncs."""
    from desktop_app.store import runs as store_runs
    from desktop_app.sync.process_lock import ProcessLock

    from desktop_app.records.customers import CustomerRecord
    from desktop_app.store import customers, shopify_customers

    cli.ok("shop", "add", "DEMO", "--demo")
    gid = "gid://shopify/Customer/417"
    open_database(paths.database_path(cli.data))
    try:
        customers.upsert_customers([{"no": "C1", "name": "Olivia Lambert"},
                                    {"no": "C2", "name": "Nora Quinn"}])
        shopify_customers.upsert_shopify_customers("DEMO", [
            CustomerRecord(shopify_id=gid, first_name="Olivia", last_name="Lambert")])
        shopify_customers.set_match("DEMO", gid, "C1", reason="email")
    finally:
        close_database()
    linked = {"no": "C1", "shopify_id": gid}
    other = {"no": "C2"}
    cli.ok("customers", "unlink", linked["no"])
    cli.ok("customers", "link", linked["no"], linked["shopify_id"])
    code, _, _ = cli.run("customers", "assign-web-upload", other["no"], "NOPE")
    assert code == 1  # NOPE is unknown: listed, the rest ticked
    links = [r for r in _log(cli) if r["resource"] == "customer-links"]
    assert [(r["shop"], r["status"]) for r in links] == [
        ("DEMO", "partial"), ("DEMO", "ok"), ("DEMO", "ok")]  # newest first
    assert f"customers link {linked['no']}" in links[1]["message"]
    assert f"unlinked from {linked['shopify_id']}" in links[2]["message"]
    assert [(e["record"], e["code"]) for e in links[0]["errors"]] == [("NOPE", "not_found")]

    # A link change still going (its process holds its lock) while a sync of the shop starts.
    open_database(paths.database_path(cli.data))
    try:
        live = store_runs.start_run("DEMO", "customer-links")
    finally:
        close_database()
    lock = ProcessLock(cli.data / f".run-{live}.lock")
    assert lock.try_acquire("customers link")
    try:
        cli.run("sync", "customers")  # (C2, ticked, fails its export: no e-mail)
        assert _log(cli)[0]["resource"] == "customers"  # the sync ran, under the shop's lock
        assert {r["id"]: r["status"] for r in _log(cli)}[live] == "running"
    finally:
        lock.release()
    small = tmp_path / "small.csv"
    small.write_text("no,name\nC1,Ann\n", encoding="utf-8")
    cli.ok("customers", "import", str(small))  # its process is gone: marked interrupted
    run = {r["id"]: r for r in _log(cli)}[live]
    assert (run["status"], run["message"]) == ("failed", INTERRUPTED_MESSAGE)
