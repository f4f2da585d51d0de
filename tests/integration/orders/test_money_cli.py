"""Money adds up, end to end (issue 14): `shop-sync` (in-process, the installed command's
code) on a real data folder against a demo shop served on loopback, orders and refunds made
only through Shopify's own mutations (orderCreate, refundCreate).

Control: before issue 14, the order refunded in part before its import got a sales order for
the remaining mug (17.00) and a credit memo for the refunded one (10.00): 7.00 locally for
27.00 - 10.00 = 17.00 in Shopify; the fully refunded order failed ("nothing left to
invoice", or a document for its shipping credited again) at every sync.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from json_cli import JsonCli

ORDER_CREATE = """
mutation O($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) {
    order { id name lineItems(first: 5) { nodes { id } } } userErrors { field message } }
}"""
REFUND_CREATE = """
mutation R($input: RefundInput!) {
  refundCreate(input: $input) { refund { id } userErrors { field message } }
}"""
ORDER_MONEY = """
query M($id: ID!) { order(id: $id) {
  totalPriceSet { shopMoney { amount } } totalRefundedSet { shopMoney { amount } } } }"""


def _cad(amount: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount, "currencyCode": "CAD"}}


class Cli(JsonCli):
    def mugs_refunded(self, quantity: int, money: str, shipping: bool) -> dict[str, Any]:
        """An order of two mugs at 10.00 and 7.00 shipping, paid, then `quantity` mugs
        refunded (and the shipping with `shipping`), `money` given back."""
        order = self.gql(ORDER_CREATE, {"order": {
            "email": "buyer@example.com", "currency": "CAD", "financialStatus": "PAID",
            "lineItems": [{"title": "Mug", "sku": "MUG-1", "quantity": 2,
                           "priceSet": _cad("10.00")}],
            "shippingLines": [{"title": "Standard", "priceSet": _cad("7.00")}]}})
        order = order["orderCreate"]["order"]
        refund: dict[str, Any] = {
            "orderId": order["id"],
            "refundLineItems": [{"lineItemId": order["lineItems"]["nodes"][0]["id"],
                                 "quantity": quantity, "restockType": "NO_RESTOCK"}],
            "transactions": [{"kind": "REFUND", "gateway": "manual", "amount": money,
                              "orderId": order["id"]}]}
        if shipping:
            refund["shipping"] = {"fullRefund": True}
        made = self.gql(REFUND_CREATE, {"input": refund})["refundCreate"]
        assert made["userErrors"] == [], made
        return order

    def local_net(self, gid: str) -> Decimal:
        return sum((Decimal(d["total"]) * (-1 if d["type"] == "credit_memo" else 1)
                    for d in self.ok("documents", "list") if d["shopify_order_id"] == gid),
                   Decimal(0))

    def shopify_net(self, gid: str) -> Decimal:
        node = self.gql(ORDER_MONEY, {"id": gid})["order"]
        return Decimal(node["totalPriceSet"]["shopMoney"]["amount"]) \
            - Decimal(node["totalRefundedSet"]["shopMoney"]["amount"])


def test_refunds_before_the_import_through_the_command_line(capsys, monkeypatch, tmp_path,
                                                            memory_keyring, demo_server):
    served = demo_server("--seed", "14", "--customers", "3", "--orders", "0")
    cli = Cli(capsys, monkeypatch, tmp_path / "data", served.url)
    cli.ok("shop", "add", "M", "--api-url", served.url)
    cli.ok("token", "set", "M", stdin="shpat_test\n")
    (tmp_path / "c.csv").write_text("no,name,email,phone,country\nWEB,Web shop,,,CA\n", "utf-8")
    cli.ok("customers", "import", str(tmp_path / "c.csv"))
    (tmp_path / "i.csv").write_text("no,description,sku,unit_price\n1000,Mug,MUG-1,10\n",
                                    "utf-8")
    cli.ok("items", "import", str(tmp_path / "i.csv"))
    for account in ("6100", "6900", "6910"):
        cli.ok("accounts", "add", account)
    cli.ok("shop", "set", "M", "customer_import=none", "default_customer_no=WEB",
           "auto_create_orders=true", "create_invoices_from_orders=false",
           "return_processing=auto_credit_memo", "shipping_charges_account=6100",
           "refund_account=6900", "refund_account_non_restock=6910")
    part = cli.mugs_refunded(1, "10.00", shipping=False)
    full = cli.mugs_refunded(2, "27.00", shipping=True)

    first = cli.ok("sync", "orders")
    assert first["failed"] == 0, first["errors"]
    assert [(w["record"], w["code"]) for w in first["warnings"]] == [
        (full["name"], "fully_refunded")]
    cli.ok("orders", "create-documents", "--all")  # nothing more to make, nothing failed
    docs = [d for d in cli.ok("documents", "list") if d["shopify_order_id"] == part["id"]]
    assert [(d["type"], d["total"]) for d in docs] == [("order", "17.00")]
    for order in (part, full):
        assert cli.local_net(order["id"]) == cli.shopify_net(order["id"]), order["name"]
    again = cli.ok("sync", "orders")
    assert again["failed"] == 0 and again["warnings"] == [], again
    assert cli.local_net(part["id"]) == Decimal("17.00")
    rows = {r["shopify_id"]: r for r in cli.ok("orders", "list")}
    assert rows[full["id"]]["error"] in ("", None) and rows[full["id"]]["document_no"] in ("",
                                                                                            None)
