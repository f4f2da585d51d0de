"""The order lifecycle is safe (issue 14, H3), end to end: `shop-sync` (in-process, the
installed command's code) on a real data folder against a demo shop served on loopback
(`shop-sync demo-shop serve`), set up only through Shopify's own mutations.

- One live document per order: `orders unlink [--delete-document]`, posted documents kept.
- Errors follow their causes: a failed order is decided again at the next create-documents
  and at the next sync once the setting it names is fixed.
- Lines with no item go to the Shop Card's `no_item_account`.
- `close_processed_orders`: a fulfilled, paid order whose invoice is posted is closed in
  Shopify (orderClose) at the next orders sync, once.

Controls (what each test did on the code before issue 14) are in each test's comment.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from json_cli import GRAPHQL, JsonCli

ORDER_CREATE = """
mutation O($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id name } userErrors { field message } }
}"""
ORDER_CLOSED = "query C($id: ID!) { order(id: $id) { id closed closedAt } }"
ADDRESS = {"firstName": "Ann", "lastName": "Lee", "address1": "5 Main St", "city": "Toronto",
           "zip": "M5H 1A1", "countryCode": "CA", "provinceCode": "ON"}


class Session(JsonCli):
    """`shop-sync` commands on one data folder, and GraphQL calls to the served shop."""

    def order(self, name_line: str, lines: list[dict[str, Any]], **extra: Any) -> str:
        data = self.gql(ORDER_CREATE, {"order": {
            "email": f"{name_line}@example.com", "currency": "CAD",
            "billingAddress": ADDRESS, "shippingAddress": ADDRESS,
            "lineItems": lines, **extra}})
        assert data["orderCreate"]["userErrors"] == [], data
        return data["orderCreate"]["order"]["id"]

    def documents(self, gid: str | None = None) -> list[dict[str, Any]]:
        docs = self.ok("documents", "list")
        return docs if gid is None else [d for d in docs if d["shopify_order_id"] == gid]

    def orders(self) -> dict[str, dict[str, Any]]:
        return {r["shopify_id"]: r for r in self.ok("orders", "list")}


def line(title: str, sku: str | None, price: str = "20.00", quantity: int = 1
         ) -> dict[str, Any]:
    raw: dict[str, Any] = {"title": title, "quantity": quantity,
                           "priceSet": {"shopMoney": {"amount": price, "currencyCode": "CAD"}}}
    if sku is not None:
        raw["sku"] = sku
    return raw


@pytest.fixture
def session(capsys, monkeypatch, tmp_path, memory_keyring, demo_server
            ) -> Callable[..., Session]:
    """A served demo shop with no orders of its own, a shop card LIFE on it with a token,
    one local customer WEB and the items MUG-1 and TEE-1; `settings` go to `shop set`."""

    def start(*settings: str) -> Session:
        served = demo_server("--seed", "3", "--customers", "5", "--orders", "0")
        s = Session(capsys, monkeypatch, tmp_path / "data", served.url)
        s.ok("shop", "add", "LIFE", "--api-url", served.url)
        code, _, err = s.run("token", "set", "LIFE", stdin="shpat_test\n")
        assert code == 0, err
        (tmp_path / "c.csv").write_text("no,name,email,phone,country\n"
                                        "WEB,Web shop customer,,,CA\n", "utf-8")
        s.ok("customers", "import", str(tmp_path / "c.csv"))
        (tmp_path / "i.csv").write_text("no,description,sku,unit_price\n"
                                        "1000,Mug,MUG-1,20\n1001,Tee,TEE-1,30\n", "utf-8")
        s.ok("items", "import", str(tmp_path / "i.csv"))
        s.ok("accounts", "add", "6100", "name=Shipping charges")
        s.ok("shop", "set", "LIFE", "customer_import=none", "shipping_charges_account=6100",
             *settings)
        s.request_log = served.request_entries  # type: ignore[attr-defined]
        return s

    return start


def _requests_named(s: Session, operation: str) -> int:
    entries = s.request_log()  # type: ignore[attr-defined]
    return sum(1 for e in entries if operation in (e.get("query") or ""))


# --- one live document per order ---------------------------------------------------------------


def test_unlink_keeps_or_deletes_and_never_makes_a_second_live_document(session):
    # Control: before issue 14, `orders unlink` kept the document silently and the next
    # `create-documents` made a second live one for the same order (SI000001 and SI000004
    # for one order in the reproduction); `--delete-document` did not exist (exit 2).
    s = session("default_customer_no=WEB")
    first = s.order("a", [line("Mug", "MUG-1")])
    second = s.order("b", [line("Tee", "TEE-1")])
    s.ok("sync", "orders")
    made = s.ok("orders", "create-documents", "--all")
    assert made["failed"] == 0 and len(made["documents"]) == 2, made
    (doc,) = s.documents(first)
    assert doc["status"] != "posted"

    # Kept: the document stays, and create-documents refuses the order, naming it.
    kept = s.ok("orders", "unlink", first)
    code, again, _ = s.run("orders", "create-documents", first)
    assert again["documents"] == [], "a second live document for one order"
    assert code == 1 and again["failed"] == 1
    assert kept["unlinked"] == [doc["no"]] and kept["kept"] == [doc["no"]]
    assert kept["deleted"] == []
    assert doc["no"] in again["errors"][0]["message"]
    assert again["errors"][0]["field"] == "document"
    assert doc["no"] in s.orders()[first]["error"]
    code, again, _ = s.run("orders", "create-documents", "--all")
    assert code == 1 and again["documents"] == []
    assert len(s.ok("documents", "list")) == 2  # no second document

    # Deleted: unlinking again with --delete-document removes the kept, unposted document;
    # the order's error goes with it, and a new document can be made (one live document).
    deleted = s.ok("orders", "unlink", first, "--delete-document")
    assert deleted["deleted"] == [doc["no"]] and deleted["kept"] == []
    assert doc["no"] not in {d["no"] for d in s.documents()}
    assert s.orders()[first]["error"] is None
    remade = s.ok("orders", "create-documents", first)
    assert len(remade["documents"]) == 1
    assert [d["no"] for d in s.documents(first)] == remade["documents"]

    # Posted documents are never deleted: the invoice stays, and no second one is made.
    (invoice,) = s.documents(second)
    s.ok("documents", "post-invoice", invoice["no"])
    posted = s.ok("orders", "unlink", second, "--delete-document")
    assert posted["deleted"] == [] and posted["kept"] == [invoice["no"]]
    assert next(d for d in s.documents() if d["no"] == invoice["no"])["status"] == "posted"
    code, refused, _ = s.run("orders", "create-documents", second)
    assert code == 1 and refused["documents"] == []
    message = refused["errors"][0]["message"]
    assert invoice["no"] in message and "posted" in message
    live = [d for d in s.documents() if d["type"] != "credit_memo"]
    assert len(live) == 2  # first's new document and second's posted invoice


def test_unlink_with_delete_of_an_order_without_documents_changes_nothing(session):
    s = session("default_customer_no=WEB")
    gid = s.order("a", [line("Mug", "MUG-1")])
    s.ok("sync", "orders")
    done = s.ok("orders", "unlink", gid, "--delete-document")
    assert done == {"shopify_id": gid, "unlinked": [], "deleted": [], "kept": []}
    assert len(s.ok("orders", "create-documents", gid)["documents"]) == 1


# --- errors follow their causes ----------------------------------------------------------------


def test_an_error_goes_at_the_next_create_documents_once_its_cause_is_fixed(session):
    # Control: before issue 14 the stored "no default customer is set" error was given back
    # by create-documents until the order was resynced by hand (the customer was decided
    # only at import).
    s = session()
    gid = s.order("a", [line("Mug", "MUG-1")])
    assert s.run("sync", "orders")[0] == 1  # the order failed
    error = s.orders()[gid]["error"]
    assert error and "no default customer is set" in error
    code, failed, _ = s.run("orders", "create-documents", "--all")
    assert code == 1 and failed["documents"] == []

    s.ok("shop", "set", "LIFE", "default_customer_no=WEB")
    made = s.ok("orders", "create-documents", "--all")
    assert made["failed"] == 0 and len(made["documents"]) == 1, made
    row = s.orders()[gid]
    assert row["error"] is None and row["customer_no"] == "WEB"
    assert row["state"] == "processed"


def test_an_error_goes_at_the_next_sync_once_its_cause_is_fixed(session):
    # Control: before issue 14 the failed order was left out of every later sync (Auto
    # Create skipped orders with an error, and an unchanged order is not read again), so
    # the second sync created nothing and the error stayed.
    s = session("auto_create_orders=true")
    gid = s.order("a", [line("Mug", "MUG-1")])
    other = s.order("b", [line("Engraving", "ENGRAVE-9")])
    first = s.run("sync", "orders")[1]
    assert first["failed"] == 2
    assert "no default customer is set" in s.orders()[gid]["error"]

    # Nothing the errors depend on changed: the next sync decides nothing again.
    calls = _requests_named(s, "CustomerById")
    code, same, _ = s.run("sync", "orders")
    assert code == 0 and same["failed"] == 0 and same["created"] == 0
    assert s.orders()[gid]["error"]

    s.ok("shop", "set", "LIFE", "default_customer_no=WEB")
    code, fixed, _ = s.run("sync", "orders")
    rows = s.orders()
    assert rows[gid]["error"] is None and rows[gid]["state"] == "processed"
    assert len(s.documents(gid)) == 1
    # The other order still lacks its item: decided again, still failing, and says why.
    assert code == 1 and [e["record"] for e in fixed["errors"]] == [rows[other]["name"]]
    assert "ENGRAVE-9" in rows[other]["error"]
    assert "default customer" not in rows[other]["error"]
    assert _requests_named(s, "CustomerById") == calls  # guests: no Shopify customer read

    # The item arrives (a CSV import): the next sync decides the order again and makes it.
    csv = s.data.parent / "engrave.csv"
    csv.write_text("no,description,sku,unit_price\n2000,Engraving,ENGRAVE-9,15\n", "utf-8")
    s.ok("items", "import", str(csv))
    made = s.ok("sync", "orders")
    assert made["failed"] == 0 and s.orders()[other]["error"] is None
    (doc,) = s.documents(other)
    assert [ln["no"] for ln in doc["lines"] if ln["type"] == "item"] == ["2000"]


# --- lines with no item ------------------------------------------------------------------------


def test_lines_without_an_item_go_to_the_no_item_account(session):
    # Control: before issue 14 `shop set ... no_item_account=...` was refused (exit 2,
    # unknown setting) and the order stayed blocked by its unknown SKU.
    s = session("default_customer_no=WEB")
    gid = s.order("a", [line("Mug", "MUG-1"), line("Engraving", "ENGRAVE-9", "15.00"),
                        line("Gift wrap", None, "5.00")])
    assert s.run("sync", "orders")[0] == 1  # the order failed
    assert "ENGRAVE-9" in s.orders()[gid]["error"]
    s.ok("accounts", "add", "6500", "name=Services")
    s.ok("shop", "set", "LIFE", "no_item_account=6500")
    assert s.ok("shop", "show", "LIFE")["no_item_account"] == "6500"
    made = s.ok("orders", "create-documents", gid)
    assert len(made["documents"]) == 1
    (doc,) = s.documents(gid)
    kinds = {ln["description"]: (ln["type"], ln["no"]) for ln in doc["lines"]}
    assert kinds["Mug"] == ("item", "1000")
    assert kinds["Engraving"] == ("gl_account", "6500")
    assert kinds["Gift wrap"] == ("gl_account", "6500")
    assert s.orders()[gid]["error"] is None


# --- closing processed orders in Shopify -------------------------------------------------------


def test_a_fulfilled_paid_order_with_a_posted_invoice_is_closed_once(session):
    # Control: before issue 14 no setting `close_processed_orders` existed (exit 2) and the
    # app never sent orderClose: the order stayed open in Shopify.
    s = session("default_customer_no=WEB", "auto_create_orders=true",
                "close_processed_orders=true")
    done = s.order("a", [line("Mug", "MUG-1")], financialStatus="PAID",
                   fulfillmentStatus="FULFILLED")
    unposted = s.order("b", [line("Tee", "TEE-1")], financialStatus="PAID",
                       fulfillmentStatus="FULFILLED")
    unpaid = s.order("c", [line("Mug", "MUG-1")], financialStatus="PENDING",
                     fulfillmentStatus="FULFILLED")
    s.ok("sync", "orders")
    assert _requests_named(s, "orderClose") == 0  # nothing posted yet
    for gid in (done, unpaid):
        (doc,) = s.documents(gid)
        assert doc["type"] == "invoice"
        s.ok("documents", "post-invoice", doc["no"])

    s.ok("sync", "orders")
    assert _requests_named(s, "orderClose") == 1
    assert s.gql(ORDER_CLOSED, {"id": done})["order"]["closed"] is True
    for gid in (unposted, unpaid):
        assert s.gql(ORDER_CLOSED, {"id": gid})["order"]["closed"] is False

    # A closed order is not touched again, even once the merchant opens it again.
    s.ok("sync", "orders")
    s.ok("sync", "orders")
    assert _requests_named(s, "orderClose") == 1
    opened = s.gql("mutation R($input: OrderOpenInput!) { orderOpen(input: $input) { "
                   "order { closed } userErrors { message } } }", {"input": {"id": done}})
    assert opened["orderOpen"]["order"]["closed"] is False
    s.ok("sync", "orders")
    s.ok("sync", "orders")
    assert _requests_named(s, "orderClose") == 1
    assert s.gql(ORDER_CLOSED, {"id": done})["order"]["closed"] is False


def test_closing_is_off_by_default(session):
    s = session("default_customer_no=WEB", "auto_create_orders=true")
    gid = s.order("a", [line("Mug", "MUG-1")], financialStatus="PAID",
                  fulfillmentStatus="FULFILLED")
    s.ok("sync", "orders")
    (doc,) = s.documents(gid)
    s.ok("documents", "post-invoice", doc["no"])
    s.ok("sync", "orders")
    assert _requests_named(s, "orderClose") == 0
    assert s.gql(ORDER_CLOSED, {"id": gid})["order"]["closed"] is False


async def test_a_failed_close_is_recorded_under_its_order_and_tried_again(db):
    # The engine against the in-process demo shop. Shopify refuses to close one order (its
    # answer for an order deleted in Shopify's admin: "Order does not exist"; the demo shop
    # cannot delete orders, so the transport answers that for this one order). The failure
    # names the order and the field, the other order is closed all the same, and the next
    # sync tries the failed one again.
    from desktop_app.demo_shop import DemoRequest, DemoShop, DemoShopTransport, ShopBackend
    from desktop_app.shopify.address import ShopAddress
    from desktop_app.shopify.auth import StaticToken
    from desktop_app.shopify.client import ShopifyClient
    from desktop_app.store import customers, invoices, shops
    from desktop_app.store import orders as order_store
    from desktop_app.sync.context import JobContext, NullReporter
    from desktop_app.sync.orders import sync_orders
    from desktop_app.sync.results import SyncResult

    shops.create_shop("C", is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB", "auto_create_items": True,
        "auto_create_orders": True, "close_processed_orders": True})
    customers.upsert_customers([{"no": "WEB", "name": "Web shop customer"}])
    backend = ShopBackend.generate(seed=4, customers=2, orders=0)
    demo = DemoShop(backend)
    refused: list[str] = []

    class Refusing(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = DemoShopTransport(demo)

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            body = json.loads(request.content or b"{}")
            if "orderClose" in body.get("query", "") and \
                    body["variables"]["input"]["id"] in refused:
                return httpx.Response(200, json={"data": {"orderClose": {
                    "order": None, "userErrors": [{"field": ["id"],
                                                   "message": "Order does not exist"}]}}})
            return await self.inner.handle_async_request(request)

    async def gql(query: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = await demo.handle(DemoRequest(
            "POST", GRAPHQL, {"X-Shopify-Access-Token": "t", "Content-Type": "application/json"},
            json.dumps({"query": query, "variables": variables}).encode()))
        return answer.json()["data"]

    async def token() -> str:
        return "t"

    async def sync() -> SyncResult:
        result = SyncResult("orders")
        async with ShopifyClient(ShopAddress.loopback(), StaticToken(token),
                                 transport=Refusing()) as client:
            await sync_orders(JobContext("C", client, result, NullReporter(), 0))
        return result

    try:
        gids = []
        for email in ("gone", "kept"):
            data = await gql(ORDER_CREATE, {"order": {
                "email": f"{email}@example.com", "currency": "CAD",
                "financialStatus": "PAID", "fulfillmentStatus": "FULFILLED",
                "lineItems": [line("Mug", "MUG-1")]}})
            gids.append(data["orderCreate"]["order"]["id"])
        gone, kept = gids
        assert (await sync()).failed == 0
        for gid in gids:
            invoices.post_invoice(order_store.get_order("C", gid).document_no)
        name = order_store.get_order("C", gone).name
        refused.append(gone)

        result = await sync()
        assert [(e.record, e.field) for e in result.errors] == [(name, "closed")]
        assert "could not be closed in Shopify" in result.errors[0].message
        assert "Order does not exist" in result.errors[0].message
        assert order_store.get_order("C", kept).closed
        assert (await gql(ORDER_CLOSED, {"id": kept}))["order"]["closed"] is True
        assert not order_store.get_order("C", gone).closed
        again = await sync()
        assert [(e.record, e.field) for e in again.errors] == [(name, "closed")]
        refused.clear()  # Shopify takes it now: closed, and never asked again
        assert (await sync()).failed == 0
        assert order_store.get_order("C", gone).closed
        assert (await sync()).failed == 0
    finally:
        backend.close()


def test_order_actions_are_recorded_runs(session):
    """Every command that changes data is a recorded run (issue 15): create-documents was
    never recorded (run id 0), so a failed one left no trace in the history."""
    s = session()
    s.order("a", [line("Mug", "MUG-1")])
    assert s.run("sync", "orders")[0] == 1  # no default customer: the order failed
    code, _, _ = s.run("orders", "create-documents", "--all")
    assert code == 1
    s.ok("shop", "set", "LIFE", "default_customer_no=WEB")
    made = s.ok("orders", "create-documents", "--all")
    s.ok("orders", "unlink", made["documents"] and next(iter(s.orders())))
    runs = [r for r in s.ok("log", "--last", "10") if r["resource"] == "order-actions"]
    assert [(r["status"], r["message"]) for r in runs] == [
        ("ok", "unlink"), ("ok", "create-documents"), ("partial", "create-documents")]
    assert runs[0]["updated"] == 1
    assert runs[2]["failed"] == 1 and runs[2]["errors"][0]["message"]


def test_a_ship_to_cut_to_the_document_is_named(session):
    """Never cut without a word (issue 15): a shipping street longer than the document's
    100 characters is cut on the document and the run says so (field_cut)."""
    s = session("default_customer_no=WEB")
    street = "1 " + "Harbourfront Boulevard " * 7  # 163 characters
    gid = s.order("a", [line("Mug", "MUG-1")],
                  shippingAddress={**ADDRESS, "address1": street})
    s.run("sync", "orders")
    made = s.ok("orders", "create-documents", gid)
    assert len(made["documents"]) == 1, made
    cut = [w for w in made["warnings"] if w["code"] == "field_cut"]
    assert [w["field"] for w in cut] == ["ship_to_address"], made["warnings"]


def test_exclude_and_resolve_conflict_are_recorded_actions(session):
    """`orders exclude` and `orders resolve-conflict` run the same engine functions as the
    window (OrderJob.exclude, OrderJob.resolve_conflicts) and are recorded runs."""
    s = session("default_customer_no=WEB", "auto_create_orders=true")
    gid = s.order("a", [line("Mug", "MUG-1")])
    s.run("sync", "orders")
    assert s.ok("orders", "exclude", gid) == {"excluded": 0}  # imported, not staged
    code, _, err = s.run("orders", "resolve-conflict", "gid://shopify/Order/999999")
    assert code == 2 and "999999" in err
    assert s.ok("orders", "resolve-conflict", gid)["conflict"] is None
    runs = [(r["message"], r["status"]) for r in s.ok("log", "--last", "10")
            if r["resource"] == "order-actions"]
    assert runs == [("resolve-conflict", "ok"), ("exclude", "ok")]


ORDER_CANCEL = """
mutation C($id: ID!) {
  orderCancel(orderId: $id, reason: CUSTOMER, restock: false) {
    job { id } orderCancelUserErrors { field message }
  }
}"""


def test_an_order_cancelled_after_its_document_is_a_conflict_to_resolve(session):
    # Control: before issue 18 the sync said "0 created, 1 updated, 0 skipped, 0 failed",
    # with no `conflicts` and no warning: the conflict showed only in the Orders tab's
    # "Errors and conflicts" view.
    s = session("default_customer_no=WEB")
    gid = s.order("a", [line("Mug", "MUG-1")])
    first = s.ok("sync", "orders")
    assert first["created"] == 1 and first["conflicts"] == 0
    made = s.ok("orders", "create-documents", "--all")
    assert made["failed"] == 0 and len(made["documents"]) == 1, made
    assert s.gql(ORDER_CANCEL, {"id": gid})["orderCancel"]["orderCancelUserErrors"] == []

    result = s.ok("sync", "orders")

    assert result["conflicts"] == 1
    assert (result["updated"], result["failed"]) == (1, 0)  # the totals as before
    [warning] = [w for w in result["warnings"] if w["code"] == "order_conflict"]
    assert warning["record"].startswith("#")  # the order's name, as its errors say it
    assert "order cancelled" in warning["message"]
    assert s.orders()[gid]["conflict"]
    # The window's words for it (the tab's status line and the log, `ui.result_text`).
    from desktop_app.sync.results import SideCounts, SyncResult
    from desktop_app.ui.result_text import result_text
    said = SyncResult("orders", updated=1, conflicts=1, local=SideCounts(**result["local"]))
    assert result_text(said) == "Local: 1 updated · 1 conflict to resolve"
    # Known now: the next sync does not count it again.
    assert s.ok("sync", "orders")["conflicts"] == 0
