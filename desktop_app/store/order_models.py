"""peewee models of Shopify orders and local sales documents (schema: `m0003_orders.py`;
a sales document's payment terms and ship-to: `m0007_document_terms_ship_to.py`).

Kept apart from `models.py` so the order tables have one home; `ORDER_MODELS` lists them the
way `models.ALL_MODELS` lists the others. Every Shopify amount is stored in the shop currency
and, in the `_p` twin, in the buyer's presentment currency. Other layers use
`store.orders`, which returns plain dataclasses.
"""

from __future__ import annotations

import peewee

from desktop_app.records import widths
from desktop_app.records.orders import ZERO
from desktop_app.store.models import (
    BaseModel,
    JsonTextField,
    MoneyField,
    Shop,
    UtcDateTimeField,
    utc_now,
)


def _money() -> MoneyField:
    return MoneyField(decimal_places=4, default=ZERO)


class OrderToImport(BaseModel):
    """A row of "Orders to Import": an order header waiting to be imported (or failing)."""

    shop = peewee.ForeignKeyField(Shop, backref="orders_to_import", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=widths.ORDER_NAME, default="")
    shopify_created_at = UtcDateTimeField(null=True)
    shopify_updated_at = UtcDateTimeField(null=True)
    closed = peewee.BooleanField(default=False)
    cancelled = peewee.BooleanField(default=False)
    test = peewee.BooleanField(default=False)
    financial_status = peewee.CharField(max_length=30, default="")
    fulfillment_status = peewee.CharField(max_length=30, default="")
    fully_paid = peewee.BooleanField(default=False)
    high_risk = peewee.BooleanField(default=False)
    channel = peewee.CharField(max_length=100, default="")
    ship_to_country = peewee.CharField(max_length=2, default="")
    bill_to_country = peewee.CharField(max_length=2, default="")
    tags = peewee.TextField(default="")
    total = _money()
    currency = peewee.CharField(max_length=3, default="")
    item_quantity = peewee.IntegerField(default=0)
    action = peewee.CharField(max_length=10, default="new")
    has_error = peewee.BooleanField(default=False)
    error_message = peewee.TextField(default="")
    staged_at = UtcDateTimeField(default=utc_now)

    class Meta:
        table_name = "shopify_order_to_import"
        indexes = ((("shop", "shopify_id"), True),)


class ShopifyOrder(BaseModel):
    """An imported Shopify order, its customer, and the sales document made from it."""

    shop = peewee.ForeignKeyField(Shop, backref="shopify_orders", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=widths.ORDER_NAME, default="")
    email = peewee.CharField(max_length=254, default="")
    phone = peewee.CharField(max_length=30, default="")
    customer_gid = peewee.CharField(max_length=100, default="")
    shopify_created_at = UtcDateTimeField(null=True)
    shopify_updated_at = UtcDateTimeField(null=True)
    cancelled_at = UtcDateTimeField(null=True)
    cancel_reason = peewee.CharField(max_length=30, default="")
    closed = peewee.BooleanField(default=False)
    test = peewee.BooleanField(default=False)
    financial_status = peewee.CharField(max_length=30, default="")
    fulfillment_status = peewee.CharField(max_length=30, default="")
    fully_paid = peewee.BooleanField(default=False)
    currency = peewee.CharField(max_length=3, default="")
    presentment_currency = peewee.CharField(max_length=3, default="")
    taxes_included = peewee.BooleanField(default=False)
    tax_exempt = peewee.BooleanField(default=False)
    subtotal = _money()
    subtotal_p = _money()
    shipping = _money()
    shipping_p = _money()
    tax = _money()
    tax_p = _money()
    discount = _money()
    discount_p = _money()
    total = _money()
    total_p = _money()
    outstanding = _money()
    outstanding_p = _money()
    risk_level = peewee.CharField(max_length=20, default="")
    high_risk = peewee.BooleanField(default=False)
    channel = peewee.CharField(max_length=100, default="")
    tags = peewee.TextField(default="")
    note = peewee.TextField(default="")
    po_number = peewee.CharField(max_length=100, default="")
    discount_codes = peewee.TextField(default="")
    attributes = JsonTextField(default=dict)
    tax_lines = JsonTextField(default=dict)
    ship_to = JsonTextField(default=dict)
    bill_to = JsonTextField(default=dict)
    item_quantity = peewee.IntegerField(default=0)
    sell_to_customer_no = peewee.CharField(max_length=20, default="")
    bill_to_customer_no = peewee.CharField(max_length=20, default="")
    customer_manual = peewee.BooleanField(default=False)
    document_type = peewee.CharField(max_length=20, default="")
    document_no = peewee.CharField(max_length=20, default="")
    processed_at = UtcDateTimeField(null=True)
    processed_snapshot = JsonTextField(default=dict)
    doc_no_written = peewee.BooleanField(default=False)
    has_error = peewee.BooleanField(default=False)
    error_message = peewee.TextField(default="")
    conflict = peewee.BooleanField(default=False)
    conflict_message = peewee.TextField(default="")
    imported_at = UtcDateTimeField(default=utc_now)
    # Version 11 (`m0011_orders_lifecycle.py`): when the app closed the order in Shopify
    # ("close processed orders"); it never closes it again, even once reopened there.
    closed_by_app_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "shopify_order"
        indexes = ((("shop", "shopify_id"), True),)


class ShopifyOrderLine(BaseModel):
    order = peewee.ForeignKeyField(ShopifyOrder, backref="lines", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    position = peewee.IntegerField(default=0)
    title = peewee.CharField(max_length=255, default="")
    variant_title = peewee.CharField(max_length=255, default="")
    sku = peewee.CharField(max_length=100, default="")
    variant_gid = peewee.CharField(max_length=100, default="")
    product_gid = peewee.CharField(max_length=100, default="")
    quantity = peewee.IntegerField(default=0)
    current_quantity = peewee.IntegerField(default=0)
    unit_price = _money()
    unit_price_p = _money()
    discount = _money()
    discount_p = _money()
    tax = _money()
    tax_p = _money()
    tax_lines = JsonTextField(default=dict)
    attributes = JsonTextField(default=dict)
    is_gift_card = peewee.BooleanField(default=False)
    is_tip = peewee.BooleanField(default=False)
    requires_shipping = peewee.BooleanField(default=True)
    item_no = peewee.CharField(max_length=20, default="")

    class Meta:
        table_name = "shopify_order_line"
        indexes = ((("order", "shopify_id"), True),)


class ShopifyShippingLine(BaseModel):
    order = peewee.ForeignKeyField(ShopifyOrder, backref="shipping_lines", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    title = peewee.CharField(max_length=255, default="")
    code = peewee.CharField(max_length=255, default="")
    source = peewee.CharField(max_length=100, default="")
    is_removed = peewee.BooleanField(default=False)
    amount = _money()
    amount_p = _money()
    discount = _money()
    discount_p = _money()
    tax = _money()
    tax_p = _money()

    class Meta:
        table_name = "shopify_shipping_line"


class ShopifyOrderTransaction(BaseModel):
    order = peewee.ForeignKeyField(ShopifyOrder, backref="transactions", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    kind = peewee.CharField(max_length=30, default="")
    status = peewee.CharField(max_length=30, default="")
    gateway = peewee.CharField(max_length=100, default="")
    amount = _money()
    amount_p = _money()
    gift_card_id = peewee.CharField(max_length=100, default="")
    parent_id = peewee.CharField(max_length=100, default="")
    processed_at = UtcDateTimeField(null=True)

    class Meta:
        table_name = "shopify_order_transaction"


class ShopifyRefund(BaseModel):
    order = peewee.ForeignKeyField(ShopifyOrder, backref="refunds", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    shopify_created_at = UtcDateTimeField(null=True)
    shopify_updated_at = UtcDateTimeField(null=True)
    note = peewee.TextField(default="")
    return_gid = peewee.CharField(max_length=100, default="")
    total_refunded = _money()
    total_refunded_p = _money()
    processed = peewee.BooleanField(default=False)
    credit_memo_no = peewee.CharField(max_length=20, default="")

    class Meta:
        table_name = "shopify_refund"
        indexes = ((("order", "shopify_id"), True),)


class ShopifyRefundLine(BaseModel):
    refund = peewee.ForeignKeyField(ShopifyRefund, backref="lines", on_delete="CASCADE")
    line_gid = peewee.CharField(max_length=100, default="")
    quantity = peewee.IntegerField(default=0)
    restock_type = peewee.CharField(max_length=20, default="")
    location_gid = peewee.CharField(max_length=100, default="")
    subtotal = _money()
    subtotal_p = _money()
    tax = _money()
    tax_p = _money()

    class Meta:
        table_name = "shopify_refund_line"


class ShopifyReturn(BaseModel):
    order = peewee.ForeignKeyField(ShopifyOrder, backref="returns", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=50, default="")
    status = peewee.CharField(max_length=30, default="")

    class Meta:
        table_name = "shopify_return"
        indexes = ((("order", "shopify_id"), True),)


class SalesDocument(BaseModel):
    """A local sales order, invoice or credit memo."""

    TYPES = ("order", "invoice", "credit_memo")

    no = peewee.CharField(max_length=20, unique=True)
    type = peewee.CharField(max_length=20)
    shop = peewee.ForeignKeyField(Shop, null=True, backref="sales_documents",
                                  on_delete="SET NULL")
    shopify_order_gid = peewee.CharField(max_length=100, default="")
    sell_to_customer_no = peewee.CharField(max_length=20, default="")
    bill_to_customer_no = peewee.CharField(max_length=20, default="")
    document_date = peewee.CharField(max_length=10)  # ISO date in the company's time zone
    currency = peewee.CharField(max_length=3, default="")
    prices_including_tax = peewee.BooleanField(default=False)
    status = peewee.CharField(max_length=20, default="open")
    external_document_no = peewee.CharField(max_length=100, default="")
    shipment_method = peewee.CharField(max_length=20, default="")
    amount = _money()
    tax_amount = _money()
    total = _money()
    created_at = UtcDateTimeField(default=utc_now)
    # Version 7 (`m0007_document_terms_ship_to.py`): "" when the order gave none.
    payment_terms_code = peewee.CharField(max_length=20, default="")
    due_date = peewee.CharField(max_length=10, default="")  # ISO date, like document_date
    tax_area_code = peewee.CharField(max_length=20, default="")  # v16, issue 17
    tax_liable = peewee.BooleanField(default=False)
    payment_method_code = peewee.CharField(max_length=20, default="")  # v18, issue 17
    ship_to_code = peewee.CharField(max_length=widths.SHIP_TO_CODE, default="")
    ship_to_name = peewee.CharField(max_length=widths.ADDRESS.name, default="")
    ship_to_name_2 = peewee.CharField(max_length=widths.ADDRESS.name_2, default="")
    ship_to_contact = peewee.CharField(max_length=widths.ADDRESS.contact, default="")
    ship_to_address = peewee.CharField(max_length=widths.ADDRESS.address, default="")
    ship_to_address_2 = peewee.CharField(max_length=widths.ADDRESS.address_2, default="")
    ship_to_city = peewee.CharField(max_length=widths.ADDRESS.city, default="")
    ship_to_post_code = peewee.CharField(max_length=widths.ADDRESS.post_code, default="")
    ship_to_county = peewee.CharField(max_length=widths.ADDRESS.county, default="")
    ship_to_country = peewee.CharField(max_length=widths.ADDRESS.country, default="")
    ship_to_phone = peewee.CharField(max_length=widths.ADDRESS.phone, default="")

    class Meta:
        table_name = "sales_document"


class SalesLine(BaseModel):
    TYPES = ("item", "gl_account", "comment")

    document = peewee.ForeignKeyField(SalesDocument, backref="lines", on_delete="CASCADE")
    line_no = peewee.IntegerField()
    type = peewee.CharField(max_length=20)
    no = peewee.CharField(max_length=20, default="")
    description = peewee.CharField(max_length=widths.LINE_DESCRIPTION, default="")
    quantity = MoneyField(decimal_places=4, default=ZERO)
    unit_price = _money()
    line_discount = _money()
    amount = _money()
    tax_amount = _money()
    location_code = peewee.CharField(max_length=20, default="")
    shopify_line_gid = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "sales_line"
        indexes = ((("document", "line_no"), True),)


class ShipmentMethodMapping(BaseModel):
    """Shopify shipping-line title → local shipment method and shipping charge line."""

    shop = peewee.ForeignKeyField(Shop, backref="shipment_methods", on_delete="CASCADE")
    title = peewee.CharField(max_length=255)
    shipment_method_code = peewee.CharField(max_length=20, default="")
    charge_type = peewee.CharField(max_length=20, default="")
    charge_no = peewee.CharField(max_length=20, default="")

    class Meta:
        table_name = "shipment_method_mapping"
        indexes = ((("shop", "title"), True),)


class NoSeries(BaseModel):
    """The last number used by a document number series (`SO`, `SI`, `CM`...)."""

    code = peewee.CharField(max_length=20, unique=True)
    last_no = peewee.IntegerField(default=0)

    class Meta:
        table_name = "no_series"


ORDER_MODELS: tuple[type[BaseModel], ...] = (
    OrderToImport,
    ShopifyOrder,
    ShopifyOrderLine,
    ShopifyShippingLine,
    ShopifyOrderTransaction,
    ShopifyRefund,
    ShopifyRefundLine,
    ShopifyReturn,
    SalesDocument,
    SalesLine,
    ShipmentMethodMapping,
    NoSeries,
)
