"""Removing a demo card keeps each of its sample customers that something outside the card
uses, one kind of use per customer here, and reads those uses for all of its customers at
once (`local_customers._used_outside`): a handful of statements, not seven per customer.

Control: with `customer_uses` read per customer again (the loop before session 10), the
statement count grows with the customers (the second test fails: 7 more per customer).
"""

from __future__ import annotations

import peewee

from desktop_app.store import customer_scope, customers, shop_removal, shops
from desktop_app.store.companies import ShopifyCompany
from desktop_app.store.models import Customer, ShopCustomerTemplate, ShopifyCustomer
from desktop_app.store.order_models import SalesDocument, ShopifyOrder


def _cards_and_samples(count: int) -> None:
    shops.create_shop("DEMO", is_demo=True)
    shops.create_shop("WEB", domain="web.myshopify.com")
    shops.create_shop("TRY", is_demo=True)
    with customer_scope.acting_for("DEMO"):
        customers.upsert_customers([{"no": f"K{n}", "name": f"Sample {n}"}
                                    for n in range(1, count + 1)])


def test_each_use_outside_the_card_keeps_its_customer(db):
    _cards_and_samples(10)
    web, demo, other_demo = (shops.get_shop(code).id for code in ("WEB", "DEMO", "TRY"))

    def customer(no: str) -> Customer:
        return Customer.get(Customer.no == no)

    SalesDocument.create(no="SO1", type="order", shop=web, sell_to_customer_no="M1",
                         bill_to_customer_no="K1", document_date="2026-12-07")
    shops.update_shop_settings("WEB", {"default_customer_no": "K2"})
    ShopCustomerTemplate.create(shop=web, country_code="FR", default_customer_no="K3")
    ShopifyCustomer.create(shop=web, shopify_id="gid://shopify/Customer/4", customer=customer("K4"))
    ShopifyCustomer.create(shop=other_demo, shopify_id="gid://shopify/Customer/5",
                           customer=customer("K5"))  # another demo's link: not a real use
    ShopifyOrder.create(shop=web, shopify_id="gid://shopify/Order/6", sell_to_customer_no="K6")
    ShopifyOrder.create(shop=demo, shopify_id="gid://shopify/Order/7", sell_to_customer_no="K7")
    ShopifyOrder.create(shop=web, shopify_id="gid://shopify/Order/10", bill_to_customer_no="K10",
                        document_no="SO9")  # its document is made: no longer a use
    ShopifyCompany.create(shop=web, shopify_id="gid://shopify/Company/8", customer=customer("K8"))
    shops.update_shop_settings("TRY", {"default_customer_no": "K9"})  # another demo's setting

    removal = shop_removal.delete_shop("DEMO")

    assert removal.customers_kept == ("K1", "K2", "K3", "K4", "K6", "K8", "K9")
    assert removal.customers_removed == 3
    assert sorted(c.no for c in Customer.select()) == ["K1", "K2", "K3", "K4", "K6", "K8", "K9"]
    assert all(c.demo_shop is None for c in Customer.select())


def test_removing_a_demo_card_reads_its_customers_uses_at_once(db, monkeypatch):
    _cards_and_samples(40)
    statements: list[str] = []
    execute = type(db).execute_sql

    def counted(self, sql, params=None, *args, **kwargs):
        statements.append(sql)
        return execute(self, sql, params, *args, **kwargs)

    monkeypatch.setattr(type(db), "execute_sql", counted)
    removal = shop_removal.delete_shop("DEMO")
    assert removal.customers_removed == 40
    assert isinstance(db, peewee.Database)
    assert len(statements) < 25, f"{len(statements)} statements for 40 customers"
