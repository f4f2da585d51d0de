"""A shop's mappings of Shopify values to local codes (issue 17): shipment methods (by the
shipping line's title) and payment terms (Shopify's payment terms templates).

The order documents read both: a shipping title's shipment method code goes on the document,
and a payment terms template's code gives the document its terms. Shipment titles are keyed
by Shopify's text, so a title may be mapped before the first order that carries it; payment
terms templates come from Shopify (imported with the companies), so only those can be mapped.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.store.companies import PaymentTermsMapping
from desktop_app.store.database import transaction
from desktop_app.store.order_models import ShipmentMethodMapping
from desktop_app.store.setup_checks import SetupValueError, optional_code
from desktop_app.store.shops import shop_by_code

#: The kinds `mappings set` takes, in the order `mappings list` shows them.
KINDS: tuple[str, ...] = ("shipment-method", "payment-terms", "payment-method")
#: Kinds with a table behind them (payment methods are not mapped yet: nothing reads them).
KEPT_KINDS: tuple[str, ...] = ("shipment-method", "payment-terms")


@dataclass(frozen=True)
class MappingRow:
    """One mapping: `shopify_value` (a shipping title, a payment terms template's name),
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
    """Every mapping row of the shop: shipment methods by title, then payment terms."""
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
    return rows


def set_mapping(shop: str, kind: str, shopify_value: str, local_code: str
                ) -> tuple[MappingRow, tuple[str, str]]:
    """Map a Shopify value of the shop to a local code ("" unmaps it).

    Returns:
        The row as saved, and its (old, new) local code.

    Raises:
        NotFoundError: no such shop.
        SetupValueError: an unknown kind, a bad code, a blank value, or a payment terms
            template Shopify has not given (the known ones are named).
    """
    record = f"{kind} mapping '{shopify_value}' of shop {shop}"
    if kind not in KINDS:
        raise SetupValueError(record, "kind", f"'{kind}' is not one of: {', '.join(KINDS)}",
                              kind="not_choice", value=kind)
    if kind not in KEPT_KINDS:
        raise SetupValueError(record, "kind", "payment methods are not mapped yet: the "
                              "documents do not carry a payment method", kind="not_choice",
                              value=kind)
    value = str(shopify_value or "").strip()
    if not value:
        raise SetupValueError(record, "shopify_value", "a Shopify value is needed",
                              kind="required")
    code = optional_code(local_code, record, "local_code")
    with transaction():
        shop_row = shop_by_code(shop)
        if kind == "shipment-method":
            max_length = ShipmentMethodMapping.title.max_length
            if len(value) > max_length:
                raise SetupValueError(record, "shopify_value", f"is longer than {max_length} "
                                      "characters", kind="too_long", value=value)
            row = ShipmentMethodMapping.get_or_none(
                (ShipmentMethodMapping.shop == shop_row) & (ShipmentMethodMapping.title == value)
            ) or ShipmentMethodMapping(shop=shop_row, title=value)
            old = row.shipment_method_code or ""
            row.shipment_method_code = code
            row.save()
            saved = MappingRow(kind, row.title, code,
                               detail=" ".join(p for p in (row.charge_type, row.charge_no) if p))
            return saved, (old, code)
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


def known_codes(shop: str, kind: str) -> list[tuple[str, str]]:
    """(code, the Shopify values it stands for) of the local codes a kind already uses in
    the shop: what the window's picker offers."""
    found: dict[str, list[str]] = {}
    for row in list_mappings(shop):
        if row.kind == kind and row.local_code:
            found.setdefault(row.local_code, []).append(row.shopify_value)
    return [(code, ", ".join(values)) for code, values in sorted(found.items())]
