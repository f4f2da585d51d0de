"""Removing a shop card: its own rows go with it (the database's cascades), and a demo
card's sample customers and documents too (`local_customers.remove_demo_customers`).

Apart from `shops` because it reaches the customers and documents above it.
"""

from __future__ import annotations

import logging

from desktop_app.store import local_customers
from desktop_app.store.database import transaction
from desktop_app.store.shops import shop_by_code

log = logging.getLogger(__name__)


def delete_shop(code: str) -> local_customers.DemoRemoval:
    """Remove a shop card and everything kept for it (mirror, sync state, history, Web Upload
    ticks); for a demo card also its sample customers and documents, but the customers the
    merchant changed or something else uses (`local_customers.remove_demo_customers`).
    The merchant's own customers and documents stay."""
    with transaction():
        shop = shop_by_code(code)
        removal = local_customers.remove_demo_customers(shop)
        shop.delete_instance()
    log.info("Shop %s deleted", code)
    return removal
