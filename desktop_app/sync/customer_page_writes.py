"""What deciding one page of Shopify customers adds up to (`PageWrites`), written by
`CustomerResolver.flush` at the end of the page's transaction (moved out of
`sync/customer_resolver.py`, which it kept over 800 lines)."""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop_app.store import agreed as agreed_store
from desktop_app.store import bulk_customers as bulk
from desktop_app.store import conflicts as conflict_store
from desktop_app.store import shopify_customers


@dataclasses.dataclass
class PageWrites:
    """What deciding one page adds up to, written at the end of the page's transaction.

    Records are still decided one by one and in order (a customer created for one record is
    found by the next), but the decisions only collect here; `CustomerResolver.flush` then
    writes them with a few statements for the whole page instead of several per record.
    """

    staged: dict[str, shopify_customers.StagedState]
    links: dict[str, bulk.MatchWrite] = dataclasses.field(default_factory=dict)
    #: Local customers to create, by number: every field, so later updates apply to them.
    new_customers: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    #: (no, fields from Shopify, counts as updated/skipped), in decision order.
    local_updates: list[tuple[str, dict[str, Any], bool]] = dataclasses.field(
        default_factory=list)
    resolved: list[str] = dataclasses.field(default_factory=list)
    #: The page's links with their last exchange (read only with "Shopify can update").
    agreed: dict[str, agreed_store.AgreedValues] = dataclasses.field(default_factory=dict)
    #: Links exchanged by this page: GID -> (local no., Shopify's snapshot), recorded with
    #: the local customer as it ends the page (`CustomerResolver.flush`).
    exchanged: dict[str, tuple[str, dict[str, str]]] = dataclasses.field(default_factory=dict)
    #: Two-way (issue 19, `sync/conflicts.py`), per local no. updated from Shopify: its GID,
    #: the fields Shopify changed since they were agreed (with that value), Shopify's
    #: customer in local terms, the link's agreed local side (None without one), and the
    #: fields with no agreed value (`conflicts.unagreed`).
    merges: dict[str, tuple[str, dict[str, str], dict[str, Any], dict[str, str] | None,
                            set[str]]] = dataclasses.field(default_factory=dict)
    #: Two-way: the fields of the page's links with a conflict still open, by GID.
    held: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    #: Two-way: the conflicts this page found (new) or met again (refreshed).
    conflicts: list[conflict_store.NewConflict] = dataclasses.field(default_factory=list)

    def _stored(self, gid: str) -> bulk.MatchWrite:
        s = self.staged[gid]
        return bulk.MatchWrite(gid, s.customer_no, s.match_reason, s.review_state,
                               s.review_note)

    def set_match(self, gid: str, no: str | None, *, reason: str = "",
                  review_state: str = "", review_note: str = "") -> None:
        """As `shopify_customers.set_match`: the rules own the link, so it is replaced."""
        self.links[gid] = bulk.MatchWrite(gid, no, reason if no is not None else "",
                                          review_state, review_note)

    def set_review_state(self, gid: str, review_state: str, review_note: str = "") -> None:
        """As `shopify_customers.set_review_state`: the link is kept."""
        current = self.links.get(gid) or self._stored(gid)
        self.links[gid] = dataclasses.replace(current, review_state=review_state,
                                              review_note=review_note)

    def changed_links(self) -> list[bulk.MatchWrite]:
        return [w for gid, w in self.links.items() if w != self._stored(gid)]
