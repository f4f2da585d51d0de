"""What one HTTP request brings to the demo shop's resolvers.

The HTTP shell (``shop.py``) builds one :class:`RequestContext` per GraphQL request and
passes it to :meth:`desktop_app.demo_shop.backend.ShopBackend.execute`; resolvers read it
through ``info.context``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class RequestContext:
    """Per-request data the resolvers need.

    Attributes:
        base_url: Where the shop is served, e.g. ``"http://127.0.0.1:8123"``. Bulk result URLs
            are ``f"{base_url}/bulk/{numeric_id}.jsonl"``.
        scopes: Access scopes granted to the calling token (``"read_customers"``...).
        now: Server time for this request, timezone-aware UTC.
        search_warnings: Resolvers append Shopify's ``extensions.search`` entries here
            (one per search query that had dropped terms); the shell copies them into the
            response's ``extensions.search``.
    """

    base_url: str
    scopes: frozenset[str]
    now: datetime
    search_warnings: list[dict] = field(default_factory=list)
