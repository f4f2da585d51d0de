"""Writes data/shopify_orders.json (hostile Shopify orders, one case per entry) and
data/bulk_orders_jsonl.json (broken JSONL files of the orders bulk export).

Kept as a script, like make_customers_corpus.py: a few cases are too large to write by hand
(10,000 line items, a 1,000,000-character note), and every entry carries its `case`
comment. Re-run after editing: `.venv/bin/python tests/corpus/make_orders_corpus.py`.

The file holds one well-formed `template` order and, per case, only what the case changes
in it (a key set to "__omit__" is left out of the node). The test fills in the template's
"{order}" (880000 + the case's number), "{name}" (7000 + it) and "{n}". Orders are complete
nodes in the shape OrderById gives (every connection as `{"nodes": [...]}`, both money
sides, `totalDiscountSet` and `discountAllocations` on each line); the test's fake Shopify
cuts them down to what each of the app's queries selects (OrdersToImport, OrderById, the
BulkOrders export). Long values are written as {"$repeat": text, "times": n} (a list of
them joined), lists as {"$list": "t{i}", "times": n} or {"$each": object, "times": n}
("{i}" numbered in its strings); "line_count": n on an entry repeats its one line item n
times (ids numbered on).

Each entry:
- "case": why it is hostile;
- "expect": "document" (imported, and its sales document made), "held" (imported, no
  document: the order's error names the field) or "refused" (not imported: the run's
  error names the order and the field); "expect_pages" overrides it for the OrdersToImport
  read, which selects other fields (one money side, discount allocations);
- "field": what the error's field must contain (held and refused);
- on the pages read, an order without a usable id is never read in full (it cannot be asked
  for by id): the light change check (OrderChanges, which also reads the name) refuses it,
  naming it and the field `id`, as the other reads do;
- "expect_bulk" / "field_bulk": the same for the bulk export, where a connection's nodes are
  lines of their own (a null or malformed connection simply has no lines there); any key
  may be overridden per read this way ("_bulk", "_pages", "_by_id");
- "repair": how a repaired order was repaired, and "note": what its note must contain;
- "refund": "memo" (a credit memo is made for its refund) or "refused" (no credit memo; the
  error names the order and "refund_field");
- "check": the name of an extra check the test runs on it.
"customers" maps Customer GIDs to what CustomerById answers.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GID = "gid://shopify/"
cases: list[dict[str, Any]] = []
customers: dict[str, dict[str, Any]] = {}
_line_no = [100]


def rep(text: str, times: int) -> dict[str, Any]:
    """A long string, kept short in the file: expanded by the test's loader."""
    return {"$repeat": text, "times": times}


def money(shop: Any, presentment: Any = "same") -> dict[str, Any]:
    return {"shopMoney": {"amount": shop},
            "presentmentMoney": {"amount": shop if presentment == "same" else presentment}}


ADDRESS = {"firstName": "Ana", "lastName": "Lima", "company": None, "address1": "1 King St W",
           "address2": None, "city": "Toronto", "province": "Ontario", "provinceCode": "ON",
           "zip": "M5H 1A1", "countryCodeV2": "CA", "phone": "+14165550100"}


def line(price: Any = "10.00", quantity: Any = 2, *, tax: Any = "1.00", rate: Any = 0.05,
         sku: Any = "MUG-1", title: Any = "Mug", discount: Any = "0.00", **over: Any
         ) -> dict[str, Any]:
    """A LineItem: `quantity` at `price`, one GST tax line of `tax` for the whole line."""
    _line_no[0] += 1
    node = {
        "id": f"{GID}LineItem/{_line_no[0]}", "title": title, "variantTitle": None,
        "sku": sku, "quantity": quantity, "currentQuantity": quantity, "isGiftCard": False,
        "requiresShipping": True, "variant": {"id": f"{GID}ProductVariant/1"},
        "originalUnitPriceSet": money(price),
        "totalDiscountSet": money(discount),
        "discountAllocations": [] if discount == "0.00" else
        [{"allocatedAmountSet": money(discount)}],
        "taxLines": [] if tax is None else
        [{"title": "GST", "rate": rate, "priceSet": money(tax)}],
        "customAttributes": [],
    }
    node.update(over)
    return node


def shipping_line(price: str = "5.00", title: Any = "Standard", **over: Any) -> dict[str, Any]:
    _line_no[0] += 1
    node = {"id": f"{GID}ShippingLine/{_line_no[0]}", "title": title, "code": "STD",
            "source": "shopify", "isRemoved": False, "originalPriceSet": money(price),
            "discountedPriceSet": money(price), "taxLines": []}
    node.update(over)
    return node


def refund(total: str, lines: list[dict[str, Any]], *, number: int | None = None,
           **over: Any) -> dict[str, Any]:
    _line_no[0] += 1
    node = {"id": f"{GID}Refund/{number or _line_no[0]}", "createdAt": "2026-03-02T09:00:00Z",
            "updatedAt": "2026-03-02T09:00:00Z", "note": None, "return": None,
            "totalRefundedSet": money(total), "refundLineItems": {"nodes": lines},
            "transactions": {"nodes": [{"id": f"{GID}OrderTransaction/{_line_no[0]}",
                                        "kind": "REFUND", "status": "SUCCESS",
                                        "gateway": "manual"}]},
            "refundShippingLines": {"nodes": []}}
    node.update(over)
    return node


def refund_line(of: dict[str, Any], quantity: Any, subtotal: str, tax: str = "0.00",
                restock: Any = "NO_RESTOCK", **over: Any) -> dict[str, Any]:
    node = {"quantity": quantity, "restockType": restock,
            "lineItem": {"id": of["id"], "sku": of.get("sku"), "title": of.get("title"),
                         "isGiftCard": False},
            "location": None, "subtotalSet": money(subtotal), "totalTaxSet": money(tax)}
    node.update(over)
    return node


def template() -> dict[str, Any]:
    """The well-formed order every case starts from, with "{order}" (its number), "{name}"
    and "{n}" (the case's) to fill in: a CAD order of 2 mugs at 10.00 + 1.00 GST = 21.00."""
    default_line = line()
    default_line["id"] = f"{GID}LineItem/{{order}}"
    return {
        "id": f"{GID}Order/{{order}}", "name": "#{name}",
        "email": "buyer{n}@corpus.example", "phone": None,
        "createdAt": "2026-03-01T10:00:00Z", "updatedAt": "2026-03-01T10:00:00Z",
        "processedAt": "2026-03-01T10:00:00Z", "cancelledAt": None, "cancelReason": None,
        "closed": False, "test": False, "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "UNFULFILLED", "fullyPaid": True, "currencyCode": "CAD",
        "presentmentCurrencyCode": "CAD", "taxesIncluded": False, "taxExempt": False,
        "sourceName": "web", "tags": [], "note": None, "poNumber": None, "discountCodes": [],
        "currentSubtotalLineItemsQuantity": 2, "customAttributes": [],
        "purchasingEntity": None, "shippingAddress": dict(ADDRESS),
        "billingAddress": dict(ADDRESS), "currentTotalPriceSet": money("21.00"),
        "totalOutstandingSet": money("0.00"),
        "risk": {"recommendation": "ACCEPT", "assessments": [{"riskLevel": "LOW"}]},
        "transactions": [{"id": f"{GID}OrderTransaction/{{order}}", "kind": "SALE",
                          "status": "SUCCESS", "gateway": "manual",
                          "processedAt": "2026-03-01T10:00:00Z", "parentTransaction": None,
                          "amountSet": money("21.00")}],
        "refunds": [], "lineItems": {"nodes": [default_line]}, "shippingLines": {"nodes": []},
        "returns": {"nodes": []},
    }


TEMPLATE = template()
_line_no[0] = 10_000_000  # ids of the lines cases make: never one of a template line


def order(comment: str, expect: str = "document", *, field: str = "", lines: Any = None,
          number: int | None = None, extra: dict[str, Any] | None = None, **over: Any
          ) -> dict[str, Any]:
    """A case: the template order with `over` (and `lines`, `number` for its id); only
    what differs from the template is written to the file."""
    changes: dict[str, Any] = dict(over)
    if lines is not None:
        changes["lineItems"] = {"nodes": lines}
    if number is not None:
        changes["id"] = f"{GID}Order/{number}"
    entry = {"case": comment, "expect": expect, "order": changes}
    if field:
        entry["field"] = field
    entry.update(extra or {})
    cases.append(entry)
    return changes


def omit(node: dict[str, Any], *keys: str) -> None:
    """Leave `keys` out of the node altogether (not null: absent)."""
    for key in keys:
        node[key] = "__omit__"


def one_line(**over: Any) -> list[dict[str, Any]]:
    return [line(**over)]


# --- nulls where Shopify promises a value -----------------------------------------------------
order("id null: Order.id is ID!", "refused", field="id", id=None)
omit(order("id missing altogether", "refused", field="id"), "id")
order("id empty string", "refused", field="id", id="")
order("id of another resource (a Customer)", "refused", field="id",
      id=f"{GID}Customer/880004")
order("id is an integer", "refused", field="id", id=880005)
order("id is the bare type prefix", "refused", field="id", id=f"{GID}Order/")
order("name null: String! promised", extra={"repair": "the order's id stands in for its name",
                                            "note": "no order name"}, name=None)
order("currencyCode null", "refused", field="currencyCode", currencyCode=None)
order("currencyCode empty", "refused", field="currencyCode", currencyCode="")
order("presentmentCurrencyCode null", extra={"repair": "the shop currency stands in",
                                             "note": "presentmentCurrencyCode"},
      presentmentCurrencyCode=None)
order("currentTotalPriceSet null", extra={"repair": "the total is derived from the lines",
                                          "note": "currentTotalPriceSet"},
      currentTotalPriceSet=None)
order("currentTotalPriceSet.shopMoney null", "refused", field="currentTotalPriceSet",
      currentTotalPriceSet={"shopMoney": None, "presentmentMoney": {"amount": "21.00"}})
order("totalOutstandingSet null", "refused", field="totalOutstandingSet",
      totalOutstandingSet=None)
order("line originalUnitPriceSet null", "refused", field="originalUnitPriceSet",
      lines=one_line(originalUnitPriceSet=None))
order("line price amount null", "refused", field="originalUnitPriceSet",
      lines=one_line(originalUnitPriceSet={"shopMoney": {"amount": None},
                                           "presentmentMoney": {"amount": None}}))
order("line quantity null", "refused", field="lineItems.quantity", lines=one_line(quantity=None))
order("line currentQuantity null", "refused", field="lineItems.currentQuantity",
      lines=one_line(currentQuantity=None))
order("lineItems null: LineItemConnection! promised", "refused", field="lineItems",
      lineItems=None, extra={"expect_bulk": "held", "field_bulk": "lines"})
order("a null inside lineItems.nodes", "refused", field="lineItems",
      lineItems={"nodes": [line(), None]}, extra={"expect_bulk": "document"})
order("line id null", "refused", field="lineItems.id", lines=one_line(id=None))
order("line title null (String! promised)", extra={"repair": "an empty title"},
      lines=one_line(title=None))
order("createdAt null", "refused", field="createdAt", createdAt=None)
order("updatedAt null", "refused", field="updatedAt", updatedAt=None)
order("line totalDiscountSet null (read by OrderById and the export)", "refused",
      field="totalDiscountSet", lines=one_line(totalDiscountSet=None),
      extra={"expect_pages": "document"})
order("line discountAllocations null (read by the OrdersToImport page)", field="",
      lines=one_line(discountAllocations=None),
      extra={"expect_pages": "refused", "field": "discountAllocations"})
order("line taxLines null", "refused", field="taxLines", lines=one_line(taxLines=None))
order("tax line priceSet null", "refused", field="taxLines.priceSet",
      lines=one_line(taxLines=[{"title": "GST", "rate": 0.05, "priceSet": None}]))
order("shippingLines null", "refused", field="shippingLines", shippingLines=None,
      extra={"expect_bulk": "document"})
order("transactions null", "refused", field="transactions", transactions=None)
order("refunds null", "refused", field="refunds", refunds=None)
order("tags null ([String!]! promised)", extra={"repair": "no tags"}, tags=None)
order("customAttributes null and an attribute with a null key",
      extra={"repair": "no attributes; a null key reads as empty"}, customAttributes=None,
      lines=one_line(customAttributes=[{"key": None, "value": None}]))
order("no shipping and no billing address", shippingAddress=None, billingAddress=None)
order("guest without e-mail, phone or address",
      extra={"repair": "the shop's default customer, with a note", "note": "default customer"},
      email=None, phone=None, shippingAddress=None, billingAddress=None)
order("displayFulfillmentStatus null (promised)", displayFulfillmentStatus=None)
order("transaction amountSet null", "refused", field="transactions.amountSet",
      transactions=[{"id": f"{GID}OrderTransaction/9", "kind": "SALE", "status": "SUCCESS",
                     "amountSet": None}])

# --- unknown enum values ----------------------------------------------------------------------
order("displayFinancialStatus SUPER_PAID", extra={"note": "displayFinancialStatus"},
      displayFinancialStatus="SUPER_PAID")
order("displayFulfillmentStatus TELEPORTED", extra={"note": "displayFulfillmentStatus"},
      displayFulfillmentStatus="TELEPORTED")
order("displayFinancialStatus in lower case", displayFinancialStatus="paid")
order("displayFulfillmentStatus of 5,000 characters",
      extra={"note": "cut to 30", "repair": "kept, cut to 30 characters"},
      displayFulfillmentStatus=rep("X", 5_000))
order("cancelReason BORED", extra={"note": "cancelReason"}, cancelReason="BORED")
order("risk level CATASTROPHIC, and assessments that are not objects",
      risk={"recommendation": "PANIC", "assessments": [{"riskLevel": "CATASTROPHIC"}, 7, None]})
order("transaction kind TELEPORT and status MAYBE", extra={"note": "transactions.kind"},
      transactions=[{"id": f"{GID}OrderTransaction/10", "kind": "TELEPORT",
                     "status": "MAYBE", "amountSet": money("21.00")}])
_restock = line()
order("refund line restockType RESTOCK_TO_MARS", lines=[_restock],
      refunds=[refund("10.50", [refund_line(_restock, 1, "10.00", "0.50",
                                            restock="RESTOCK_TO_MARS")])],
      extra={"note": "restockType", "refund": "memo",
             "repair": "kept as sent; the credit memo line goes to the non-restock account"})
order("taxesIncluded is the string 'false'", "refused", field="taxesIncluded",
      taxesIncluded="false")
order("taxesIncluded null", "refused", field="taxesIncluded", taxesIncluded=None)
order("isGiftCard is 1", "refused", field="isGiftCard", lines=one_line(isGiftCard=1))

# --- quantities -------------------------------------------------------------------------------
order("negative quantity", "refused", field="lineItems.quantity", lines=one_line(quantity=-2))
order("negative current quantity", "refused", field="currentQuantity",
      lines=one_line(currentQuantity=-1))
order("current quantity above the ordered one", "refused", field="currentQuantity",
      lines=one_line(quantity=2, currentQuantity=5))
order("only line with quantity 0 (nothing to invoice)", "held", field="lines",
      lines=one_line(quantity=0, tax="0.00"), currentTotalPriceSet=money("0.00"))
order("fractional quantity 1.5", "refused", field="lineItems.quantity",
      lines=one_line(quantity=1.5))
order("quantity as the string '3'", "refused", field="lineItems.quantity",
      lines=one_line(quantity="3"))
order("quantity true", "refused", field="lineItems.quantity", lines=one_line(quantity=True))
order("quantity 10^12 (beyond GraphQL's Int)", "refused", field="lineItems.quantity",
      lines=one_line(quantity=10**12))
order("quantity 2^31-1 at 10.00 (huge, but it fits)",
      lines=one_line(quantity=2**31 - 1, tax="1073741823.50"),
      currentTotalPriceSet=money("22548578293.50"))
order("quantity 2^31-1 at 99,999.99: the line total does not fit the store", "refused",
      field="lineItems", lines=one_line(quantity=2**31 - 1, price="99999.99"))
order("10,000 line items, read page by page",
      lines=one_line(price="1.00", quantity=1, tax=None, sku="PEN-1", title="Pen"),
      currentTotalPriceSet=money("10000.00"),
      extra={"line_count": 10_000, "check": "ten_thousand_lines"})
order("260 shipping lines (paged further)",
      shippingLines={"nodes": {"$each": shipping_line("1.00", "Leg {i}",
                                                      id=f"{GID}ShippingLine/77{{i}}"),
                               "times": 260}},
      currentTotalPriceSet=money("281.00"), extra={"check": "many_shipping_lines"})

# --- prices -----------------------------------------------------------------------------------
for bad, why in (("1e309", "beyond any float"), ("NaN", "not a number"),
                 ("Infinity", "infinite"), ("12,50", "decimal comma"), ("", "empty string"),
                 ("0x10", "hexadecimal"), ("-5.00", "negative"),
                 ("99999999999999999999.99", "too large to store"),
                 ("1.2.3", "two points"), ("\u0661\u0662.00", "Arabic-Indic digits")):
    order(f"unit price {bad!r} ({why})", "refused", field="originalUnitPriceSet",
          lines=one_line(price=bad))
order("unit price is an object", "refused", field="originalUnitPriceSet",
      lines=one_line(price={"value": 10}))
order("unit price '-0' (a free line beside a paid one)", extra={"repair": "read as 0"},
      lines=[line(price="-0", tax="0.00"), line()])
order("unit price as a JSON number 12.5", extra={"repair": "read as the decimal 12.5"},
      lines=one_line(price=12.5, tax="1.25"), currentTotalPriceSet=money("26.25"))
order("unit price with spaces ' 10.00 '", lines=one_line(price=" 10.00 "))
order("unit price '10.000000' (trailing zeros)", lines=one_line(price="10.000000"))
order("unit price with 9 decimals", extra={"repair": "rounded half up to 4 decimals",
                                           "note": "more than 4 decimals"},
      lines=one_line(price="10.123456789", tax="1.01"), currentTotalPriceSet=money("21.2469"))
order("negative tax amount", "refused", field="taxLines.priceSet",
      lines=one_line(tax="-1.00"))
order("tax line rate 'NaN'", "refused", field="taxLines.rate", lines=one_line(rate="NaN"))
order("tax line rate null (the rate is nullable)", lines=one_line(rate=None))
order("negative discount", "refused", field="discount", lines=one_line(discount="-3.00"))

# --- currencies -------------------------------------------------------------------------------
order("shop CAD, presentment EUR, amounts consistent",
      presentmentCurrencyCode="EUR", currentTotalPriceSet=money("21.00", "14.70"),
      lines=one_line(originalUnitPriceSet=money("10.00", "7.00"),
                     taxLines=[{"title": "GST", "rate": 0.05,
                                "priceSet": money("1.00", "0.70")}]))
order("one currency, but the shop and presentment amounts differ", "refused",
      field="originalUnitPriceSet", lines=one_line(originalUnitPriceSet=money("10.00", "12.00")),
      extra={"expect_pages": "document"})
order("presentment amount 'abc' (the shop side is fine)", "refused",
      field="presentmentMoney", presentmentCurrencyCode="EUR",
      currentTotalPriceSet=money("21.00", "14.70"),
      lines=one_line(originalUnitPriceSet=money("10.00", "abc"),
                     taxLines=[{"title": "GST", "rate": 0.05,
                                "priceSet": money("1.00", "0.70")}]),
      extra={"expect_pages": "document"})
order("currencyCode in lower case", extra={"repair": "read as CAD", "note": "currencyCode"},
      currencyCode="cad", presentmentCurrencyCode="cad")
order("currencyCode 'EURO'", "refused", field="currencyCode", currencyCode="EURO")
order("currencyCode of digits '123'", "refused", field="currencyCode", currencyCode="123")
order("presentmentCurrencyCode 'E'", "refused", field="presentmentCurrencyCode",
      presentmentCurrencyCode="E")
order("well-formed but unknown currency XYZ", extra={
    "repair": "kept: Shopify adds currencies, so a well-formed code is accepted"},
    currencyCode="XYZ", presentmentCurrencyCode="XYZ")

BAD_EMAIL = {"note": "not a valid address", "check": "guest_email",
             "repair": "the customer is matched or made without the e-mail"}
# --- huge strings -----------------------------------------------------------------------------
order("order name of 100,000 characters", extra={"repair": "cut to 50 characters",
                                                 "note": "cut to 50"},
      name=["#", rep("9", 100_000)])
order("note of 1,000,000 characters", note=rep("n", 1_000_000))
order("line title of 100,000 characters", lines=one_line(title=rep("Mug ", 25_000)))
order("SKU of 10,000 characters: longer than an item's SKU can be", "held", field="sku",
      lines=one_line(sku=rep("S", 10_000)))
order("SKU of 51 characters", "held", field="sku", lines=one_line(sku=rep("T", 51)))
order("SKU of exactly 50 characters (an item is created for it)",
      lines=one_line(sku=rep("U", 50)))
order("10,000 tags", tags={"$list": "tag{i}", "times": 10_000})
order("e-mail of 10,000 characters", email=[rep("a", 9_980), "@corpus.example"],
      extra=BAD_EMAIL)
order("phone of 5,000 digits", phone=["+1", rep("4", 5_000)])
order("poNumber of 10,000 characters", poNumber=rep("P", 10_000))
order("5,000 custom attributes",
      customAttributes={"$each": {"key": "k{i}", "value": "v"}, "times": 5_000})
order("shipping title of 300 characters", currentTotalPriceSet=money("26.00"),
      shippingLines={"nodes": [shipping_line("5.00", rep("Express ", 40))]})
order("the same 300-character shipping title on a second order (one mapping row)",
      currentTotalPriceSet=money("26.00"),
      shippingLines={"nodes": [shipping_line("5.00", rep("Express ", 40))]})

# --- control characters, right-to-left, emoji -------------------------------------------------
order("NUL in the order name", extra={"repair": "NUL replaced by U+FFFD"}, name="#7\x00X")
order("lone surrogate in the note", extra={"repair": "replaced by U+FFFD"}, note="A\ud800B")
order("lone surrogate in a line title", lines=one_line(title="Mug \udfff"))
order("NUL in the shipping address", shippingAddress={**ADDRESS, "address1": "1\x00 King"})
order("ANSI escape in the billing name",
      billingAddress={**ADDRESS, "firstName": "\x1b[31mRed\x1b[0m"})
order("log-forging order note (a fake log line after a newline)",
      note="ok\n2026-01-01 INFO desktop_app: token=shpat_fake")
order("right-to-left override in the order name", name="#70\u202e99")
_ARABIC = {"firstName": "\u0645\u062d\u0645\u062f",
           "lastName": "\u0627\u0644\u0639\u0644\u064a"}
order("Arabic names and address", billingAddress={**ADDRESS, **_ARABIC}, shippingAddress={
    **ADDRESS, **_ARABIC, "address1": "\u0634\u0627\u0631\u0639 \u0627\u0644\u0645\u0644\u0643"})
order("Hebrew note", note="\u05ea\u05d5\u05d3\u05d4 \u05e8\u05d1\u05d4")
order("ZWJ emoji in a line title", lines=one_line(
    title="\U0001F469\u200d\U0001F469\u200d\U0001F467 mug"))
order("emoji-only customer names", billingAddress={**ADDRESS, "firstName": "\U0001F600",
                                                   "lastName": "\U0001F4A9"})
order("BOM and zero-width space in the SKU", lines=one_line(sku="\ufeffMUG\u200b-1"))
order("line separator U+2028 in the note", note="a\u2028b\u2029c\x85d")
order("NUL inside a tag", tags=["vip\x00", "ok"])

# --- countries and provinces ------------------------------------------------------------------
for code in ("XX", "UK", "usa", "", "CANA"):
    order(f"ship-to countryCodeV2 {code!r}", shippingAddress={**ADDRESS, "countryCodeV2": code},
          billingAddress={**ADDRESS, "countryCodeV2": code})
order("provinceCode ZZ for Canada", shippingAddress={**ADDRESS, "provinceCode": "ZZ"})
order("countryCodeV2 null, provinceCode ON",
      shippingAddress={**ADDRESS, "countryCodeV2": None, "country": "Narnia"})
order("shipping address is a string", "refused", field="shippingAddress",
      shippingAddress="1 King St, Toronto")

# --- e-mails and phones -----------------------------------------------------------------------
for email in ("no-at-sign", "a@@corpus.example", "a b@corpus.example", "<x>@corpus.example"):
    order(f"guest e-mail {email!r}", email=email, extra=BAD_EMAIL)
order("guest phone 'CALL-ME'", email=None, phone="CALL-ME")
order("billing phone with an extension", email=None, phone="+1 (416) 555-0199 ext 5",
      billingAddress={**ADDRESS, "phone": "+1 (416) 555-0199 ext 5"})
_gid = f"{GID}Customer/9700001"
customers[_gid] = {"id": _gid, "firstName": "Bad", "lastName": "Mail", "email": "bad@",
                   "phone": "12", "state": "ENABLED", "tags": [], "note": None,
                   "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
                   "defaultAddress": None, "addressesV2": {"nodes": [
                       {**ADDRESS, "id": f"{GID}MailingAddress/9700001"}]}}
order("customer with a malformed e-mail and phone",
      purchasingEntity={"id": _gid, "firstName": "Bad", "lastName": "Mail", "email": "bad@",
                        "phone": "12"},
      extra={"repair": "the customer is made without the e-mail, as a guest's",
             "note": f"email: Shopify customer {_gid}: 'bad@' is not a valid e-mail address",
             "check": "customer_email"})
order("customer Shopify no longer has (CustomerById answers null)",
      extra={"note": "no longer has", "repair": "the shop's default customer, with a note"},
      purchasingEntity={"id": f"{GID}Customer/9700404", "email": "gone@corpus.example"})
order("customer id without a number", purchasingEntity={"id": f"{GID}Customer/"})
order("purchasingEntity is a string", "refused", field="purchasingEntity",
      purchasingEntity="Customer")
order("guest e-mail in mixed case (the next order has it in lower case)",
      email="Twin.Buyer@Corpus.Example", extra={"check": "one_guest_customer"})
order("guest e-mail in lower case", email="twin.buyer@corpus.example")

# --- duplicates -------------------------------------------------------------------------------
order("the same order id twice in one batch: this first copy", number=881000)
order("the same order id twice in one batch: the later copy, one more line", number=881000,
      lines=[line(), line(price="3.00", sku="CUP-1", title="Cup", quantity=1, tax="0.15")],
      currentTotalPriceSet=money("24.15"),
      extra={"check": "later_copy_kept", "note": "twice", "note_by_id": ""})
_twin = line()
order("two line items with one id", "refused", field="lineItems.id",
      lines=[_twin, copy.deepcopy(_twin)], currentTotalPriceSet=money("42.00"))
_r = line()
_refund = refund("1.05", [refund_line(_r, 1, "1.00", "0.05")])
order("two refunds with one id", "refused", field="refunds.id", lines=[_r],
      refunds=[_refund, copy.deepcopy(_refund)])
order("two returns with one id", "refused", field="returns.id",
      returns={"nodes": [{"id": f"{GID}Return/5", "name": "#R1", "status": "OPEN"}] * 2},
      extra={"expect_pages": "document"})
order("same name as another order, other id", name="#{}".format(7001 + next(
    i for i, c in enumerate(cases) if c["case"] == "cancelReason BORED")))

# --- refunds ----------------------------------------------------------------------------------
_ok = line()
order("a refund of one mug (control)", lines=[_ok],
      refunds=[refund("10.50", [refund_line(_ok, 1, "10.00", "0.50")])],
      extra={"refund": "memo"})
_big = line()
order("a refund larger than the order", lines=[_big],
      refunds=[refund("5000.00", [refund_line(_big, 1, "10.00", "0.50")])],
      extra={"refund": "refused", "refund_field": "totalRefundedSet"})
_known = line()
order("a refund line referring to a line item the order does not have", lines=[_known],
      refunds=[refund("10.50", [refund_line({"id": f"{GID}LineItem/424242", "sku": "MUG-1",
                                             "title": "Ghost"}, 1, "10.00", "0.50",
                                            restock="RETURN")])],
      extra={"refund": "refused", "refund_field": "lineItem"})
_few = line()
order("a refund of more mugs than were ordered", lines=[_few],
      refunds=[refund("21.00", [refund_line(_few, 5, "20.00", "1.00")])],
      extra={"refund": "refused", "refund_field": "quantity"})
_neg = line()
order("a refund line with a negative quantity", "refused",
      field="refunds.refundLineItems.quantity", lines=[_neg],
      refunds=[refund("10.50", [refund_line(_neg, -1, "10.00", "0.50")])])
_nan = line()
order("a refund total 'NaN'", "refused", field="refunds.totalRefundedSet", lines=[_nan],
      refunds=[refund("NaN", [refund_line(_nan, 1, "10.00", "0.50")])])
_date = line()
order("a refund createdAt that is not a date", "refused", field="refunds.createdAt",
      lines=[_date],
      refunds=[refund("10.50", [refund_line(_date, 1, "10.00", "0.50")],
                      createdAt="last Tuesday")])

# --- taxes and discounts ----------------------------------------------------------------------
order("tax rate 1.5 (150 %)", "held", field="taxLines", lines=one_line(rate=1.5, tax="30.00"),
      currentTotalPriceSet=money("50.00"))
order("tax rate 13 (a percentage where a fraction belongs)", "held", field="taxLines",
      lines=one_line(rate=13, tax="1.30"), currentTotalPriceSet=money("21.30"))
order("tax amount above the line's price", "held", field="taxLines",
      lines=one_line(tax="500.00"), currentTotalPriceSet=money("520.00"))
order("discount allocation above the line price", "held", field="discount",
      lines=one_line(discount="50.00"), currentTotalPriceSet=money("0.00"))
order("discount allocations that add up to more than the line price", "held",
      field="discount", currentTotalPriceSet=money("0.00"),
      lines=one_line(totalDiscountSet=money("24.00"), discountAllocations=[
          {"allocatedAmountSet": money("12.00")}, {"allocatedAmountSet": money("12.00")}]))
order("shipping discounted to more than its price", "refused",
      field="shippingLines.discountedPriceSet", currentTotalPriceSet=money("26.00"),
      shippingLines={"nodes": [shipping_line("5.00", discountedPriceSet=money("9.00"))]})

# --- dates ------------------------------------------------------------------------------------
order("createdAt in 2099", "refused", field="createdAt", createdAt="2099-01-01T00:00:00Z")
order("updatedAt in 2099 (it would move the watermark past every real change)", "refused",
      field="updatedAt", updatedAt="2099-01-01T00:00:00Z", extra={"check": "watermark"})
order("createdAt 'yesterday'", "refused", field="createdAt", createdAt="yesterday")
order("createdAt 30 February", "refused", field="createdAt", createdAt="2026-02-30T00:00:00Z")
order("createdAt as epoch seconds", "refused", field="createdAt", createdAt=1772359200)
order("createdAt year 0", "refused", field="createdAt", createdAt="0000-01-01T00:00:00Z")
order("cancelledAt 'never'", "refused", field="cancelledAt", cancelledAt="never")
order("createdAt without a time zone", extra={"repair": "read as UTC"},
      createdAt="2026-03-01T10:00:00")
order("createdAt as a date only", extra={"repair": "read as midnight UTC"},
      createdAt="2026-03-01")
order("createdAt at +14:00", createdAt="2026-03-01T10:00:00+14:00")
order("createdAt in 1970", createdAt="1970-01-01T00:00:00Z")
order("updatedAt before createdAt", updatedAt="2026-02-01T00:00:00Z")

# --- wrong JSON types -------------------------------------------------------------------------
order("lineItems is a list, not a connection", "refused", field="lineItems",
      lineItems=[line()], extra={"expect_bulk": "held", "field_bulk": "lines"})
order("a line item that is a string", "refused", field="lineItems",
      lineItems={"nodes": ["Mug x2"]}, extra={"expect_bulk": "held", "field_bulk": "lines"})
order("tags as one text 'a, b'", extra={"repair": "split at commas", "note": "tags"},
      tags="vip, wholesale")
order("tags is a number", "refused", field="tags", tags=42)
order("a custom attribute value that is an object",
      customAttributes=[{"key": "gift", "value": {"wrap": True}}])
order("refunds is an object, not a list", "refused", field="refunds", refunds={"id": "x"})

# --- the control: a well-formed order after all the others ------------------------------------
order("well-formed order (the rest still goes through)", extra={"check": "control"})

# --- the orders bulk export as JSONL (data/bulk_orders_jsonl.json) ----------------------------

def _jsonl_order(number: int, **over: Any) -> dict[str, Any]:
    node = {k: v for k, v in TEMPLATE.items() if k not in ("lineItems", "shippingLines",
                                                             "returns", "purchasingEntity")}
    node = json.loads(json.dumps(node).replace("{order}", str(number))
                      .replace("{name}", str(number)).replace("{n}", str(number)))
    node.update(customer=None, **over)
    return node


def _jsonl_line(number: int, parent: int | str, **over: Any) -> dict[str, Any]:
    node = {k: v for k, v in TEMPLATE["lineItems"]["nodes"][0].items()
            if k != "discountAllocations"}
    node.update(id=f"{GID}LineItem/{number}", __parentId=parent if isinstance(parent, str)
                else f"{GID}Order/{parent}")
    node.update(over)
    return node


def dumps(*objects: dict[str, Any]) -> list[str]:
    return [json.dumps(o, separators=(",", ":")) for o in objects]


O1, O2 = _jsonl_order(1), _jsonl_order(2)
L1, L2 = _jsonl_line(11, 1), _jsonl_line(21, 2)
jsonl: list[dict[str, Any]] = []


def jsonl_case(comment: str, lines: list[str], object_count: int, expect: Any,
               refused: int = 0) -> None:
    jsonl.append({"case": comment, "lines": lines, "objectCount": object_count,
                  "expect": expect, "refused": refused})


good = dumps(O1, L1, O2, L2)
jsonl_case("two orders with a line each (control)", good, 4, 2)
jsonl_case("cut mid-line: the last order line", [*good[:2], good[2][:40]], 4, "error")
jsonl_case("cut mid-line: a line item", [*good[:3], good[3][:25]], 4, "error")
jsonl_case("cut between lines: fewer objects than Shopify counted", good[:3], 4, "error")
jsonl_case("a line item whose __parentId is an unknown order",
           [*good[:2], *dumps(_jsonl_line(31, 99))], 3, "error")
jsonl_case("a line item of the previous order after the next one began (out of order)",
           [good[0], good[2], *dumps(_jsonl_line(12, 1))], 3, "error")
jsonl_case("a line item before any order", [*dumps(L1), good[0]], 2, "error")
jsonl_case("a line that is not JSON (an HTML error page)",
           [good[0], "<html><body>502 Bad Gateway</body></html>"], 2, "error")
jsonl_case("a line that is JSON null", [good[0], "null"], 2, "error")
jsonl_case("a line that is a JSON array of orders", [f"[{good[0]}]"], 1, "error")
jsonl_case("a byte-order mark before the first line", ["\ufeff" + good[0]], 1, "error")
jsonl_case("a NUL byte inside a line", [good[0][:10] + "\x00" + good[0][10:]], 1, "error")
jsonl_case("blank lines between orders (ignored)", [good[0], "", good[1], "  ", *good[2:]],
           4, 2)
jsonl_case("more lines than Shopify counted", good, 2, 2)
jsonl_case("the same order twice in a row", [*good[:2], *good[:2]], 4, 2)
jsonl_case("a child line of a type the export never has (a Fulfillment)",
           [good[0], *dumps({"id": f"{GID}Fulfillment/5", "__parentId": O1["id"]})], 2, 1,
           refused=1)
jsonl_case("a line item without an id (told by its fields)",
           [good[0], *dumps({**L1, "id": None})], 2, 1, refused=1)
jsonl_case("a line nested under a line item (the export has no such depth)",
           [*good[:2], *dumps({"id": f"{GID}LineItem/12", "title": "x",
                               "__parentId": L1["id"]})], 3, 1, refused=1)
jsonl_case("an order line whose lineItems field holds a list (not a connection)",
           dumps({**O1, "lineItems": [1, 2]}, L1), 2, 1)
jsonl_case("a 1,000,000-character note on one line", dumps({**O1, "note": "n" * 1_000_000},
                                                            L1), 2, 1)
jsonl_case("raw U+2028 inside a line item title (valid JSON)",
           [good[0], json.dumps({**L1, "title": "a\u2028b"}, ensure_ascii=False)], 2, 1)
jsonl_case("an order line with a malformed amount: read, then refused by the import",
           dumps(O1, {**L1, "originalUnitPriceSet": money("12,50")}), 2, 1, refused=1)
jsonl_case("an order line without an id: its line items cannot name it",
           dumps({**O1, "id": None}), 1, 1, refused=1)
jsonl_case("an empty file with objectCount 0", [], 0, 0)

(HERE / "data" / "bulk_orders_jsonl.json").write_text(json.dumps({
    "comment": "Broken or tricky JSONL results of the orders bulk export (BulkOrders); see "
               "make_orders_corpus.py. expect: error (a BulkOperationError, no exception of "
               "another kind) or the number of orders read; refused: how many of those the "
               "order import refuses (RecordError naming the order and the field). lines are "
               "joined with \\n; objectCount is what Shopify announced.",
    "cases": jsonl}, ensure_ascii=True, indent=1) + "\n", "utf-8")
print(len(jsonl), "bulk JSONL cases")

(HERE / "data" / "shopify_orders.json").write_text(
    json.dumps({"comment": "Hostile Shopify orders: each case's changes to the template order; "
                           "see make_orders_corpus.py", "template": TEMPLATE,
                "customers": customers, "cases": cases}, ensure_ascii=True, indent=1) + "\n",
    "utf-8")
print(len(cases), "order cases")
