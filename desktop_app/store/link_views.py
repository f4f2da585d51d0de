"""What the linking dialog and `customers link` show of a customer instead of its id: the
name and e-mail of staged Shopify customers, the name of local customers, and the order
numbers (Shopify's "#1001") of a Shopify customer's imported orders. Read-only, batched."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.store.chunks import chunks
from desktop_app.store.models import Customer, Shop, ShopifyCustomer
from desktop_app.store.order_models import ShopifyOrder

#: Order numbers read per Shopify customer (the newest first).
ORDER_NAMES = 3


@dataclass(frozen=True)
class ShopifyLabel:
    """A staged Shopify customer as a merchant recognises it."""

    shopify_id: str
    name: str
    email: str
    phone: str


def shopify_labels(shop: str, gids: Iterable[str]) -> dict[str, ShopifyLabel]:
    """Name ("first last", else company, e-mail or phone), e-mail and phone of staged
    Shopify customers of `shop`, by GID (unknown GIDs are left out)."""
    wanted = sorted({g for g in gids if g})
    if not wanted:
        return {}
    labels: dict[str, ShopifyLabel] = {}
    for chunk in chunks(wanted):
        query = (ShopifyCustomer.select(ShopifyCustomer.shopify_id, ShopifyCustomer.first_name,
                                        ShopifyCustomer.last_name, ShopifyCustomer.company,
                                        ShopifyCustomer.email, ShopifyCustomer.phone)
                 .join(Shop).where((Shop.code == shop)
                                   & ShopifyCustomer.shopify_id.in_(chunk)))
        for row in query:
            name = (f"{row.first_name} {row.last_name}".strip() or row.company or row.email
                    or row.phone)
            labels[row.shopify_id] = ShopifyLabel(row.shopify_id, name, row.email, row.phone)
    return labels


def customer_names(nos: Iterable[str]) -> dict[str, str]:
    """The names of local customers, by no (unknown numbers are left out)."""
    wanted = sorted({n for n in nos if n})
    names: dict[str, str] = {}
    for chunk in chunks(wanted):
        query = Customer.select(Customer.no, Customer.name).where(Customer.no.in_(chunk))
        names.update((row.no, row.name) for row in query)
    return names


def order_names(shop: str, gids: Iterable[str], per_customer: int = ORDER_NAMES
                ) -> dict[str, list[str]]:
    """The order numbers ("#1001") of the imported orders of Shopify customers in `shop`,
    last imported first, at most `per_customer` each, by customer GID."""
    wanted = sorted({g for g in gids if g})
    found: dict[str, list[str]] = {}
    for chunk in chunks(wanted):
        query = (ShopifyOrder.select(ShopifyOrder.customer_gid, ShopifyOrder.name)
                 .join(Shop).where((Shop.code == shop)
                                   & ShopifyOrder.customer_gid.in_(chunk))
                 .order_by(ShopifyOrder.id.desc()))
        for row in query:
            names = found.setdefault(row.customer_gid, [])
            if len(names) < per_customer and row.name:
                names.append(row.name)
    return found
