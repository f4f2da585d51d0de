"""A B2B order through the window: Sync Orders imports the order of a company location on
NET30 terms and makes its sales document; the Sales documents view and the order detail
dialog show the document's payment terms, due date and ship-to (real window, store and
in-process demo shop)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from demo_shops import shop_gql

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.store import orders as order_store
from desktop_app.store import customer_templates, shops
from desktop_app.store.customers import upsert_customers
from desktop_app.store.order_views import read_documents
from desktop_app.ui.models.document_table_model import (
    DOC_NO_ROLE,
    DocumentColumn,
    format_document_date,
)
from ui_helpers import SignalWaiter, wait_until

SHOP = "DEMO"
NET30 = "gid://shopify/PaymentTermsTemplate/4"

COMPANY_CREATE = """
mutation C($input: CompanyCreateInput!) {
  companyCreate(input: $input) {
    company { id locations(first: 1) { nodes { id } } }
    userErrors { field message code }
  }
}"""
ORDER_CREATE = """
mutation O($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id name } userErrors { field message } }
}"""


async def _gql(shop: DemoShop, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return await shop_gql(shop, query, variables)


@pytest.fixture
async def b2b_order(tmp_path, context) -> str:
    """The DEMO shop's state: Acme's head office on NET30 and one order placed there, written
    where `DemoShops` looks before its first request; the shop card set to import companies
    with orders and make documents by itself."""
    backend = ShopBackend.generate(seed=11, customers=5, orders=0)
    shop = DemoShop(backend, plan="plus")
    data = await _gql(shop, COMPANY_CREATE, {"input": {
        "company": {"name": "Acme Supply Inc."},
        "companyContact": {"email": "buyer@acme.example", "firstName": "Ann",
                           "lastName": "Lee"},
        "companyLocation": {"name": "Head office", "billingSameAsShipping": True,
                            "shippingAddress": {"address1": "1 Bank St", "city": "Ottawa",
                                                "zip": "K1P 1J1", "countryCode": "CA",
                                                "zoneCode": "ON"},
                            "buyerExperienceConfiguration": {"paymentTermsTemplateId": NET30}},
    }})
    location = data["companyCreate"]["company"]["locations"]["nodes"][0]["id"]
    data = await _gql(shop, ORDER_CREATE, {"order": {
        "companyLocationId": location, "currency": "CAD",
        "shippingAddress": {"company": "Acme Supply Inc.", "firstName": "Ann",
                            "lastName": "Lee", "address1": "1 Bank St", "city": "Ottawa",
                            "zip": "K1P 1J1", "provinceCode": "ON", "countryCode": "CA"},
        "lineItems": [{"title": "Pallet", "sku": "B2B-1", "quantity": 2,
                       "priceSet": {"shopMoney": {"amount": "40.00", "currencyCode": "CAD"}}}],
    }})
    assert data["orderCreate"]["userErrors"] == [], data
    gid = data["orderCreate"]["order"]["id"]
    folder = tmp_path / "data" / "demo"
    folder.mkdir(parents=True)
    (folder / f"{SHOP}.json").write_text(json.dumps(backend.to_json()), "utf-8")
    shop.close()
    backend.close()
    upsert_customers([{"no": "WEB", "name": "Web shop customer"}])
    customer_templates.save_customer_template({"code": "B2B", "country": "CA",
                                    "category": "organisation"})
    shops.update_shop_settings(SHOP, {
        "customer_import": "with_orders", "default_customer_no": "WEB",
        "company_import": "with_orders", "auto_create_customers": True,
        "customer_template": "B2B", "auto_create_orders": True, "auto_create_items": True,
        "write_doc_no_to_shopify": False,
    })
    return gid


async def test_the_document_of_a_net30_b2b_order_shows_terms_due_date_and_ship_to(
        b2b_order, window):
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.orders_tab)
    tab = window.orders_tab
    await wait_until(tab.isVisible)

    done = SignalWaiter(tab.sync_done)
    tab.sync_button.click()
    result, = await done.wait(20)
    assert result is not None and result.failed == 0, (tab.last_error, result)

    row = order_store.get_order(SHOP, b2b_order)
    assert row.processed and row.payment_terms_code == "NET30"
    [doc] = read_documents(SHOP, order_gid=b2b_order)
    due = dt.date.fromisoformat(doc.document_date) + dt.timedelta(days=30)
    assert doc.due_date == due.isoformat()

    # The Sales documents view: terms with their Shopify name, the due date, the ship-to.
    tab.views.setCurrentIndex(2)
    model = tab.documents_table.model()
    [r] = [r for r in range(model.rowCount())
           if model.index(r, 0).data(DOC_NO_ROLE) == doc.no]
    assert model.index(r, DocumentColumn.PAYMENT_TERMS).data() == "NET30 (Net 30)"
    due_text = model.index(r, DocumentColumn.DUE_DATE).data()
    assert due_text == format_document_date(due.isoformat()) and due_text
    ship_to = model.index(r, DocumentColumn.SHIP_TO).data()
    assert "Acme Supply Inc." in ship_to and "1 Bank St" in ship_to and "Ottawa" in ship_to
    assert model.headerData(int(DocumentColumn.PAYMENT_TERMS),
                            Qt.Orientation.Horizontal) == "Payment terms"

    # The order detail dialog: the order's B2B terms, and the document's on its page.
    tab.views.setCurrentIndex(1)
    tab.select_orders([b2b_order])
    tab.details_button.click()
    detail = tab.detail_dialog
    assert detail is not None
    await wait_until(detail.isVisible)
    assert detail.findChild(QLabel, "order_b2b_terms_value").text() == "NET30"
    detail.sections.setCurrentIndex(4)
    assert detail.findChild(QLabel, "document_payment_terms_value").text() == "NET30 (Net 30)"
    assert detail.findChild(QLabel, "document_due_date_value").text() == due_text
    ship_to_label = detail.findChild(QLabel, "document_ship_to_value").text()
    assert ship_to_label.splitlines()[:2] == ["Acme Supply Inc.", "Ann Lee"]
    assert "1 Bank St" in ship_to_label and "K1P 1J1 Ottawa" in ship_to_label
    detail.close()
