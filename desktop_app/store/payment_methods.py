"""The local payment methods (code and description) and a shop's mapping of Shopify's
payment gateways to them (schema v18; bc_connector §1.11 "Payment method mapping").

An order's document takes the payment method its payment gateway is mapped to, and only
when every successful sale, capture and authorization of the order went through one gateway
(an order paid part by gift card, part by card gets none, as in Business Central).
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from desktop_app.records.orders import TransactionRecord
from desktop_app.store.code_tables import CodeModel, CodeRecord, CodeTable, document_uses
from desktop_app.store.models import BaseModel, Shop
from desktop_app.store.order_models import SalesDocument, ShopifyOrder, ShopifyOrderTransaction
from desktop_app.store.setup_checks import SetupUse

__all__ = ["PAID_KINDS", "TABLE", "PaymentMethod", "PaymentMethodMapping",
           "PaymentMethodRecord", "document_payment_method", "order_gateway",
           "payment_method_uses", "seen_gateways", "set_document_payment_method"]

#: The transactions that say how an order was paid (successful ones only).
PAID_KINDS = ("SALE", "CAPTURE", "AUTHORIZATION")


class PaymentMethod(CodeModel):
    """One local payment method."""

    description = peewee.CharField(max_length=100, default="")

    class Meta:
        table_name = "payment_method"


class PaymentMethodMapping(BaseModel):
    """A shop's Shopify payment gateway (`shopify_payments`, `paypal`, `cash`...) and the
    local payment method it stands for ("" while unmapped)."""

    shop = peewee.ForeignKeyField(Shop, backref="payment_method_mappings", on_delete="CASCADE")
    gateway = peewee.CharField(max_length=100)
    payment_method_code = peewee.CharField(max_length=20, default="")

    class Meta:
        table_name = "payment_method_mapping"
        indexes = ((("shop", "gateway"), True),)


PaymentMethodRecord = CodeRecord


def payment_method_uses(code: str) -> list[SetupUse]:
    """What names payment method `code`: gateway mappings, then documents."""
    uses = [SetupUse("payment_mapping", shop, gateway) for gateway, shop in
            PaymentMethodMapping.select(PaymentMethodMapping.gateway, Shop.code).join(Shop)
            .where(PaymentMethodMapping.payment_method_code == code)
            .order_by(Shop.code, PaymentMethodMapping.gateway).tuples()]
    return uses + document_uses(SalesDocument.select(SalesDocument.no).where(
        SalesDocument.payment_method_code == code))


TABLE: CodeTable[PaymentMethodRecord] = CodeTable(
    PaymentMethod, PaymentMethodRecord, "payment method", "payment-methods", "payment_method",
    payment_method_uses)


def order_gateway(transactions: Iterable[TransactionRecord]) -> str:
    """The one gateway every successful sale, capture and authorization of an order went
    through; "" when there are none or several."""
    gateways = {t.gateway for t in transactions
                if t.kind.upper() in PAID_KINDS and t.status.upper() == "SUCCESS"}
    return gateways.pop() if len(gateways) == 1 else ""


def document_payment_method(shop: str, transactions: Iterable[TransactionRecord]) -> str:
    """The payment method the document of an order of shop card `shop` takes: the code its
    gateway is mapped to, or ""."""
    gateway = order_gateway(transactions)
    if not gateway:
        return ""
    row = PaymentMethodMapping.select(PaymentMethodMapping.payment_method_code).join(Shop) \
        .where((Shop.code == shop) & (PaymentMethodMapping.gateway == gateway)).first()
    return row.payment_method_code if row is not None else ""


def set_document_payment_method(no: str, code: str) -> None:
    """Give document `no` its payment method (inside the document's transaction)."""
    SalesDocument.update(payment_method_code=code).where(SalesDocument.no == no).execute()


def seen_gateways(shop: Shop) -> list[str]:
    """The gateways the shop's imported orders were paid through (what a merchant maps)."""
    return [g for (g,) in ShopifyOrderTransaction.select(ShopifyOrderTransaction.gateway)
            .join(ShopifyOrder).where((ShopifyOrder.shop == shop)
                                      & (ShopifyOrderTransaction.gateway != "")
                                      & ShopifyOrderTransaction.kind.in_(PAID_KINDS))
            .distinct().order_by(ShopifyOrderTransaction.gateway).tuples()]
