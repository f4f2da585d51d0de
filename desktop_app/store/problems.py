"""What waits for the merchant in one shop (read only): the records behind the problem counts
the window shows in its tab titles and status bar (issue 18).

Each function gives the KEYS of the records concerned, not a count, so that a record that is
a problem twice over (an order whose import failed in the last run and that keeps its error
mark) is counted once when a caller joins them.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop_app.store.chunks import chunks
from desktop_app.store.companies import ShopifyCompany
from desktop_app.store.conflicts import open_conflict_records
from desktop_app.store.models import RunError, Shop, ShopifyCustomer
from desktop_app.store.order_models import OrderToImport, ShopifyOrder
from desktop_app.store.runs import ERROR, last_completed_run_id


def failed_records(shop: str, resources: Iterable[str]) -> set[str]:
    """The records that failed in the last completed run (ok or partial) of each resource and
    have not gone through since; an error that names no record counts on its own."""
    keys: set[str] = set()
    for resource in resources:
        run = last_completed_run_id(shop, resource)
        if run is None:
            continue
        query = RunError.select(RunError.id, RunError.record).where(
            (RunError.run == run) & (RunError.level == ERROR)
            & (RunError.resolved == False))  # noqa: E712 (peewee expression)
        keys.update(record or f"\0{error_id}" for error_id, record in query.tuples())
    return keys


def customers_in_review(shop: str) -> set[str]:
    """GIDs of the shop's Shopify customers the matching rules left for the merchant to
    review (ambiguous, or in error)."""
    return {gid for (gid,) in ShopifyCustomer.select(ShopifyCustomer.shopify_id)
            .join(Shop).where((Shop.code == shop) & (ShopifyCustomer.review_state != ""))
            .tuples()}


def customers_in_conflict(shop: str) -> set[str]:
    """GIDs of the shop's Shopify customers with a field changed on both sides still open
    (issue 19, two-way edits: `store/conflicts.py`)."""
    return open_conflict_records(shop)


def companies_in_review(shop: str) -> set[str]:
    """GIDs of the shop's Shopify companies left for the merchant to review."""
    return {gid for (gid,) in ShopifyCompany.select(ShopifyCompany.shopify_id)
            .join(Shop).where((Shop.code == shop) & (ShopifyCompany.review_state != ""))
            .tuples()}


def orders_to_check(shop: str) -> list[tuple[str, str]]:
    """(GID, name) of the shop's imported orders with a conflict to resolve or an error mark:
    what the Orders view's "Problems" choice shows."""
    return list(ShopifyOrder.select(ShopifyOrder.shopify_id, ShopifyOrder.name)
                .join(Shop).where((Shop.code == shop)
                                  & (ShopifyOrder.conflict | ShopifyOrder.has_error))
                .tuples())


def orders_clear(shop: str, records: Iterable[str]) -> set[str]:
    """Of these records (order names or GIDs, as a sync names a failed order), those of an
    imported order that has since gone through (Sync from Shopify, a conflict resolved): it
    has neither a conflict nor an error mark, and no staged copy of it failed."""
    wanted = list(records)
    clear: set[str] = set()
    failed_staged = OrderToImport.select(OrderToImport.shopify_id).join(Shop).where(
        (Shop.code == shop) & OrderToImport.has_error)
    for chunk in chunks(wanted):
        query = (ShopifyOrder.select(ShopifyOrder.shopify_id, ShopifyOrder.name).join(Shop)
                 .where((Shop.code == shop) & ~ShopifyOrder.conflict & ~ShopifyOrder.has_error
                        & (ShopifyOrder.name.in_(chunk) | ShopifyOrder.shopify_id.in_(chunk))
                        & ShopifyOrder.shopify_id.not_in(failed_staged)))
        for gid, name in query.tuples():
            clear.update(key for key in (gid, name) if key in chunk)
    return clear
