"""Two-way edits on the export's side for fields with no agreed value (issue 19).

A link with no recorded exchange (made by the import's matching, by hand, by the export's
search, or while both update settings were off) has no agreed value for any field, nor has
a field the two sides held differently at their last exchange. With both update directions
on, such a field that both sides hold filled in and differently is a conflict, neither side
overwritten (`conflicts.filled_apart`); one blank on one side takes the other side's value.

The import finds those conflicts for the Shopify customers it reads (`conflicts.merge`); but
an incremental import reads only the customers changed in Shopify since its last run, so a
link it did not read reaches the export as it is, and the export would send its local
values over Shopify's. `UnagreedHold.hold`, called by the export before it decides what to
send, finds them there the same way (Shopify's customer in local terms, as the import would
take it: `CustomerResolver.two_way_view`), records them and adds them to the fields the
export holds back (`conflicts.held`).
"""

from __future__ import annotations

from desktop_app.errors import RecordError
from desktop_app.records.customers import CustomerRecord
from desktop_app.records.settings import ShopSettings
from desktop_app.store import agreed as agreed_store
from desktop_app.store import conflicts as conflict_store
from desktop_app.store.customers import CustomerRow
from desktop_app.store.database import transaction
from desktop_app.sync import conflicts
from desktop_app.sync.context import JobContext
from desktop_app.sync.customer_resolver import CustomerResolver
from desktop_app.sync.rules import agreed as agreed_rules
from desktop_app.sync.rules.export import ShopifyCustomerInput


class UnagreedHold:
    """The export's check of a link's fields with no agreed value, for one run.

    `held` is the export's own map of open conflicts (local fields by GID), extended here.
    """

    def __init__(self, ctx: JobContext, settings: ShopSettings,
                 held: dict[str, set[str]]) -> None:
        self._ctx = ctx
        self._settings = settings
        self._held = held
        self._resolver: CustomerResolver | None = None

    def hold(self, row: CustomerRow, record: CustomerRecord, wanted: ShopifyCustomerInput,
             previous: ShopifyCustomerInput) -> None:
        """Before the local customer `row` is sent to Shopify's `record` (as `wanted`, over
        `previous`): record and hold its fields with no agreed value that both sides hold
        filled in and differently. Nothing to check when nothing differs."""
        if not wanted.changed_fields(previous):
            return
        gid = record.shopify_id
        agreed = agreed_store.read_agreed(self._ctx.shop_code, [gid]).get(gid)
        if agreed is not None and agreed.customer_no != row.no:
            agreed = None
        if self._resolver is None:
            self._resolver = CustomerResolver(self._ctx, self._settings)
        try:
            theirs, no_base = self._resolver.two_way_view(record, agreed)
        except RecordError:  # Shopify's customer does not read in local terms: the import
            return           # fails it; the export's own checks stay as they were
        held = self._held.get(gid, set())
        found = conflicts.filled_apart(gid, row.no, agreed_rules.local_snapshot(row), theirs,
                                       no_base - held)
        if not found:
            return
        with transaction():
            conflict_store.record_conflicts(self._ctx.shop_code, found)
        self._held[gid] = held | {c.field for c in found}
        for conflict in found:
            conflicts.announce(self._ctx.result, conflict)
