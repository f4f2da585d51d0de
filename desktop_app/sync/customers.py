"""The customers sync: Shopify → local (import, matching, auto-create, updates) and
local → Shopify (export, Assign to Web Upload, invites, contact changes).

By subject: `customer_import.CustomerImport` reads and stages, `customer_resolver
.CustomerResolver` decides what each Shopify customer becomes locally (the same rules the
orders job and the companies import use), `customer_export.CustomerExport` sends. This module
runs them as the Shop Card says (`sync_customers`) and says how they hold together.

Rules come from `sync.rules` (pure); this module reads the store, calls Shopify and writes the
results. Every write that belongs to one record happens in one transaction, so a run killed at
any point resumes without duplicates:

- import: each page (or bulk batch of 1000) is staged and decided in one transaction; a record
  that fails keeps its failure on its staged row (`review_state` "error" or "ambiguous"), so
  the next run retries it even when the killed run never reached the sync history. The
  watermark (Shopify's time at the start of the read, `sync.watermarks`, issue 21) moves only
  after the whole run, and the next run starts `OVERLAP` before it, so an edit made while a
  run reads, or not yet indexed by Shopify's search, is never lost; unchanged records read
  again are skipped.
- export: before creating, Shopify is searched for the customer (exact e-mail, then exact
  E.164 phone), so a create whose answer was lost is found and linked on the next run rather
  than made twice. Invitations owed are kept in the sync state (`pending_invites`) in the
  same transaction as the link, and sent before anything else on the next run.

Issue 14, never harm the merchant's data:

- a blank is not a clear: every exchange of a link (a create, an update either way, a link
  made by the sync) records what both sides then hold (`store.agreed`), in the same
  transaction; an update in either direction then sends a field only when its source
  changed it since, clears a field only when its source emptied it since, and leaves alone
  a field that was blank and never filled (`rules.agreed`, `export.Agreement`). A link with
  nothing recorded (older than schema v9, linked by hand) never has anything cleared; its
  first exchange records the baseline. The import records only while one of the two update
  settings is on (the only time it is read; see `CustomerResolver._records_agreed`).
- review means review: a Shopify customer the import left ambiguous (in review), or that the
  import's rules would find ambiguous, is never linked by the export's search: the run names
  the local customer, the Shopify customer and why, and the customer waits in the review list
  for the merchant's own link (`CustomerExport._refusal_to_link`). The orders' customers go
  through the import's own rules (`resolve_for_order`, `resolve_guest`), which never link an
  ambiguous match either.

Speed (issue 4: 100,000 Shopify customers against 100,000 local ones in at most 15 s): the
import reads and writes a batch through `store.bulk_customers`, a few statements per batch
rather than several per customer. Records are still decided one by one, in order, against
the in-memory `LocalIndex`; what they decide (links, review states, new and updated local
customers, resolved errors) is collected in `PageWrites` and written by
`CustomerResolver.flush` at the end of the batch's transaction.
"""

from __future__ import annotations

from desktop_app.store.shops import shop_settings
from desktop_app.sync.context import JobContext
from desktop_app.sync.customer_export import CustomerExport
from desktop_app.sync.customer_import import CustomerImport


async def sync_customers(ctx: JobContext) -> None:
    """The Customers sync of one shop, as its Shop Card settings say."""
    settings = shop_settings(ctx.shop_code)
    mode = settings.customer_import
    if mode == "all":
        await CustomerImport(ctx, settings, only_staged=False).run()
    elif mode == "with_orders" and settings.shopify_can_update_customers:
        # bc_connector §1.2: with "with orders" only customers already known are refreshed.
        await CustomerImport(ctx, settings, only_staged=True).run()
    await CustomerExport(ctx, settings).run()
