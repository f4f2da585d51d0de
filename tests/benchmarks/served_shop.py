"""A demo shop served on 127.0.0.1 with a fresh local database, for the benchmarks that
sync against real HTTP (its cost model and leaky bucket on the real clock).

`served_process` serves it from a `shop-sync demo-shop serve` process, so what the shop
computes (a bulk operation runs all its lines during one status read) holds neither the
app's event loop nor its interpreter lock: a benchmark may then measure the app's stalls.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from demo_process import served_demo_shop  # noqa: E402

from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store.database import close_database, open_database


async def _token() -> str:
    return "bench-token"


@dataclass
class ServedShop:
    client: ShopifyClient
    request_log: Path

    def entries(self) -> list[dict[str, Any]]:
        """Every GraphQL request the shop received, as its request log has it."""
        return [json.loads(x) for x in self.request_log.read_text("utf-8").splitlines()]

    def points(self) -> float:
        return sum(float(e.get("actualQueryCost") or 0) for e in self.entries())


@asynccontextmanager
async def served_process(options: Sequence[str], prefix: str) -> AsyncIterator[ServedShop]:
    """`shop-sync demo-shop serve OPTIONS...` as a process of its own, a client of it (open),
    and an empty local database in a new temporary folder; all closed at the end."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    with served_demo_shop(*options, request_log=folder / "requests.jsonl") as served:
        open_database(folder / "db.sqlite3")
        try:
            client = ShopifyClient(ShopAddress.parse(served.url), StaticToken(_token))
            async with client:
                yield ServedShop(client, folder / "requests.jsonl")
        finally:
            close_database()
