"""Direct tests of the building blocks: the sorted index and the search parser."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.demo_shop.scalars import make_gid, parse_gid
from desktop_app.demo_shop.search import describe, parse, tokenize
from desktop_app.demo_shop.state import SortedIndex


@dataclass
class Item:
    id: int
    score: int


def test_sorted_index_updates_in_place() -> None:
    items = {i: Item(i, score) for i, score in enumerate([5, 3, 9, 3, 1])}
    index = SortedIndex(lambda item: item.score)
    entries = index.entries(items.values())
    assert entries == [(1, 4), (3, 1), (3, 3), (5, 0), (9, 2)]
    items[4].score = 10
    index.update(items[4])
    items[7] = Item(7, 4)
    index.update(items[7])
    assert index.entries(items.values()) is entries  # no rebuild
    assert entries == [(3, 1), (3, 3), (4, 7), (5, 0), (9, 2), (10, 4)]


def test_tokenize() -> None:
    assert tokenize("A.B+tag@Ex-ample.COM") == ["a", "b", "tag", "ex", "ample", "com"]
    assert tokenize("Élodie_Côté") == ["élodie", "côté"]
    assert tokenize(None) == []


def test_parser_keywords_quotes_and_nesting() -> None:
    assert describe(parse("NOT (a OR b:'x y') -c:\"q\\\"r\" d:<=5")) == {"and": [
        {"not": {"or": [{"field": "default", "match_all": "a"}, {"field": "b", "match_all": "x y"}]}},
        {"not": {"field": "c", "match_all": 'q"r'}},
        {"field": "d", "range_lte": "5"},
    ]}
    # Lower-case keywords are plain words, as in Shopify's syntax.
    assert describe(parse("a or b")) == {"and": [
        {"field": "default", "match_all": "a"}, {"field": "default", "match_all": "or"},
        {"field": "default", "match_all": "b"}]}
    assert parse("   ") is None


def test_gids() -> None:
    assert parse_gid(make_gid("Customer", 12)) == ("Customer", 12)
    assert parse_gid("gid://shopify/MailingAddress/5?model_name=CustomerAddress") == ("MailingAddress", 5)
    assert parse_gid("gid://shopify/Customer/abc") is None
    assert parse_gid("12") is None
