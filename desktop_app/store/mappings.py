"""A shop's mappings of Shopify values to local codes (issue 17): shipment methods (by the
shipping line's title), payment terms (Shopify's payment terms templates) and payment methods
(by the payment gateway, `store.payment_methods`).

The order documents read both: a shipping title's shipment method code goes on the document,
and a payment terms template's code gives the document its terms. Shipment titles are keyed
by Shopify's text, so a title may be mapped before the first order that carries it; payment
terms templates come from Shopify (imported with the companies), so only those can be mapped.
A gateway, like a title, may be mapped before the first order paid through it, and must name
a local payment method.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from desktop_app.store import payment_methods
from desktop_app.store.companies import PaymentTermsMapping
from desktop_app.store.database import transaction
from desktop_app.store.models import Shop
from desktop_app.store.order_models import ShipmentMethodMapping
from desktop_app.store.setup_checks import SetupValueError, optional_code
from desktop_app.store.shops import shop_by_code

#: The kinds `mappings set` takes, in the order `mappings list` shows them.
KINDS: tuple[str, ...] = ("shipment-method", "payment-terms", "payment-method")


@dataclass(frozen=True)
class MappingRow:
    """One mapping: `shopify_value` (a shipping title, a payment terms template's name, a
    payment gateway),
    `local_code` ("" while unmapped), and `shopify_id`/`detail` where Shopify gives them."""

    kind: str
    shopify_value: str
    local_code: str
    shopify_id: str = ""
    detail: str = ""
    #: Payment terms only: Shopify's type (NET, FIXED, RECEIPT, FULFILLMENT) and days.
    terms_type: str = ""
    due_in_days: int | None = None


def list_mappings(shop: str) -> list[MappingRow]:
    """Every mapping row of the shop: shipment methods by title, payment terms, then
    payment gateways (also those the shop's orders were paid through, unmapped)."""
    shop_row = shop_by_code(shop)
    rows = [MappingRow("shipment-method", r.title, r.shipment_method_code,
                       detail=" ".join(p for p in (r.charge_type, r.charge_no) if p))
            for r in ShipmentMethodMapping.select()
            .where(ShipmentMethodMapping.shop == shop_row).order_by(ShipmentMethodMapping.title)]
    rows += [MappingRow("payment-terms", r.name, r.payment_terms_code, r.shopify_id,
                        " ".join(p for p in (r.terms_type, "" if r.due_in_days is None
                                             else f"{r.due_in_days} days") if p),
                        r.terms_type, r.due_in_days)
             for r in PaymentTermsMapping.select()
             .where(PaymentTermsMapping.shop == shop_row).order_by(PaymentTermsMapping.id)]
    mapped = {r.gateway: r.payment_method_code for r in payment_methods.PaymentMethodMapping
              .select().where(payment_methods.PaymentMethodMapping.shop == shop_row)}
    gateways = sorted(set(mapped) | set(payment_methods.seen_gateways(shop_row)))
    described = {r.code: r.description for r in payment_methods.TABLE.rows()}
    rows += [MappingRow("payment-method", g, mapped.get(g, ""),
                        detail=described.get(mapped.get(g, ""), "")) for g in gateways]
    return rows


def set_mapping(shop: str, kind: str, shopify_value: str, local_code: str
                ) -> tuple[MappingRow, tuple[str, str]]:
    """Map a Shopify value of the shop to a local code ("" unmaps it).

    Returns:
        The row as saved, and its (old, new) local code.

    Raises:
        NotFoundError: no such shop.
        SetupValueError: an unknown kind, a bad code, a blank value, a payment terms
            template Shopify has not given (the known ones are named), or a payment method
            that is not in the local table.
    """
    record = f"{kind} mapping '{shopify_value}' of shop {shop}"
    if kind not in KINDS:
        raise SetupValueError(record, "kind", f"'{kind}' is not one of: {', '.join(KINDS)}",
                              kind="not_choice", value=kind)
    value = str(shopify_value or "").strip()
    if not value:
        raise SetupValueError(record, "shopify_value", "a Shopify value is needed",
                              kind="required")
    code = optional_code(local_code, record, "local_code")
    with transaction():
        shop_row = shop_by_code(shop)
        if kind == "shipment-method":
            row, old = _keyed_row(ShipmentMethodMapping.title, "shipment_method_code",
                                  shop_row, value, code, record)
            saved = MappingRow(kind, row.title, code,
                               detail=" ".join(p for p in (row.charge_type, row.charge_no) if p))
            return saved, (old, code)
        if kind == "payment-method":
            code = payment_methods.TABLE.require(code, record, "local_code")
            row, old = _keyed_row(payment_methods.PaymentMethodMapping.gateway,
                                  "payment_method_code", shop_row, value, code, record)
            return MappingRow(kind, row.gateway, code), (old, code)
        terms = list(PaymentTermsMapping.select().where(PaymentTermsMapping.shop == shop_row)
                     .order_by(PaymentTermsMapping.id))
        found = next((t for t in terms if value in (t.shopify_id, t.name)), None) or next(
            (t for t in terms if t.name.casefold() == value.casefold()), None)
        if found is None:
            known = ", ".join(t.name for t in terms) or "none yet: sync the companies first"
            raise SetupValueError(record, "shopify_value", f"Shopify has no payment terms "
                                  f"'{value}' (known: {known})", kind="unknown_terms",
                                  value=value)
        old = found.payment_terms_code or ""
        found.payment_terms_code = code
        found.save()
        return MappingRow(kind, found.name, code, found.shopify_id,
                          terms_type=found.terms_type, due_in_days=found.due_in_days), (old, code)


def _keyed_row(key: peewee.CharField, code_field: str, shop_row: Shop, value: str, code: str,
               record: str) -> tuple[peewee.Model, str]:
    """Give the shop's row whose `key` is `value` (made if missing) the local code: the row
    and its old code."""
    if len(value) > key.max_length:
        raise SetupValueError(record, "shopify_value", f"is longer than {key.max_length} "
                              "characters", kind="too_long", value=value)
    model = key.model
    row = model.get_or_none((model.shop == shop_row) & (key == value)) \
        or model(shop=shop_row, **{key.name: value})
    old = getattr(row, code_field) or ""
    setattr(row, code_field, code)
    row.save()
    return row, old


def known_codes(shop: str, kind: str) -> list[tuple[str, str]]:
    """(code, the Shopify values it stands for) of the local codes a kind already uses in
    the shop: what the window's picker offers."""
    found: dict[str, list[str]] = {}
    for row in list_mappings(shop):
        if row.kind == kind and row.local_code:
            found.setdefault(row.local_code, []).append(row.shopify_value)
    return [(code, ", ".join(values)) for code, values in sorted(found.items())]
