"""Resolving a conflict of two-way customer edits (issue 19): the merchant takes one side.

`conflicts resolve ID --take local|shopify` and the Customers tab's Conflicts view run
`resolve_conflict` as an action under the shop's lock (`SyncService.run_action`). The taken
value goes to the other side (Shopify through the client, only that field; the local
customer in the store), the link's agreed values are recorded so the next sync sends nothing
back, and the conflict is closed, in one transaction after Shopify answered. See
`sync/conflicts.py` for how conflicts are found.
"""

from __future__ import annotations

from typing import Any

from desktop_app.errors import NotFoundError
from desktop_app.store import agreed as agreed_store
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import conflicts as conflict_store
from desktop_app.store.customers import get_customer
from desktop_app.store.database import transaction
from desktop_app.store.shopify_customers import mark_updated_by_app, upsert_shopify_customers
from desktop_app.store.shops import shop_settings
from desktop_app.sync.conflicts import LOCAL, SHOPIFY, agreed_local, field_of
from desktop_app.sync.context import JobContext
from desktop_app.sync.customer_export import CustomerExport
from desktop_app.sync.customer_resolver import CustomerResolver, rules_customer
from desktop_app.sync.results import UPDATED, RecordChange
from desktop_app.sync.rules import agreed as agreed_rules


async def resolve_conflict(ctx: JobContext, conflict_id: int, take: str) -> None:
    """Take one side of an open conflict: its value goes to the other side (Shopify through
    the client, the local customer in the store), the link's agreed values are recorded and
    the conflict is closed, together. Run under the shop's lock as an action
    (`SyncService.run_action`).

    Raises:
        NotFoundError: no open conflict `conflict_id` in this shop.
        RecordError, UserErrors, NetworkError: Shopify refused or could not be reached
            (nothing is closed).
    """
    if take not in (LOCAL, SHOPIFY):
        raise ValueError(f"take is 'local' or 'shopify', not {take!r}")
    conflict = conflict_store.get_conflict(conflict_id)
    if conflict.resolved_at is not None or conflict.shop != ctx.shop_code:
        raise NotFoundError(f"There is no open conflict {conflict_id} in shop {ctx.shop_code}",
                            conflict=str(conflict_id))
    settings = shop_settings(ctx.shop_code)
    export = CustomerExport(ctx, settings)
    resolver = CustomerResolver(ctx, settings)
    gid, no = conflict.shopify_id, conflict.customer_no
    row = get_customer(no, shop=ctx.shop_code)
    if take == LOCAL:
        record = await export.send_fields(row, gid, [conflict.field])
        local_changes: dict[str, Any] = {}
    else:
        record = await export.fetch(gid)
        now = resolver.local_fields_of(record)
        local_changes = {k: v for k, v in now.items() if field_of(k) == conflict.field}
    shopify_now = bulk.normalise_customer(resolver.local_fields_of(record))
    old = agreed_store.read_agreed(ctx.shop_code, [gid]).get(gid)
    with transaction():
        upsert_shopify_customers(ctx.shop_code, [record])
        if take == LOCAL and record.updated_at:
            mark_updated_by_app(ctx.shop_code, gid, record.updated_at)
        if local_changes:
            bulk.update_customers_batch({no: local_changes})
        current = agreed_rules.local_snapshot(bulk.customer_values([no])[no])
        agreed_store.save_agreed(ctx.shop_code, [(
            gid, no, agreed_local(current, shopify_now, old.local if old else None),
            agreed_rules.shopify_snapshot(rules_customer(record)),
        )])
        conflict_store.close_conflict(conflict.id, take)
    side = SHOPIFY if take == LOCAL else LOCAL
    # What was written on that side: old -> new (the stored values, the taken one as it is now).
    value = (str(getattr(row, conflict.field, "") or "") if take == LOCAL
             else str(local_changes.get(conflict.field, "") or ""))
    was = conflict.shopify if take == LOCAL else conflict.local
    ctx.result.count(side, UPDATED)
    ctx.result.record_change(RecordChange(no, side, "update", f"customer:{no}",
                                          {conflict.field: (was, value)}))
