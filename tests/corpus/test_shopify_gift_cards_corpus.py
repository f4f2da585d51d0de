"""Hostile Shopify gift cards (data/shopify_gift_cards.json) through the real gift cards sync.

A fake Shopify over HTTP (`httpx.MockTransport`, so the client runs as against Shopify)
answers GiftCardsPage with the corpus cards, at most `PAGE` a page whatever `first` asks, so
broken cards sit on several pages; and OrderGiftCardTransactions with the corpus's gift card
payments of one imported order. The real SyncService runs the gift cards job.

Per card: an "imported" one is stored (with the balance, last characters and currency the
case gives); a "refused" one is not, and the run names it (its last characters or its id)
and the field. Per payment: tied to its card or not, as the case says. Nothing raises, the
control card at the end is imported, stored text never holds a NUL or a lone surrogate.
"""

from __future__ import annotations

import copy
import datetime as dt
import email.utils
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from corpus_loader import DATA, expand, fill

from desktop_app.store import shops
from desktop_app.store.gift_cards import GiftCard
from desktop_app.store.models import Shop
from desktop_app.store.order_models import ShopifyOrder, ShopifyOrderTransaction
from desktop_app.sync.results import RecordIssue, Resource
from desktop_app.sync.service import SyncService

SHOP = "G"
PAGE = 7
ORDER = "gid://shopify/Order/1"
CONTROL = "gid://shopify/GiftCard/9999"


def load_cards() -> tuple[list[dict[str, Any]], list[Any], list[dict[str, Any]]]:
    """The card cases, each case's node, and the payment cases."""
    data = json.loads((DATA / "shopify_gift_cards.json").read_text("utf-8"))
    nodes: list[Any] = []
    for n, case in enumerate(data["cases"], start=1):
        if "node" in case:
            nodes.append(case["node"])
            continue
        node = fill(copy.deepcopy(data["template"]), {"{id}": str(5000 + n),
                                                      "{last}": f"g{n:03}"})
        node.update(expand(case["card"]))
        nodes.append({k: v for k, v in node.items() if v != "__omit__"})
    control = fill(copy.deepcopy(data["template"]), {"{id}": "9999", "{last}": "ctrl"})
    return data["cases"], [*nodes, control], [
        {**t, "transaction": expand(t["transaction"])} for t in data["transactions"]]


def fake_shopify(cards: list[Any], transactions: list[Any]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        op, variables = body["operationName"], body.get("variables") or {}
        if op == "GiftCardsPage":
            start = int(variables.get("after") or 0)
            end = start + min(int(variables["first"]), PAGE)
            data = {"giftCards": {"nodes": cards[start:end], "pageInfo": {
                "hasNextPage": end < len(cards), "endCursor": str(end)}}}
        elif op == "OrderGiftCardTransactions":
            data = {"order": {"id": variables["id"], "transactions": transactions}}
        else:
            return httpx.Response(400, json={"errors": [{"message": f"unexpected {op}"}]})
        return httpx.Response(200, json={"data": data}, headers={
            "Date": email.utils.format_datetime(dt.datetime.now(dt.UTC), usegmt=True)})

    return httpx.MockTransport(handle)


@pytest.fixture
def store(db, tmp_path: Path) -> Path:
    shops.create_shop(SHOP, name="Corpus", is_demo=True)
    shops.save_shop_info(SHOP, {"country": "CA", "currency": "CAD"})
    return tmp_path / "shop_sync.sqlite3"


def _imported_order_paid_by_cards(payments: list[dict[str, Any]]) -> None:
    """An imported order whose gift card payments are not tied to their cards yet."""
    order = ShopifyOrder.create(shop=Shop.get(Shop.code == SHOP), shopify_id=ORDER,
                                name="#1001", currency="CAD")
    for payment in payments:
        t = payment["transaction"]
        stored = payment.get("stored_id") or t["id"]
        ShopifyOrderTransaction.create(order=order, shopify_id=stored, kind="SALE",
                                       status="SUCCESS", gateway="gift_card",
                                       amount=Decimal("5.00"))


def _is_named(issue: RecordIssue, node: Any) -> bool:
    """Whether an error names this card: by its last characters, or by its id."""
    if not isinstance(node, dict):
        return issue.record == "(gift card that is not an object)"
    last = node.get("lastCharacters")
    if isinstance(last, str) and last.strip() and f"ending {last.strip()[-4:]}" in issue.record:
        return True
    gid = node.get("id")
    return isinstance(gid, str) and bool(gid) and (
        issue.record == gid or issue.record.endswith(f"({gid})"))


async def test_every_hostile_gift_card_is_imported_or_refused_by_name_and_field(
        store: Path, tmp_path: Path) -> None:
    cases, nodes, payments = load_cards()
    assert len(cases) >= 40
    _imported_order_paid_by_cards(payments)
    transport = fake_shopify(nodes, [p["transaction"] for p in payments])
    service = SyncService(vault=None, data_dir=tmp_path, transport_for=lambda _s: transport)
    try:
        result = await service.sync(SHOP, Resource.GIFT_CARDS)
    finally:
        await service.aclose()
    issues: list[RecordIssue] = result.errors
    assert all(i.record and i.message for i in issues), issues
    stored = {c.shopify_id: c for c in GiftCard.select()}
    problems = []
    for case, node in zip(cases, nodes, strict=False):
        gid = node.get("id") if isinstance(node, dict) else None
        named = [i for i in issues if _is_named(i, node)]
        what = (case["case"], [(i.field, i.message[:100]) for i in named][:3])
        if case["expect"] == "imported":
            card = stored.get(gid)
            if card is None or named:
                problems.append(("not imported", *what))
                continue
            row = {"balance": card.balance, "last": card.last_characters,
                   "currency": card.currency}
            for key in ("balance", "last", "currency"):
                want = Decimal(case[key]) if key == "balance" and key in case else case.get(key)
                if key in case and row[key] != want:
                    problems.append(("stored wrong", case["case"], key, row[key], want))
        else:
            if isinstance(gid, str) and gid in stored:
                problems.append(("imported, should be refused", *what))
            elif not [i for i in named if case["field"] in i.field]:
                problems.append(("refused without its card and field named", case["field"],
                                 *what))
            elif len(named) != 1 and isinstance(node, dict):
                problems.append(("named more than once", *what))
    assert problems == [], "\n".join(map(repr, problems))
    refused = [c for c in cases if c["expect"] == "refused"]
    assert result.failed == len(refused) == len(issues)
    assert result.created == len(cases) - len(refused) + 1  # the control card
    assert CONTROL in stored
    tied = {t.shopify_id: t.gift_card_id for t in ShopifyOrderTransaction.select()}
    for payment in payments:
        stored_id = payment.get("stored_id") or payment["transaction"]["id"]
        if bool(tied[stored_id]) != payment["linked"]:
            problems.append(("payment tied wrongly", payment["case"], tied[stored_id]))
    assert tied["gid://shopify/OrderTransaction/1"] == "gid://shopify/GiftCard/5001"
    assert problems == [], problems
    with sqlite3.connect(store) as con:
        texts = [v for row in con.execute("SELECT * FROM gift_card") for v in row
                 if isinstance(v, str)]
    assert not [t for t in texts if "\x00" in t or any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
