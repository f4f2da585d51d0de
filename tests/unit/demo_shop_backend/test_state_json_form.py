"""The ``--state`` JSON form, to the byte: the keys of every record in their order, the text of
times, decimals and amounts, and the order of the dataclass fields that positional construction
and the generic dataclass form rely on."""

from __future__ import annotations

import json
import re
from dataclasses import fields
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from desktop_app.demo_shop import state_json
from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.backend import ShopBackend
from desktop_app.demo_shop.company_state import CompanyAddress
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.draft_order_state import DraftLine, DraftOrder
from desktop_app.demo_shop.fulfillment_state import FulfillmentLine
from desktop_app.demo_shop.money import Amount
from desktop_app.demo_shop.order_state import LineItem
from desktop_app.demo_shop.refund_state import Refund, RefundLine, RefundShipping

WHEN = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

KEYS = {
    "document": ["format", "version", "next_id", "shop", "customers", "products", "locations",
                 "orders", "draft_orders", "gift_cards", "next_order_number",
                 "next_draft_number", "companies"],
    "shop": ["name", "myshopify_domain", "email", "contact_email", "currency_code",
             "iana_timezone", "plan", "access_scopes", "legacy_customer_accounts",
             "country_code", "province_code", "city", "address1", "zip", "phone",
             "ships_to_countries", "created_at"],
    "customer": ["id", "first_name", "last_name", "email", "phone", "note", "locale", "tags",
                 "tax_exempt", "verified_email", "state", "created_at", "updated_at",
                 "number_of_orders", "amount_spent", "default_address_id", "addresses",
                 "email_consent", "sms_consent", "tax_exemptions", "metafields",
                 "erasure_requested"],
    "address": ["id", "first_name", "last_name", "company", "address1", "address2", "city",
                "province_code", "country_code", "zip", "phone"],
    "product": ["id", "title", "handle", "vendor", "product_type", "status", "tags",
                "created_at", "updated_at", "variants"],
    "variant": ["id", "title", "sku", "barcode", "price", "compare_at_price", "position",
                "taxable", "inventory_quantity", "created_at", "updated_at"],
    "location": ["id", "name", "is_active", "fulfills_online_orders", "ships_inventory",
                 "fulfillment_service_handle", "address1", "address2", "city", "province_code",
                 "country_code", "zip", "phone", "created_at", "updated_at"],
    "company": ["id", "name", "external_id", "note", "created_at", "updated_at",
                "customer_since", "main_contact_id", "contacts", "locations"],
    "contact": ["id", "customer_id", "title", "locale", "created_at", "updated_at"],
    "company_location": ["id", "name", "external_id", "note", "phone", "locale",
                         "tax_registration_id", "tax_exempt", "payment_terms_template_id",
                         "checkout_to_draft", "editable_shipping_address", "created_at",
                         "updated_at", "billing_address", "shipping_address"],
    "company_address": ["id", "created_at", "updated_at", "address1", "address2", "city", "zip",
                        "recipient", "first_name", "last_name", "phone", "zone_code",
                        "country_code"],
    "order": ["id", "number", "name", "created_at", "updated_at", "processed_at",
              "currency_code", "presentment_currency_code", "email", "phone", "customer_id",
              "note", "tags", "custom_attributes", "taxes_included", "tax_exempt", "test",
              "source_name", "discount_codes", "cancelled_at", "cancel_reason", "closed_at",
              "shipping_address", "billing_address", "risk_level", "risk_recommendation",
              "edited", "po_number", "original_total", "company_location_id",
              "company_contact_id", "line_items", "shipping_lines", "transactions", "refunds",
              "fulfillment_orders", "fulfillments", "returns"],
    "line_item": ["id", "title", "quantity", "unit", "sku", "variant_id", "product_id",
                  "variant_title", "vendor", "discount", "tax_rates", "is_gift_card",
                  "requires_shipping", "taxable", "custom_attributes", "location_id"],
    "refund": ["id", "created_at", "updated_at", "note", "lines", "shipping", "transaction_ids",
               "from_edit", "return_id"],
    "refund_line": ["id", "line_item_id", "quantity", "restock_type", "subtotal", "tax",
                    "location_id"],
    "fulfillment": ["id", "name", "location_id", "created_at", "updated_at", "status",
                    "tracking", "lines", "notify_customer", "fulfillment_order_ids"],
    "fulfillment_line": ["id", "line_item_id", "quantity"],
    "draft_order": ["id", "name", "created_at", "updated_at", "currency_code",
                    "presentment_currency_code", "status", "email", "phone", "customer_id",
                    "note", "tags", "custom_attributes", "tax_exempt", "taxes_included",
                    "lines", "discount_title", "discount_description", "discount_value",
                    "discount_type", "shipping_title", "shipping_price", "payment_terms",
                    "po_number", "source_name", "completed_at", "order_id",
                    "shipping_address", "billing_address"],
    "draft_line": ["id", "title", "quantity", "unit", "sku", "variant_id", "product_id",
                   "variant_title", "taxable", "requires_shipping", "discount",
                   "custom_attributes"],
    "gift_card": ["id", "code", "initial", "balance", "currency_code", "created_at",
                  "updated_at", "customer_id", "order_id", "line_item_id", "expires_on", "note",
                  "deactivated_at", "template_suffix"],
}


@pytest.fixture(scope="module")
def shop() -> ShopBackend:
    shop = ShopBackend.generate(seed=7, customers=100, orders=150,
                                now=datetime(2026, 11, 1, tzinfo=UTC))
    lines = [
        DraftLine(9002, "Hat", 2, Decimal("12.50"), "HAT-R", 5, 6, "Red", False, True,
                  Decimal("1.00"), [{"key": "k", "value": "v"}]),
        DraftLine(9003, "Custom", 1, Decimal("3.00")),
    ]
    shop.state.draft_orders[9001] = DraftOrder(
        9001, "#D1", WHEN, WHEN, "CAD", "EUR", email="a@b.example", lines=lines,
        shipping_price=Decimal("4.00"), shipping_address=Address(9004, "A", "B", city="Lyon"),
    )
    yield shop
    shop.close()


def test_every_record_writes_its_keys_in_order(shop: ShopBackend) -> None:
    data = shop.to_json()
    customer = next(c for c in data["customers"] if c["addresses"])
    company = data["companies"][0]
    company_location = company["locations"][0]
    order = next(o for o in data["orders"] if o["refunds"] and o["fulfillments"])
    refund = next(r for r in order["refunds"] if r["lines"])
    draft = data["draft_orders"][0]
    found = {
        "document": data, "shop": data["shop"], "customer": customer,
        "address": customer["addresses"][0], "product": data["products"][0],
        "variant": data["products"][0]["variants"][0], "location": data["locations"][0],
        "company": company, "contact": company["contacts"][0],
        "company_location": company_location,
        "company_address": company_location["billing_address"], "order": order,
        "line_item": order["line_items"][0], "refund": refund,
        "refund_line": refund["lines"][0], "fulfillment": order["fulfillments"][0],
        "fulfillment_line": order["fulfillments"][0]["lines"][0], "draft_order": draft,
        "draft_line": draft["lines"][0], "gift_card": data["gift_cards"][0],
    }
    assert {name: list(value) for name, value in found.items()} == KEYS
    assert draft["lines"][0] == {
        "id": 9002, "title": "Hat", "quantity": 2, "unit": "12.50", "sku": "HAT-R",
        "variant_id": 5, "product_id": 6, "variant_title": "Red", "taxable": False,
        "requires_shipping": True, "discount": "1.00",
        "custom_attributes": [{"key": "k", "value": "v"}],
    }
    assert draft["created_at"] == "2026-10-01T12:00:00Z"
    assert draft["shipping_address"]["city"] == "Lyon"


def test_values_are_written_as_text_where_json_has_no_type(shop: ShopBackend) -> None:
    data = shop.to_json()
    customer, variant = data["customers"][0], data["products"][0]["variants"][0]
    assert ISO.match(customer["created_at"]) and ISO.match(variant["updated_at"])
    assert isinstance(customer["amount_spent"], str) and isinstance(variant["price"], str)
    assert data["shop"]["access_scopes"] == sorted(data["shop"]["access_scopes"])
    assert ISO.match(data["companies"][0]["customer_since"])
    line = data["orders"][0]["line_items"][0]
    assert [type(v) for v in line["unit"]] == [str, str]
    shipping = state_json.dump(RefundShipping(1, 2, Amount.of("3.10", "2.00")))
    assert shipping == {"id": 1, "shipping_line_id": 2, "subtotal": ["3.10", "2.00"],
                        "tax": ["0.00", "0.00"]}


def test_a_loaded_state_writes_the_same_text(shop: ShopBackend) -> None:
    text = json.dumps(shop.to_json())
    again = ShopBackend.from_json(json.loads(text))
    try:
        assert json.dumps(again.to_json()) == text
    finally:
        again.close()


@pytest.mark.parametrize(("cls", "first"), [
    (LineItem, KEYS["line_item"] + ["order"]),
    (DraftLine, KEYS["draft_line"]),
    (RefundLine, KEYS["refund_line"]),
    (FulfillmentLine, KEYS["fulfillment_line"]),
    (Refund, KEYS["refund"] + ["order"]),
    (Customer, ["id", "created_at", "updated_at", "first_name", "last_name", "email", "phone"]),
    (CompanyAddress, ["id", "created_at", "updated_at", *KEYS["company_address"][3:],
                      "company_id"]),
])
def test_positional_field_order(cls: type, first: list[str]) -> None:
    assert [f.name for f in fields(cls)][: len(first)] == first


def test_record_gids() -> None:
    zero = Amount.of("0")
    assert RefundLine(5, 6, 1, "RETURN", zero, zero).gid == "gid://shopify/RefundLineItem/5"
    assert RefundShipping(7, 8, zero).gid == "gid://shopify/RefundShippingLine/7"
    assert FulfillmentLine(9, 1, 2).gid == "gid://shopify/FulfillmentLineItem/9"
    customer = Customer(3, WHEN, WHEN)
    assert (customer.gid, customer.legacy_resource_id) == ("gid://shopify/Customer/3", 3)
