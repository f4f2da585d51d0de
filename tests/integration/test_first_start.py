"""First start: a newcomer sees a working demo (demo shop card, sample local customers)."""

from __future__ import annotations

import asyncio

from desktop_app import app
from desktop_app.store import customers, gl_accounts, setting_codes, shops
from desktop_app.sync.results import Resource


def test_first_start_sets_up_the_demo_and_its_first_sync_matches_customers(
    tmp_path, memory_keyring
):
    services = app.build_services(tmp_path)
    try:
        assert app.ensure_first_start(services) == app.DEMO_SHOP_CODE
        assert app.ensure_first_start(services) is None  # only once
        shop = shops.get_shop(app.DEMO_SHOP_CODE)
        assert shop.is_demo
        # every account the demo card names exists (issue 17: a card names only local accounts)
        named = {shop.get(s.name) for s in setting_codes.referring_settings()
                 if s.refers_to == "account"} - {""}
        assert named and {a.code for a in gl_accounts.TABLE.rows()} == named
        local = customers.list_customers(limit=None)
        assert len(local) == 38
        result = asyncio.run(_sync(services))
        assert result.created > 100  # Shopify-only customers auto-created from the template
        linked_samples = [
            row for row in customers.list_customers(shop=app.DEMO_SHOP_CODE, limit=None)
            if row.no.startswith("K") and row.shopify_id
        ]
        # The 30 sample customers that are shop customers too, typed differently
        # (e-mail case, national phone format), are found rather than duplicated.
        assert len(linked_samples) == 30
    finally:
        asyncio.run(services.aclose())


async def _sync(services):
    result = await services.service.sync(app.DEMO_SHOP_CODE, Resource.CUSTOMERS)
    await services.service.aclose()
    return result
